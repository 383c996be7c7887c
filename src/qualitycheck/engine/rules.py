"""Rules as data: YAML files under ``rules/``, one rule (or a ``rules:`` pack) per file.

Loading validates every field and reports problems as ``file:line: message`` (``RuleError``). Rule examples are
checked separately by :mod:`qualitycheck.engine.selftest`; a rule whose examples fail does not load either.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

from ..yamlsize import yaml_size_ok
from ..model import CATEGORIES, Severity

RULE_TYPES = ("phrase", "pattern", "metadata", "detector")
SCOPES = ("title", "subtitle", "byline", "body", "date", "url", "site")
ID_RE = re.compile(r"^QC\d{3,4}$")
DETECTOR_RE = re.compile(r"^qualitycheck\.(?:[a-z_][a-z0-9_]*\.)*[a-z_][a-z0-9_]*:[A-Za-z_][A-Za-z0-9_]*$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COMMON_KEYS = {
    "id", "name", "category", "severity", "type", "languages", "scope", "message", "description",
    "examples", "status", "link", "confidence", "__line__", "__file__",
}
_TYPE_KEYS = {
    "phrase": {"phrases", "phrases_file", "case_sensitive", "suggestion", "skip_quotes", "min_hits"},
    "pattern": {"pattern", "flags", "exceptions", "suggestion", "skip_quotes", "group"},
    "metadata": {"when", "report_at", "suggestion"},
    "detector": {"detector", "options"},
}


class RuleError(Exception):
    """An invalid rule file; ``str()`` is ``file:line: message``."""

    def __init__(self, path: "str | Path", line: Optional[int], message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line or 1}: {message}")


@dataclass
class Rule:
    id: str
    name: str
    category: str
    severity: Severity
    type: str
    description: str
    message: str
    languages: tuple[str, ...] = ("en",)
    scope: tuple[str, ...] = ("title", "body")
    status: str = "stable"
    link: Optional[str] = None
    examples: dict[str, list[Any]] = field(default_factory=dict)
    #: the type-specific part of the YAML, validated by the matcher that compiles it
    spec: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    line: int = 1

    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def applies_to(self, language: Optional[str]) -> bool:
        return "*" in self.languages or (language is not None and language in self.languages)

    def render(self, params: dict[str, Any]) -> str:
        """Fill the message template; unknown placeholders are left as written."""
        return render_template(self.message, params)


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


def render_template(template: str, params: dict[str, Any]) -> str:
    """``{name}`` / ``{a.b}`` placeholders from ``params``; unknown ones stay as written (no str.format surprises)."""

    def sub(m: re.Match) -> str:
        value: Any = params
        for part in m.group(1).split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            else:
                return m.group(0)
        return "" if value is None else str(value)

    return _PLACEHOLDER.sub(sub, template)


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader that records the line of every mapping as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def strip_lines(value: Any) -> Any:
    """Remove the ``__line__`` bookkeeping keys from loaded YAML."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


MAX_RULE_FILE_CHARS = 4 * 1024 * 1024
MAX_RULE_VALUES = 200_000
MAX_RULE_DEPTH = 40
_FLOW_TOKEN = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|[\[\]{}\n]")


def _too_deep(text: str) -> Optional[int]:
    """Line of the first flow collection (``[[[...``) nested past ``MAX_RULE_DEPTH``: PyYAML recurses per level.
    Quoted scalars on one line (regexes full of brackets) are skipped."""
    depth, line = 0, 1
    for m in _FLOW_TOKEN.finditer(text):
        ch = m.group(0)
        if ch == "\n":
            line += 1
        elif ch in ("[", "{"):
            depth += 1
            if depth > MAX_RULE_DEPTH:
                return line
        elif ch in ("]", "}"):
            depth = max(0, depth - 1)
    return None


