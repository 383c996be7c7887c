"""The declarative rule types: ``phrase``, ``pattern`` and ``metadata``. Each compiles once, then checks articles.

Code detectors (``type: detector``) live in :mod:`qualitycheck.detectors` and are bound in :mod:`.engine`.
"""
from __future__ import annotations

import csv
import functools
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

import regex

from ..model import Article
from .detector import CheckContext, Hit
from .rules import Rule, RuleError, render_template, strip_lines

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|_+", re.UNICODE)
_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»"}


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of ``text`` as (word, start, end); apostrophes inside words are kept."""
    return [(m.group(0), *m.span()) for m in WORD_RE.finditer(text)]


def _norm(word: str) -> str:
    return word.replace("’", "'").lower()


def normalized_tokens(text: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Tokens of ``text`` plus their lowercased, apostrophe-normalised forms (same order)."""
    toks = tokens(text)
    lowered = text.lower().replace("’", "'")
    if len(lowered) == len(text):
        return toks, [lowered[s:e] for _, s, e in toks]
    return toks, [_norm(t) for t, _, _ in toks]


def cached_wordset(ctx: CheckContext, field: str, text: str) -> frozenset[str]:
    """The set of normalised words in a field (cheap: one C-level findall), for quick "can anything match?" tests."""
    key = ("wordset", field)
    found = ctx.cache.get(key)
    if found is None:
        found = ctx.cache[key] = frozenset(WORD_RE.findall(text.lower().replace("’", "'")))
    return found


