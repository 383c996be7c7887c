#!/usr/bin/env python3
"""Long fuzz campaign over every loader, ``check`` and the rule loader (outside the test run).

    PYTHONPATH=src python fuzz/run_campaign.py --minutes 10            # all targets, round robin
    PYTHONPATH=src python fuzz/run_campaign.py --targets rules,load-html --seed 7
    PYTHONPATH=src python fuzz/run_campaign.py --replay fuzz/crashes/   # re-run saved crashing inputs

A coverage-blind mutation fuzzer (bit flips, token splices, chunk repeats, truncation) seeded with the samples
and rule files of the repository; targets and invariants are in fuzz/targets.py. Any exception, broken
invariant or execution slower than --slow seconds is a finding: its input is saved under fuzz/crashes/ and its
signature (exception type and innermost frame in qualitycheck) printed once. Prints executions, crashes and
slow inputs per target at the end.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fuzz.targets import TARGETS, corpus_iter, seeds  # noqa: E402

CRASH_DIR = Path(__file__).resolve().parent / "crashes"


def signature(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "qualitycheck" in f.filename or "fuzz" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}: {str(exc)[:120]}"


def save(target: str, data: bytes, kind: str) -> Path:
    CRASH_DIR.mkdir(exist_ok=True)
    path = CRASH_DIR / f"{target}-{kind}-{hashlib.sha1(data).hexdigest()[:12]}.bin"
    path.write_bytes(data)
    return path


def warm_up(names: list[str]) -> None:
    """Run every seed once, unmutated: first uses import modules and load data (langdetect's profiles,
    trafilatura's date parsers) for seconds, which must not be timed as a hang of the input that came first."""
    from qualitycheck.language import detect_language

    detect_language("Zxq vlorb kwint, pral dunest ovk tremal sinup.")
    for target in names:
        for seed in seeds(target):
            try:
                TARGETS[target](seed)
            except Exception:  # noqa: BLE001 - a crashing seed is found again by the campaign
                pass


def replay(folder: Path) -> int:
    warm_up(sorted({t for t in TARGETS if any(p.name.startswith(t + "-") for p in folder.glob("*.bin"))}))
    bad = 0
    for path in sorted(folder.glob("*.bin")):
        target = next((t for t in sorted(TARGETS, key=len, reverse=True) if path.name.startswith(t + "-")), None)
        if target is None:
            continue
        started = time.monotonic()
        try:
            TARGETS[target](path.read_bytes())
            status = "ok"
        except Exception as exc:  # noqa: BLE001 - reporting crashes is the point
            status, bad = f"CRASH {signature(exc)}", bad + 1
        print(f"{path.name}: {status} ({time.monotonic() - started:.2f} s)")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--targets", default=",".join(TARGETS), help=f"comma-separated, from: {', '.join(TARGETS)}")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("QC_FUZZ_SEED", "1")))
    parser.add_argument("--slow", type=float, default=10.0, help="seconds after which one execution counts as a hang")
    parser.add_argument("--replay", type=Path, default=None)
    args = parser.parse_args()
    if args.replay:
        return replay(args.replay)
    names = [t for t in args.targets.split(",") if t]
    unknown = [t for t in names if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s): {', '.join(unknown)}")
    rng = random.Random(args.seed)
    streams = {t: corpus_iter(t, random.Random(rng.random())) for t in names}
    execs: Counter[str] = Counter()
    crashes: Counter[str] = Counter()
    slow: Counter[str] = Counter()
    seen: set[str] = set()
    warm_up(names)
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    while time.monotonic() < deadline:
        for target in names:
            data = next(streams[target])
            t0 = time.monotonic()
            try:
                TARGETS[target](data)
            except Exception as exc:  # noqa: BLE001
                crashes[target] += 1
                sig = f"{target}: {signature(exc)}"
                if sig not in seen:
                    seen.add(sig)
                    print(f"CRASH {sig} -> {save(target, data, 'crash')}", flush=True)
            elapsed = time.monotonic() - t0
            execs[target] += 1
            if elapsed > args.slow:
                slow[target] += 1
                print(f"SLOW {target}: {elapsed:.1f} s on {len(data):,} bytes -> {save(target, data, 'slow')}", flush=True)
    total = sum(execs.values())
    print(f"\nfuzz campaign: {total:,} executions in {time.monotonic() - started:.0f} s (seed {args.seed}), "
          f"{sum(crashes.values())} crashing inputs ({len(seen)} distinct), {sum(slow.values())} slow inputs (> {args.slow:g} s)")
    for target in names:
        print(f"  {target:18} {execs[target]:>8,} execs  {crashes[target]:>4} crashes  {slow[target]:>3} slow")
    return 1 if crashes or slow else 0


if __name__ == "__main__":
    sys.exit(main())
