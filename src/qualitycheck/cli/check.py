"""``qualitycheck check PATHS...``"""
from __future__ import annotations

import sys
from typing import Any, Callable, Optional

import click

from .options import build_config, check_options, selection_options


def ci_options(func: Callable) -> Callable:
    """Configuration files, baselines, pull-request mode and the cache."""
    for option in reversed(
        [
            click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None, metavar="FILE", help="Use this config file for every input instead of the nearest qualitycheck.toml / .qualitycheck.toml / pyproject.toml [tool.qualitycheck]."),
            click.option("--isolated", is_flag=True, help="Ignore all config files."),
            click.option("--baseline", type=click.Path(dir_okay=False), default=None, metavar="FILE", help="Hide findings recorded in this baseline file; only new ones are reported and fail the run."),
            click.option("--write-baseline", is_flag=True, help="Record every current finding in the --baseline file (default .qualitycheck-baseline.json) and exit 0."),
            click.option("--diff", "diff_ref", default=None, metavar="REF", help="Only check files changed since the merge base of REF and HEAD (plus untracked files), e.g. origin/main."),
            click.option("--changed-only", is_flag=True, help="Only check files with uncommitted changes (same as --diff HEAD)."),
            click.option("--changed-lines", is_flag=True, help="With --diff/--changed-only: only report findings on added or modified lines."),
            click.option("--no-cache", is_flag=True, help="Do not read or write the result cache."),
            click.option("--cache-dir", type=click.Path(file_okay=False), default=None, metavar="DIR", help="Result cache directory [default: .qualitycheck_cache]."),
            click.option("--show-suppressions", is_flag=True, help="List findings hidden by in-document suppressions on stderr."),
        ]
    ):
        func = option(func)
    return func


@click.command("check")
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@selection_options
@check_options
@ci_options
@click.option("--restore", is_flag=True, help="Put the suggested original wording back into spun text and show it (report key 'restored').")
def check_command(paths: tuple[str, ...], **params: Any) -> None:
    """Check articles in files, directories or '-' (stdin) and report findings per article.

    Formats are detected from file names: .txt, .md (YAML front matter), .html, .json, .jsonl, .jsonl.gz.
    Settings come from the nearest qualitycheck.toml, .qualitycheck.toml or pyproject.toml [tool.qualitycheck]
    above each file; command-line options override them.
    """
    from ..api import check_paths
    from ..cache import DEFAULT_DIR, ResultCache
    from ..config_files import ConfigResolver
    from ..formatters import get_formatter

    resolver = ConfigResolver(overrides=lambda base: _with_restore(build_config(params, base), params), explicit=params.get("config_file"), isolated=params.get("isolated", False))
    run_config = resolver.for_path(None)
    changes = _changes(params)
    only: Optional[Callable[[str], bool]] = (lambda path: path in changes) if changes is not None else None
    cache = None
    if not params.get("no_cache") and not params.get("write_baseline") and not params.get("restore"):
        cache = ResultCache(params.get("cache_dir") or DEFAULT_DIR)
    report = check_paths(list(paths), resolver, cache=cache, only=only)
    if changes is not None and params.get("changed_lines"):
        _keep_changed_lines(report, changes)
    baseline_path = params.get("baseline")
    if params.get("write_baseline"):
        from ..baseline import write_baseline

        target = baseline_path or ".qualitycheck-baseline.json"
        count = write_baseline(target, report)
        click.echo(f"qualitycheck: wrote {count} finding(s) to {target}", err=True)
        _echo_errors(report)
        sys.exit(2 if report.errors else 0)
    hidden = 0
    if baseline_path:
        from ..baseline import apply_baseline

        hidden = apply_baseline(report, baseline_path)
    formatter = get_formatter(params["output_format"])
    out = open(params["output"], "w", encoding="utf-8") if params.get("output") else sys.stdout
    color = params.get("color")
    if color is None:
        color = out is sys.stdout and sys.stdout.isatty()
    try:
        formatter(report, out, {"color": color, "config": run_config, "baseline": baseline_path})
        if params.get("restore") and params["output_format"] == "text":
            _write_restored(report, out)
    finally:
        if out is not sys.stdout:
            out.close()
    _echo_errors(report)
    _echo_suppressions(report, params.get("show_suppressions", False))
    if hidden:
        click.echo(f"qualitycheck: {hidden} finding(s) hidden by baseline {baseline_path}", err=True)
    if changes is not None and not report.articles and not report.errors:
        click.echo("qualitycheck: no changed files to check", err=True)
    sys.exit(report.exit_code)


def _changes(params: dict[str, Any]):  # -> Optional[Changes]
    ref = params.get("diff_ref") or ("HEAD" if params.get("changed_only") else None)
    if params.get("changed_lines") and ref is None:
        raise click.UsageError("--changed-lines needs --diff REF or --changed-only")
    if ref is None:
        return None
    from ..changes import changes_since

    return changes_since(ref)


def _keep_changed_lines(report: Any, changes: Any) -> None:
    """Drop findings outside added/modified lines (findings without a line stay: they concern the file)."""
    for art in report.articles:
        if not art.source.path or art.source.path == "<stdin>":
            continue
        lines = changes.lines(art.source.path)
        if lines is None:
            continue
        art.findings = [f for f in art.findings if f.line is None or f.line in lines]


def _echo_errors(report: Any) -> None:
    for err in report.errors:
        click.echo(f"qualitycheck: error: {err['message']}", err=True)
    for art in report.articles:
        for f in art.findings:
            if f.category == "input" and str(f.severity) == "error":
                click.echo(f"qualitycheck: input: {f.message}", err=True)


def _echo_suppressions(report: Any, show: bool) -> None:
    from ..suppress import suppressed_of, unused_of

    for art in report.articles:
        where = art.source.path or art.id
        for unused in unused_of(art):
            line = f":{unused['line']}" if unused.get("line") else ""
            click.echo(f"qualitycheck: warning: {where}{line}: unused suppression '{unused['directive']}' (it suppressed nothing)", err=True)
        if show:
            for item in suppressed_of(art):
                line = f":{item['line']}" if item.get("line") is not None else ""
                click.echo(f"qualitycheck: suppressed: {where}{line}: {item['rule']} {item['name']} by '{item['suppressed_by']['directive']}'", err=True)


def _with_restore(config: Any, params: dict[str, Any]) -> Any:
    """--restore: ask the spin detector to put the suggested originals back (report key 'restored')."""
    if not params.get("restore"):
        return config
    from ..detectors.spin import with_restore

    return with_restore(config, "--restore")


def _write_restored(report: Any, out: Any) -> None:
    for art in report.articles:
        restored = art.extras.get("restored")
        if restored:
            out.write(f"restored text of {art.source.label() if art.source.path else art.id}:\n")
            for field, text in restored.items():
                out.write(f"[{field}]\n{text}\n\n")