def cached_tokens(ctx: CheckContext, field: str, text: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    """``normalized_tokens`` of a field, computed once per article and shared by all rules and detectors."""
    key = ("tokens", field)
    found = ctx.cache.get(key)
    if found is None:
        found = ctx.cache[key] = normalized_tokens(text)
    return found


_QUOTED = re.compile(r'"[^"\n]{0,2000}"|“[^”]{0,2000}”|«[^»]{0,2000}»')


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quotation marks (straight or curly)."""
    return [m.span() for m in _QUOTED.finditer(text)]


def cached_quotes(ctx: CheckContext, field: str, text: str) -> list[tuple[int, int]]:
    """Quoted ranges of a field, computed once per article and shared by all rules."""
    key = ("quotes", field)
    found = ctx.cache.get(key)
    if found is None:
        found = ctx.cache[key] = quoted_ranges(text)
    return found


def lowered_text(ctx: CheckContext, field: str, text: str) -> str:
    """``text.lower()`` computed once per article field and shared by all rules."""
    key = ("lower", field)
    found = ctx.cache.get(key)
    if found is None or len(found) != len(text):
        found = ctx.cache[key] = text.lower()
    return found


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


def scoped_fields(article: Article, scope: Iterable[str]) -> Iterator[tuple[str, str]]:
    for name in scope:
        text = article.field_text(name)
        if text:
            yield name, text


def rule_errors(init: Callable) -> Callable:
    """Turn a type or value error while compiling a rule into a ``RuleError`` naming the rule's file and line."""

    @functools.wraps(init)
    def wrapper(self: "Matcher", rule: Rule, base_dir: Path) -> None:
        try:
            init(self, rule, base_dir)
        except RuleError:
            raise
        except (TypeError, ValueError, KeyError, AttributeError, OverflowError, RecursionError) as exc:
            raise RuleError(rule.path, rule.line, f"{rule.id}: invalid {rule.type} rule: {exc}") from None

    return wrapper


class Matcher:
    """A compiled declarative rule."""

    rule: Rule

    def check(self, article: Article, ctx: CheckContext) -> Iterable[Hit]:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass
class PhraseEntry:
    phrase: str
    suggestion: Optional[str]
    weight: float
    case_sensitive: bool
    note: str = ""


class PhraseMatcher(Matcher):
    """Thousands of literal phrases, matched on word tokens (word-boundary safe), longest match first.

    Lookup is a dict keyed by lowercased token tuples, so cost grows with text length, not with list size.
    """

    @rule_errors
    def __init__(self, rule: Rule, base_dir: Path):
        self.rule = rule
        spec = rule.spec
        self.case_sensitive = bool(spec.get("case_sensitive", False))
        self.skip_quotes = bool(spec.get("skip_quotes", False))
        self.min_hits = int(spec.get("min_hits", 1))
        self.default_suggestion = spec.get("suggestion")
        entries = list(self._entries(spec.get("phrases"), rule))
        if spec.get("phrases_file"):
            entries.extend(self._file_entries(base_dir / str(spec["phrases_file"]), rule))
        if not entries:
            raise RuleError(rule.path, rule.line, f"{rule.id}: a phrase rule needs 'phrases' or 'phrases_file'")
        self.table: dict[tuple[str, ...], list[PhraseEntry]] = {}
        self.max_len = 1
        for entry in entries:
            key = tuple(_norm(t) for t, _, _ in tokens(entry.phrase))
            if not key:
                raise RuleError(rule.path, rule.line, f"{rule.id}: phrase {entry.phrase!r} has no words")
            self.table.setdefault(key, []).append(entry)
            self.max_len = max(self.max_len, len(key))
        self.first = {k[0] for k in self.table}
        # index each phrase by its longest word (usually its rarest): a phrase can only match when all its
        # words occur in the text, which a set test decides before any tokenising
        self.by_longest: dict[str, list[frozenset[str]]] = {}
        for key in self.table:
            self.by_longest.setdefault(max(key, key=len), []).append(frozenset(key))

    def may_match(self, words: frozenset[str]) -> bool:
        for word in words.intersection(self.by_longest):
            if any(needed <= words for needed in self.by_longest[word]):
                return True
        return False

    def _entries(self, phrases: Any, rule: Rule) -> Iterator[PhraseEntry]:
        if phrases is None:
            return
        phrases = strip_lines(phrases)
        if isinstance(phrases, dict):
            for phrase, suggestion in phrases.items():
                yield PhraseEntry(str(phrase), None if suggestion is None else str(suggestion), 1.0, self.case_sensitive)
        elif isinstance(phrases, list):
            for item in phrases:
                if isinstance(item, str):
                    yield PhraseEntry(item, self.default_suggestion, 1.0, self.case_sensitive)
                elif isinstance(item, dict) and "phrase" in item:
                    yield PhraseEntry(
                        str(item["phrase"]),
                        item.get("suggestion", self.default_suggestion),
                        float(item.get("weight", 1.0)),
                        bool(item.get("case_sensitive", self.case_sensitive)),
                        str(item.get("note", "")),
                    )
                else:
                    raise RuleError(rule.path, rule.line, f"{rule.id}: each phrase must be a string or have a 'phrase' key")
        else:
            raise RuleError(rule.path, rule.line, f"{rule.id}: 'phrases' must be a mapping or a list")

    def _file_entries(self, path: Path, rule: Rule) -> Iterator[PhraseEntry]:
        """TSV: phrase, suggestion, weight, note; '#' comments and a header row starting with 'phrase' are skipped."""
        try:
            handle = path.open(encoding="utf-8", newline="")
        except OSError as exc:
            raise RuleError(rule.path, rule.line, f"{rule.id}: cannot read phrases_file: {exc}") from None
        with handle:
            for lineno, row in enumerate(csv.reader(handle, delimiter="\t"), 1):
                if not row or row[0].startswith("#") or (lineno == 1 and row[0].strip().lower() == "phrase"):
                    continue
                try:
                    weight = float(row[2]) if len(row) > 2 and row[2].strip() else 1.0
                except ValueError:
                    raise RuleError(path, lineno, f"{rule.id}: weight {row[2]!r} is not a number") from None
                suggestion = row[1].strip() if len(row) > 1 and row[1].strip() else self.default_suggestion
                yield PhraseEntry(row[0].strip(), suggestion, weight, self.case_sensitive, row[3].strip() if len(row) > 3 else "")

    def find(self, text: str, tokenized: Optional[tuple[list[tuple[str, int, int]], list[str]]] = None) -> Iterator[tuple[int, int, PhraseEntry]]:
        """(start, end, entry) for every non-overlapping longest match in ``text``."""
        toks, norm = tokenized if tokenized is not None else normalized_tokens(text)
        i, n = 0, len(toks)
        while i < n:
            if norm[i] not in self.first:
                i += 1
                continue
            matched = False
            for size in range(min(self.max_len, n - i), 0, -1):
                cands = self.table.get(tuple(norm[i : i + size]))
                if not cands:
                    continue
                start, end = toks[i][1], toks[i + size - 1][2]
                surface = text[start:end]
                for entry in cands:
                    if entry.case_sensitive and surface.replace("’", "'") != entry.phrase.replace("’", "'"):
                        continue
                    yield start, end, entry
                    matched = True
                    break
                if matched:
                    i += size
                    break
            if not matched:
                i += 1

    def check(self, article: Article, ctx: CheckContext) -> Iterable[Hit]:
        hits: list[Hit] = []
        for name, text in scoped_fields(article, self.rule.scope):
            if not self.may_match(cached_wordset(ctx, name, text)):
                continue
            quotes = cached_quotes(ctx, name, text) if self.skip_quotes else []
            for start, end, entry in self.find(text, cached_tokens(ctx, name, text)):
                if quotes and _inside(quotes, start, end):
                    continue
                match = text[start:end]
                suggestion = _match_case(entry.suggestion, match) if entry.suggestion else None
                hits.append(
                    Hit(
                        self.rule.id,
                        name,
                        start,
                        end,
                        suggestion=suggestion,
                        evidence={"phrase": entry.phrase, "weight": entry.weight, **({"note": entry.note} if entry.note else {})},
                        params={"match": match, "suggestion": suggestion or ""},
                    )
                )
        if len(hits) < self.min_hits:
            return []
        return hits


def _match_case(suggestion: str, original: str) -> str:
    """Carry the original's capitalisation onto the suggestion ("Mannequin" -> "Model")."""
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if original[:1].isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


_FLAGS = {"ignorecase": regex.IGNORECASE, "multiline": regex.MULTILINE, "dotall": regex.DOTALL, "verbose": regex.VERBOSE, "ascii": regex.ASCII}

# --- user regexes cannot hang a run ---------------------------------------------------------------------------
# Rule files come from users (--rules DIR), so their regexes are untrusted. Two guards: at load time a pattern
# with the classic exponential shape -- a repeated group whose body can be nothing but another unbounded
# repeat, as in (a+)+ or (\w+\s?)* -- is a RuleError; at run time every search runs under the `regex` module's
# timeout (Limits.regex_timeout), and a timeout becomes a QC003 finding naming the rule instead of a hang.

try:  # the stdlib parser gives the pattern's tree; Python 3.11 renamed the module
    from re import _constants as _sre, _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT)
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)


