#!/usr/bin/env python3
"""How far spin detection reaches beyond the dev items: synthetic spins of several styles, and clean false
alarms at scale. Prints figures; asserts nothing.

Clean text: bbc articles (research-only; their words also fed the lexicon/thesaurus counts, so clean rates
here are optimistic) and the clickbait corpus's *clickbait* headlines (MIT; never used for counts or training). Spun text:
the same bbc paragraphs and articles and the first 1,000 of those headlines, rewritten by

* ``lexicon-sparse``: 25% of the spots the shipped lexicon knows (the spinner family it was written for, lightly);
* ``wordnet-30``: an unseen dictionary -- 30% of content words swapped for a random synonym from the word's
  first WordNet sense (needs Debian wordnet-base; skipped without it). Detection uses WordNet too, so this is
  the reach of the thesaurus evidence, not an independent test;
* ``artefacts``: one or two machine-translation scars per unit (a stop mid-clause, a doubled word, a space before a
  comma), nothing else.

    PYTHONPATH=src python bench/spin_reach.py [--articles 300] [--seed 5] [--save FILE.jsonl]

The spun units depend on the lexicon (the sparse style draws from its entries), so the column moves when the
lexicon does. To compare two models on one fixed set, ``--save`` writes the records (outside the repo: bbc is
research-only) and ``qualitycheck eval spin FILE.jsonl`` scores them with whatever model is installed.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from qualitycheck.spin import devdata  # noqa: E402
from qualitycheck.spin.evaluate import evaluate  # noqa: E402
from qualitycheck.spin.features import sentence_spans  # noqa: E402
from qualitycheck.spin.lexicon import tokenize  # noqa: E402
from qualitycheck.spin.scorer import get_scorer  # noqa: E402
from qualitycheck.spin.train import InverseSpinner, add_artefacts, wordnet_synonyms  # noqa: E402

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--save", metavar="FILE", help="also write the scored records as JSONL (keep it out of the repo)")
    args = ap.parse_args()
    if devdata.data_dir() is None:
        print("shared data not found; set QC_SHARED", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    arts = [r for r in devdata.corpus_records("bbc") if not r.get("duplicate_of") and len((r.get("text") or "").split()) >= 150]
    rng.shuffle(arts)
    arts = arts[: args.articles]
    scorer = get_scorer()
    spinner = InverseSpinner(scorer.lexicon, args.seed)
    synonyms = wordnet_synonyms()
    styles = {
        "lexicon-sparse": lambda t: spinner.spin(t, 0.25, 1.0),
        "artefacts": lambda t: add_artefacts(t, rng),
    }
    if synonyms:
        styles["wordnet-30"] = lambda t: spinner.swap_words(t, 0.3, synonyms)
    records = []
    for art in arts:
        paras = [p for p in art["text"].split("\n\n") if len(p.split()) >= 25]
        units = [("article", "\n\n".join(paras))] + [("paragraph", p) for p in paras[:3]]
        if paras:
            a, b = sentence_spans(paras[0])[0]
            units.append(("sentence", paras[0][a:b]))
        for unit, text in units:
            records.append({"text": text, "label": "clean", "unit": unit})
            for style, spin in styles.items():
                spun, changed = spin(text)
                if changed:
                    records.append({"text": spun, "label": "spun", "unit": unit, "kind": style})
    heads = list(devdata.clickbait_headlines("clickbait_data"))
    rng.shuffle(heads)
    records += [{"text": h, "label": "clean", "unit": "headline"} for h in heads[:3000]]
    # spun copies of the first 1,000 headlines (clickbait-corpus headlines never fed the counts or the model)
    for h in heads[:1000]:
        for style, spin in styles.items():
            spun, changed = spin(h)
            if changed:
                records.append({"text": spun, "label": "spun", "unit": "headline", "kind": style})
    if args.save:
        with open(args.save, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    result = evaluate(records, 0.5, scorer)
    print(f"{len(arts)} bbc articles (seed {args.seed}); headlines: 3000 clickbait-corpus headlines, the first 1000 also spun")
    print(f"{'unit':<10} {'clean':>6} {'scored spun':>11} {'any span':>9} " + " ".join(f"{s:>15}" for s in styles))
    for unit, s in result["units"].items():
        recalls = " ".join(f"{s['recall_by_kind'].get(k, float('nan')):>15.3f}" for k in styles)
        print(f"{unit:<10} {s['n_clean']:>6} {s['clean_scored_spun']:>11.4f} {s['clean_any_span']:>9.4f} {recalls}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
