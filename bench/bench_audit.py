"""Audit throughput, scaling and parent memory (prints figures; no assertions).

    PYTHONPATH=src python bench/bench_audit.py                      # defaults: 1000-article speed runs, 10k/50k memory runs
    PYTHONPATH=src python bench/bench_audit.py --speed-n 2000 --mem-sizes 10000,50000,100000 --spark

Input: plain-text JSONL, ~600-word English-like articles generated here from a built-in word list (no shared
data needed). Measures
  1. single-process check throughput (in-process RuleSet.check_article over loaded articles),
  2. ``audit --workers 1`` and ``--workers 2`` throughput (wall clock, whole CLI run incl. start-up and finalize),
     -> per-worker efficiency vs 1 and the 1->2 speed-up,
  3. peak RSS of the audit *parent* process (VmHWM polled from /proc) over growing inputs, and its wall time
     (linearity). These runs use ``--select QC001`` so they finish in minutes: the parent's memory does not
     depend on which rules the workers run, only on how many articles stream through it,
  4. optionally the Spark engine on local[2].
Wall-clock figures on a shared 2-core VM are noisy (other jobs steal CPU); CPU times are printed alongside.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STOP = "the of and to in a that for on with as was said by at from his her it is be has have will but not after".split()
SYLLABLES = ["ka", "lo", "mi", "ren", "tor", "vel", "sa", "dun", "pe", "ri", "mon", "ta", "gor", "li", "ve", "no", "bra", "ces", "fu", "zan", "por", "et", "us", "an"]


def vocabulary(n: int = 20000, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_articles(path: Path, n: int, words: int = 600, seed: int = 3) -> None:
    """English-shaped text: a third of the tokens are English function words, the rest content words drawn
    with a Zipf-like skew from a 20k synthetic vocabulary, so unrelated articles share few word bigrams (as
    real news does) and no real text is needed."""
    rng = random.Random(seed)
    vocab = vocabulary()
    weights = [1.0 / (r + 10) for r in range(len(vocab))]
    cum = list(__import__("itertools").accumulate(weights))
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            content = rng.choices(vocab, cum_weights=cum, k=words)
            tokens = [rng.choice(STOP) if rng.random() < 0.33 else w for w in content]
            paras = []
            for p in range(0, words, 60):
                chunk = tokens[p : p + 60]
                sentences = [" ".join(chunk[k : k + 12]) for k in range(0, len(chunk), 12)]
                paras.append(" ".join(s[0].upper() + s[1:] + "." for s in sentences if s))
            title = " ".join(rng.choices(vocab, cum_weights=cum, k=7)).capitalize()
            rec = {"id": f"b{i}", "title": title, "byline": "Staff reporter", "date": f"20{10 + i % 14}-{1 + i % 12:02d}-{1 + i % 28:02d}", "site": f"site{i % 20}.example", "text": "\n\n".join(paras)}
            handle.write(json.dumps(rec) + "\n")


def bench_check(path: Path) -> tuple[float, float, int]:
    """(articles per wall second, per CPU second, n) for a single process doing what ``check`` does per article."""
    from qualitycheck.api import get_ruleset
    from qualitycheck.loaders import load_file

    ruleset = get_ruleset()
    articles = list(load_file(str(path)))
    for a in articles[:5]:
        ruleset.check_article(a)  # warm lazy imports
    wall, cpu = time.perf_counter(), time.process_time()
    for a in articles:
        json.dumps(ruleset.check_article(a)[0].to_dict(), ensure_ascii=False)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return len(articles) / wall, len(articles) / cpu, len(articles)


def run_audit_cli(path: Path, out: Path, workers: int, extra: list[str] = (), engine: str = "local") -> dict:
    """Run the CLI, poll the parent's VmHWM; returns wall seconds, parent peak MB, children CPU seconds."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "qualitycheck", "audit", str(path), "--out", str(out), "--workers", str(workers), "--progress", "none", "--fail-on", "never", "--engine", engine, *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_kb = 0
    while proc.poll() is None:
        try:
            for line in open(f"/proc/{proc.pid}/status"):
                if line.startswith("VmHWM:"):
                    peak_kb = max(peak_kb, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.1)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"audit failed ({proc.returncode}): {err[-2000:]}")
    articles = sum(1 for _ in open(out / "reports.jsonl", "rb"))
    return {"wall": wall, "peak_mb": peak_kb / 1024, "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), "articles": articles}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--speed-n", type=int, default=1000, help="articles for the throughput runs")
    ap.add_argument("--mem-sizes", default="10000,50000", help="comma-separated input sizes for the parent-memory runs")
    ap.add_argument("--spark", action="store_true", help="also time the Spark engine on local[2]")
    ap.add_argument("--skip-speed", action="store_true", help="only the memory (and Spark) runs")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_audit_"))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (shared VM: wall-clock figures are noisy)")
    try:
        speed = tmp / "speed.jsonl"
        make_articles(speed, args.speed_n)
        if not args.skip_speed:
            speed_runs(speed, tmp)
        for size in [int(s) for s in args.mem_sizes.split(",") if s]:
            big = tmp / f"mem{size}.jsonl"
            make_articles(big, size)
            r = run_audit_cli(big, tmp / "outmem", 2, ["--select", "QC001"])
            print(f"parent memory, {size:,} articles (--select QC001, clusters on, 2 workers): peak RSS {r['peak_mb']:.0f} MB, {r['wall']:.1f} s wall, {r['wall'] / size * 1e6:.0f} us/article, input {big.stat().st_size / 1e6:.0f} MB", flush=True)
            big.unlink()
        if args.spark:
            r = run_audit_cli(speed, tmp / "outspark", 2, engine="spark")
            print(f"spark local[2]: {r['articles']} articles in {r['wall']:.1f} s = {r['articles'] / r['wall']:.1f} articles/s (incl. JVM/session start)", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def speed_runs(speed: Path, tmp: Path) -> None:
    """Check vs audit throughput, 1 and 2 workers, with and without the cluster stage."""
    rate, cpu_rate, n = bench_check(speed)
    print(f"single-process check: {n} articles, {rate:.1f} articles/s wall, {cpu_rate:.1f} articles/CPU-s")
    tiny = tmp / "tiny.jsonl"
    make_articles(tiny, 20)
    fixed = run_audit_cli(tiny, tmp / "outtiny", 1, ["--no-clusters"])
    print(f"fixed cost of a run (start-up, rule self-test, fork, finalize; 20 articles): {fixed['wall']:.1f} s wall, {fixed['cpu']:.1f} CPU-s")
    for label, extra in (("--no-clusters", ["--no-clusters"]), ("with clusters", [])):
        results = {}
        for workers in (1, 2):
            r = run_audit_cli(speed, tmp / f"out{workers}", workers, extra)
            results[workers] = r
            print(f"audit {label} --workers {workers}: {r['articles']} articles in {r['wall']:.1f} s = {r['articles'] / r['wall']:.1f} articles/s wall "
                  f"({r['articles'] / r['wall'] / workers / rate * 100:.0f}% of check per worker, wall); "
                  f"CPU {r['cpu']:.1f} s = {r['articles'] / r['cpu']:.1f} articles/CPU-s ({r['articles'] / r['cpu'] / cpu_rate * 100:.0f}% of check, CPU; "
                  f"{(r['articles'] - 20) / max(r['cpu'] - fixed['cpu'], 1e-9) / cpu_rate * 100:.0f}% per article after the fixed cost)")
        print(f"audit {label}: speed-up 1 -> 2 workers {results[1]['wall'] / results[2]['wall']:.2f}x (wall)")


if __name__ == "__main__":
    main()
