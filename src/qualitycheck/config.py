"""Run configuration: which rules, how strict, which thresholds.

``Config`` is a frozen-ish dataclass built from defaults, then a config file, then the command line. Unknown keys
are errors that name the key and where it came from.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional

from .model import Severity


class ConfigError(ValueError):
    """A configuration value or file is invalid; the message names the file and key."""


@dataclass
class Config:
    #: rule ids, id prefixes, names or categories to switch on (empty = all)
    select: tuple[str, ...] = ()
    #: rule ids, id prefixes, names or categories to switch off
    ignore: tuple[str, ...] = ()
    #: per-rule (id, name or category) severity overrides
    severity: dict[str, str] = field(default_factory=dict)
    #: lowest severity that makes the run exit 1; None = never
    fail_on: Optional[str] = "error"
    #: an unreadable input record makes the run exit 2
    strict: bool = False
    #: numeric knobs read by detectors, e.g. {"spin.probability": 0.5}
    thresholds: dict[str, float] = field(default_factory=dict)
    #: extra directories (or files) of rule YAML, e.g. a team's own rules
    rule_dirs: tuple[str, ...] = ()
    #: reference index for syndication matching
    reference: Optional[str] = None
    #: file walking
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: force a loader instead of detecting it from the file name
    input_format: Optional[str] = None
    #: language assumed when text is too short to detect
    default_language: str = "en"
    #: free per-detector options, keyed by detector name
    options: dict[str, Any] = field(default_factory=dict)
    #: where each value came from (for ``config show``)
    origins: dict[str, str] = field(default_factory=dict)

    def threshold(self, key: str, default: float) -> float:
        value = self.thresholds.get(key, default)
        return float(value)

    def replace(self, **changes: Any) -> "Config":
        return dataclasses.replace(self, **changes)

    @property
    def fail_on_severity(self) -> Optional[Severity]:
        if self.fail_on is None or str(self.fail_on).lower() == "never":
            return None
        return Severity.parse(self.fail_on)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], origin: str = "<config>") -> "Config":
        return cls().merge(data, origin)

    def merge(self, data: Mapping[str, Any], origin: str = "<config>") -> "Config":
        """Return a copy with ``data`` applied on top; keys use - or _ interchangeably."""
        known = {f.name for f in dataclasses.fields(self)} - {"origins"}
        changes: dict[str, Any] = {}
        origins = dict(self.origins)
        for raw_key, value in data.items():
            key = str(raw_key).replace("-", "_")
            if key not in known:
                raise ConfigError(f"{origin}: unknown key {raw_key!r}")
            changes[key] = _coerce(key, value, origin)
            origins[key] = origin
        if "fail_on" in changes and changes["fail_on"] is not None and str(changes["fail_on"]).lower() != "never":
            try:
                Severity.parse(changes["fail_on"])
            except ValueError as exc:
                raise ConfigError(f"{origin}: fail-on: {exc}") from None
        for rule_key, sev in changes.get("severity", {}).items():
            try:
                Severity.parse(sev)
            except ValueError as exc:
                raise ConfigError(f"{origin}: severity.{rule_key}: {exc}") from None
        return dataclasses.replace(self, origins=origins, **changes)


_TUPLE_KEYS = {"select", "ignore", "rule_dirs", "include", "exclude"}
_DICT_KEYS = {"severity", "thresholds", "options"}


def _coerce(key: str, value: Any, origin: str) -> Any:
    if key in _TUPLE_KEYS:
        if isinstance(value, str):
            value = [v for v in (p.strip() for p in value.split(",")) if v]
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{origin}: {key.replace('_', '-')} must be a list")
        return tuple(str(v) for v in value)
    if key in _DICT_KEYS:
        if not isinstance(value, Mapping):
            raise ConfigError(f"{origin}: {key} must be a table/mapping")
        return dict(value)
    if key == "strict":
        return bool(value)
    if key == "fail_on":
        return None if value is None else str(value).lower()
    if key in ("reference", "input_format", "default_language") and value is not None:
        return str(value)
    return value


def package_rules_dir() -> Path:
    """The bundled rules: ``qualitycheck/rules`` in a wheel, ``<repo>/rules`` when running from a checkout."""
    here = Path(__file__).resolve().parent
    bundled = here / "rules"
    if bundled.is_dir():
        return bundled
    return here.parent.parent / "rules"
