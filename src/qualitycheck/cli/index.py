"""``qualitycheck index build|add|info``: reference indexes for syndication matching (``check --reference``)."""
from __future__ import annotations

import json
import sys
import time
from typing import Any, Optional

import click

from .options import build_config


def _progress(added: int, started: float) -> str:
    elapsed = max(time.perf_counter() - started, 1e-9)
    return f"{added} article(s) in {elapsed:.1f} s ({added / elapsed:.0f}/s)"


def _warn(message: str) -> None:
    click.echo(f"qualitycheck: warning: {message}", err=True)


_source_options = [
    click.option("--source-name", "credit", default=None, metavar="NAME", help="Whom copies of these articles must credit (e.g. AP, Reuters) [default: the agency each article credits, else its site]."),
    click.option("--input-format", type=click.Choice(["text", "markdown", "html", "json", "jsonl", "jsonl.gz", "warc"]), default=None, help="Read inputs as this format instead of guessing from the file name."),
    click.option("--include", multiple=True, metavar="GLOB", help="Only files matching these globs when walking directories."),
    click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files or folders matching these globs."),
    click.option("--language", "default_language", default=None, metavar="CODE", help="Language assumed when a text is too short to detect [default: en]."),
]


def source_options(func: Any) -> Any:
    for option in reversed(_source_options):
        func = option(func)
    return func


@click.group("index")
def index_group() -> None:
    """Build and inspect reference indexes of original articles (wire feeds, an archive) for 'check --reference'."""


@index_group.command("build")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCES...")
@click.option("--output", "-o", "output", required=True, type=click.Path(dir_okay=False), metavar="INDEX", help="Index file to write.")
@click.option("--force", is_flag=True, help="Overwrite INDEX if it exists.")
@click.option("--store-text", is_flag=True, help="Also store the article bodies (zlib), so findings can quote the source side of each passage; about 1 KB more per article.")
@source_options
def build_command(sources: tuple[str, ...], output: str, force: bool, store_text: bool, credit: Optional[str], **params: Any) -> None:
    """Index the articles in SOURCES (files, folders, JSONL, HTML, WARC...) into a new INDEX file."""
    from ..syndication.build import add_paths
    from ..syndication.index import ReferenceIndex

    config = build_config(params)
    started = time.perf_counter()
    index = ReferenceIndex.create(output, store_text=store_text, overwrite=force)
    try:
        added = add_paths(index, list(sources), credit=credit, config=config, on_error=_warn)
        index.compact()
    finally:
        index.close()
    click.echo(f"indexed {_progress(added, started)} -> {output}", err=True)


@index_group.command("add")
@click.argument("index_path", metavar="INDEX", type=click.Path(dir_okay=False))
@click.argument("sources", nargs=-1, required=True, metavar="SOURCES...")
@source_options
def add_command(index_path: str, sources: tuple[str, ...], credit: Optional[str], **params: Any) -> None:
    """Add the articles in SOURCES to an existing INDEX."""
    from ..syndication.build import add_paths
    from ..syndication.index import ReferenceIndex

    config = build_config(params)
    started = time.perf_counter()
    index = ReferenceIndex.open(index_path, writable=True)
    try:
        added = add_paths(index, list(sources), credit=credit, config=config, on_error=_warn)
        total = len(index)
    finally:
        index.close()
    click.echo(f"added {_progress(added, started)} -> {index_path} ({total} in total)", err=True)


@index_group.command("info")
@click.argument("index_path", metavar="INDEX", type=click.Path(dir_okay=False))
@click.option("--verify", is_flag=True, help="Re-check the stored checksum and SQLite integrity (reads the whole file); exit 2 if damaged.")
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def info_command(index_path: str, verify: bool, output_format: str) -> None:
    """Describe INDEX: format version, parameters, document count, size per document."""
    from ..syndication.index import ReferenceIndex

    with ReferenceIndex.open(index_path) as index:
        info = index.info(verify=verify)
    if output_format == "json":
        click.echo(json.dumps(info, indent=2))
    else:
        click.echo(f"{info['path']}: qualitycheck reference index, format {info['format_version']}")
        click.echo(f"  created      {info['created']} by qualitycheck {info['qualitycheck_version']}")
        click.echo(f"  documents    {info['documents']}  ({', '.join(f'{k}: {v}' for k, v in info['languages'].items()) or 'none'})")
        click.echo(f"  postings     {info['postings']}")
        per = info["bytes_per_document"]
        click.echo(f"  size         {info['bytes']:,} bytes" + (f" ({per:,.0f} per document)" if per else ""))
        click.echo(f"  stores text  {'yes' if info['stores_text'] else 'no'}")
        click.echo("  params       " + ", ".join(f"{k}={v}" for k, v in info["params"].items()))
        if verify:
            click.echo("  verified     " + ("ok" if info["verified"] else "FAILED: " + "; ".join(info["problems"])))
    if verify and not info["verified"]:
        sys.exit(2)
