"""The spinner lexicon: spun wording -> likely original, with context conditions and measured weights.

Sources (all data, under ``rules/spin/``):

* ``lexicon.tsv``  -- word and phrase substitutions of the dictionary-driven news spinner family, with optional
  context conditions for spun forms that are also ordinary English ("stated", "the place", "division");
* ``lexicon-<family>.tsv`` -- the same, for another spinner family (``lexicon-rewriter.tsv``: "article spinner"
  tools of the Spinbot kind). A family is a spinner's own dictionary: its forms of one original are weighed
  against each other, never against another family's (see ``scripts/build_spin_lexicon.py``);
* ``spun-phrases.tsv`` -- the near-unambiguous fingerprints of rule QC101;
* ``names.tsv`` -- case-sensitive proper-noun spins ("Center East" -> "Middle East").

Weights come from ``data/spin/lexicon_stats.json`` (built by ``scripts/build_spin_lexicon.py``): the
log-likelihood ratio that the spun form was produced by a spinner rather than written by a journalist, estimated
from how often the spun form and its original occur in clean news.
"""
from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

TOKEN_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|[^\w\s]", re.UNICODE)
_NUM_RE = re.compile(r"\d")
DETERMINERS = frozenset(
    "the a an this that these those his her their its our my your he she they it we i you some any no every each".split()
)
#: a match is shown on its own only if its spun form never occurred in the clean statistics corpus (~4.1M words);
#: allowing 2 occurrences flagged 0.7% of clean articles through one-off hits alone
STANDALONE_MAX_CLEAN = 0
#: ... and, for a one-word spun form, its original occurs at least this often in the same contexts
STANDALONE_MIN_ORIGINAL = 150
#: weight used for an entry the statistics file does not know (a new entry appended by ``spin learn``)
DEFAULT_LLR = 2.5
#: name spins generated from WordNet names and the lexicon's word swaps (scripts/build_spin_names.py)
GENERATED_NAMES = Path(__file__).resolve().parent.parent / "data" / "spin" / "names_generated.tsv"
#: ... carry this note (the table's fourth column) ...
GENERATED_NOTE = "generated"
#: ... weigh at most this and are shown only inside a spun unit: evidence, not a verdict on their own
GENERATED_NAME_LLR = 3.0
#: weight of an original left unchanged next to a spin of it: log(1 - share a spinner rewrites), with the same
#: share (0.5) as ``llr_from_counts`` assumes for the spun forms' weights
KEPT_ORIGINAL_LLR = math.log(1 - 0.5)


def rules_dir() -> Path:
    """``rules/spin`` in a checkout, else the copy shipped in the wheel."""
    here = Path(__file__).resolve()
    for cand in (here.parents[3] / "rules" / "spin", here.parents[1] / "rules" / "spin"):
        if (cand / "lexicon.tsv").is_file():
            return cand
    return here.parents[3] / "rules" / "spin"


DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "spin"


def norm(word: str) -> str:
    return word.replace("’", "'").lower()


class Token:
    """A word or punctuation token with its lowercased form and character offsets (slots: made by the million)."""

    __slots__ = ("text", "norm", "start", "end", "is_word")

    def __init__(self, text: str, norm_: str, start: int, end: int) -> None:
        self.text, self.norm, self.start, self.end = text, norm_, start, end
        self.is_word = text[:1].isalnum()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


