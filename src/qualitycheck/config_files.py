"""Configuration files: discovery, parsing and precedence (defaults < nearest config file < command line).

Like ruff, the *nearest* config file to each checked file wins (no merging up the tree): in each directory,
walking up from the file, the first of ``qualitycheck.toml``, ``.qualitycheck.toml`` or a ``pyproject.toml``
that has a ``[tool.qualitycheck]`` table is used. Stdin uses the one nearest the working directory.
``--config FILE`` forces one file for everything; ``--isolated`` ignores config files altogether.

Relative ``rule-dirs`` and ``reference`` paths in a file are resolved against the file's directory, so the
same repository config works whatever directory the tool is started from.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from .config import Config, ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: looked for in this order inside each directory
CONFIG_NAMES = ("qualitycheck.toml", ".qualitycheck.toml", "pyproject.toml")
#: keys whose values are paths relative to the config file
_PATH_KEYS = {"rule-dirs", "rule_dirs", "reference"}


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    #: the table inside the file that holds qualitycheck's keys
    data: Mapping[str, Any]

    @property
    def origin(self) -> str:
        return f"{self.path} [tool.qualitycheck]" if self.path.name == "pyproject.toml" else str(self.path)


def read_config_file(path: "str | os.PathLike[str]") -> Optional[ConfigFile]:
    """Parse one config file; ``None`` for a ``pyproject.toml`` without ``[tool.qualitycheck]``.

    Raises ``ConfigError`` naming the file for unreadable or invalid TOML.
    """
    file = Path(path)
    try:
        with open(file, "rb") as handle:
            doc = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{file}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read config file ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from None
    if file.name == "pyproject.toml":
        tool = doc.get("tool", {})
        table = tool.get("qualitycheck") if isinstance(tool, dict) else None
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{file}: [tool.qualitycheck] must be a table")
        return ConfigFile(file.resolve(), table)
    return ConfigFile(file.resolve(), doc)


def find_config_file(start: "str | os.PathLike[str]") -> Optional[ConfigFile]:
    """The nearest config file at or above ``start`` (a file or a directory)."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                found = read_config_file(candidate)
                if found is not None:
                    return found
    return None


def apply_file(base: Config, cfg: ConfigFile, _seen: tuple[Path, ...] = ()) -> Config:
    """``base`` with the file's keys on top; relative paths resolved against the file's directory.

    ``extend = "../shared/qualitycheck.toml"`` applies that file first (explicit inheritance, as ruff's
    ``extend``; nothing is merged implicitly from parent directories).
    """
    data: dict[str, Any] = {}
    root = cfg.path.parent
    if cfg.path in _seen:
        raise ConfigError(f"{cfg.origin}: 'extend' loops back to this file ({' -> '.join(str(p) for p in (*_seen, cfg.path))})")
    extend = cfg.data.get("extend")
    if extend is not None:
        if not isinstance(extend, str):
            raise ConfigError(f"{cfg.origin}: extend must be a path to another config file")
        parent = read_config_file(root / extend)
        if parent is None:
            raise ConfigError(f"{cfg.origin}: extend: {root / extend} has no [tool.qualitycheck] table")
        base = apply_file(base, parent, (*_seen, cfg.path))
    for key, value in cfg.data.items():
        if key == "extend":
            continue
        if key in _PATH_KEYS:
            if key == "reference" and isinstance(value, str):
                value = str(root / value)
            elif isinstance(value, (list, tuple)):
                value = [str(root / str(v)) for v in value]
            elif isinstance(value, str):
                value = [str(root / value)]
        data[key] = value
    config = base.merge(data, origin=cfg.origin)
    for key, value in config.thresholds.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{cfg.origin}: thresholds.{key} must be a number, not {value!r}")
    return config


@dataclass
class ConfigResolver:
    """Finds the effective ``Config`` for each checked path: defaults < nearest file < command line.

    ``overrides`` turns a base config into the final one (the CLI's ``build_config``); ``explicit`` is a
    ``--config`` file used for every path; ``isolated`` ignores config files.
    """

    overrides: Callable[[Config], Config] = lambda c: c
    explicit: Optional[str] = None
    isolated: bool = False
    _by_file: dict[Optional[Path], Config] = field(default_factory=dict)
    _by_dir: dict[Path, Optional[ConfigFile]] = field(default_factory=dict)

    def file_for(self, path: "str | os.PathLike[str] | None") -> Optional[ConfigFile]:
        if self.isolated:
            return None
        if self.explicit:
            return self._explicit_file()
        start = Path(path) if path not in (None, "-") else Path.cwd()
        directory = start.resolve()
        if not directory.is_dir():
            directory = directory.parent
        if directory not in self._by_dir:
            self._by_dir[directory] = find_config_file(directory)
        return self._by_dir[directory]

    def _explicit_file(self) -> ConfigFile:
        key = Path(self.explicit or "")
        if key not in self._by_dir:
            found = read_config_file(key)
            if found is None:  # a pyproject.toml named explicitly but without our table: treat as empty
                found = ConfigFile(key.resolve(), {})
            self._by_dir[key] = found
        cfg = self._by_dir[key]
        assert cfg is not None
        return cfg

    def for_path(self, path: "str | os.PathLike[str] | None") -> Config:
        """The effective config for a file, directory or ``-`` / ``None`` (stdin: the working directory)."""
        cfg = self.file_for(path)
        key = cfg.path if cfg is not None else None
        config = self._by_file.get(key)
        if config is None:
            base = apply_file(Config(), cfg) if cfg is not None else Config()
            config = self.overrides(base)
            self._by_file[key] = config
        return config


def describe(config: Config) -> list[tuple[str, Any, str]]:
    """(key, value, origin) for every setting, in declaration order, for ``config show``."""
    import dataclasses

    rows = []
    for f in dataclasses.fields(config):
        if f.name == "origins":
            continue
        value = getattr(config, f.name)
        if isinstance(value, tuple):
            value = list(value)
        rows.append((f.name.replace("_", "-"), value, config.origins.get(f.name, "default")))
    return rows
