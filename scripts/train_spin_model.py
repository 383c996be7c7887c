#!/usr/bin/env python3
"""Train the shipped spin model (src/qualitycheck/data/spin/model.json). Exact recipe:

1. Clean units (articles, paragraphs, sentences, headlines) from the openly licensed corpora in the shared data
   folder: onestopenglish (CC BY-SA 4.0), gum_wikinews (CC BY 2.5), clickbait non_clickbait_data (MIT).
   Research-only corpora are not used. Units are shuffled with seed 13 and capped (--max-units).
2. Each clean unit gets one synthetic spun copy under a random spinner profile (heavy, medium, sparse, partial,
   thesaurus, wordnet, artefacts; see qualitycheck.spin.train), seed 13. WordNet: Debian wordnet-base.
3. 80% of that fits a class-balanced LogisticRegression on the standardised features of
   qualitycheck.spin.features; the other 20%, plus the real TRAIN split of the dev data (synonym_spin and clean
   items only), calibrate it (Platt), and the calibrated log-odds are shifted to a 3% prior of spun units (5% for headlines and
   sentences: see SHORT_PRIOR in qualitycheck.spin.train).
   Units under 40 words (headlines, sentences) and longer units (paragraphs, articles) get separate models.
   The held-out split is never read.

    PYTHONPATH=src python scripts/train_spin_model.py [--shared DIR] [--out FILE] [--max-units N]

Run scripts/build_spin_lexicon.py first when the lexicon changed (the features use its weights).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from qualitycheck.spin import devdata  # noqa: E402
from qualitycheck.spin.classifier import MODEL_FILE  # noqa: E402
from qualitycheck.spin.classifier import fallback_model  # noqa: E402
from qualitycheck.spin.scorer import SpinScorer  # noqa: E402
from qualitycheck.spin.train import Unit, fit_pair, recipe_units, save, wordnet_synonyms  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared")
    ap.add_argument("--out", default=str(MODEL_FILE))
    ap.add_argument("--max-units", type=int, default=14000, help="clean units (the shipped model uses the default)")
    ap.add_argument("--copies", type=int, default=3, help="spun copies of each clean unit, each under its own random profile (the shipped model uses the default: three steady the model against the luck of one draw)")
    args = ap.parse_args()
    if not devdata.require_shared(args.shared):
        return 2
    synonyms = wordnet_synonyms()
    if not synonyms:
        print("WordNet not found (apt-get install wordnet-base): training without the 'wordnet' profile", file=sys.stderr)
    scorer = SpinScorer(model=fallback_model())  # the shipped model may predate the current features
    units = recipe_units(scorer.lexicon, max_units=args.max_units, copies=args.copies, synonyms=synonyms)
    cut = int(len(units) * 0.8)
    train, calib = units[:cut], units[cut:]
    real = [
        Unit(r["text"], 1 if r["label"] == "spun" else 0, r["unit"], "dev-train")
        for r in devdata.dev_records("train")
        if r["label"] == "clean" or r.get("kind") == "synonym_spin"
    ]
    meta = {
        "recipe": "scripts/train_spin_model.py",
        "train_units": len(train),
        "spun_copies_per_unit": args.copies,
        "calibration_units": len(calib) + len(real),
        "sources": ["onestopenglish (CC BY-SA 4.0)", "gum_wikinews (CC BY 2.5)", "clickbait non_clickbait_data (MIT)", "dev train split (calibration)"],
    }
    model = fit_pair(train, list(calib) + real, scorer, meta)
    save(model, Path(args.out))
    print(f"trained on {len(train)} units, calibrated on {len(calib) + len(real)} -> {args.out}")
    for name, m in (("short", model.short), ("long", model.long)):
        print(name, "coef", [round(c, 3) for c in m.coef], "intercept", round(m.intercept, 3), "calib", round(m.calib_a, 3), round(m.calib_b, 3))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