def tokenize(text: str) -> list[Token]:
    lowered = text.replace("’", "'").lower()
    if len(lowered) != len(text):  # a few characters ("İ") change length when lowercased
        return [Token(m.group(0), norm(m.group(0)), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
    return [Token(text[a:b], lowered[a:b], a, b) for a, b in map(_span, TOKEN_RE.finditer(text))]


_span = re.Match.span


@dataclass(frozen=True)
class Condition:
    """One context condition: the previous/next token must (or must not) be in a set or class."""

    side: str  # "prev" | "next"
    negate: bool
    words: frozenset[str]
    classes: frozenset[str]

    def holds(self, tok: Optional[Token]) -> bool:
        hit = _token_in(tok, self.words, self.classes)
        return not hit if self.negate else hit


_CURRENCY = frozenset("$£€¥")


def _token_in(tok: Optional[Token], words: frozenset[str], classes: frozenset[str]) -> bool:
    if tok is not None and "@num" in classes and tok.text in _CURRENCY:
        return True  # "greater than $1 billion"
    if tok is None or not tok.is_word:
        return "@punct" in classes
    if tok.norm in words:
        return True
    if "@det" in classes and tok.norm in DETERMINERS:
        return True
    if "@cap" in classes and tok.text[:1].isupper():
        return True
    if "@num" in classes and _NUM_RE.search(tok.text):
        return True
    return False


def parse_context(spec: str) -> tuple[Condition, ...]:
    conds = []
    for part in spec.split():
        if part == "cs":
            continue
        negate = part.startswith("!")
        key, _, values = part.lstrip("!").partition("=")
        if key not in ("prev", "next") or not values:
            raise ValueError(f"bad context condition {part!r}")
        items = values.split("|")
        conds.append(
            Condition(key, negate, frozenset(norm(v) for v in items if not v.startswith("@")), frozenset(v for v in items if v.startswith("@")))
        )
    return tuple(conds)


@dataclass(frozen=True)
class Entry:
    spun: str
    original: str
    context: str
    source: str  # lexicon | phrases | names
    conditions: tuple[Condition, ...] = field(default=(), compare=False)
    case_sensitive: bool = False
    note: str = ""
    #: the spinner family whose dictionary this entry comes from: "" for the main one (lexicon.tsv, phrases,
    #: names), else the <family> of lexicon-<family>.tsv
    family: str = ""

    @property
    def key(self) -> str:
        return f"{self.spun.lower()}\t{self.context}"

    @property
    def generated(self) -> bool:
        """A name spin made by scripts/build_spin_names.py rather than written by a person."""
        return self.source == "names" and self.note == GENERATED_NOTE

    def applies(self, prev: Optional[Token], nxt: Optional[Token]) -> bool:
        for cond in self.conditions:
            if not cond.holds(prev if cond.side == "prev" else nxt):
                return False
        return True


@dataclass
class Match:
    start: int  # char offsets in the segment's text
    end: int
    tok_start: int
    tok_end: int
    entry: Entry
    llr: float

    @property
    def span_tokens(self) -> int:
        return self.tok_end - self.tok_start


def read_table(path: Path, source: str, family: str = "") -> Iterator[Entry]:
    """Entries of one TSV file (header row and '#' comment lines skipped), of spinner ``family``."""
    with path.open(encoding="utf-8", newline="") as handle:
        for lineno, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or not row[0].strip() or row[0].startswith("#") or (lineno == 1 and row[0].strip() in ("spun", "phrase")):
                continue
            spun = row[0].strip()
            original = row[1].strip() if len(row) > 1 else ""
            if not original or norm(spun) == norm(original):
                continue
            if source == "lexicon":
                context = row[2].strip() if len(row) > 2 else ""
                note = row[3].strip() if len(row) > 3 else ""
            else:
                context, note = "", (row[3].strip() if source == "phrases" and len(row) > 3 else (row[2].strip() if len(row) > 2 else ""))
            try:
                conds = parse_context(context)
            except ValueError as exc:
                raise ValueError(f"{path}:{lineno}: {exc}") from None
            yield Entry(spun, original, context, source, conds, source == "names" or " cs" in f" {context}", note, family)


class Lexicon:
    """All spin entries, indexed by their lowercased token tuple (longest match first)."""

    def __init__(self, entries: Iterable[Entry], stats: Optional[dict[str, float]] = None, clean_counts: Optional[dict[str, tuple[int, int]]] = None) -> None:
        self.stats = stats or {}
        #: how often each spun form and its original occurred in the clean corpus (absent: unknown, e.g. a
        #: learned entry)
        self.clean_counts = clean_counts or {}
        self.table: dict[tuple[str, ...], list[Entry]] = {}
        seen: set[tuple[str, str, bool]] = set()
        self.entries: list[Entry] = []
        for entry in entries:
            ident = (entry.spun.lower() if not entry.case_sensitive else entry.spun, entry.context, entry.case_sensitive)
            if ident in seen:
                continue
            seen.add(ident)
            key = tuple(t.norm for t in tokenize(entry.spun))
            if not key:
                continue
            self.entries.append(entry)
            # case-sensitive names first so "The Occasions" wins over the lowercase "occasions" entry
            bucket = self.table.setdefault(key, [])
            bucket.insert(0, entry) if entry.case_sensitive else bucket.append(entry)
        self.max_len = max((len(k) for k in self.table), default=1)
        #: entry lengths (longest first) per first token: only those are tried at a position
        lengths: dict[str, set[int]] = {}
        for k in self.table:
            lengths.setdefault(k[0], set()).add(len(k))
        self.lengths = {w: sorted(v, reverse=True) for w, v in lengths.items()}
        self.first = frozenset(self.lengths)
        self._original_keys: dict[str, tuple[str, ...]] = {}
        #: originals of the lexicon and phrase entries, indexed like the spun forms (for kept_originals)
        self._originals: dict[tuple[str, ...], list[Entry]] = {}
        for entry in self.entries:
            if entry.source in ("lexicon", "phrases"):
                okey = self.original_key(entry)
                if okey:
                    self._originals.setdefault(okey, []).append(entry)
        orig_lengths: dict[str, set[int]] = {}
        for k in self._originals:
            orig_lengths.setdefault(k[0], set()).add(len(k))
        self._orig_lengths = {w: sorted(v) for w, v in orig_lengths.items()}
        self._orig_first = frozenset(self._orig_lengths)

    def weight(self, entry: Entry) -> float:
        if entry.source == "names":
            if entry.generated:
                return min(GENERATED_NAME_LLR, self.stats.get(entry.key, GENERATED_NAME_LLR))
            return self.stats.get(entry.key, 6.0)
        if entry.source == "phrases":
            return self.stats.get(entry.key, 5.0)
        return self.stats.get(entry.key, DEFAULT_LLR)

    def standalone(self, entry: Entry, llr: float, strong_llr: float) -> bool:
        """Whether a match is telling on its own: strong, and absent from clean news (no occurrence in the
        ~4M-word statistics corpus), so one occurrence in a clean article is very unlikely.
        Name spins are always telling; a learned entry without statistics needs density like a weak one."""
        if llr < strong_llr:
            return False
        if entry.source == "names":
            # a generated name spin was never seen by a person: "Treasury Division" may be a real unit's name
            return not entry.generated
        spun, original = self.clean_counts.get(entry.key, (99, 0))
        if spun > STANDALONE_MAX_CLEAN:
            return False
        # a single ordinary word ("optimistic", "initial", "faculty") can be absent from 4M words under a narrow
        # context by chance: its absence only counts when the original is common enough there that a clean
        # writer's occasional use would have shown (~2% of 150)
        return entry.source != "lexicon" or " " in entry.spun.strip() or original >= STANDALONE_MIN_ORIGINAL

    def kept_originals(self, toks: Sequence[Token]) -> dict[tuple[str, ...], int]:
        """How often each original of the lexicon occurs in ``toks`` in the context of one of its entries:
        ``{original tokens: count}``, for :func:`discount_kept` (one pass, like :func:`find`)."""
        out: dict[tuple[str, ...], int] = {}
        norms = [t.norm for t in toks]
        n = len(norms)
        first, lengths, table = self._orig_first, self._orig_lengths, self._originals
        for i in range(n):
            if norms[i] not in first:
                continue
            for size in lengths[norms[i]]:
                if i + size > n:
                    continue
                key = tuple(norms[i : i + size])
                entries = table.get(key)
                if not entries:
                    continue
                prev = toks[i - 1] if i > 0 else None
                nxt = toks[i + size] if i + size < n else None
                if any(e.applies(prev, nxt) for e in entries):
                    out[key] = out.get(key, 0) + 1
        return out

    def discount_kept(self, matches: Sequence[Match], kept: dict[tuple[str, ...], int]) -> list[Match]:
        """The matches with the weight of originals left standing taken off (copies where changed).

        An entry's weight says how much likelier its spun form is in spun text, where a spinner rewrites about
        half of the originals (``llr_from_counts``). The originals left standing are evidence too, the other way:
        each one is ``log(1 - 0.5)`` likelier in clean text. A writer who uses "in the" twenty times and
        "within the" once is not spinning; a spun paragraph has "within the" about as often as "in the". The
        discount is shared by the matches of one original (all its spun forms) and never goes below zero.
        ``kept`` comes from :func:`kept_originals` over the unit being judged (summed over an article's parts).
        """
        if not kept:
            return list(matches)
        family_size: dict[tuple[str, ...], int] = {}
        for m in matches:
            if m.entry.source in ("lexicon", "phrases"):
                key = self.original_key(m.entry)
                family_size[key] = family_size.get(key, 0) + 1
        out = []
        for m in matches:
            key = self.original_key(m.entry) if m.entry.source in ("lexicon", "phrases") else None
            if key in kept:
                m = replace(m, llr=max(0.0, m.llr + kept[key] * KEPT_ORIGINAL_LLR / family_size[key]))
            out.append(m)
        return out

    def original_key(self, entry: Entry) -> tuple[str, ...]:
        key = self._original_keys.get(entry.original)
        if key is None:
            key = self._original_keys[entry.original] = tuple(t.norm for t in tokenize(entry.original))
        return key

    def find(self, toks: Sequence[Token], text: str) -> list[Match]:
        """Longest, non-overlapping matches whose context conditions hold."""
        out: list[Match] = []
        norms = [t.norm for t in toks]
        first, lengths, table = self.first, self.lengths, self.table
        i, n = 0, len(toks)
        while i < n:
            if norms[i] not in first:
                i += 1
                continue
            found: Optional[Match] = None
            for size in lengths[norms[i]]:  # longest first
                if i + size > n:
                    continue
                cands = table.get(tuple(norms[i : i + size]))
                if not cands:
                    continue
                prev = toks[i - 1] if i > 0 else None
                nxt = toks[i + size] if i + size < n else None
                start, end = toks[i].start, toks[i + size - 1].end
                for entry in cands:
                    if entry.case_sensitive:
                        if norm(text[start:end]) != norm(entry.spun) or text[start:end].replace("’", "'") != entry.spun.replace("’", "'"):
                            continue
                    if not entry.applies(prev, nxt):
                        continue
                    if found is None:
                        found = Match(start, end, i, i + size, entry, self.weight(entry))
                    else:
                        # a phrase keeps at least the weight of a shorter entry it contains that applies here:
                        # "hearth crews" (original "fire crews", rare in the counts) is no weaker evidence than
                        # "hearth" alone (original "fire", common)
                        found.llr = max(found.llr, self.weight(entry))
                    break
            if found:
                out.append(found)
                i = found.tok_end
            else:
                i += 1
        return out


def table_files(directory: Optional[Path] = None) -> list[tuple[Path, str, str]]:
    """The hand-written tables of ``directory`` (rules/spin) that exist, as (path, source, family)."""
    directory = directory or rules_dir()
    tables = [(directory / "names.tsv", "names", ""), (directory / "spun-phrases.tsv", "phrases", ""), (directory / "lexicon.tsv", "lexicon", "")]
    tables += [(path, "lexicon", path.stem[len("lexicon-"):]) for path in sorted(directory.glob("lexicon-*.tsv"))]
    return [t for t in tables if t[0].is_file()]


def load_entries(directory: Optional[Path] = None, generated: Optional[Path] = GENERATED_NAMES) -> list[Entry]:
    """The lexicon's entries: names, phrases and words from ``directory`` (rules/spin), learned tables, and the
    name spins generated by scripts/build_spin_names.py (``generated``; ``None`` leaves them out)."""
    directory = directory or rules_dir()
    entries: list[Entry] = []
    for path, source, family in table_files(directory):
        entries.extend(read_table(path, source, family))
    for extra in sorted(directory.glob("learned*.tsv")):
        entries.extend(read_table(extra, "lexicon"))
    if generated is not None and generated.is_file():
        # written like lexicon rows (they carry a context: the whole capitalised run), matched as names
        entries.extend(replace(e, source="names", case_sensitive=True) for e in read_table(generated, "lexicon"))
    return entries


#: no single entry may dominate a unit: a ratio of e^6 (~400:1) is as strong as one substitution gets
MAX_LLR = 6.0


def load_stats(path: Optional[Path] = None) -> tuple[dict[str, float], dict[str, tuple[int, int]]]:
    """(weight per entry key, clean-corpus counts of the spun form and of its original per entry key)."""
    path = path or DATA_DIR / "lexicon_stats.json"
    if not path.is_file():
        return {}, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    llr = {k: min(MAX_LLR, float(v)) for k, v in data.get("llr", {}).items()}
    counts = {k: (int(v[0]), int(v[1])) for k, v in data.get("counts", {}).items()}
    return llr, counts


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    llr, counts = load_stats()
    return Lexicon(load_entries(), llr, counts)


def llr_from_counts(
    spun_count: float, original_count: float, n_forms: int, spin_rate: float = 0.5, smoothing: float = 0.5, min_original: float = 50.0
) -> float:
    """Log-likelihood ratio (natural log) that an occurrence of the spun form comes from spun text.

    In spun text the form appears about ``spin_rate / n_forms`` times as often as its original appears in clean
    text (the spinner rewrites that share of the originals into this form), on top of its own clean use; in
    clean text it appears ``spun_count`` times. Counts are per the same clean corpus. Originals rarer than
    ``min_original`` count as that (a multi-word original can be rare in a small corpus while its spun form is
    still never written by a journalist).
    """
    original_count = max(original_count, min_original)
    clean = spun_count + smoothing
    spun = spun_count + original_count * spin_rate / max(1, n_forms) + smoothing
    return math.log(spun / clean)
