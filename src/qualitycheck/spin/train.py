"""Training recipe for the spin model: synthetic spins of openly licensed clean text + the dev TRAIN split.

Spinner profiles (so the model does not learn one tool's quirks):

* ``heavy``   -- the inverse lexicon applied to most originals it can (dense word-by-word spinner);
* ``medium``  -- about half of them;
* ``sparse``  -- about a quarter of them (a timid spinner);
* ``partial`` -- a random half of the lexicon only, as an unseen spinner whose dictionary differs from ours;
* ``thesaurus`` -- a thesaurus-random spinner: 30% of the words that have a rarer WordNet relative in the
  collocation table are replaced by a random one (no lexicon at all);
* ``wordnet`` -- another unseen dictionary: 30% of content words become a random co-member of their most
  frequent WordNet synset (needs Debian wordnet-base at training time; skipped without it);
* ``artefacts`` -- one or two machine-translation scars (a full stop mid-clause, a doubled word, a space before a
  comma) and no word swaps, like a round-trip translated copy.

A "light" profile (one to three substitutions, like a round-trip paraphrase) was tried and dropped: it teaches
the model that any single lexicon hit means spin, which tripled the clean-article flag rate.

Negatives are the same clean units unchanged. Clean sources used for anything shipped are openly licensed only:
onestopenglish (CC BY-SA 4.0), gum_wikinews (CC BY 2.5) and the clickbait corpus's news headlines (MIT); the
research-only corpora are never used here. The result is a JSON model (:class:`.classifier.SpinModel`).
"""
from __future__ import annotations

import json
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .classifier import LONG_WORDS, SpinModel, SpinModels
from .features import FEATURE_NAMES, UnitEvidence, count_words, sentence_spans
from . import wordnet
from .lexicon import Entry, Lexicon, tokenize
from .scorer import SpinScorer, match_case

#: profile -> (rate, share of the lexicon kept); "thesaurus", "wordnet" and "artefacts" do not use the lexicon
PROFILES = {"heavy": (0.9, 1.0), "medium": (0.5, 1.0), "sparse": (0.25, 1.0), "partial": (0.7, 0.5), "thesaurus": (0.3, 0.0),
            "wordnet": (0.3, 0.0), "artefacts": (0.0, 0.0)}


def wordnet_synonyms(directory: Path = wordnet.WORDNET_DIR) -> dict[str, list[str]]:
    """lemma -> the other single-word members of its most frequent WordNet synset ({} without WordNet)."""
    if not wordnet.available(directory):
        return {}
    members = wordnet.synset_members(directory)
    out: dict[str, list[str]] = {}
    for lemma, _pos, keys in wordnet.senses(directory):
        if lemma in out or not _LOWER_WORD.fullmatch(lemma) or len(lemma) < 4:
            continue
        syn = [w for w in members.get(keys[0], []) if w != lemma and _LOWER_WORD.fullmatch(w)]
        if syn:
            out[lemma] = syn
    return out


_LOWER_WORD = re.compile(r"[a-z]+")
_ARTEFACT_SPOT = re.compile(r"\b[a-z]{4,}\b(?= [a-z])")


def add_artefacts(text: str, rng: random.Random, most: int = 2) -> tuple[str, int]:
    """Insert one to ``most`` machine-translation scars after random lowercase words."""
    spots = list(_ARTEFACT_SPOT.finditer(text))
    if not spots:
        return text, 0
    chosen = sorted(rng.sample(spots, min(len(spots), rng.randint(1, most))), key=lambda m: -m.start())
    for m in chosen:
        word = m.group(0)
        scar = rng.choice((word + ".", word + " " + word, word + " ,"))
        text = text[: m.start()] + scar + text[m.end() :]
    return text, len(chosen)


@dataclass
class Unit:
    text: str
    label: int
    unit: str  # headline | sentence | paragraph | article
    source: str


