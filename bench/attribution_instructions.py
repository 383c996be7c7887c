"""What the attribution and headline checks cost, in CPU instructions per article (deterministic, unlike time).

Usage (from the repository root):

    PYTHONPATH=src python bench/attribution_instructions.py --drive [--count 100] [ARTICLES.jsonl]

``--drive`` runs this same script under ``valgrind --tool=callgrind`` four times on the same articles:

* ``--config all``      load the articles and the rules, check a warm-up batch, then check ``--count`` fresh articles;
* ``--config without``  the same with categories ``attribution`` and ``headline`` ignored;
* ``--baseline``        each of the two again, stopping after the warm-up.

Each configuration is measured against its own baseline because their fixed costs differ (ignoring the group
skips importing its modules, compiling its regexes and warming its caches): ``(all - all baseline) / count`` is
what checking one article costs, and the difference between the two configurations' per-article figures is what
the attribution+headline group adds. Instruction counts do not depend on how
busy the machine is, so before/after figures are comparable across sessions.

Articles come from ARTICLES.jsonl when given, else from the acceptance generator
(``/work/shared/acceptance/lib/gen_articles.py``: ~530-word plain articles with a "Staff reporter" byline).
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

GENERATOR = Path(os.environ.get("QC_GEN_ARTICLES", "/work/shared/acceptance/lib/gen_articles.py"))
WARMUP = 20
CONFIGS = ("all", "without")


def articles_file(given: str | None, count: int, workdir: Path) -> Path:
    """The JSONL batch to check: the given file, or ``WARMUP + count`` generated articles."""
    if given:
        return Path(given)
    if not GENERATOR.exists():
        sys.exit(f"no articles: pass a JSONL path (the generator {GENERATOR} is absent)")
    out = workdir / "articles.jsonl"
    subprocess.run([sys.executable, str(GENERATOR), str(WARMUP + count), str(out)], check=True)
    return out


def run_once(path: Path, config_name: str, count: int, baseline: bool) -> None:
    """The measured program: load, warm up on the first WARMUP articles, check the next ``count`` once (unless
    ``baseline``)."""
    from qualitycheck.api import load
    from qualitycheck.config import Config
    from qualitycheck.engine.engine import load_rules

    articles = list(load(path))
    warmup, measured = articles[:WARMUP], articles[WARMUP : WARMUP + count]
    if len(measured) < count:
        sys.exit(f"{path} has {len(articles)} articles; need {WARMUP} warm-up + {count}")
    config = Config(ignore=("attribution", "headline")) if config_name == "without" else Config()
    ruleset = load_rules(config, verify_examples=False)
    ruleset.check_batch(warmup)
    if not baseline:
        ruleset.check_batch(measured)


def instructions(path: Path, config_name: str, count: int, baseline: bool) -> int:
    """Total instructions of one ``run_once`` under callgrind (collected for the whole process)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # set iteration order (and so work) the same in every run
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--dump-instr=no",
           sys.executable, __file__, "--config", config_name, "--count", str(count), str(path)] + (["--baseline"] if baseline else [])
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if not found:
        sys.exit(f"no 'Collected' line in callgrind output:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def drive(path: Path, count: int, jobs: int) -> None:
    for name in CONFIGS:  # once natively first: compiling stale .pyc files must not land in one measured run only
        subprocess.run([sys.executable, __file__, "--config", name, "--count", str(count), "--baseline", str(path)], check=True)
    runs = [(name, baseline) for name in CONFIGS for baseline in (False, True)]
    with ThreadPoolExecutor(max_workers=jobs) as pool:  # instruction counts do not depend on parallelism
        counted = list(pool.map(lambda run: instructions(path, run[0], count, run[1]), runs))
    totals = dict(zip(runs, counted))
    per_all = (totals["all", False] - totals["all", True]) / count
    per_without = (totals["without", False] - totals["without", True]) / count
    group = per_all - per_without
    print(f"articles checked: {count} (+{WARMUP} warm-up), from {path}")
    for (name, baseline), total in totals.items():
        print(f"  total instructions, {name:8s}{' baseline' if baseline else '         '} {total:>16,d}")
    print(f"per article, all rules:                      {per_all / 1e6:8.2f} M instructions")
    print(f"per article, without attribution+headline:   {per_without / 1e6:8.2f} M instructions")
    print(f"attribution+headline group:                  {group / 1e6:8.2f} M = {group / per_all:.1%} of check")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles", nargs="?", help="JSONL batch (default: generated)")
    ap.add_argument("--count", type=int, default=100, help="articles checked after the warm-up (default 100)")
    ap.add_argument("--config", choices=CONFIGS, help="run once in-process with this configuration (what --drive measures)")
    ap.add_argument("--jobs", type=int, default=2, help="callgrind runs at a time (default 2)")
    ap.add_argument("--baseline", action="store_true", help="with --config: stop after the warm-up")
    ap.add_argument("--drive", action="store_true", help="run the three configurations under callgrind and print the figures")
    args = ap.parse_args()
    if args.config:
        run_once(Path(args.articles), args.config, args.count, args.baseline)
        return
    if not args.drive:
        ap.error("give --drive (measure) or --config (one run)")
    with tempfile.TemporaryDirectory() as tmp:
        drive(articles_file(args.articles, args.count, Path(tmp)), args.count, args.jobs)


if __name__ == "__main__":
    main()
