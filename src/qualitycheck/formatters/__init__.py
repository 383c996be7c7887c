"""Output formats, one module each. A formatter writes a whole ``Report`` to a text stream.

Formats are looked up lazily by name so that adding one never slows start-up.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable, TextIO

from ..report import Report

Formatter = Callable[[Report, TextIO, dict[str, Any]], None]

#: format name -> "module:function" inside this package
FORMATTERS: dict[str, str] = {
    "text": "text:write",
    "json": "json_:write_json",
    "jsonl": "json_:write_jsonl",
    "sarif": "sarif:write",
    "github": "github:write",
    "junit": "junit:write",
    "concise": "concise:write",
}


def register_formatter(name: str, target: str) -> None:
    FORMATTERS[name] = target


def get_formatter(name: str) -> Formatter:
    try:
        target = FORMATTERS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} (one of {', '.join(sorted(FORMATTERS))})") from None
    module, _, func = target.partition(":")
    mod = importlib.import_module(module if "." in module and not module.startswith(".") else f".{module}", __name__)
    return getattr(mod, func)


def available() -> list[str]:
    return sorted(FORMATTERS)