def _nullable(item: tuple) -> bool:
    op, av = item
    if op in _ZERO_WIDTH:
        return True
    if op in _REPEATS or op == getattr(_sre, "POSSESSIVE_REPEAT", None):
        return av[0] == 0 or all(_nullable(i) for i in av[2])
    if op == _sre.SUBPATTERN:
        return all(_nullable(i) for i in av[3])
    if op == _sre.BRANCH:
        return any(all(_nullable(i) for i in branch) for branch in av[1])
    return False


def _only_repeat(seq: list) -> bool:
    """Can one pass of ``seq`` match text using nothing but an unbounded repeat (the rest matching empty)?"""
    for i, (op, av) in enumerate(seq):
        rest = seq[:i] + seq[i + 1 :]
        if not all(_nullable(x) for x in rest):
            continue
        if op in _REPEATS and av[1] == _sre.MAXREPEAT and not all(_nullable(x) for x in av[2]):
            return True
        if op == _sre.SUBPATTERN and _only_repeat(list(av[3])):
            return True
        if op == _sre.BRANCH and any(_only_repeat(list(b)) for b in av[1]):
            return True
    return False


def _catastrophic(seq: Any) -> bool:
    """Is there an unbounded repeat whose body can be just another unbounded repeat, e.g. (a+)+ or (a|b+)*?"""
    for op, av in seq:
        if op in _REPEATS:
            if av[1] == _sre.MAXREPEAT and _only_repeat(list(av[2])):
                return True
            if _catastrophic(av[2]):
                return True
        elif op == _sre.SUBPATTERN and _catastrophic(av[3]):
            return True
        elif op == _sre.BRANCH and any(_catastrophic(b) for b in av[1]):
            return True
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT) and _catastrophic(av[1]):
            return True
        # atomic groups and possessive repeats never backtrack into their body: safe by construction
    return False


