#!/usr/bin/env python3
"""Count each machine-translation/rewriter artefact pattern (rules/spin/artefacts.tsv) in clean news and write
src/qualitycheck/data/spin/artefact_stats.json, from which each pattern's weight follows
(:mod:`qualitycheck.spin.artefacts`: log of the laundered-text rate over the clean rate).

Clean text: the same statistics corpora as the lexicon weights (qualitycheck.spin.devdata.statistics_texts:
bbc, reuters21578, lee_abc, onestopenglish, gum_wikinews, clickbait news headlines, TRAIN part of clean_dev).
Only counts are written. Also prints the rate in the TRAIN split's round-trip and paraphrase items, the figure
behind ``SPUN_RATE``, and a few clean hits per pattern so a reviewer sees what the false alarms look like.

    PYTHONPATH=src python scripts/build_spin_artefacts.py [--shared /work/shared] [--show 3]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from qualitycheck.spin import devdata  # noqa: E402
from qualitycheck.spin.artefacts import STATS_FILE, Artefacts, read_patterns  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", help="the shared folder (default: $QC_SHARED, /work/shared or ../shared)")
    ap.add_argument("--out", default=str(STATS_FILE))
    ap.add_argument("--show", type=int, default=3, help="clean hits to print per pattern")
    args = ap.parse_args()
    if not devdata.require_shared(args.shared):
        return 2
    table = Artefacts(read_patterns())
    counts: Counter[str] = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    words = 0
    for text in devdata.statistics_texts():
        words += len(text.split())
        for hit in table.find(text):
            counts[hit.pattern.id] += 1
            if len(shown[hit.pattern.id]) < args.show:
                shown[hit.pattern.id].append(text[max(0, hit.start - 30) : hit.end + 20].replace("\n", " "))
    spun_words, spun_hits = 0, 0
    for rec in devdata.dev_records("train"):
        if rec["label"] == "spun" and rec.get("kind") in ("round_trip_translation", "paraphrase"):
            spun_words += len(rec["text"].split())
            spun_hits += len(table.find(rec["text"]))
    out = {
        "about": "Clean-news occurrences of each artefact pattern (scripts/build_spin_artefacts.py); weights follow in qualitycheck.spin.artefacts.",
        "corpus_words": words,
        "counts": {p.id: counts[p.id] for p in table.patterns},
    }
    Path(args.out).write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    weights = Artefacts(table.patterns, out).weights
    for p in table.patterns:
        print(f"{p.id:22} clean {counts[p.id]:4d} ({counts[p.id] / words * 1e6:6.2f} per M words)  weight {weights[p.id]:.2f}")
        for s in shown[p.id]:
            print(f"    {s!r}")
    per_pattern = spun_hits / max(1, spun_words) / max(1, len(table.patterns))
    print(f"TRAIN round-trip/paraphrase items: {spun_hits} hits in {spun_words} words = {per_pattern:.1e} per pattern and word")
    print(f"{words} clean words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
