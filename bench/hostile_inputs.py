#!/usr/bin/env python3
"""Time and peak memory of the pathological inputs that the hostile-input tests check for their findings.

    PYTHONPATH=src python bench/hostile_inputs.py

Each case is loaded and checked with every bundled rule in a fresh child process, so peak RSS is that of
one case. Prints seconds, peak MB, and the input finding that reports the bound.
"""
from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = {
    "10 MB single line (.txt)": ("oneline.txt", lambda: ("word " * 2_000_000).encode()),
    "100k tiny paragraphs (.txt)": ("paras.txt", lambda: "\n\n".join("p" for _ in range(100_000)).encode()),
    "100k <p> elements (.html)": ("many.html", lambda: ("<html><body>" + "<p>a</p>" * 100_000).encode()),
    "50k nested <div> (.html)": ("deep.html", lambda: ("<div>" * 50_000 + "x" + "</div>" * 50_000).encode()),
    "20k unclosed <script> (.html)": ("scripts.html", lambda: ('<script type="application/ld+json">{' * 20_000).encode()),
    "100k nested JSON (.jsonl)": ("deep.jsonl", lambda: ('{"id":"n","text":"a","x":' + "[" * 100_000 + "]" * 100_000 + "}\n").encode()),
    "gzip bomb, 1.1 GB of one line (.jsonl.gz)": ("bomb.jsonl.gz", None),
    "truncated gzip (.jsonl.gz)": ("trunc.jsonl.gz", lambda: gzip.compress(b'{"id": "a", "text": "x"}\n' * 1000)[:60]),
    "front matter alias bomb (.md)": ("bomb.md", lambda: ("---\na: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(f"{n}: &{n} [" + ",".join([f"*{p}"] * 10) + "]\n" for p, n in zip("abcdefgh", "bcdefghi")) + "author: *i\n---\nBody.\n").encode()),
    "4,000 broken of 28,000 JSONL lines": ("mixed.jsonl", lambda: "\n".join(json.dumps({"id": str(i), "text": "The council met on Tuesday."}) if i % 7 else "{broken" for i in range(28_000)).encode()),
}

CHILD = """
import resource, sys, time
from qualitycheck.api import check_paths
from qualitycheck.config import Config
t = time.perf_counter()
report = check_paths([sys.argv[1]], Config())
elapsed = time.perf_counter() - t
notes = sorted({f.rule + " " + f.message[:70] for a in report.articles for f in a.findings if f.category == "input" and f.rule != "QC002"})
print(f"{elapsed:.2f}\\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}\\t{len(report.articles)}\\t{notes[0] if notes else '-'}{' (+%d more kinds)' % (len(notes) - 1) if len(notes) > 1 else ''}")
"""


def write_bomb(path: Path, megabytes: int = 1100) -> None:
    """A few MB of gzip that expands to more than the default 1 GiB limit, written without holding it in memory."""
    chunk = b"0" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as handle:
        for _ in range(megabytes):
            handle.write(chunk)


def main() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    print(f"{'case':42} {'seconds':>8} {'peak MB':>8} {'reports':>8}  finding")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, make) in CASES.items():
            path = Path(folder) / name
            if make is None:
                write_bomb(path)
            else:
                path.write_bytes(make())
            started = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, env=env, timeout=600)
            if proc.returncode != 0:
                print(f"{label:42} FAILED after {time.perf_counter() - started:.1f} s: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            secs, mb, reports, note = proc.stdout.strip().split("\t", 3)
            print(f"{label:42} {float(secs):8.2f} {float(mb):8.0f} {int(reports):8}  {note}")
            path.unlink()
    print(f"(max RSS of this parent: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