def backtracks_catastrophically(pattern: str, flags: int = 0) -> bool:
    """True for the nested-quantifier shape that takes exponential time on a near-miss ("aaaa...!")."""
    try:
        tree = _sre_parse.parse(pattern, flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.ASCII))
    except (re.error, OverflowError, RecursionError, ValueError, TypeError):
        return False  # syntax only the `regex` module knows: the run-time timeout still guards it
    return _catastrophic(tree)


def compile_regex(pattern: Any, flags: Iterable[str], rule: Rule, what: str = "pattern", extra_flags: int = 0) -> "regex.Pattern[str]":
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(rule.path, rule.line, f"{rule.id}: '{what}' must be a non-empty string")
    value = extra_flags
    if isinstance(flags, (str, bytes)) or not isinstance(flags, Iterable):
        raise RuleError(rule.path, rule.line, f"{rule.id}: 'flags' must be a list of names (one of {', '.join(_FLAGS)})")
    for flag in flags:
        if not isinstance(flag, str) or flag not in _FLAGS:
            raise RuleError(rule.path, rule.line, f"{rule.id}: unknown regex flag {flag!r} (one of {', '.join(_FLAGS)})")
        value |= _FLAGS[flag]
    try:
        with warnings.catch_warnings():  # `regex` warns about [[ in sets (a future syntax); VERSION0 keeps re's meaning
            warnings.simplefilter("ignore", FutureWarning)
            compiled = regex.compile(pattern, value | regex.VERSION0)
    except (regex.error, re.error, OverflowError, RecursionError, ValueError, TypeError) as exc:
        raise RuleError(rule.path, rule.line, f"{rule.id}: bad regex in '{what}': {exc}") from None
    if backtracks_catastrophically(pattern, value):
        raise RuleError(
            rule.path,
            rule.line,
            f"{rule.id}: the regex in '{what}' can take exponential time: a repeated group can match the same text "
            "in many ways (nested quantifiers such as (a+)+ or (\\w+\\s?)*); repeat the inner part once, e.g. a+ instead of (a+)+",
        )
    return compiled


def regex_timeout(ctx: CheckContext) -> float:
    """Seconds one regex may spend on one field (``limits.regex_timeout`` in the options), cached per check."""
    cached = ctx.cache.get("regex_timeout")
    if cached is None:
        from ..loaders.common import Limits

        cached = ctx.cache["regex_timeout"] = Limits.from_options(ctx.config.options.get("limits")).regex_timeout
    return cached


TIMEOUT_RULE = "QC003"  # input-truncated: checking was cut short by a safety limit


def timeout_hit(rule: Rule, field: str, text: str, seconds: float, what: str = "pattern") -> Hit:
    """The finding that replaces a hang: which rule, where it is defined, and what was skipped."""
    return Hit(
        TIMEOUT_RULE,
        "article",
        message=(
            f"rule {rule.id} ({rule.name}, {rule.where()}) gave up after {seconds:g} s on the {field} "
            f"({len(text):,} characters): its {what} regex backtracks too much on this text, so its matches here were skipped"
        ),
        evidence={"rule": rule.id, "rule_file": rule.path, "field": field, "limit": seconds},
    )


