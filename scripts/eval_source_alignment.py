"""How much of a spun, paraphrased or machine-translated copy QC204 (reworded-from-source) finds when the source is
at hand, on the dev pairs whose original wording was seen on another page (``original_basis: "seen"``).

Each spun item is checked as an article whose record carries the original as its reference text (the same path
as ``--reference`` with an index, without building one). Printed per split part and kind: items, items linked
to their source by QC201, gold-span recall of QC204 (a gold span counts when a reported span overlaps it) and
the share of reported spans that overlap a gold span (a floor for precision: gold spans mark the clear
substitutions, not every change). Reads the shared data folder; never writes it.

    PYTHONPATH=src python scripts/eval_source_alignment.py [--part heldout|train]
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from qualitycheck.api import check_articles  # noqa: E402
from qualitycheck.config import Config  # noqa: E402
from qualitycheck.model import Article  # noqa: E402
from qualitycheck.spin import devdata  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["heldout", "train"], help="one part of the fixed split (default: both, shown apart)")
    ap.add_argument("--shared", help="the shared folder (default: $QC_SHARED, /work/shared or ../shared)")
    args = ap.parse_args()
    if not devdata.require_shared(args.shared):
        return 2
    items = [r for r in devdata.dev_records(args.part) if r["label"] == "spun" and r.get("original") and r.get("original_basis") == "seen"]
    config = Config(select=("QC201", "QC204"))
    stats: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rec in items:
        art = Article(id="item", body=[p for p in rec["text"].split("\n\n") if p.strip()], language="en")
        art.metadata["reference"] = {"text": rec["original"], "title": "original"}
        findings = check_articles([art], config).articles[0].findings
        linked = any(f.rule == "QC201" for f in findings)
        spans = [(f.start, f.end) for f in findings if f.rule == "QC204"]
        text = "\n\n".join(art.body)
        gold = []
        for g in rec.get("spans") or []:
            at = text.find(g)
            if at >= 0:
                gold.append((at, at + len(g)))
        for key in ((rec["part"], rec.get("kind") or "?"), (rec["part"], "all")):
            st = stats[key]
            st["items"] += 1
            st["linked"] += linked
            st["gold"] += len(gold)
            st["gold_found"] += sum(1 for a, b in gold if any(s < b and a < e for s, e in spans))
            st["reported"] += len(spans)
            st["reported_on_gold"] += sum(1 for s, e in spans if any(s < b and a < e for a, b in gold))
    print(f"{'part':8} {'kind':24} {'items':>5} {'linked':>6} {'gold':>5} {'span recall':>11} {'on gold':>8} {'reported':>8}")
    for (part, kind), st in sorted(stats.items()):
        recall = st["gold_found"] / st["gold"] if st["gold"] else float("nan")
        on_gold = st["reported_on_gold"] / st["reported"] if st["reported"] else float("nan")
        print(f"{part:8} {kind:24} {st['items']:5d} {st['linked']:6d} {st['gold']:5d} {recall:11.2f} {on_gold:8.2f} {st['reported']:8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
