"""``qualitycheck audit INPUTS... --out DIR``: audit a whole archive (see docs/audit.md)."""
from __future__ import annotations

import sys
from typing import Any

import click

from .options import build_config, selection_options

FAIL_ON = click.Choice(["error", "warning", "info", "never"], case_sensitive=False)


@click.command("audit")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUTS...")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output directory (reports.jsonl, errors.jsonl, clusters.jsonl, summary.json, report.html).")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (local) or Spark local[N] cores [default: all cores].")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True, help="local: process pool on this machine; spark: PySpark (pip install 'qualitycheck[spark]').")
@click.option("--resume", is_flag=True, help="Continue an interrupted audit in --out (also after kill -9): nothing is lost or repeated.")
@click.option("--overwrite", is_flag=True, help="Replace an earlier audit in --out.")
@click.option("--reference", default=None, metavar="INDEX", help="Reference index for syndication matching (passed to the syndication rules).")
@click.option("--no-clusters", is_flag=True, help="Skip archive-wide near-duplicate clustering.")
@click.option("--date-window", type=click.IntRange(min=0), default=30, show_default=True, help="Only articles published within this many days of each other can be duplicates (0: no date blocking).")
@click.option("--progress", "progress_mode", type=click.Choice(["auto", "rich", "plain", "none"]), default="auto", show_default=True, help="Progress display: bar on a terminal, periodic lines otherwise.")
@click.option("--spark-master", default=None, metavar="URL", help="Spark master (default: local[WORKERS], or what spark-submit set).")
@click.option("--fail-on", type=FAIL_ON, default=None, help="Lowest severity that makes the exit code 1 [default: error].")
@click.option("--strict", is_flag=True, default=None, help="Exit 2 when any input record cannot be read.")
@click.option("--input-format", type=click.Choice(["text", "markdown", "html", "json", "jsonl", "jsonl.gz", "warc"]), default=None, help="Read inputs as this format instead of guessing from file names.")
@click.option("--include", multiple=True, metavar="GLOB", help="Only files matching these globs when walking directories.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files or folders matching these globs.")
@click.option("--language", "default_language", default=None, metavar="CODE", help="Language assumed when a text is too short to detect.")
@click.option("--threshold", "thresholds", multiple=True, metavar="KEY=VALUE", help="Detector threshold, e.g. spin.probability=0.6 (repeatable).")
@selection_options
def audit_command(inputs: tuple[str, ...], out_dir: str, **params: Any) -> None:
    """Audit an archive: JSONL(.gz), folders of text/Markdown/HTML, WARC(.gz) files, or a mixture.

    Streams the input over all cores, appends one report per article to DIR/reports.jsonl, lists unreadable
    records in DIR/errors.jsonl, finds near-duplicate clusters across the archive (DIR/clusters.jsonl) and
    writes DIR/summary.json and a self-contained dashboard DIR/report.html. Interrupted? Run the same command
    with --resume.
    """
    from ..audit.clusters import ClusterParams
    from ..audit.engine import run_audit
    from ..audit.local import WorkerCrash
    from ..audit.store import AuditStateError
    from . import fail

    config = build_config(params)
    if params.get("reference"):
        config = config.merge({"reference": params["reference"]}, origin="command line")
    cluster_params = ClusterParams(date_window_days=params["date_window"] or None)
    try:
        result = run_audit(
            list(inputs),
            out_dir,
            config,
            workers=params.get("workers"),
            engine=params["engine"],
            resume=params["resume"],
            overwrite=params["overwrite"],
            progress=params["progress_mode"],
            clusters=not params["no_clusters"],
            cluster_params=cluster_params,
            spark_master=params.get("spark_master"),
        )
    except (AuditStateError, WorkerCrash) as exc:
        fail(str(exc))
    except ImportError as exc:
        fail(f"{exc}")
    s = result.summary
    v = s.get("verdicts", {})
    click.echo(
        f"audited {result.articles:,} articles: {v.get('fail', 0):,} fail, {v.get('warn', 0):,} warn, {v.get('pass', 0):,} pass; "
        f"{s.get('findings', 0):,} findings; {result.clusters:,} duplicate clusters; {result.errors:,} input errors"
        + (f" (resumed after {result.resumed_units:,} committed units)" if result.resumed_units else ""),
        err=True,
    )
    click.echo(f"dashboard: {out_dir}/report.html", err=True)
    sys.exit(result.exit_code(config))
