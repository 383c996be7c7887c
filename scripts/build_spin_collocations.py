#!/usr/bin/env python3
"""Build the reverse-spin collocation table (src/qualitycheck/data/spin/collocations.json.gz).

Build-time requirements (not needed at run time):
  * WordNet 3.0 database files from Debian:  apt-get install wordnet-base   (read from /usr/share/wordnet)
  * pip install 'qualitycheck[build]'  (pocketsphinx: CMU's en-us trigram LM, BSD-2-Clause; lemminflect, MIT)

What it writes (gzip JSON, a few hundred kB):
  * ``candidates``: spun surface word -> up to 12 more common WordNet relatives (synset, similar-to, verb group,
    hypernym/hyponym one hop), re-inflected with lemminflect to the same Penn tag. These are the words a
    spinner may have replaced ("hearth" -> "fire", "reside" -> "live", "instructed" -> "told").
  * ``uni``: log10 unigram probability (LM) of every word involved; ``bo``: log10 backoff weight of context words.
  * ``bigrams``: "a b" -> log10 P(b|a) for bigrams that are explicit in the LM and strongly collocated
    (P >= 10^-2.5 and PMI >= 1), where a or b is a candidate original and the other is one of the --vocab most
    frequent LM words or the pair occurs in clean text (the openly licensed corpora plus, for counting only,
    the research corpora of the shared data).
Licence notices: WordNet 3.0 (Princeton licence) and the CMU LM (BSD-2-Clause) - see NOTICE-spin-data.txt.

    PYTHONPATH=src python scripts/build_spin_collocations.py [--shared DIR]
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from qualitycheck.spin import devdata, wordnet  # noqa: E402
from qualitycheck.spin.lexicon import DATA_DIR, tokenize  # noqa: E402

WORDNET = wordnet.WORDNET_DIR
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
TAGS = {"n": ["NN", "NNS"], "v": ["VB", "VBD", "VBG", "VBN", "VBZ"], "a": ["JJ"], "s": ["JJ"], "r": ["RB"]}
RELATIONS = {"@", "~", "&", "$", "@i", "~i"}
L10 = 0.0000434273
WORD_RE = re.compile(r"^[a-z]+$")
# function words and very short words are never candidates: the lexicon handles function-word spins
STOP = set("a an the of to in on at by for with from and or but if as is are was were be been being it its this that these those he she they we you i".split())


def write_json_gz(path: "str | Path", data: object, **dump_options: object) -> None:
    """Compact JSON, gzipped with no file name or time stamp in the header, so a rebuild is byte-equal."""
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
        packed.write(json.dumps(data, separators=(",", ":"), **dump_options).encode("utf-8"))


def wordnet_available() -> bool:
    if wordnet.available():
        return True
    print("WordNet not found: apt-get install wordnet-base", file=sys.stderr)
    return False


def build_extra_available(*modules: str) -> bool:
    """Are the build extra's packages importable? Says which are missing on stderr when not."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        print(f"needs the build extra ({', '.join(missing)}): pip install 'qualitycheck[build]'", file=sys.stderr)
        return False
    return True


def read_wordnet() -> tuple[dict[str, list[tuple[str, list[str]]]], dict[str, set[str]]]:
    """synset offset+pos -> (pos, lemmas, related synset keys); lemma -> synset keys."""
    synsets: dict[str, tuple[str, list[str], list[str]]] = {}
    for pos_file in sorted(set(POS_FILES.values())):
        with (WORDNET / f"data.{pos_file}").open(encoding="latin-1") as handle:
            for line in handle:
                if line.startswith("  "):
                    continue
                parts = line.split(" | ")[0].split()
                offset, pos = parts[0], parts[2]
                n_words = int(parts[3], 16)
                words = [parts[4 + 2 * i].lower() for i in range(n_words)]
                k = 4 + 2 * n_words
                n_ptr = int(parts[k])
                rel = []
                for p in range(n_ptr):
                    sym, off, ppos = parts[k + 1 + 4 * p], parts[k + 2 + 4 * p], parts[k + 3 + 4 * p]
                    if sym in RELATIONS:
                        rel.append(f"{off}{ppos if ppos != 's' else 'a'}")
                synsets[f"{offset}{pos if pos != 's' else 'a'}"] = (pos, words, rel)
    by_lemma: dict[str, set[str]] = defaultdict(set)
    for key, (_pos, words, _rel) in synsets.items():
        for w in words:
            by_lemma[w].add(key)
    return synsets, by_lemma  # type: ignore[return-value]


