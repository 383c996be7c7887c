"""How much of a spun, paraphrased or machine-translated copy QC204 (reworded-from-source) finds when the source is
at hand, on both parts of the dev split: each spun item whose original was seen on another page is checked with
that original as its record's reference (``qualitycheck eval spin --heldout --with-originals`` prints the held-out
part; this script adds the train part). Reads the shared data folder; never writes it.

    PYTHONPATH=src python scripts/eval_source_alignment.py [--part heldout|train]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from qualitycheck.spin import devdata  # noqa: E402
from qualitycheck.spin.evaluate import evaluate_with_originals, format_originals  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["heldout", "train"], help="one part of the fixed split (default: both)")
    ap.add_argument("--shared", help="the shared folder (default: $QC_SHARED, /work/shared or ../shared)")
    args = ap.parse_args()
    if not devdata.require_shared(args.shared):
        return 2
    for part in [args.part] if args.part else ["heldout", "train"]:
        print(f"[{part}] " + format_originals(evaluate_with_originals(devdata.dev_records(part))) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