class InverseSpinner:
    """Applies the lexicon backwards (original -> spun form) to clean text."""

    def __init__(self, lexicon: Lexicon, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.by_original: dict[tuple[str, ...], list[Entry]] = {}
        for e in lexicon.entries:
            if e.source == "names":
                continue
            self.by_original.setdefault(tuple(t.norm for t in tokenize(e.original)), []).append(e)
        self.max_len = max(len(k) for k in self.by_original)

    def thesaurus_spin(self, text: str, rate: float) -> tuple[str, int]:
        from .collocations import get_table

        table = get_table()
        if table is None:
            return text, 0
        if not hasattr(self, "_inverse"):
            inverse: dict[str, list[str]] = {}
            for spun, origs in table.candidates.items():
                for o in origs:
                    inverse.setdefault(o, []).append(spun)
            self._inverse = inverse
        return self.swap_words(text, rate, self._inverse)

    def swap_words(self, text: str, rate: float, table: dict[str, list[str]]) -> tuple[str, int]:
        """Replace a share ``rate`` of the lowercase words that ``table`` knows by one of their listed forms."""
        out, last, changed = [], 0, 0
        for t in tokenize(text):
            if t.is_word and t.text.islower() and t.norm in table and self.rng.random() < rate:
                out += [text[last : t.start], self.rng.choice(table[t.norm])]
                last, changed = t.end, changed + 1
        out.append(text[last:])
        return "".join(out), changed

    def spin(self, text: str, rate: float, keep_share: float, light: bool = False) -> tuple[str, int]:
        if keep_share == 0.0:
            return self.thesaurus_spin(text, rate)
        toks = tokenize(text)
        allowed = None
        if keep_share < 1.0:
            allowed = {k for k in self.by_original if self.rng.random() < keep_share}
        spots = []
        i = 0
        while i < len(toks):
            done = False
            for n in range(min(self.max_len, len(toks) - i), 0, -1):
                key = tuple(t.norm for t in toks[i : i + n])
                if key not in self.by_original or (allowed is not None and key not in allowed):
                    continue
                prev = toks[i - 1] if i > 0 else None
                nxt = toks[i + n] if i + n < len(toks) else None
                cands = [e for e in self.by_original[key] if e.applies(prev, nxt)]
                if cands:
                    spots.append((toks[i].start, toks[i + n - 1].end, cands))
                    i += n
                    done = True
                    break
            if not done:
                i += 1
        if light:
            chosen = self.rng.sample(spots, min(len(spots), self.rng.randint(1, 3))) if spots else []
        else:
            chosen = [s for s in spots if self.rng.random() < rate]
        out, last = [], 0
        for start, end, cands in sorted(chosen, key=lambda s: s[0]):
            out.append(text[last:start])
            out.append(match_case(self.rng.choice(cands).spun, text[start:end]))
            last = end
        out.append(text[last:])
        return "".join(out), len(chosen)


def clean_units(shared_records: Iterable[dict], headlines: Iterable[str], max_units: int = 6000, seed: int = 0) -> list[Unit]:
    rng = random.Random(seed)
    units: list[Unit] = []
    for rec in shared_records:
        paras = [p for p in (rec.get("text") or "").split("\n\n") if p.strip()]
        if not paras:
            continue
        units.append(Unit("\n\n".join(paras), 0, "article", rec.get("id", "")))
        for p in paras:
            units.append(Unit(p, 0, "paragraph", rec.get("id", "")))
            for a, b in sentence_spans(p):
                units.append(Unit(p[a:b], 0, "sentence", rec.get("id", "")))
    for h in headlines:
        units.append(Unit(h, 0, "headline", "clickbait"))
    rng.shuffle(units)
    return units[:max_units]


def synthesize(units: Sequence[Unit], lexicon: Lexicon, seed: int = 0, synonyms: Optional[dict[str, list[str]]] = None,
               copies: int = 1) -> list[Unit]:
    """For each clean unit, its clean self plus ``copies`` spun copies, each under a random profile (those where
    anything changed). ``synonyms`` (see :func:`wordnet_synonyms`) enables the "wordnet" profile."""
    rng = random.Random(seed)
    spinner = InverseSpinner(lexicon, seed)
    out: list[Unit] = []
    names = sorted(p for p in PROFILES if p != "wordnet" or synonyms)
    for u in units:
        out.append(u)
        for _ in range(copies):
            profile = rng.choice(names)
            rate, keep = PROFILES[profile]
            if profile == "wordnet":
                text, changed = spinner.swap_words(u.text, rate, synonyms or {})
            elif profile == "artefacts":
                text, changed = add_artefacts(u.text, rng)
            else:
                text, changed = spinner.spin(u.text, rate, keep, light=profile == "light")
            if changed:
                out.append(Unit(text, 1, u.unit, f"synthetic:{profile}"))
    return out


def recipe_units(lexicon: Lexicon, max_units: int = 14000, copies: int = 3, seed: int = 13,
                 synonyms: Optional[dict[str, list[str]]] = None) -> list[Unit]:
    """The shipped model's synthetic units (scripts/train_spin_model.py steps 1-2): clean units of the openly
    licensed corpora and clickbait news headlines, each followed by its spun copies made with ``lexicon``. Needs
    the shared data."""
    from . import devdata

    records = list(devdata.corpus_records("onestopenglish")) + list(devdata.corpus_records("gum_wikinews"))
    heads = list(devdata.clickbait_headlines("non_clickbait_data"))
    random.Random(seed).shuffle(heads)
    clean = clean_units(records, heads[:3000], max_units=max_units, seed=seed)
    return synthesize(clean, lexicon, seed=seed, synonyms=synonyms, copies=copies)


def features_of(units: Sequence[Unit], scorer: SpinScorer) -> list[list[float]]:
    rows = []
    for u in units:
        toks = tokenize(u.text)
        rows.append(UnitEvidence(count_words(toks), scorer.unit_matches(u.text, toks)[0]).features())
    return rows


#: share of spun units expected in real input. Training and calibration data are about half spun, so the
#: calibrated log-odds are shifted by log(prior / (1 - prior)) - log(1): spun copy is a minority of what users
#: check. 0.03 was chosen on the TRAIN split plus the open clean corpora (onestopenglish, gum_wikinews): it keeps
#: clean long articles under 1% flagged while synonym-spun train sentences stay above 0.95 recall.
PRIOR = 0.03
#: the prior of the short model (headlines, sentences). The issue's clean budget is 2% of sentences but 0.5% of
#: articles, so short units may sit nearer their budget: 0.05 is the largest of 0.03 / 0.05 / 0.08 / 0.10 / 0.15
#: that keeps clean sentences and headlines under half that budget (1%) on every clean bench -- bbc 1,500 articles'
#: first sentences 0.60%, clickbait-corpus headlines 0.17%, reuters21578 and lee_abc left out of the counts 0.85%
#: and 0.87% (0.08 put reuters at 1.28%). Chosen on those benches, not on the held-out split.
SHORT_PRIOR = 0.05


def fit(train: Sequence[Unit], calib: Sequence[Unit], scorer: SpinScorer, meta: Optional[dict] = None, prior: float = PRIOR) -> SpinModel:
    """Logistic regression on standardised features, Platt calibration on a separate set, then the prior shift."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    X = np.array(features_of(train, scorer), dtype=float)
    y = np.array([u.label for u in train])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    clf.fit((X - mean) / scale, y)
    model = SpinModel(list(FEATURE_NAMES), mean.tolist(), scale.tolist(), clf.coef_[0].tolist(), float(clf.intercept_[0]), meta=meta)
    if calib and len({u.label for u in calib}) == 2:
        z = np.array([[model.decision(x)] for x in features_of(calib, scorer)])
        yc = np.array([u.label for u in calib])
        platt = LogisticRegression(C=100.0, max_iter=1000)
        platt.fit(z, yc)
        model.calib_a, model.calib_b = float(platt.coef_[0][0]), float(platt.intercept_[0])
        balance = sum(u.label for u in calib) / len(calib)
        model.calib_b += math.log(prior / (1 - prior)) - math.log(balance / (1 - balance))
    model.meta = {**(model.meta or {}), "prior": prior}
    return model


def fit_pair(train: Sequence[Unit], calib: Sequence[Unit], scorer: SpinScorer, meta: Optional[dict] = None, prior: float = PRIOR,
             short_prior: float = SHORT_PRIOR) -> SpinModels:
    """One model for short units (headlines, sentences) and one for long units (paragraphs, articles)."""

    def long(u: Unit) -> bool:
        return count_words(tokenize(u.text)) >= LONG_WORDS

    def part(units: Sequence[Unit], want_long: bool) -> list[Unit]:
        chosen = [u for u in units if long(u) == want_long]
        # a tiny data set may lack one class in one part: then that part learns from everything
        return chosen if len({u.label for u in chosen}) == 2 else list(units)

    short_model = fit(part(train, False), part(calib, False), scorer, prior=short_prior)
    long_model = fit(part(train, True), part(calib, True), scorer, prior=prior)
    return SpinModels(short_model, long_model, LONG_WORDS, {**(meta or {}), "prior": prior, "short_prior": short_prior})


def save(model: "SpinModel | SpinModels", path: Path) -> None:
    path.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
