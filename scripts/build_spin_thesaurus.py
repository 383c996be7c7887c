#!/usr/bin/env python3
"""Build the thesaurus-spin table (src/qualitycheck/data/spin/thesaurus.json.gz): rare synonyms of common news
words, each with the common word it probably replaced and a weight measured on clean news.

A dictionary-driven spinner swaps a common word for a WordNet-style synonym ("model" -> "mannequin", "live" ->
"reside"). The hand-written lexicon (rules/spin/lexicon.tsv) covers the spinner family seen so far; this table
generalises to spinners with another dictionary. For every single-word lemma pair that shares a WordNet 3.0
synset, re-inflected with lemminflect to the same Penn tag, the form s is a spun candidate of the form o when the
synset is one of o's --senses most frequent senses, o is common in clean news (>= --min-original lowercase occurrences), s is at least --ratio times rarer both in
that news and in general English (wordfreq, Zipf scale), and s is rare in general English (Zipf <= --max-zipf:
the news corpora are small and dated, so "percent" or "approximately" look rare in them alone). Its
weight is the lexicon's own estimate, ``llr_from_counts(count(s), count(o), synonyms of o)``: the more often
journalists write s anyway, and the more synonyms o has to choose from, the weaker the evidence. Only pairs at
or above the weak-evidence floor are kept. Entries of the hand-written lexicon are left to it.

Clean counts: qualitycheck.spin.devdata.statistics_texts (bbc, reuters21578, lee_abc, onestopenglish,
gum_wikinews, clickbait news headlines, TRAIN part of clean_dev); only derived numbers are written.
Build-time requirements: Debian wordnet-base (/usr/share/wordnet); lemminflect and wordfreq (word frequencies,
data CC BY-SA 4.0; only used to filter) from 'qualitycheck[build]'.

    PYTHONPATH=src python scripts/build_spin_thesaurus.py [--shared DIR] [--corpora bbc,reuters21578]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from build_spin_collocations import STOP, TAGS, WORD_RE, build_extra_available, read_wordnet, wordnet_available, write_json_gz  # noqa: E402

from qualitycheck.spin import devdata, wordnet  # noqa: E402
from qualitycheck.spin.features import WEAK_LLR  # noqa: E402
from qualitycheck.spin.lexicon import Lexicon, llr_from_counts, load_entries, tokenize  # noqa: E402
from qualitycheck.spin.thesaurus import TABLE_FILE  # noqa: E402


def sense_ranks() -> dict[tuple[str, str], int]:
    """(lemma, synset key) -> rank of that sense among the lemma's senses (0 = most frequent)."""
    return {(lemma, key): rank for lemma, _pos, keys in wordnet.senses() for rank, key in enumerate(keys)}


def clean_counts(corpora: "list[str] | None") -> tuple[Counter[str], Counter[str], int]:
    """Lowercase occurrences and capitalised mid-sentence occurrences (names) of every word, and the word total."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    words = 0
    if corpora is None:
        texts = devdata.statistics_texts()
    else:
        texts = (p for name in corpora for rec in devdata.corpus_records(name) for p in (rec.get("text") or "").split("\n\n"))
    for text in texts:
        prev_word = False
        for t in tokenize(text):
            if not t.is_word:
                prev_word = False
                continue
            words += 1
            if t.text.islower():
                lower[t.norm] += 1
            elif prev_word and t.text[:1].isupper():
                capital[t.norm] += 1
            prev_word = True
    return lower, capital, words


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared")
    ap.add_argument("--out", default=str(TABLE_FILE))
    ap.add_argument("--corpora", help="comma-separated corpus names instead of the full statistics set (for FP checks)")
    ap.add_argument("--min-original", type=int, default=200)
    ap.add_argument("--ratio", type=float, default=20.0)
    ap.add_argument("--senses", type=int, default=2, help="only the original's N most frequent WordNet senses")
    ap.add_argument("--max-zipf", type=float, default=3.5, help="a spun form must be this rare in general English (wordfreq)")
    args = ap.parse_args()
    if not devdata.require_shared(args.shared):
        return 2
    if not wordnet_available() or not build_extra_available("lemminflect", "wordfreq"):
        return 2
    from lemminflect import getInflection
    from wordfreq import zipf_frequency

    t0 = time.time()
    lower, capital, words = clean_counts(args.corpora.split(",") if args.corpora else None)
    print(f"clean counts: {words} words, {len(lower)} lowercase types ({time.time() - t0:.1f}s)")
    synsets, _by_lemma = read_wordnet()
    ranks = sense_ranks()
    lexicon_forms = {tuple(t.norm for t in tokenize(e.spun)) for e in Lexicon(load_entries()).entries}
    # spun form -> {original form: count}; original form -> its spun forms (how many a spinner picks from)
    zipf_cache: dict[str, float] = {}

    def zipf(word: str) -> float:
        if word not in zipf_cache:
            zipf_cache[word] = zipf_frequency(word, "en")
        return zipf_cache[word]

    pairs: dict[str, dict[str, int]] = defaultdict(dict)
    forms_of: dict[str, set[str]] = defaultdict(set)
    for key, (pos, lemmas, _rel) in synsets.items():
        single = [w for w in lemmas if WORD_RE.match(w) and w not in STOP and len(w) >= 3]
        if len(single) < 2:
            continue
        for tag in TAGS[pos]:
            forms = {w: (getInflection(w, tag) or (w,))[0] for w in single}
            for o_lemma, o in forms.items():
                n_o = lower[o]
                # a spinner swaps a word for a synonym of its usual sense, not of a rare one ("have" -> "birth")
                if n_o < args.min_original or ranks.get((o_lemma, key), 99) >= args.senses:
                    continue
                for s_lemma, s in forms.items():
                    if s == o or s_lemma == o_lemma or (s,) in lexicon_forms:
                        continue
                    if lower[s] * args.ratio > n_o or capital[s] > lower[s] + 2:
                        continue  # not rare enough in news, or mostly a name ("Bush" for shrub)
                    if zipf(s) > args.max_zipf or zipf(o) - zipf(s) < math.log10(args.ratio):
                        continue  # common in English at large: the news corpora are small and dated
                    pairs[s][o] = n_o
                    forms_of[o].add(s)
    table: dict[str, list] = {}
    for s, origs in pairs.items():
        o = max(origs, key=lambda w: (origs[w], w))
        # the news count of a rare word is noisy: never below what its general-English frequency predicts
        expected = words * 10 ** (zipf(s) - 9)
        llr = llr_from_counts(max(lower[s], expected), origs[o], len(forms_of[o]))
        if llr >= WEAK_LLR:
            table[s] = [o, round(llr, 2), lower[s]]
    data = {
        "about": "Thesaurus spin table: spun form -> [likely original, weight (natural-log LR), clean-news count]; scripts/build_spin_thesaurus.py",
        "corpus_words": words,
        "entries": dict(sorted(table.items())),
    }
    write_json_gz(args.out, data, ensure_ascii=False)
    strong = sum(1 for v in table.values() if v[1] >= 3.0)
    print(f"{len(table)} entries ({strong} with weight >= 3) from {len(pairs)} candidate forms, {time.time() - t0:.1f}s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
