"""Syndication bench: recall/precision per copy kind for qualitycheck and a plain MinHash-LSH baseline, plus index
build throughput, query latency and index size.

Corpus (generated at run time from ../shared/data/corpora, never committed -- BBC/Reuters are research-only):
originals (BBC, Reuters-21578 >= 200 words, OneStopEnglish advanced, GUM Wikinews) go into the reference index;
from a sample of them we make exact copies with other boilerplate, 10%-edited copies, copies spun 20/35/50% by
two spinner styles, and partial copies (30-60% of the body inside an unrelated article). Held-out articles of the
same categories are the negatives. The baseline is datasketch MinHashLSH on word 5-grams (128 perms, threshold
0.5), queried with the same copies.

    PYTHONPATH=src python bench/bench_syndication.py [--sample 250] [--scale 100000] [--seed 1]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any, Optional

from rapidfuzz.distance import Indel

from qualitycheck.model import Article
from qualitycheck.syndication.build import signature_rows
from qualitycheck.syndication.index import ReferenceIndex
from qualitycheck.syndication.reference import DEFAULT_MIN_SHARE, DEFAULT_MIN_SOURCE_SHARE, find_copies
from qualitycheck.syndication.signature import DEFAULT_PARAMS

HERE = Path(__file__).resolve().parent
CORPORA = Path(os.environ.get("QC_SHARED", HERE.parent.parent.parent / "shared")) / "data" / "corpora"
if not CORPORA.is_dir():
    CORPORA = Path("/work/shared/data/corpora")
WORD = re.compile(r"\S+")

# -- corpus -------------------------------------------------------------------------------------------------------


def load_corpus() -> list[dict[str, Any]]:
    docs = []

    def read(name: str):
        with open(CORPORA / name / f"{name}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)

    for d in read("bbc"):
        if not d.get("duplicate_of"):
            docs.append({"id": d["id"], "title": d["title"], "text": d["text"], "topic": "bbc-" + d["category"], "date": None})
    for d in read("reuters21578"):
        if not d.get("duplicate_of") and len(d["text"].split()) >= 200:
            topic = "reuters-" + ((d.get("topics") or ["none"])[0])
            docs.append({"id": d["id"], "title": d["title"], "text": d["text"], "topic": topic, "date": d.get("date")})
    for d in read("onestopenglish"):
        if d.get("level") == "advanced":
            docs.append({"id": d["id"], "title": d["title"], "text": d["text"], "topic": "onestop", "date": None, "group": d["group"]})
    for d in read("gum_wikinews"):
        docs.append({"id": d["id"], "title": d["title"], "text": d["text"], "topic": "wikinews", "date": d.get("date")})
    return docs


def onestop_versions() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    with open(CORPORA / "onestopenglish" / "onestopenglish.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out[d["group"]][d["level"]] = d["text"]
    return out


# -- spinners and editors -------------------------------------------------------------------------------------------


def wordnet_synonyms(path: str = "/usr/share/wordnet") -> dict[str, list[str]]:
    """word -> synonyms from WordNet synsets (Debian wordnet-base data files)."""
    syn: dict[str, set[str]] = defaultdict(set)
    for pos in ("noun", "verb", "adj", "adv"):
        file = Path(path) / f"data.{pos}"
        if not file.exists():
            continue
        with open(file, encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                parts = line.split()
                count = int(parts[3], 16)
                words = [parts[4 + 2 * i].split("(")[0].replace("_", " ").lower() for i in range(count)]
                for w in words:
                    if " " not in w:
                        syn[w].update(x for x in words if x != w)
    return {w: sorted(s) for w, s in syn.items() if s}


PHRASES = [
    ("more than", "greater than"), ("where", "the place"), ("said", "stated"), ("says", "states"), ("because", "as a result of"),
    ("but", "however"), ("after", "following"), ("before", "prior to"), ("about", "regarding"), ("also", "additionally"),
    ("many", "numerous"), ("get", "obtain"), ("use", "utilise"), ("help", "assist"), ("show", "demonstrate"), ("buy", "purchase"),
    ("big", "large"), ("start", "commence"), ("people", "individuals"), ("very", "extremely"), ("so", "therefore"),
    ("while", "whereas"), ("new", "recent"), ("told", "informed"), ("week", "7 days"), ("original", "unique"), ("first", "preliminary"),
    ("is", "is actually"), ("was", "was truly"), ("has", "has actually"), ("will", "is going to"), ("can", "is able to"),
    ("the", "this"), ("a", "one"), ("of", "regarding"), ("in", "within"), ("on", "upon"), ("to", "towards"), ("and", "as well as"),
    ("for", "intended for"), ("with", "along with"), ("by", "through"), ("it", "this"), ("that", "which"),
]
FILLERS = ["really", "actually", "truly", "basically", "indeed", "certainly", "quite", "simply"]


class Spinner:
    def __init__(self, synonyms: dict[str, list[str]], vocab: list[str], rng: random.Random):
        self.syn, self.vocab, self.rng = synonyms, vocab, rng

    def thesaurus(self, text: str, p: float) -> str:
        """WordNet-random substitution: a fraction ``p`` of all words replaced, synonyms first, other words after."""
        paras = [WORD.findall(x) for x in text.split("\n\n")]
        flat = [(i, j) for i, ws in enumerate(paras) for j, _ in enumerate(ws)]
        target = int(round(p * len(flat)))
        eligible = [(i, j) for i, j in flat if paras[i][j].isalpha() and paras[i][j].islower() and paras[i][j] in self.syn]
        self.rng.shuffle(eligible)
        chosen = eligible[:target]
        if len(chosen) < target:  # not enough WordNet words: any other lower-case word gets a random replacement
            rest = [(i, j) for i, j in flat if (i, j) not in set(chosen) and paras[i][j][:1].islower()]
            self.rng.shuffle(rest)
            chosen += rest[: target - len(chosen)]
        for i, j in chosen:
            w = paras[i][j]
            core = w.strip(".,;:!?\"'()")
            repl = self.rng.choice(self.syn[core]) if core in self.syn else self.rng.choice(self.vocab)
            paras[i][j] = w.replace(core, repl) if core else repl
        return "\n\n".join(" ".join(ws) for ws in paras)

    def phrase(self, text: str, p: float) -> str:
        """Function-word/phrase spinner: rewrites common words and phrases, inserts fillers, respells ~10% of
        names (capitalised words), then replaces random words until ~``p`` of the words changed."""
        out = []
        total = len(WORD.findall(text))
        budget = int(round(p * total))
        changed = 0
        for para in text.split("\n\n"):
            ws = WORD.findall(para)
            res: list[str] = []
            k = 0
            while k < len(ws):
                w = ws[k]
                done = False
                if changed < budget * 0.6 and self.rng.random() < 0.6:
                    for src, dst in PHRASES:
                        n = src.count(" ") + 1
                        seg = " ".join(ws[k : k + n])
                        if seg.lower().rstrip(".,;:") == src and self.rng.random() < 0.8:
                            tail = seg[len(seg.rstrip(".,;:")) :]
                            res.append((dst.capitalize() if seg[:1].isupper() else dst) + tail)
                            k += n
                            changed += n
                            done = True
                            break
                if done:
                    continue
                if w[:1].isupper() and k > 0 and self.rng.random() < 0.10:  # respell or swap a name
                    core = w.strip(".,;:!?\"'()")
                    alt = self.syn.get(core.lower())
                    repl = alt[0].capitalize() if alt else (core[:-1] if len(core) > 3 else core + "s")
                    res.append(w.replace(core, repl))
                    changed += 1
                elif changed < budget and self.rng.random() < 0.03:
                    res.append(self.rng.choice(FILLERS))
                    res.append(w)
                    changed += 1
                else:
                    res.append(w)
                k += 1
            out.append(res)
        flat = [(i, j) for i, ws in enumerate(out) for j, w in enumerate(ws) if w[:1].islower()]
        self.rng.shuffle(flat)
        for i, j in flat[: max(0, budget - changed)]:
            w = out[i][j]
            core = w.strip(".,;:!?\"'()")
            alts = self.syn.get(core)
            repl = self.rng.choice(alts) if alts and self.rng.random() < 0.5 else self.rng.choice(self.vocab)
            out[i][j] = w.replace(core, repl) if core else repl
        spun = "\n\n".join(" ".join(ws) for ws in out)
        for _ in range(4):  # phrase rewrites keep some words: top up until the measured change reaches p
            missing = p - changed_fraction(text, spun)
            if missing <= 0.015:
                break
            spun = self.replace_words(spun, missing * total)
        return spun

    def replace_words(self, text: str, count: float) -> str:
        paras = [WORD.findall(x) for x in text.split("\n\n")]
        flat = [(i, j) for i, ws in enumerate(paras) for j, w in enumerate(ws) if w[:1].islower()]
        self.rng.shuffle(flat)
        for i, j in flat[: int(round(count))]:
            w = paras[i][j]
            core = w.strip(".,;:!?\"'()")
            alts = self.syn.get(core)
            repl = self.rng.choice(alts) if alts and self.rng.random() < 0.5 else self.rng.choice(self.vocab)
            paras[i][j] = w.replace(core, repl) if core else repl
        return "\n\n".join(" ".join(ws) for ws in paras)

    def edit(self, text: str, p: float = 0.10) -> str:
        """Light editing: ~p of words substituted, deleted or inserted; the last paragraph dropped if there are many."""
        paras = text.split("\n\n")
        if len(paras) > 6:
            paras = paras[:-1]
        out = []
        for para in paras:
            res = []
            for w in WORD.findall(para):
                r = self.rng.random()
                if r < p * 0.5:
                    res.append(self.rng.choice(self.vocab))
                elif r < p * 0.75:
                    continue
                elif r < p:
                    res.extend([w, self.rng.choice(self.vocab)])
                else:
                    res.append(w)
            out.append(" ".join(res))
        return "\n\n".join(out)


BOILERPLATE_HEAD = ["Share this article on Facebook, Twitter or by email.", "Advertisement", "Listen to this article. Estimated reading time: 4 minutes."]
BOILERPLATE_FOOT = [
    "Copyright 2024 The Daily Example. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Sign up for our morning newsletter to get the top stories delivered to your inbox every day.",
    "Related: Ten things you missed this week | Weather warnings issued for the weekend",
]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.replace("\n\n", " ")) if s]


def partial_copy(orig: str, host: str, rng: random.Random) -> str:
    """30-60% of ``orig`` (contiguous, from whole sentences) inserted into ``host`` after its first paragraph."""
    sents = sentences(orig)
    frac = rng.uniform(0.3, 0.6)
    total = sum(len(x.split()) for x in sents)
    start = rng.randint(0, max(0, int(len(sents) * (1 - frac)))) if rng.random() < 0.5 else 0  # ledes are copied most
    chosen, words = [], 0
    for sent in sents[start:]:  # whole sentences until the chunk holds >= frac of the words
        chosen.append(sent)
        words += len(sent.split())
        if words >= frac * total:
            break
    chunk = " ".join(chosen)
    host_paras = host.split("\n\n")
    cut = 1 if len(host_paras) > 1 else 0
    return "\n\n".join(host_paras[:cut] + [chunk] + host_paras[cut:])


def changed_fraction(orig: str, copy: str) -> float:
    a, b = orig.lower().split(), copy.lower().split()
    lcs = (len(a) + len(b) - Indel.distance(a, b)) / 2
    return 1 - lcs / max(1, len(a))


# -- bench ------------------------------------------------------------------------------------------------------------


def make_queries(docs: list[dict], sample: int, seed: int) -> tuple[list[dict], list[dict], list[dict]]:
    rng = random.Random(seed)
    by_topic: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        by_topic[d["topic"]].append(d)
    indexed, held = [], []
    for topic, items in sorted(by_topic.items()):
        items = sorted(items, key=lambda d: d["id"])
        rng.shuffle(items)
        k = int(len(items) * 0.12) if len(items) >= 8 else 0
        held.extend(items[:k])
        indexed.extend(items[k:])
    vocab = sorted({w for d in indexed[:3000] for w in re.findall(r"[a-z]{3,}", d["text"])})
    spinner = Spinner(wordnet_synonyms(), vocab, rng)
    pool = [d for d in indexed if len(d["text"].split()) >= 150]
    originals = rng.sample(pool, min(sample, len(pool)))
    queries = []
    hosts = [h for h in held if h["topic"].startswith("bbc")] or held
    for o in originals:
        text = o["text"]
        date = o.get("date")
        q = lambda kind, body, **kw: queries.append({"kind": kind, "original": o["id"], "text": body, "date": date, "orig_text": text, **kw})
        q("exact", "\n\n".join([rng.choice(BOILERPLATE_HEAD), text, rng.choice(BOILERPLATE_FOOT)]))
        q("edited 10%", spinner.edit(text, 0.10))
        for p in (0.20, 0.35, 0.50):
            q(f"spun {int(p * 100)}% thesaurus", spinner.thesaurus(text, p))
            q(f"spun {int(p * 100)}% phrase", spinner.phrase(text, p))
        host = rng.choice([h for h in hosts if h["topic"] != o["topic"]] or hosts)
        q("partial 30-60%", partial_copy(text, host["text"], rng), host=host["id"])
    # OneStopEnglish: the same Guardian article rewritten by teachers for learners (a real, human rewrite)
    versions = onestop_versions()
    for o in indexed:
        if o["topic"] == "onestop" and o.get("group") in versions and "elementary" in versions[o["group"]]:
            queries.append({"kind": "human rewrite (onestop ele)", "original": o["id"], "text": versions[o["group"]]["elementary"], "date": None, "orig_text": o["text"]})
    negatives = [{"kind": "negative (same topic)", "original": None, "text": h["text"], "date": h.get("date")} for h in held]
    return indexed, queries, negatives


def article(rec: dict, ident: str) -> Article:
    return Article(id=ident, title=rec.get("title") or "", body=[p for p in rec["text"].split("\n\n") if p.strip()], date=rec.get("date"), language="en")


def build_qc(indexed: list[dict], path: str) -> tuple[ReferenceIndex, float, float]:
    index = ReferenceIndex.create(path, DEFAULT_PARAMS, overwrite=True)
    arts = [article(d, d["id"]) for d in indexed]
    t0, c0 = time.perf_counter(), time.process_time()
    index.add_signatures(signature_rows(arts, index.params, credit="wire"))
    return index, time.perf_counter() - t0, time.process_time() - c0


def run_qc(index: ReferenceIndex, queries: list[dict]) -> tuple[list[set], list[float]]:
    out, lat = [], []
    for i, q in enumerate(queries):
        a = article(q, f"q{i}")
        c0 = time.process_time()
        found = find_copies(index, a, date_window_days=30, min_share=DEFAULT_MIN_SHARE, min_source_share=DEFAULT_MIN_SOURCE_SHARE)
        lat.append(time.process_time() - c0)
        out.append({r.doc.ext_id for r in found})
    return out, lat


def shingles5(text: str) -> set[bytes]:
    ws = re.findall(r"\w+", text.lower())
    return {" ".join(ws[i : i + 5]).encode() for i in range(max(1, len(ws) - 4))}


def run_baseline(indexed: list[dict], queries: list[dict], threshold: float = 0.5, num_perm: int = 128) -> tuple[list[set], float, float]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    t0, c0 = time.perf_counter(), time.process_time()
    for d in indexed:
        m = MinHash(num_perm=num_perm)
        m.update_batch(list(shingles5(d["text"])))
        lsh.insert(d["id"], m)
    build_wall, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    out = []
    for q in queries:
        m = MinHash(num_perm=num_perm)
        m.update_batch(list(shingles5(q["text"])))
        out.append(set(lsh.query(m)))
    return out, build_wall, build_cpu


def shares_reuse(a: str, b: str) -> bool:
    """Real text reuse between two corpus texts: one verbatim run of >= 25 words, or two of >= 12."""
    wa, wb = re.findall(r"\w+", a.lower()), re.findall(r"\w+", b.lower())
    runs = sorted((e1 - s1 for tag, s1, e1, _, _ in Indel.opcodes(wa, wb).as_list() if tag == "equal"), reverse=True)
    return bool(runs) and (runs[0] >= 25 or (len(runs) > 1 and runs[1] >= 12))


class Truth:
    """Which returned documents are right. Besides the planted original, the corpora hold real near-duplicates
    (Reuters re-sends and corrections, BBC follow-ups reusing paragraphs): a returned document that shares a
    verbatim run of >= 25 words, or two of >= 12 words, with the query's source texts (original, partial-copy host,
    or the negative itself) is a corpus duplicate, not a false positive. The same rule judges both systems."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts
        self.cache: dict[tuple[str, str], bool] = {}

    def related(self, q: dict, doc: str) -> bool:
        if doc == q["original"]:
            return True
        sources = [self.texts[q["original"]]] if q["original"] else [q["text"]]
        if q.get("host"):
            sources.append(self.texts[q["host"]])
        key = (q.get("original") or q["text"][:200], q.get("host") or "", doc)
        if key not in self.cache:
            self.cache[key] = any(shares_reuse(src, self.texts[doc]) for src in sources if doc in self.texts)
        return self.cache[key]


