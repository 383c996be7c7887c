"""Cold vs warm (cached) `qualitycheck check` over a generated repository of Markdown articles.

Usage: PYTHONPATH=src python bench/ci_cache.py [N_ARTICLES]   (prints figures; asserts nothing)
The articles are synthetic (written here, no shared data). Each run is a fresh process, as in CI.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = "council budget park library mayor vote residents plan school road water city county board meeting report".split()


def article(i: int, rng: random.Random) -> str:
    paras = []
    for _ in range(rng.randint(4, 9)):
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))
        paras.append(sentence.capitalize() + ", officials said on Tuesday.")
    if i % 10 == 0:
        paras.insert(1, "As an AI language model, I cannot browse the internet.")
    return f"---\ntitle: Article {i}\nauthor: Reporter {i % 7}\ndate: 2024-05-{1 + i % 28:02d}\n---\n\n" + "\n\n".join(paras) + "\n"


def timed(args: list[str], cwd: Path) -> float:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1] / "src"), os.environ.get("PYTHONPATH", "")])}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qualitycheck", *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i in range(n):
            (root / "content").mkdir(exist_ok=True)
            (root / "content" / f"a{i:04d}.md").write_text(article(i, rng), encoding="utf-8")
        version = timed(["--version"], root)
        nocache = timed(["check", "--no-cache", "-f", "concise", "content"], root)
        cold = timed(["check", "-f", "concise", "content"], root)
        warm = min(timed(["check", "-f", "concise", "content"], root) for _ in range(3))
        (root / "content" / "a0001.md").write_text(article(10_001, rng), encoding="utf-8")
        one_changed = timed(["check", "-f", "concise", "content"], root)
        sarif = timed(["check", "-f", "sarif", "content"], root)
    print(f"{n} Markdown articles (synthetic), one process per run")
    print(f"  --version                      {version:6.2f} s")
    print(f"  check --no-cache               {nocache:6.2f} s")
    print(f"  check, cold cache (fills it)   {cold:6.2f} s")
    print(f"  check, warm cache (best of 3)  {warm:6.2f} s   ({nocache / warm:.1f}x faster than --no-cache)")
    print(f"  check, one file changed        {one_changed:6.2f} s")
    print(f"  check -f sarif, warm cache     {sarif:6.2f} s")


if __name__ == "__main__":
    main()
