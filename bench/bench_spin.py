#!/usr/bin/env python3
"""Spin-detection speed: lexicon+model load time, scoring words/s (one core), full `check` articles/s.

Uses openly licensed clean text from the shared data (onestopenglish) when available, else the repo samples.
Prints figures; asserts nothing.

    PYTHONPATH=src python bench/bench_spin.py
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def load_time() -> float:
    code = (
        "import time; t=time.perf_counter(); from qualitycheck.spin.scorer import get_scorer; s=get_scorer(); "
        "s.score_text('warm up'); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src")}, check=True)
    return float(out.stdout.strip())


def texts() -> list[str]:
    from qualitycheck.spin import devdata

    recs = list(devdata.corpus_records("onestopenglish"))
    if recs:
        return [r["text"] for r in recs]
    return [(ROOT / "samples" / "spun-article.txt").read_text(encoding="utf-8"), (ROOT / "samples" / "clean-article.md").read_text(encoding="utf-8")] * 50


def main() -> None:
    loads = sorted(load_time() for _ in range(3))
    print(f"load (import + lexicon + model, fresh process, median of 3): {loads[1]:.3f} s")
    from qualitycheck.spin.scorer import get_scorer
    from qualitycheck.api import check_one
    from qualitycheck.config import Config
    from qualitycheck.model import Article

    scorer = get_scorer()
    docs = texts()
    words = sum(len(d.split()) for d in docs)
    t = time.perf_counter()
    for d in docs:
        for para in d.split("\n\n"):
            scorer.score_text(para)
    dt = time.perf_counter() - t
    print(f"spin scoring: {words} words in {dt:.2f} s = {words / dt:,.0f} words/s (one core)")
    # full check of ~600-word articles (all enabled rules, not only spin)
    arts = []
    for i, d in enumerate(docs[:200]):
        body = [p for p in d.split("\n\n") if p.strip()]
        arts.append(Article(id=f"a{i}", title="Bench article", body=body))
    config = Config()
    check_one(arts[0], config)  # warm the rule set
    t = time.perf_counter()
    for a in arts:
        check_one(a, config)
    dt = time.perf_counter() - t
    avg = sum(len(" ".join(a.body).split()) for a in arts) / len(arts)
    print(f"check (all rules): {len(arts)} articles of ~{avg:.0f} words in {dt:.2f} s = {len(arts) / dt:.1f} articles/s")
    only = Config().merge({"select": ["QC101", "QC102", "QC103", "QC104", "QC105"]}, origin="bench")
    check_one(arts[0], only)
    t = time.perf_counter()
    for a in arts:
        check_one(a, only)
    dt = time.perf_counter() - t
    print(f"check (spin rules only): {len(arts) / dt:.1f} articles/s")


if __name__ == "__main__":
    main()