def rule_files(paths: Iterable["str | Path"]) -> list[Path]:
    """Every ``*.yml``/``*.yaml`` under the given files or directories, sorted for a stable order."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yml", ".yaml") and q.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            raise RuleError(p, None, "rule path does not exist")
    return out


def load_rule_file(path: "str | Path") -> list[Rule]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(path, None, f"cannot read rule file: {exc}") from None
    if len(text) > MAX_RULE_FILE_CHARS:
        raise RuleError(path, None, f"rule file is larger than {MAX_RULE_FILE_CHARS:,} characters; put long phrase lists in a phrases_file")
    deep = _too_deep(text)
    if deep:
        raise RuleError(path, deep, f"YAML nested more than {MAX_RULE_DEPTH} levels deep")
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(path, line, f"YAML error: {problem}") from None
    except RecursionError:
        raise RuleError(path, None, "YAML nested too deeply") from None
    except (ValueError, OverflowError, TypeError) as exc:  # e.g. a date such as 2024-13-45
        raise RuleError(path, None, f"YAML value cannot be read: {exc}") from None
    if not yaml_size_ok(data, MAX_RULE_VALUES, MAX_RULE_DEPTH, count_keys=False):
        # aliases let a few lines expand into millions of values ("billion laughs"); rules never need that
        raise RuleError(path, None, f"rule file expands to more than {MAX_RULE_VALUES:,} values or {MAX_RULE_DEPTH} levels (YAML aliases?)")
    if data is None:
        raise RuleError(path, 1, "empty rule file")
    if not isinstance(data, dict):
        raise RuleError(path, 1, "a rule file must be a mapping (one rule) or have a 'rules:' list")
    if "rules" in data:
        items = data["rules"]
        if not isinstance(items, list) or not items:
            raise RuleError(path, data.get("__line__"), "'rules' must be a non-empty list")
        defaults = {k: v for k, v in data.items() if k not in ("rules", "__line__")}
        return [parse_rule({**defaults, **item} if isinstance(item, dict) else item, path) for item in items]
    return [parse_rule(data, path)]


def parse_rule(data: Any, path: "str | Path") -> Rule:
    if not isinstance(data, dict):
        raise RuleError(path, None, "each rule must be a mapping")
    line = data.get("__line__", 1)

    def need(key: str, kind: type = str) -> Any:
        if key not in data or data[key] in (None, ""):
            raise RuleError(path, line, f"rule is missing required key '{key}'")
        if not isinstance(data[key], kind):
            raise RuleError(path, line, f"'{key}' must be a {kind.__name__}")
        return data[key]

    rid = str(need("id")).strip()
    if not ID_RE.match(rid):
        raise RuleError(path, line, f"rule id {rid!r} must look like QC101")
    name = str(need("name")).strip()
    if not NAME_RE.match(name):
        raise RuleError(path, line, f"rule name {name!r} must be kebab-case")
    category = need("category")
    if category not in CATEGORIES:
        raise RuleError(path, line, f"{rid}: unknown category {category!r} (one of {', '.join(CATEGORIES)})")
    try:
        severity = Severity.parse(need("severity"))
    except ValueError as exc:
        raise RuleError(path, line, f"{rid}: {exc}") from None
    rtype = need("type")
    if rtype not in RULE_TYPES:
        raise RuleError(path, line, f"{rid}: unknown rule type {rtype!r} (one of {', '.join(RULE_TYPES)})")
    unknown = set(data) - _COMMON_KEYS - _TYPE_KEYS[rtype]
    if unknown:
        raise RuleError(path, line, f"{rid}: unknown key(s) for a {rtype} rule: {', '.join(sorted(map(str, unknown)))}")
    languages = data.get("languages", ["en"])
    if isinstance(languages, str):
        languages = [languages]
    if not isinstance(languages, list) or not languages:
        raise RuleError(path, line, f"{rid}: 'languages' must be a non-empty list (use ['*'] for any)")
    scope = data.get("scope", ["title", "body"])
    if isinstance(scope, str):
        scope = [scope]
    if not isinstance(scope, list) or not scope:
        raise RuleError(path, line, f"{rid}: 'scope' must be a non-empty list of fields (one or more of {', '.join(SCOPES)})")
    bad_scope = [s for s in scope if s not in SCOPES]
    if bad_scope:
        raise RuleError(path, line, f"{rid}: unknown scope {bad_scope[0]!r} (one of {', '.join(SCOPES)})")
    examples = data.get("examples")
    if not isinstance(examples, dict):
        raise RuleError(path, line, f"{rid}: 'examples' with 'fail' and 'pass' lists is required")
    ex_line = examples.get("__line__", line)
    for kind in ("fail", "pass"):
        if not isinstance(examples.get(kind), list) or not examples[kind]:
            raise RuleError(path, ex_line, f"{rid}: examples.{kind} must be a non-empty list")
    extra = set(examples) - {"fail", "pass", "__line__"}
    if extra:
        raise RuleError(path, ex_line, f"{rid}: unknown example kind(s): {', '.join(sorted(extra))}")
    status = data.get("status", "stable")
    if status not in ("stable", "preview", "deprecated"):
        raise RuleError(path, line, f"{rid}: status must be stable, preview or deprecated")
    spec = {k: v for k, v in data.items() if k in _TYPE_KEYS[rtype]}
    if rtype == "detector":
        target = spec.get("detector")
        # a rule file is data: it may bind rules to the package's own detectors, never import arbitrary code
        if not isinstance(target, str) or not DETECTOR_RE.match(target):
            raise RuleError(path, line, f"{rid}: 'detector' must name a class in the qualitycheck package as 'qualitycheck.detectors.<module>:<Class>', got {target!r}")
    return Rule(
        id=rid,
        name=name,
        category=category,
        severity=severity,
        type=rtype,
        description=str(need("description")).strip(),
        message=str(need("message")).strip(),
        languages=tuple(str(x) for x in languages),
        scope=tuple(scope),
        status=status,
        link=data.get("link"),
        examples={"fail": examples["fail"], "pass": examples["pass"]},
        spec=spec,
        path=str(path),
        line=line,
    )
