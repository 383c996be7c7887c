"""Build ``src/qualitycheck/data/spin/names_generated.tsv``: spun forms of well-known multi-word names.

A dictionary spinner swaps the common words inside names too ("Drug Enforcement Agency" -> "Drug Enforcement
Company", "White House" -> "White Home", "World Health Organization" -> "World Well Being Organization"), and the
spinner family uses the same swap for a word everywhere. rules/spin/names.tsv lists the name spins seen so far;
this script applies the same word swaps to every multi-word proper name of WordNet 3.0:

* names: WordNet noun lemmas of 2-5 words, every word capitalised except small linking words ("of", "and",
  "the"), no digits;
* swaps: the lexicon's one-word originals without context conditions (``office`` -> ``workplace``), and the
  one-word-for-one-word swaps inside names.tsv (``middle`` -> ``center`` from "Middle East" -> "Center East");
  a spun form that contains its original ("eye" -> "eye fixed") is left out;
* variants: every combination of kept and swapped words (at most 12 per name), minus any that is itself a
  WordNet lemma, already in names.tsv, or written anywhere in the clean statistics corpora (case-sensitive).

Each row carries the context ``!prev=@cap !next=@cap cs``: the match must be the whole capitalised run, so
"Protection Department" is not found inside "Environmental Protection Department". Weights are measured like
every entry's by scripts/build_spin_lexicon.py (run it after this script).

    PYTHONPATH=src python scripts/build_spin_names.py [--shared DIR]     # needs Debian wordnet-base
"""
from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from qualitycheck.spin import devdata, wordnet  # noqa: E402
from qualitycheck.spin.learn import aligned_substitutions  # noqa: E402
from qualitycheck.spin.lexicon import GENERATED_NAMES, GENERATED_NOTE, Entry, Lexicon, load_entries, parse_context, tokenize  # noqa: E402

SMALL = frozenset("of and the for de la le du von van in on at to a an del des y".split())
WORD = re.compile(r"^[A-Za-z][A-Za-z.'-]*$")
CONTEXT = "!prev=@cap !next=@cap cs"
PER_NAME = 12


def wordnet_lemmas() -> tuple[set[str], set[str]]:
    """(multi-word proper names as written, every lemma lowercased)."""
    names, lower = set(), set()
    for key, lemmas in wordnet.synset_members(lowercase=False).items():
        for lemma in lemmas:
            words = re.sub(r"\(.*\)$", "", lemma).split("_")  # adjective markers such as "(a)"
            lower.add(" ".join(words).lower())
            if (key.endswith("n") and 2 <= len(words) <= 5 and all(WORD.match(w) for w in words)
                    and words[0][:1].isupper() and all(w[:1].isupper() or w in SMALL for w in words)):
                names.add(" ".join(words))
    return names, lower


def word_swaps(entries: list[Entry]) -> dict[str, set[str]]:
    swaps: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.family:
            continue  # the main family's swaps only: names are spun by the same dictionary as the text around them
        if e.source == "names":
            # one word for one word only: a longer run of a name spin splits unreliably ("Attorney General" ->
            # "Legal professional common" is not "general" -> "professional common")
            pairs = [(s.original, s.spun) for s in aligned_substitutions(e.original, e.spun) if " " not in s.original + s.spun]
        elif e.source in ("lexicon", "phrases") and not e.context:
            pairs = [(e.original, e.spun)]
        else:
            continue
        for original, spun in pairs:
            o, s = original.lower(), spun.lower()
            if o.isalpha() and o not in SMALL and all(w.isalpha() for w in s.split()) and o not in s.split():
                swaps[o].add(s)
    return swaps


def title(phrase: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in phrase.split())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", help="the shared folder (default: $QC_SHARED, /work/shared or ../shared)")
    ap.add_argument("--out", default=str(GENERATED_NAMES))
    args = ap.parse_args()
    if not wordnet.available():
        print("WordNet 3.0 is needed at build time: sudo apt-get install wordnet-base", file=sys.stderr)
        return 2
    if not devdata.require_shared(args.shared):
        return 2
    t0 = time.time()
    entries = load_entries(generated=None)
    names, lemmas = wordnet_lemmas()
    swaps = word_swaps(entries)
    curated = {e.spun for e in entries if e.source == "names"}
    variants: dict[str, str] = {}
    for name in sorted(names):
        options = [[w] + ([title(s) for s in sorted(swaps[w.lower()])] if w.lower() in swaps and w[:1].isupper() else []) for w in name.split()]
        for combo in itertools.islice(itertools.product(*options), PER_NAME + 1):
            variant = " ".join(combo)
            if variant != name and variant.lower() not in lemmas and variant not in curated:
                variants.setdefault(variant, name)
    # drop every variant a clean writer has used (case-sensitive, anywhere: the context guard is not applied)
    conds = parse_context("cs")
    probe = Lexicon([Entry(v, o, "cs", "names", conds, True) for v, o in variants.items()], {})
    seen = set()
    for text in devdata.statistics_texts():
        for m in probe.find(tokenize(text), text):
            seen.add(m.entry.spun)
    rows = sorted((v, o) for v, o in variants.items() if v not in seen)
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write("spun\toriginal\tcontext\tnote\n")
        handle.write("# Generated by scripts/build_spin_names.py from WordNet 3.0 multi-word names (Princeton licence, see\n")
        handle.write("# NOTICE-spin-data.txt) and the word swaps of rules/spin/lexicon.tsv and names.tsv. Do not edit by hand.\n")
        for v, o in rows:
            handle.write(f"{v}\t{o}\t{CONTEXT}\t{GENERATED_NOTE}\n")
    print(f"{len(names)} WordNet names, {len(swaps)} word swaps, {len(variants)} variants, {len(seen)} seen in clean news, {len(rows)} kept ({time.time() - t0:.0f}s) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
