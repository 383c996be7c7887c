#!/usr/bin/env python3
"""Measure each spinner-lexicon entry on clean news and write its weight to data/spin/lexicon_stats.json.

For every entry of rules/spin/{lexicon,spun-phrases,names}.tsv this counts, over clean news text, how often the
spun form occurs (honouring its context conditions) and how often its original occurs, and stores the
log-likelihood ratio from :func:`qualitycheck.spin.lexicon.llr_from_counts`. Only derived numbers are written;
no corpus text or vocabulary leaves the corpora.

Clean text used for these statistics (the shared data folder, never copied into the repo): bbc, reuters21578,
lee_abc (research-only corpora: statistics only), onestopenglish, gum_wikinews, the clickbait corpus's news
headlines, and the TRAIN part of clean_dev. Usage:

    PYTHONPATH=src python scripts/build_spin_lexicon.py [--shared /work/shared]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from qualitycheck.spin import devdata  # noqa: E402
from qualitycheck.spin.lexicon import DATA_DIR, Lexicon, llr_from_counts, load_entries, tokenize  # noqa: E402

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", help="the shared folder (default: $QC_SHARED, /work/shared or ../shared)")
    ap.add_argument("--out", default=str(DATA_DIR / "lexicon_stats.json"))
    ap.add_argument("--without", action="append", default=[], metavar="CORPUS",
                    help="leave a statistics corpus out (bench/spin_clean_unseen.py measures clean rates on it)")
    args = ap.parse_args()
    if not devdata.require_shared(args.shared):
        return 2
    entries = load_entries()
    lex = Lexicon(entries, {})
    # each original is counted per entry, under that entry's own context conditions, so a spun form that is
    # only looked for in one context ("greater than" before a number) is compared with its original in the
    # same context ("more than" before a number)
    # a spinner picks among its own forms of an original ("mother and father", "dad and mom" for "parents"), so
    # the forms share the spun rate within one family only: another family's form ("moms and dads") is another
    # spinner's choice and must not halve the weight of this one's
    originals = defaultdict(list)
    forms_per_original = Counter()
    for e in lex.entries:
        key = lex.original_key(e)
        originals[key].append(e)
        forms_per_original[(e.family, key)] += 1
    max_orig = max(len(k) for k in originals)
    spun_counts: Counter[str] = Counter()
    orig_counts: Counter[str] = Counter()
    words = 0
    t0 = time.time()
    for text in devdata.statistics_texts(without=args.without):
        toks = tokenize(text)
        words += sum(1 for t in toks if t.is_word)
        for m in lex.find(toks, text):
            spun_counts[m.entry.key] += 1
        norms = [t.norm for t in toks]
        for i in range(len(norms)):
            for n in range(1, max_orig + 1):
                key = tuple(norms[i : i + n])
                if len(key) < n:
                    break
                if key in originals:
                    prev = toks[i - 1] if i > 0 else None
                    nxt = toks[i + n] if i + n < len(toks) else None
                    for e in originals[key]:
                        if e.applies(prev, nxt):
                            orig_counts[e.key] += 1
    llr, counts = {}, {}
    for e in lex.entries:
        okey = lex.original_key(e)
        s, o = spun_counts[e.key], orig_counts[e.key]
        llr[e.key] = round(llr_from_counts(s, o, forms_per_original[(e.family, okey)]), 3)
        counts[e.key] = [s, o]
    out = {
        "about": "Weights of the spinner lexicon: natural-log likelihood ratio spun/clean per entry, from counts in clean news (see scripts/build_spin_lexicon.py).",
        "corpus_words": words,
        "llr": llr,
        "counts": counts,
    }
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"{len(llr)} entries, {words} clean words, {time.time() - t0:.1f}s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