_RE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.ASCII


def literal_prefixes(regex: "regex.Pattern[str]") -> Optional[tuple[str, ...]]:
    """Literal strings one of which must occur in any text the regex matches (lowercased), or None if unknown.

    Derived from the parsed pattern: every top-level alternative must start (after anchors and look-arounds)
    with literal characters. Used to skip a regex scan when none of them occurs -- a large speed-up for the
    many-alternative, case-insensitive phrase patterns typical of rule files.
    """
    try:
        try:
            from re import _parser as sre_parse  # type: ignore[attr-defined]
        except ImportError:  # pragma: no cover - Python 3.10
            import sre_parse  # type: ignore[no-redef]
        parsed = sre_parse.parse(regex.pattern, regex.flags & _RE_FLAGS)  # the `regex` module adds flag bits re does not know
    except Exception:  # pragma: no cover - never let an optimisation break a rule
        return None
    def first_literals(items: list, depth: int = 0) -> Optional[list[str]]:
        while items and str(items[0][0]) in ("AT", "ASSERT", "ASSERT_NOT"):
            items = items[1:]
        if not items or depth > 20:
            return None
        op, av = items[0]
        if str(op) == "BRANCH":
            found: list[str] = []
            for alt in av[1]:
                sub = first_literals(list(alt) + items[1:], depth + 1)
                if not sub:
                    return None
                found.extend(sub)
            return found
        if str(op) == "SUBPATTERN":
            return first_literals(list(av[-1]) + items[1:], depth + 1)
        literal = _leading_literal(items)
        return [literal] if literal else None

    found = first_literals(list(parsed))
    return tuple(sorted({p.lower() for p in found})) if found else None


def _leading_literal(items: list) -> str:
    chars: list[str] = []
    for op, av in items:
        if str(op) != "LITERAL":
            break
        chars.append(chr(av))
    return "".join(chars)


class PatternMatcher(Matcher):
    """A regular expression with flags and exception patterns (a match overlapping an exception is dropped)."""

    @rule_errors
    def __init__(self, rule: Rule, base_dir: Path):
        self.rule = rule
        spec = rule.spec
        flags = spec.get("flags", [])
        if isinstance(flags, str):
            flags = [flags]
        self.regex = compile_regex(spec.get("pattern"), flags, rule)
        exceptions = strip_lines(spec.get("exceptions", []))
        if isinstance(exceptions, str):
            exceptions = [exceptions]
        if not isinstance(exceptions, list):
            raise RuleError(rule.path, rule.line, f"{rule.id}: 'exceptions' must be a pattern or a list of patterns")
        self.exceptions = [compile_regex(p, flags, rule, "exceptions") for p in exceptions]
        self.group = spec.get("group")
        if self.group is not None and not (
            (isinstance(self.group, str) and self.group in self.regex.groupindex)
            or (isinstance(self.group, int) and not isinstance(self.group, bool) and 0 <= self.group <= self.regex.groups)
        ):
            raise RuleError(rule.path, rule.line, f"{rule.id}: group {self.group!r} is not in the pattern")
        suggestion = spec.get("suggestion")
        self.suggestion = None if suggestion is None else str(suggestion)
        self.skip_quotes = bool(spec.get("skip_quotes", False))
        self.prefixes = literal_prefixes(self.regex)

    def check(self, article: Article, ctx: CheckContext) -> Iterable[Hit]:
        timeout = regex_timeout(ctx)
        for name, text in scoped_fields(article, self.rule.scope):
            if self.prefixes is not None:
                lowered = lowered_text(ctx, name, text)
                if not any(p in lowered for p in self.prefixes):
                    continue
            try:
                yield from self._check_field(ctx, name, text, timeout)
            except TimeoutError:
                yield timeout_hit(self.rule, name, text, timeout)

    def _check_field(self, ctx: CheckContext, name: str, text: str, timeout: float) -> Iterator[Hit]:
        excluded: Optional[list[tuple[int, int]]] = None
        quotes = cached_quotes(ctx, name, text) if self.skip_quotes else []
        hits: list[Hit] = []  # collected first, so a timeout part-way through reports no partial matches
        for m in self.regex.finditer(text, timeout=timeout):
            start, end = m.span(self.group) if self.group is not None else m.span()
            if start == end or start < 0:
                continue
            if self.exceptions:
                if excluded is None:
                    excluded = [e.span() for ex in self.exceptions for e in ex.finditer(text, timeout=timeout)]
                if any(a < end and start < b for a, b in excluded):
                    continue
            if quotes and _inside(quotes, start, end):
                continue
            params = {"match": text[start:end], **{k: v for k, v in m.groupdict().items() if v is not None}}
            suggestion = render_template(self.suggestion, params) if self.suggestion else None
            params["suggestion"] = suggestion or ""
            hits.append(Hit(self.rule.id, name, start, end, suggestion=suggestion, params=params))
        return iter(hits)


