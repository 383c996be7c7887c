"""``qualitycheck spin learn ORIGINAL SPUN`` and ``qualitycheck spin train``."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click


def _text(arg: str) -> str:
    path = Path(arg)
    try:
        if len(arg) < 4096 and path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        pass
    return arg


@click.group("spin")
def spin_group() -> None:
    """Spin-detection tools: learn substitutions from aligned texts, retrain the model."""


@spin_group.command("learn")
@click.argument("original")
@click.argument("spun")
@click.option("--append", "append_to", type=click.Path(dir_okay=False), help="Add new pairs to this TSV (e.g. rules/spin/learned.tsv).")
@click.option("--max-len", default=4, show_default=True, help="Longest replaced run (in words) taken as one substitution.")
def learn_command(original: str, spun: str, append_to: Optional[str], max_len: int) -> None:
    """Align ORIGINAL with its SPUN copy (files or strings) and print the substitutions as 'spun -> original'.

    Files named rules/spin/learned*.tsv next to the lexicon are loaded by the detector automatically.
    """
    from ..spin.learn import append_pairs, existing_pairs, learn_pairs
    from ..spin.lexicon import table_files

    known = existing_pairs([path for path, _source, _family in table_files()])
    if append_to:
        known |= existing_pairs([Path(append_to)])
    subs = learn_pairs(_text(original), _text(spun), max_len=max_len, known=known)
    if not subs:
        click.echo("no substitutions found", err=True)
        return
    for s in subs:
        mark = "" if (s.spun.lower(), s.original.lower()) not in known else "  (known)"
        click.echo(f"{s.spun} -> {s.original}{mark}")
    if append_to:
        added = append_pairs(Path(append_to), subs, known)
        click.echo(f"appended {len(added)} new pair(s) to {append_to}", err=True)


@spin_group.command("train")
@click.option("--shared", type=click.Path(file_okay=False), help="The shared data folder (default: $QC_SHARED, /work/shared, ../shared).")
@click.option("--out", type=click.Path(dir_okay=False), help="Where to write the model JSON (default: the packaged model).")
@click.option("--max-units", type=int, help="Clean units to train on (default: the recipe's, as shipped).")
def train_command(shared: Optional[str], out: Optional[str], max_units: Optional[int]) -> None:
    """Retrain the spin model with the recipe of scripts/train_spin_model.py."""
    import runpy
    import sys

    script = Path(__file__).resolve().parents[3] / "scripts" / "train_spin_model.py"
    if not script.is_file():
        raise click.ClickException("scripts/train_spin_model.py is not available (run from a source checkout)")
    argv = [str(script)] + (["--max-units", str(max_units)] if max_units else []) + (["--shared", shared] if shared else []) + (["--out", out] if out else [])
    old, sys.argv = sys.argv, argv
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as exc:
        if exc.code:
            raise click.ClickException("training failed (is the shared data available?)")
    finally:
        sys.argv = old
