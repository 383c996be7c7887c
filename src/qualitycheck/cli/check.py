"""``qualitycheck check PATHS...``"""
from __future__ import annotations

import sys
from typing import Any

import click

from .options import build_config, check_options, selection_options


@click.command("check")
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@selection_options
@check_options
def check_command(paths: tuple[str, ...], **params: Any) -> None:
    """Check articles in files, directories or '-' (stdin) and report findings per article.

    Formats are detected from file names: .txt, .md (YAML front matter), .html, .json, .jsonl, .jsonl.gz.
    """
    from ..api import check_paths
    from ..formatters import get_formatter

    config = build_config(params)
    report = check_paths(list(paths), config)
    formatter = get_formatter(params["output_format"])
    out = open(params["output"], "w", encoding="utf-8") if params.get("output") else sys.stdout
    color = params.get("color")
    if color is None:
        color = out is sys.stdout and sys.stdout.isatty()
    try:
        formatter(report, out, {"color": color})
    finally:
        if out is not sys.stdout:
            out.close()
    for err in report.errors:
        click.echo(f"qualitycheck: error: {err['message']}", err=True)
    for art in report.articles:
        for f in art.findings:
            if f.category == "input" and str(f.severity) == "error":
                click.echo(f"qualitycheck: input: {f.message}", err=True)
    sys.exit(report.exit_code)