def prune(bigrams: dict[str, float], unigram: dict[str, float], pmi_min: float = 2.0) -> dict[str, float]:
    """Keep the collocations the run-time rule can use (PMI >= 2, see qualitycheck.spin.collocations.PMI_MIN):
    smaller table, faster load."""
    return {k: p for k, p in bigrams.items() if p - unigram[k.split()[1]] >= pmi_min}


def prune_candidates(cand: dict[str, list[str]], bigrams: dict[str, float]) -> dict[str, list[str]]:
    """Drop relatives that take part in no kept collocation: they can never fire."""
    in_colloc = {w for k in bigrams for w in k.split()}
    out = {s: [c for c in cs if c in in_colloc] for s, cs in cand.items()}
    return {s: cs for s, cs in out.items() if cs}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared")
    ap.add_argument("--out", default=str(DATA_DIR / "collocations.json.gz"))
    ap.add_argument("--common", type=float, default=-4.3, help="log10 unigram floor for a candidate original")
    ap.add_argument("--vocab", type=int, default=20000, help="context words probed against each original")
    ap.add_argument("--prune-only", action="store_true", help="only re-prune an existing table (no WordNet/LM needed)")
    args = ap.parse_args()
    if args.shared:
        os.environ["QC_SHARED"] = args.shared
    if args.prune_only:
        with gzip.open(args.out, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        data["bigrams"] = prune(data["bigrams"], data["uni"])
        data["candidates"] = prune_candidates(data["candidates"], data["bigrams"])
        keep = set(data["candidates"]) | {c for cs in data["candidates"].values() for c in cs} | {w for k in data["bigrams"] for w in k.split()}
        data["uni"] = {w: v for w, v in data["uni"].items() if w in keep}
        data["bo"] = {w: v for w, v in data["bo"].items() if w in keep}
        write_json_gz(args.out, data, sort_keys=True)
        print(f"pruned: {len(data['bigrams'])} bigrams, {len(data['uni'])} words")
        return 0
    if not wordnet_available() or not build_extra_available("pocketsphinx", "lemminflect"):
        return 2
    import pocketsphinx
    from lemminflect import getInflection
    from pocketsphinx import NGramModel

    t0 = time.time()
    lm = NGramModel.readfile(os.path.join(os.path.dirname(pocketsphinx.__file__), "model/en-us/en-us.lm.bin"))

    def uni(w: str) -> float:
        return lm.prob([w]) * L10

    def lp(b: str, a: str) -> float:
        return lm.prob([b, a]) * L10

    probes = ["abiola's", "aborn", "abudrahm"]
    bo_cache: dict[str, float] = {}

    def bo(a: str) -> float:
        if a not in bo_cache:
            bo_cache[a] = min(lp(z, a) - uni(z) for z in probes)
        return bo_cache[a]

    def known(w: str) -> bool:
        return uni(w) > -1000

    def explicit(a: str, b: str) -> bool:
        return abs(lp(b, a) - (bo(a) + uni(b))) > 0.003

    synsets, by_lemma = read_wordnet()
    print(f"wordnet: {len(synsets)} synsets, {len(by_lemma)} lemmas ({time.time() - t0:.1f}s)")
    candidates: dict[str, dict[str, float]] = defaultdict(dict)
    for lemma, keys in by_lemma.items():
        if not WORD_RE.match(lemma) or lemma in STOP or len(lemma) < 3:
            continue
        for key in keys:
            pos, _words, rel = synsets[key]
            related = set()
            for k2 in [key, *rel]:
                if k2 in synsets:
                    related.update(w for w in synsets[k2][1] if WORD_RE.match(w) and w != lemma and w not in STOP and len(w) >= 3)
            for tag in TAGS[pos]:
                spun = (getInflection(lemma, tag) or (lemma,))[0]
                if not known(spun):
                    continue
                u_s = uni(spun)
                for rel_lemma in related:
                    orig = (getInflection(rel_lemma, tag) or (rel_lemma,))[0]
                    if not known(orig) or orig == spun:
                        continue
                    u_c = uni(orig)
                    if u_c >= args.common and u_c - u_s >= 0.5:
                        candidates[spun][orig] = u_c
    # ties broken by the word: set order varies between processes (PYTHONHASHSEED), the table must not
    cand = {s: [c for c, _ in sorted(cs.items(), key=lambda x: (-x[1], x[0]))[:12]] for s, cs in candidates.items()}
    originals = {c for cs in cand.values() for c in cs}
    print(f"candidates: {len(cand)} spun words, {len(originals)} originals ({time.time() - t0:.1f}s)")
    # strong collocations of the originals, among bigrams seen in clean text
    seen: set[tuple[str, str]] = set()
    texts = []
    for name in ("onestopenglish", "gum_wikinews", "bbc", "reuters21578", "lee_abc"):
        texts.extend(r.get("text") or "" for r in devdata.corpus_records(name))
    texts.extend(devdata.clickbait_headlines("non_clickbait_data"))
    for text in texts:
        words = [t.norm for t in tokenize(text) if t.is_word]
        for a, b in zip(words, words[1:]):
            if a in originals or b in originals:
                seen.add((a, b))
    # plus, for every original, its strong neighbours among the --vocab most frequent words the LM knows
    # (probing the LM: "fire ants" is rare in the corpora but a strong LM collocation)
    pool = {w for w in by_lemma if WORD_RE.match(w)} | {w for a, b in seen for w in (a, b)}
    pool |= {(getInflection(w, "NNS") or (w,))[0] for w in by_lemma if WORD_RE.match(w)}
    ranked = sorted((w for w in pool if known(w)), key=lambda w: (-uni(w), w))[: args.vocab]
    for c in originals:
        for w in ranked:
            if lp(w, c) >= -2.5:
                seen.add((c, w))
            if lp(c, w) >= -2.5:
                seen.add((w, c))
    print(f"probed {len(originals)} x {len(ranked)} ({time.time() - t0:.0f}s)")
    bigrams: dict[str, float] = {}
    for a, b in seen:
        if not (known(a) and known(b)):
            continue
        p = lp(b, a)
        if p >= -2.5 and p - uni(b) >= 1.0 and explicit(a, b):
            bigrams[f"{a} {b}"] = round(p, 2)
    bigrams = prune(bigrams, {w: uni(w) for w in {w for k in bigrams for w in k.split()}})
    cand = prune_candidates(cand, bigrams)
    vocab = set(cand) | originals | {w for k in bigrams for w in k.split()}
    out = {
        "about": "Reverse-spin collocations: WordNet 3.0 relatives (Princeton WordNet licence) scored with the CMU en-us trigram LM from pocketsphinx (BSD-2-Clause). Built by scripts/build_spin_collocations.py.",
        "candidates": cand,
        "uni": {w: round(uni(w), 2) for w in sorted(vocab)},
        "bo": {w: round(bo(w), 2) for w in sorted({k.split()[0] for k in bigrams} | set(cand) | originals)},
        "bigrams": bigrams,
    }
    write_json_gz(args.out, out, sort_keys=True)
    print(f"{len(bigrams)} bigrams, {len(vocab)} words -> {args.out} ({Path(args.out).stat().st_size / 1e6:.2f} MB, {time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
