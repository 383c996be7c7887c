"""Would generic text signals add to the spin model? Character/word n-gram classifiers and a trigram LM, measured.

The issue asks the classifier to combine lexicon hits, reverse-spin evidence and character/word n-grams. The
shipped model uses only the first two (docs/spin.md, "What was tried"); this script is the measurement behind
that choice, so anyone can rerun it:

1. **n-gram classifiers.** A hashed character (char_wb 3-5) or word (1-2) n-gram logistic regression is fitted on
   exactly the shipped model's training units (scripts/train_spin_model.py: same clean corpora, same synthetic
   spins, same seed, same 80% cut). Printed per held-out unit: ROC-AUC of the shipped model and of the n-gram
   model; then the n-gram model's recall on held-out spun items at the threshold that flags a fixed share of
   clean bbc / reuters21578 units (0.5% of articles, 2% of paragraphs and sentences: the issue's clean budget),
   beside the shipped model's recall at its default threshold (0.5) and at the same clean budget.
2. **Trigram LM oddness** (needs the `build` extra: pocketsphinx's CMU news LM): mean per-word log-probability
   of each held-out item, as ROC-AUC of spun against clean per kind. Round-trip and paraphrase copies are fluent
   English; if they read as odder than clean news, this shows it.

    PYTHONPATH=src python bench/spin_text_only_signals.py [--analyzer char --analyzer word] [--corpus-articles 600]

Needs the shared data (../shared) and WordNet (wordnet-base) as the training recipe does. Runs in ~3 min.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from qualitycheck.spin import devdata  # noqa: E402
from qualitycheck.spin.evaluate import heldout_records, score_record  # noqa: E402
from qualitycheck.spin.lexicon import get_lexicon  # noqa: E402
from qualitycheck.spin.scorer import get_scorer  # noqa: E402
from qualitycheck.spin.train import recipe_units, wordnet_synonyms  # noqa: E402
from spin_clean_unseen import clean_records  # noqa: E402

#: share of clean units allowed over the threshold, per unit (the issue's clean budget)
CLEAN_BUDGET = {"article": 0.005, "paragraph": 0.02, "sentence": 0.02}


def training_units() -> list:
    """The shipped model's training units: scripts/train_spin_model.py's recipe and its 80% cut."""
    units = recipe_units(get_lexicon(), synonyms=wordnet_synonyms())
    return units[: int(len(units) * 0.8)]


def clean_corpus_units(name: str, articles: int) -> dict[str, list[str]]:
    """Clean articles, paragraphs and sentences of a corpus, as bench/spin_clean_unseen.py samples them."""
    out: dict[str, list[str]] = defaultdict(list)
    for rec in clean_records(name, articles, seed=7):
        out[rec["unit"]].append(rec["text"])
    return out


def auc(labels: list[int], scores: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores)) if len(set(labels)) == 2 else float("nan")


def ngram_section(analyzers: list[str], corpus_articles: int) -> None:
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import LogisticRegression

    train = training_units()
    y = np.array([u.label for u in train])
    scorer = get_scorer()
    held = [r for r in heldout_records() if r["unit"] in ("sentence", "paragraph", "article", "headline")]
    shipped = [score_record(r, scorer, 0.5).probability for r in held]
    corpora = {name: clean_corpus_units(name, corpus_articles) for name in ("bbc", "reuters21578")}
    shipped_clean = {
        (name, unit): [score_record({"text": t, "label": "clean", "unit": unit}, scorer, 0.5).probability for t in texts]
        for name, units in corpora.items() for unit, texts in units.items()
    }
    print(f"training units {len(train)} (spun {int(y.sum())}); held-out items {len(held)}")
    for analyzer in analyzers:
        if analyzer == "char":
            vec = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2**18, alternate_sign=False)
        else:
            vec = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2**18, alternate_sign=False,
                                    token_pattern=r"(?u)\b\w+\b")
        clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(vec.transform([u.text for u in train]), y)
        z = clf.decision_function(vec.transform([r["text"] for r in held]))
        print(f"\n[{analyzer} n-grams]  unit       n  AUC shipped  AUC n-gram")
        by_unit: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(held):
            by_unit[r["unit"]].append(i)
        for unit, idx in sorted(by_unit.items()):
            labels = [1 if held[i]["label"] == "spun" else 0 for i in idx]
            print(f"{'':18}{unit:<10}{len(idx):>3}  {auc(labels, [shipped[i] for i in idx]):>11.3f}  {auc(labels, [z[i] for i in idx]):>10.3f}")
        print(f"{'':18}recall on held-out spun at the clean budget: n-gram, shipped at the same budget, shipped at 0.5")
        for unit, budget in CLEAN_BUDGET.items():
            spun = [i for i in by_unit.get(unit, []) if held[i]["label"] == "spun"]
            if not spun:
                continue
            base = sum(shipped[i] >= 0.5 for i in spun) / len(spun)
            for name, units in corpora.items():
                clean_z = clf.decision_function(vec.transform(units[unit]))
                thr = float(np.quantile(clean_z, 1 - budget))
                rec = sum(z[i] > thr for i in spun) / len(spun)
                thr_shipped = float(np.quantile(shipped_clean[(name, unit)], 1 - budget))
                same = sum(shipped[i] > thr_shipped for i in spun) / len(spun)
                print(f"{'':18}{unit:<10} {len(spun):>3} spun  budget {budget:.1%} of {len(units[unit])} {name}: "
                      f"n-gram {rec:.3f}  shipped {same:.3f} (at 0.5: {base:.3f})")


def lm_section() -> None:
    import os

    try:
        import pocketsphinx
        from pocketsphinx import NGramModel
    except ImportError:
        print("\n[trigram LM] skipped: pip install -e '.[build]' for pocketsphinx")
        return
    lm = NGramModel.readfile(os.path.join(os.path.dirname(pocketsphinx.__file__), "model/en-us/en-us.lm.bin"))
    word = re.compile(r"[a-z]+(?:'[a-z]+)?")

    def oddness(text: str) -> float | None:
        toks = word.findall(text.lower().replace("’", "'"))
        if len(toks) < 3:
            return None
        # NGramModel.prob is a log score; OOV words get a very low one, so names weigh in as they would for any LM
        return -sum(lm.prob([toks[i], toks[i - 1], toks[i - 2]]) for i in range(2, len(toks))) / (len(toks) - 2)

    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    for part in ("train", "heldout"):
        for r in devdata.dev_records(part):
            if r["unit"] not in ("headline", "sentence", "paragraph"):
                continue
            kind = (r.get("kind") or "spun") if r["label"] == "spun" else "clean"
            s = oddness(r["text"])
            if s is not None:
                groups[(r["unit"], kind)].append(s)
            # the original a spun item was made from: if it scores like its copy, the LM sees no spin
            o = oddness(r.get("original") or "") if kind != "clean" else None
            if o is not None:
                groups[(r["unit"], f"{kind} (its original)")].append(o)
    print("\n[trigram LM] mean log-prob per word, all dev items (both splits: nothing is fitted)")
    print(f"{'':18}unit       kind                                    n  AUC vs clean")
    for (unit, kind), vals in sorted(groups.items()):
        clean = groups.get((unit, "clean"), [])
        if kind == "clean" or not clean:
            continue
        score = auc([1] * len(vals) + [0] * len(clean), vals + clean)
        print(f"{'':18}{unit:<10} {kind:<38}{len(vals):>3}  {score:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--analyzer", action="append", choices=("char", "word"))
    ap.add_argument("--corpus-articles", type=int, default=600)
    args = ap.parse_args()
    if not devdata.require_shared(None):
        return 2
    if not wordnet_synonyms():
        print("WordNet not found (apt-get install wordnet-base)", file=sys.stderr)
        return 2
    ngram_section(args.analyzer or ["char", "word"], args.corpus_articles)
    lm_section()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
