"""``qualitycheck config show [PATH]``: the effective configuration for a file or directory, and where each value
came from (default, a config file, or the command line)."""
from __future__ import annotations

import json
from typing import Any, Optional

import click

from .options import build_config, selection_options


@click.group("config")
def config_group() -> None:
    """Inspect configuration files and the settings they produce."""


@config_group.command("show")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None, metavar="FILE", help="Use this config file instead of discovering one.")
@click.option("--isolated", is_flag=True, help="Ignore config files (show the defaults plus command-line options).")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON: {file, settings: {key: {value, origin}}}.")
@selection_options
def show_command(path: Optional[str], config_file: Optional[str], isolated: bool, as_json: bool, **params: Any) -> None:
    """Print the effective settings for PATH (default: the current directory), one per line with its origin.

    Settings come from the nearest qualitycheck.toml, .qualitycheck.toml or pyproject.toml [tool.qualitycheck]
    at or above PATH; relative rule-dirs and reference paths are resolved against that file.
    """
    from ..config_files import ConfigResolver, describe

    resolver = ConfigResolver(overrides=lambda base: build_config(params, base), explicit=config_file, isolated=isolated)
    cfg_file = resolver.file_for(path)
    config = resolver.for_path(path)
    if config.select or config.ignore or config.severity:
        from ..api import ruleset_naming_origin

        ruleset_naming_origin(config)  # validates selectors against the rules: a typo is an error here too
    rows = describe(config)
    if as_json:
        click.echo(json.dumps({"file": str(cfg_file.path) if cfg_file else None, "settings": {k: {"value": v, "origin": o} for k, v, o in rows}}, indent=2, default=str))
        return
    click.echo(f"# config file: {cfg_file.origin if cfg_file else 'none found (defaults)'}")
    width = max(len(k) for k, _, _ in rows)
    for key, value, origin in rows:
        click.echo(f"{key:<{width}} = {json.dumps(value, default=str)}  # {origin}")
