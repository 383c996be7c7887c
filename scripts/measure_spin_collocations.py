#!/usr/bin/env python3
"""Measure the weight of a reverse-spin collocation hit (COLLOC_LLR in qualitycheck/spin/scorer.py).

Counts collocation hits per word in clean, openly licensed text (onestopenglish, gum_wikinews, clickbait news
headlines) and in the same text after a thesaurus-random spinner replaced 30% of the words it can with a rarer
WordNet relative (the inverse of the shipped candidate map). Prints log(rate spun / rate clean), the
likelihood ratio of one hit. Note the spinner uses the same thesaurus as the detector, so this is an upper
bound for spinners with other dictionaries.

    PYTHONPATH=src python scripts/measure_spin_collocations.py
"""
from __future__ import annotations

import math
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from qualitycheck.spin import devdata  # noqa: E402
from qualitycheck.spin.collocations import get_table  # noqa: E402
from qualitycheck.spin.lexicon import tokenize  # noqa: E402


def main() -> int:
    table = get_table()
    if table is None:
        print("no collocation table; run scripts/build_spin_collocations.py", file=sys.stderr)
        return 2
    inverse: dict[str, list[str]] = defaultdict(list)
    for spun, origs in table.candidates.items():
        for o in origs:
            inverse[o].append(spun)
    rng = random.Random(5)
    texts = [r["text"] for n in ("onestopenglish", "gum_wikinews") for r in devdata.corpus_records(n)]
    texts += list(devdata.clickbait_headlines("non_clickbait_data"))[:3000]
    clean_hits = spun_hits = words = 0
    for text in texts:
        for para in text.split("\n\n"):
            toks = tokenize(para)
            words += sum(1 for t in toks if t.is_word)
            clean_hits += len(table.find(toks, set()))
            out, last = [], 0
            for t in toks:
                if t.is_word and t.norm in inverse and t.text.islower() and rng.random() < 0.3:
                    out.append(para[last:t.start])
                    out.append(rng.choice(inverse[t.norm]))
                    last = t.end
            out.append(para[last:])
            spun_hits += len(table.find(tokenize("".join(out)), set()))
    rc, rs = (clean_hits + 0.5) / words, (spun_hits + 0.5) / words
    print(f"{words} words: clean {clean_hits} hits ({1e3 * rc:.2f}/1k words), spun {spun_hits} ({1e3 * rs:.2f}/1k words), LLR {math.log(rs / rc):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
