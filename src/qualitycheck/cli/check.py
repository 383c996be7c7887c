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
@click.option("--restore", is_flag=True, help="Put the suggested original wording back into spun text and show it (report key 'restored').")
def check_command(paths: tuple[str, ...], **params: Any) -> None:
    """Check articles in files, directories or '-' (stdin) and report findings per article.

    Formats are detected from file names: .txt, .md (YAML front matter), .html, .json, .jsonl, .jsonl.gz.
    """
    from ..api import check_paths
    from ..formatters import get_formatter

    config = build_config(params)
    if params.get("restore"):
        options = dict(config.options)
        options["spin"] = {**dict(options.get("spin") or {}), "restore": True}
        config = config.merge({"options": options}, origin="--restore")
    report = check_paths(list(paths), config)
    formatter = get_formatter(params["output_format"])
    out = open(params["output"], "w", encoding="utf-8") if params.get("output") else sys.stdout
    color = params.get("color")
    if color is None:
        color = out is sys.stdout and sys.stdout.isatty()
    try:
        formatter(report, out, {"color": color})
        if params.get("restore") and params["output_format"] == "text":
            for art in report.articles:
                restored = art.extras.get("restored")
                if restored:
                    out.write(f"restored text of {art.source.label() if art.source.path else art.id}:\n")
                    for field, text in restored.items():
                        out.write(f"[{field}]\n{text}\n\n")
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
