"""What the attribution and headline checks cost: `check` CPU time on a JSONL batch with them on and off.

Usage: PYTHONPATH=src python bench/attribution_cost.py ARTICLES.jsonl [--repeat 3]

Generate the batch with the acceptance generator (e.g. ``gen_articles.py 2000 /tmp/x.jsonl``). Both
configurations run in one process, alternating, and the best of ``--repeat`` runs is kept, so a busy machine
disturbs the comparison less than timing two separate CLI runs. Also prints the time spent inside the two
detectors alone (per article), which is what the "no check costs more than a few %" budget is about.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from qualitycheck.api import load
from qualitycheck.config import Config
from qualitycheck.engine.engine import load_rules


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    articles = list(load(Path(args.path)))
    configs = {"all rules": Config(), "without attribution+headline": Config(ignore=("attribution", "headline"))}
    rulesets = {name: load_rules(cfg) for name, cfg in configs.items()}
    best: dict[str, float] = {}
    inside: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, ruleset in rulesets.items():
            spent = {"t": 0.0}
            originals = []
            for binding in ruleset.detectors:
                if binding.path.startswith("qualitycheck.detectors.attribution"):
                    original = binding.instance.check

                    def timed(article, ctx, enabled, _original=original):
                        t0 = time.process_time()
                        out = list(_original(article, ctx, enabled))
                        spent["t"] += time.process_time() - t0
                        return out

                    binding.instance.check = timed
                    originals.append((binding.instance, original))
            for a in articles:  # fresh caches each run
                for key in [k for k in a.__dict__ if k.startswith("_qc_")]:
                    del a.__dict__[key]
            t0 = time.process_time()
            ruleset.check_batch(articles)
            elapsed = time.process_time() - t0
            for instance, original in originals:
                instance.check = original
            best[name] = min(best.get(name, elapsed), elapsed)
            inside[name] = min(inside.get(name, spent["t"]), spent["t"]) if name in inside else spent["t"]
    n = len(articles)
    on, off = best["all rules"], best["without attribution+headline"]
    print(f"articles: {n}")
    print(f"check CPU time, all rules:                    {on:7.2f} s  ({n / on:7.1f} articles/s)")
    print(f"check CPU time, without attribution+headline: {off:7.2f} s  ({n / off:7.1f} articles/s)")
    print(f"difference: {on - off:+.2f} s ({(on - off) / off:+.1%})")
    print(f"inside the attribution+headline detectors: {inside['all rules']:.2f} s = {inside['all rules'] / n * 1000:.2f} ms/article = {inside['all rules'] / on:.1%} of check")


if __name__ == "__main__":
    main()
