"""``qualitycheck eval spin DATA.jsonl`` (or ``--heldout`` for the fixed held-out split of the shared dev data)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import click


@click.group("eval")
def eval_group() -> None:
    """Measure detectors on labelled data."""


@eval_group.command("spin")
@click.argument("data", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--heldout", is_flag=True, help="Evaluate on the held-out split of the shared dev data (never written to disk).")
@click.option("--write-heldout", type=click.Path(dir_okay=False), help="Write the held-out records as JSONL to this path (use a temp dir) and exit.")
@click.option("--threshold", type=float, default=None, help="Unit threshold (default: the spin.probability threshold, 0.5).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--with-originals", is_flag=True,
              help="Also check each spun record with its 'original' as the reference and report QC204 (reworded-from-source) span recall.")
def eval_spin(data: Optional[str], heldout: bool, write_heldout: Optional[str], threshold: Optional[float], as_json: bool, with_originals: bool) -> None:
    """Precision, recall, F1 and ROC-AUC per unit, span recall, suggestion accuracy and clean-flag rates.

    DATA.jsonl records: {"text", "label": "spun"|"clean", "unit": headline|sentence|paragraph|article, "spans",
    "original", optional "kind", optional "original_basis" ("inferred" originals are not used as references)}.
    """
    from ..spin.evaluate import DataError, evaluate, evaluate_with_originals, format_originals, format_report, heldout_records, read_records

    if heldout or write_heldout:
        records = heldout_records()
        if not records:
            raise click.ClickException("shared dev data not found (set QC_SHARED to the folder holding data/)")
        if write_heldout:
            with open(write_heldout, "w", encoding="utf-8") as handle:
                for r in records:
                    handle.write(json.dumps(r, ensure_ascii=False) + "\n")
            click.echo(f"wrote {len(records)} records to {write_heldout}", err=True)
            return
    elif data:
        try:
            records = read_records(Path(data))
        except DataError as exc:
            raise click.ClickException(str(exc))
    else:
        raise click.UsageError("give DATA.jsonl or --heldout")
    result = evaluate(records, 0.5 if threshold is None else threshold)
    if with_originals:
        result["with_originals"] = evaluate_with_originals(records)
    if as_json:
        click.echo(json.dumps(result, indent=1))
        return
    click.echo(format_report(result))
    if with_originals:
        click.echo("\n" + format_originals(result["with_originals"]))
