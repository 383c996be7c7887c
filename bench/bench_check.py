"""Throughput of ``qualitycheck check`` on generated plain-text JSONL, and start-up time of ``--version``.

Usage: python bench/bench_check.py [N_ARTICLES=2000] [--select IDS]

Articles are ~600 words built from a fixed vocabulary of news sentences (deterministic, no network, no shared
data needed). Prints articles/s of wall and CPU time for a single process, and the best of 5 ``--version`` runs.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time

SENTENCES = [
    "The city council approved the budget on Tuesday after a long debate",
    "Officials said the new bridge would open to traffic next spring",
    "Police said the suspect was arrested near the station on Friday night",
    "The company reported a rise in quarterly profit, beating analyst forecasts",
    "Residents were asked to conserve water as the drought continued",
    "The minister told reporters the plan would be published next month",
    "Schools in three districts opened two hours late because of the storm",
    "The hospital said it had treated 14 people for minor injuries",
    "Prices for fresh produce rose 4 percent in October, the agency said",
    "The museum will extend its opening hours during the summer holidays",
    "Union leaders said talks with management would resume on Monday",
    "The court adjourned the case until a date to be fixed next week",
    "Farmers warned that late frosts could cut this year's fruit harvest",
    "The airline cancelled dozens of flights after a computer failure",
    "Scientists said the findings could help predict future outbreaks",
    "Voters in the district will choose a new representative in May",
]


def generate(path: str, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            paras = [". ".join(rng.sample(SENTENCES, 6)) + "." for _ in range(8)]
            rec = {"id": f"b{i}", "title": rng.choice(SENTENCES), "byline": "Staff reporter", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "text": "\n\n".join(paras)}
            f.write(json.dumps(rec) + "\n")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2000
    select = sys.argv[sys.argv.index("--select") + 1] if "--select" in sys.argv else None
    from qualitycheck.api import check_paths, get_ruleset
    from qualitycheck.config import Config

    config = Config(select=tuple(select.split(",")) if select else ())
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.jsonl")
        generate(path, n)
        words = sum(len(json.loads(line)["text"].split()) for line in open(path))
        t0 = time.perf_counter()
        get_ruleset(config)
        load_s = time.perf_counter() - t0
        wall0, cpu0 = time.perf_counter(), time.process_time()
        report = check_paths([path], config)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    assert len(report.articles) == n
    print(f"check: {n} articles, {words / n:.0f} words each; rules loaded (with examples verified) in {load_s:.2f} s")
    print(f"check: {n / wall:,.0f} articles/s wall, {n / cpu:,.0f} articles/s CPU ({words / cpu:,.0f} words/s CPU), one process")
    best = min(_time([sys.executable, "-m", "qualitycheck", "--version"]) for _ in range(5))
    print(f"--version: {best * 1000:.0f} ms (best of 5, python -m qualitycheck)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other load inflates CPU time)")


def _time(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
