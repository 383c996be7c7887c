"""Clean-news flag rates on a corpus the lexicon weights never counted (leave one corpus out).

The clean rates of bench/spin_reach.py are optimistic: the corpora it scores also fed the lexicon's counts, and
"never seen in 4M words of clean news" is what lets a match be reported on its own. Here each named corpus is
left out of the counts (scripts/build_spin_lexicon.py --without CORPUS, into a temporary file), and its clean
articles, their first three paragraphs and the first two sentences of each are scored with those weights: the
rates a new site's clean copy would see. The model is the shipped one (trained with all corpora counted), a
small leak the other way. Prints, per corpus and unit: units, share scored spun, share with any reported span.

    PYTHONPATH=src python bench/spin_clean_unseen.py [--corpus reuters21578 --corpus lee_abc] [--articles 1500]
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from qualitycheck.spin import devdata  # noqa: E402
from qualitycheck.spin.evaluate import evaluate  # noqa: E402
from qualitycheck.spin.features import sentence_spans  # noqa: E402
from qualitycheck.spin.lexicon import Lexicon, load_entries, load_stats  # noqa: E402
from qualitycheck.spin.scorer import SpinScorer  # noqa: E402


def clean_records(corpus: str, articles: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    arts = [r for r in devdata.corpus_records(corpus) if not r.get("duplicate_of") and len((r.get("text") or "").split()) >= 150]
    rng.shuffle(arts)
    records = []
    for r in arts[:articles]:
        paras = [p for p in r["text"].split("\n\n") if p.strip()]
        records.append({"text": "\n\n".join(paras), "label": "clean", "unit": "article"})
        for p in paras[:3]:
            records.append({"text": p, "label": "clean", "unit": "paragraph"})
            records += [{"text": p[a:b], "label": "clean", "unit": "sentence"} for a, b in sentence_spans(p)[:2]]
    return records


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", help="statistics corpus to leave out and score (default: reuters21578, lee_abc)")
    ap.add_argument("--articles", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not devdata.require_shared():
        return 2
    print(f"{'left out':<14} {'unit':<10} {'units':>6} {'scored spun':>11} {'any span':>9}")
    for corpus in args.corpus or ["reuters21578", "lee_abc"]:
        with tempfile.TemporaryDirectory() as tmp:
            stats = Path(tmp) / "stats.json"
            subprocess.run([sys.executable, str(ROOT / "scripts" / "build_spin_lexicon.py"), "--without", corpus, "--out", str(stats)], check=True, stdout=subprocess.DEVNULL)
            llr, counts = load_stats(stats)
        scorer = SpinScorer(lexicon=Lexicon(load_entries(), llr, counts))
        result = evaluate(clean_records(corpus, args.articles, args.seed), 0.5, scorer)
        for unit, s in result["units"].items():
            print(f"{corpus:<14} {unit:<10} {s['n_clean']:>6} {s['clean_scored_spun']:>11.4f} {s['clean_any_span']:>9.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