# --- metadata rules -------------------------------------------------------------------------------------------

_CONDITION_KEYS = {"field", "exists", "empty", "matches", "not_matches", "equals", "in", "length_lt", "length_gt", "ignorecase"}


def _field_value(article: Article, name: str) -> Any:
    if name.startswith("metadata."):
        value: Any = article.metadata
        for part in name.split(".")[1:]:
            value = value.get(part) if isinstance(value, dict) else None
        return value
    special: dict[str, Callable[[Article], Any]] = {
        "body": lambda a: a.text,
        "text": lambda a: a.text,
        "byline": lambda a: a.byline_text,
        "first_paragraph": lambda a: a.body[0] if a.body else "",
        "last_paragraph": lambda a: a.body[-1] if a.body else "",
        "language": lambda a: a.language,
        "word_count": lambda a: len(a.text.split()),
        "paragraphs": lambda a: len(a.body),
    }
    if name in special:
        return special[name](article)
    return getattr(article, name, None)


_TIMEOUT_KEY = " timeout"  # keys that can never be field names: the per-check scratch of a metadata rule
_TIMEOUTS_KEY = " timeouts"


class MetadataMatcher(Matcher):
    """Declarative conditions on article fields, combined with all/any/not. No code runs from rule files."""

    @rule_errors
    def __init__(self, rule: Rule, base_dir: Path):
        self.rule = rule
        when = rule.spec.get("when")
        if not isinstance(when, dict):
            raise RuleError(rule.path, rule.line, f"{rule.id}: a metadata rule needs a 'when' mapping")
        self.when = self._compile(when)
        self.report_at = rule.spec.get("report_at", "article")
        self.suggestion = rule.spec.get("suggestion")

    def _compile(self, cond: Any) -> Callable[[Article, dict], bool]:
        rule = self.rule
        line = cond.get("__line__", rule.line) if isinstance(cond, dict) else rule.line
        if not isinstance(cond, dict):
            raise RuleError(rule.path, line, f"{rule.id}: each condition must be a mapping")
        cond = {k: v for k, v in cond.items() if k != "__line__"}
        for combinator in ("all", "any"):
            if combinator in cond:
                if len(cond) != 1 or not isinstance(cond[combinator], list) or not cond[combinator]:
                    raise RuleError(rule.path, line, f"{rule.id}: '{combinator}' must be the only key and hold a non-empty list")
                parts = [self._compile(c) for c in cond[combinator]]
                if combinator == "all":
                    return lambda a, m, parts=parts: all(p(a, m) for p in parts)
                return lambda a, m, parts=parts: any(p(a, m) for p in parts)
        if "not" in cond:
            if len(cond) != 1:
                raise RuleError(rule.path, line, f"{rule.id}: 'not' must be the only key")
            inner = self._compile(cond["not"])

            def negate(a: Article, m: dict) -> bool:
                scratch = {_TIMEOUT_KEY: m.get(_TIMEOUT_KEY, 1.0)}  # matches under 'not' are not report spans
                result = inner(a, scratch)
                if scratch.get(_TIMEOUTS_KEY):
                    m.setdefault(_TIMEOUTS_KEY, []).extend(scratch[_TIMEOUTS_KEY])
                    return False
                return not result

            return negate
        unknown = set(cond) - _CONDITION_KEYS
        if unknown or "field" not in cond:
            raise RuleError(rule.path, line, f"{rule.id}: a condition needs 'field' and one test; unknown: {', '.join(sorted(unknown)) or 'none'}")
        name = str(cond["field"])
        flags = regex.IGNORECASE if cond.get("ignorecase", True) else 0
        tests: list[Callable[[Article, dict], bool]] = []
        if "exists" in cond:
            want = bool(cond["exists"])
            tests.append(lambda a, m: bool(_field_value(a, name)) == want)
        if "empty" in cond:
            want = bool(cond["empty"])
            tests.append(lambda a, m: (not _field_value(a, name)) == want)
        for key in ("matches", "not_matches"):
            if key in cond:
                rx = compile_regex(cond[key], [], rule, key, extra_flags=flags)
                positive = key == "matches"

                def test(a: Article, m: dict, rx: "regex.Pattern[str]" = rx, positive: bool = positive, key: str = key) -> bool:
                    value = _field_value(a, name)
                    text = str(value) if value not in (None, "") else ""
                    try:
                        found = rx.search(text, timeout=m.get(_TIMEOUT_KEY, 1.0)) if text else None
                    except TimeoutError:
                        m.setdefault(_TIMEOUTS_KEY, []).append((name, text, key))
                        return False  # unknown: never fire on a condition that could not be decided
                    if found and positive:
                        m.setdefault(name, found)
                    return bool(found) == positive

                tests.append(test)
        if "equals" in cond:
            target = cond["equals"]
            tests.append(lambda a, m: _field_value(a, name) == target)
        if "in" in cond:
            options = cond["in"]
            if not isinstance(options, list):
                raise RuleError(rule.path, line, f"{rule.id}: 'in' must be a list")
            lowered = {str(o).lower() for o in options}
            tests.append(lambda a, m: str(_field_value(a, name) or "").strip().lower() in lowered)
        for key, op in (("length_lt", lambda x, y: x < y), ("length_gt", lambda x, y: x > y)):
            if key in cond:
                limit = int(cond[key])
                tests.append(lambda a, m, op=op, limit=limit: op(_length(_field_value(a, name)), limit))
        if not tests:
            raise RuleError(rule.path, line, f"{rule.id}: condition on '{name}' has no test")
        return lambda a, m: all(t(a, m) for t in tests)

    def check(self, article: Article, ctx: CheckContext) -> Iterable[Hit]:
        found: dict[str, Any] = {_TIMEOUT_KEY: regex_timeout(ctx)}
        fired = self.when(article, found)
        timeouts = [timeout_hit(self.rule, field, text, found[_TIMEOUT_KEY], f"'{key}'") for field, text, key in found.get(_TIMEOUTS_KEY, [])]
        if timeouts or not fired:
            return timeouts
        where = self.report_at
        m = found.get(where) or (found.get("byline") if where == "byline" else None)
        text = article.field_text(where) if where in ("title", "subtitle", "byline", "body", "date", "url", "site") else ""
        if m is not None:
            start, end = m.span()
        else:
            start, end = 0, len(text)
        params = {"match": text[start:end], "title": article.title, "byline": article.byline_text, "site": article.site or "", "date": article.date or ""}
        suggestion = render_template(self.suggestion, params) if self.suggestion else None
        params["suggestion"] = suggestion or ""
        return [Hit(self.rule.id, where, start, end, suggestion=suggestion, params=params)]


def _length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    return len(value)


MATCHERS: dict[str, type[Matcher]] = {"phrase": PhraseMatcher, "pattern": PatternMatcher, "metadata": MetadataMatcher}
