"""Option bundles shared by commands (sqlite-utils style), and turning them into a ``Config``."""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

import click

from ..config import Config, ConfigError
from ..formatters import available

FAIL_ON = click.Choice(["error", "warning", "info", "never"], case_sensitive=False)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


def selection_options(func: Callable) -> Callable:
    for option in reversed(
        [
            click.option("--select", multiple=True, metavar="IDS", help="Only these rules: ids (QC101), prefixes (QC1), names or categories; comma-separated or repeated."),
            click.option("--ignore", multiple=True, metavar="IDS", help="Switch off these rules (ids, prefixes, names or categories)."),
            click.option("--rules", "rule_dirs", multiple=True, type=click.Path(exists=True), metavar="PATH", help="Extra rule files or directories (a team's own rules)."),
        ]
    ):
        func = option(func)
    return func


def check_options(func: Callable) -> Callable:
    for option in reversed(
        [
            click.option("--format", "-f", "output_format", default="text", show_default=True, type=click.Choice(available()), help="Output format."),
            click.option("--fail-on", type=FAIL_ON, default=None, help="Lowest severity that makes the exit code 1 [default: error]."),
            click.option("--strict", is_flag=True, default=None, help="Exit 2 when any input file or record cannot be read."),
            click.option("--input-format", type=click.Choice(["text", "markdown", "html", "json", "jsonl", "jsonl.gz", "warc"]), default=None, help="Read inputs as this format instead of guessing from the file name."),
            click.option("--include", multiple=True, metavar="GLOB", help="Only files matching these globs when walking directories."),
            click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files or folders matching these globs."),
            click.option("--language", "default_language", default=None, metavar="CODE", help="Language assumed when a text is too short to detect [default: en]."),
            click.option("--reference", default=None, type=click.Path(dir_okay=False), metavar="INDEX", help="Reference index ('qualitycheck index build') to find copied text in (syndication, QC201)."),
            click.option("--threshold", "thresholds", multiple=True, metavar="KEY=VALUE", help="Detector threshold, e.g. spin.probability=0.6 (repeatable)."),
            click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None, help="Write the report to this file instead of stdout."),
            click.option("--color/--no-color", default=None, help="Colour the text output [default: when writing to a terminal]."),
        ]
    ):
        func = option(func)
    return func


def build_config(params: dict[str, Any], base: Optional[Config] = None) -> Config:
    """Command-line values on top of ``base`` (defaults, or a discovered config file)."""
    config = base or Config()
    overrides: dict[str, Any] = {}
    if params.get("select"):
        overrides["select"] = _split(params["select"])
    if params.get("ignore"):
        overrides["ignore"] = tuple(config.ignore) + _split(params["ignore"])
    if params.get("rule_dirs"):
        overrides["rule_dirs"] = tuple(config.rule_dirs) + tuple(params["rule_dirs"])
    if params.get("fail_on"):
        overrides["fail_on"] = params["fail_on"].lower()
    if params.get("strict"):
        overrides["strict"] = True
    for key in ("input_format", "default_language", "reference"):
        if params.get(key):
            overrides[key] = params[key]
    if params.get("include"):
        overrides["include"] = tuple(params["include"])
    if params.get("exclude"):
        overrides["exclude"] = tuple(config.exclude) + tuple(params["exclude"])
    if params.get("thresholds"):
        values = dict(config.thresholds)
        for item in params["thresholds"]:
            key, sep, value = item.partition("=")
            if not sep:
                raise ConfigError(f"--threshold {item!r}: expected KEY=VALUE")
            try:
                values[key.strip()] = float(value)
            except ValueError:
                raise ConfigError(f"--threshold {item!r}: {value!r} is not a number") from None
        overrides["thresholds"] = values
    return config.merge(overrides, origin="command line") if overrides else config
