#!/usr/bin/env python3
"""Align the TRAIN split's spun items with their originals and list the substitutions (for review).

Prints each learned pair with how often it occurs and whether the lexicon already knows it, and the share of
pairs covered. New pairs are candidates for rules/spin/lexicon.tsv after a human checks that they are spinner
family behaviour (not one article's wording). The held-out split is never read.

    PYTHONPATH=src python scripts/spin_dev_pairs.py [--new-only]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from qualitycheck.spin import devdata  # noqa: E402
from qualitycheck.spin.learn import existing_pairs, learn_pairs  # noqa: E402
from qualitycheck.spin.lexicon import norm, table_files  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--new-only", action="store_true")
    args = ap.parse_args()
    known = existing_pairs([path for path, _source, _family in table_files()])
    known_spun = {s for s, _ in known}
    counts: Counter[tuple[str, str]] = Counter()
    for rec in devdata.dev_records("train"):
        if rec["label"] == "spun" and rec.get("kind") == "synonym_spin" and rec.get("original"):
            for sub in learn_pairs(rec["original"], rec["text"], known=known):
                counts[(sub.spun, sub.original)] += 1
    if not counts:
        print("no train-split pairs (shared data absent?)", file=sys.stderr)
        return 2
    covered = 0
    for (spun, orig), n in counts.most_common():
        is_known = norm(spun) in known_spun
        covered += is_known
        if not (args.new_only and is_known):
            print(f"{n}\t{spun}\t{orig}\t{'known' if is_known else 'NEW'}")
    print(f"# {covered}/{len(counts)} train-split pairs have their spun form in the lexicon", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