def score(queries: list[dict], results: list[set], truth: "Truth") -> dict[str, dict[str, float]]:
    per: dict[str, dict[str, float]] = defaultdict(lambda: {"n": 0, "tp": 0, "fp": 0, "dup": 0})
    for q, got in zip(queries, results):
        row = per[q["kind"]]
        row["n"] += 1
        if q["original"] is not None and q["original"] in got:
            row["tp"] += 1
        for doc in got - {q["original"]}:
            if truth.related(q, doc):
                row["dup"] += 1
            else:
                row["fp"] += 1
    return per


def markov_filler(docs: list[dict], count: int, rng: random.Random):
    """Synthetic filler articles from a word-bigram chain (no long copied runs), to grow the index for latency."""
    succ: dict[str, list[str]] = defaultdict(list)
    starts = []
    for d in docs[:6000]:
        ws = d["text"].split()
        if ws:
            starts.append(ws[0])
        for a, b in zip(ws, ws[1:]):
            succ[a].append(b)
    keys = list(succ)
    for n in range(count):
        length = rng.randint(150, 600)
        w = rng.choice(starts)
        words = [w]
        for _ in range(length - 1):
            nxt = succ.get(w)
            w = rng.choice(nxt) if nxt else rng.choice(keys)
            words.append(w)
        paras = [" ".join(words[i : i + 60]) for i in range(0, len(words), 60)]
        yield Article(id=f"filler-{n}", body=paras, language="en")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=250, help="originals to make copies from")
    ap.add_argument("--scale", type=int, default=100_000, help="grow the index to this many documents for the latency figure (0 = skip)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"corpora not found at {CORPORA} (set QC_SHARED)")
    docs = load_corpus()
    indexed, queries, negatives = make_queries(docs, args.sample, args.seed)
    allq = queries + negatives
    print(f"corpus: {len(indexed)} indexed originals, {len(queries)} copies of {args.sample} originals, {len(negatives)} same-topic negatives")
    changed: dict[str, list[float]] = defaultdict(list)
    for q in queries:
        if "orig_text" in q:
            changed[q["kind"]].append(changed_fraction(q["orig_text"], q["text"]))

    tmp = tempfile.mkdtemp(prefix="qc-bench-")
    path = os.path.join(tmp, "bench.qci")
    index, wall, cpu = build_qc(indexed, path)
    c0 = time.process_time()
    index.compact()
    compact_cpu = time.process_time() - c0
    size = os.path.getsize(path)
    text_bytes = statistics.mean(len(zlib.compress(d["text"].encode("utf-8"), 4)) for d in indexed)
    qc_results, lat = run_qc(index, allq)
    truth = Truth({d["id"]: d["text"] for d in docs})
    qc = score(allq, qc_results, truth)
    figures: dict[str, Any] = {"indexed": len(indexed), "build_articles_per_s_wall": len(indexed) / wall, "build_articles_per_cpu_s": len(indexed) / cpu, "bytes_per_article": size / len(indexed), "store_text_extra_bytes_per_article": text_bytes, "compact_cpu_s": compact_cpu, "query_ms_median": 1000 * statistics.median(lat), "query_ms_p95": 1000 * sorted(lat)[int(0.95 * len(lat))]}
    base = None
    if not args.no_baseline:
        b_results, b_wall, b_cpu = run_baseline(indexed, allq)
        base = score(allq, b_results, truth)
        figures["baseline_build_articles_per_cpu_s"] = len(indexed) / b_cpu

    kinds = list(dict.fromkeys(q["kind"] for q in allq))
    print()
    print("FP = returned documents that are neither the source nor a corpus duplicate of it (one shared verbatim run of")
    print(">= 25 words or two of >= 12: Reuters re-sends and monthly templates, BBC follow-ups reusing sentences);")
    print("dup = such corpus duplicates (not counted against precision). 'changed' = 1 - LCS/len over words.")
    print(f"{'copy kind':30} {'n':>5} {'changed':>8} | {'qc recall':>9} {'FP':>4} {'dup':>4} | {'base recall':>11} {'FP':>4} {'dup':>4}")
    tot = {"qc": [0, 0], "base": [0, 0]}
    for kind in kinds:
        r = qc[kind]
        ch = f"{statistics.mean(changed[kind]):.2f}" if changed.get(kind) else "-"
        rec = f"{r['tp'] / r['n']:.3f}" if not kind.startswith("negative") else "-"
        line = f"{kind:30} {int(r['n']):>5} {ch:>8} | {rec:>9} {int(r['fp']):>4} {int(r['dup']):>4} |"
        tot["qc"][0] += r["tp"]
        tot["qc"][1] += r["fp"]
        if base:
            b = base[kind]
            brec = f"{b['tp'] / b['n']:.3f}" if not kind.startswith("negative") else "-"
            line += f" {brec:>11} {int(b['fp']):>4} {int(b['dup']):>4}"
            tot["base"][0] += b["tp"]
            tot["base"][1] += b["fp"]
        print(line)
        figures.setdefault("kinds", {})[kind] = {"n": r["n"], "changed": ch, "qc_recall": r["tp"] / r["n"], "qc_fp": r["fp"], **({"base_recall": base[kind]["tp"] / base[kind]["n"], "base_fp": base[kind]["fp"]} if base else {})}
    qp = tot["qc"][0] / max(1, tot["qc"][0] + tot["qc"][1])
    line = f"{'precision (all queries)':30} {'':>5} {'':>8} | {qp:>9.4f} {'':>9} |"
    figures["qc_precision"] = qp
    if base:
        bp = tot["base"][0] / max(1, tot["base"][0] + tot["base"][1])
        figures["base_precision"] = bp
        line += f" {bp:>11.4f}"
    print(line)
    print()
    print(f"qualitycheck index: {len(indexed)} articles, build {figures['build_articles_per_cpu_s']:.0f} articles/CPU-s ({figures['build_articles_per_s_wall']:.0f}/s wall, 1 process), "
          f"{figures['bytes_per_article']:.0f} B/article (+{text_bytes:.0f} B with --store-text; VACUUM {compact_cpu:.1f} CPU-s), "
          f"query median {figures['query_ms_median']:.2f} ms, p95 {figures['query_ms_p95']:.2f} ms CPU")
    if base:
        print(f"baseline (datasketch MinHashLSH, word 5-grams, 128 perms, threshold 0.5): build {figures['baseline_build_articles_per_cpu_s']:.0f} articles/CPU-s")

    if args.scale and args.scale > len(indexed):
        rng = random.Random(args.seed + 7)
        extra = args.scale - len(indexed)
        t0, c0 = time.perf_counter(), time.process_time()
        index.add_signatures(signature_rows(markov_filler(indexed, extra, rng), index.params))
        fill_wall, fill_cpu = time.perf_counter() - t0, time.process_time() - c0
        index.compact()
        size = os.path.getsize(path)
        sub = [q for q in allq if not q["kind"].startswith("human")][:: max(1, len(allq) // 600)]
        res, lat2 = run_qc(index, sub)
        sc = score(sub, res, truth)
        tp = sum(r["tp"] for r in sc.values())
        fp = sum(r["fp"] for r in sc.values())
        pos = sum(r["n"] for k, r in sc.items() if not k.startswith("negative"))
        n = len(index)
        figures.update(scale_docs=n, scale_build_articles_per_cpu_s=extra / fill_cpu, scale_bytes_per_article=size / n, scale_query_ms_median=1000 * statistics.median(lat2), scale_query_ms_p95=1000 * sorted(lat2)[int(0.95 * len(lat2))], scale_recall=tp / max(1, pos), scale_fp=fp)
        print(f"at {n} indexed ({extra} synthetic filler articles added at {extra / fill_cpu:.0f} articles/CPU-s, {extra / fill_wall:.0f}/s wall): "
              f"{size / n:.0f} B/article, query median {figures['scale_query_ms_median']:.2f} ms, "
              f"p95 {figures['scale_query_ms_p95']:.2f} ms CPU over {len(sub)} queries; recall {tp / max(1, pos):.3f}, {fp} false matches")
    index.close()
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(figures, fh, indent=2, default=str)


if __name__ == "__main__":
    main()
