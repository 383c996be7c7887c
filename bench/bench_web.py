"""Load check for ``qualitycheck serve``: N concurrent clients on loopback for a bounded time.

Starts the real server (uvicorn, subprocess, free port) unless --url is given, then keeps --clients connections
busy with POST /api/check (a ~400-word article with spun phrases and chatbot debris, as JSON) and, while that runs,
probes GET /api/health to show the server keeps answering. Prints throughput and latency percentiles.

    PYTHONPATH=src python bench/bench_web.py [--clients 50] [--duration 15] [--url http://127.0.0.1:8000/]

Client and server share the machine, so the figures are a floor, not a capacity plan.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

SRC = Path(__file__).resolve().parents[1] / "src"
PARAGRAPHS = [
    "The Metropolis Council voted on Tuesday to spend extra than $2 million on new hearth crews, the mayor's office said.",
    "Council members said residents ought to flip to the new online portal to report hazards such as blocked hydrants.",
    "The budget also pays for two police automobile replacements and a review of psychological well being services.",
    "Officials said the plan would be reviewed in the spring, after a public consultation that opens next month.",
]
ARTICLE = "Council backs plan for hearth crews\n\nBy Staff Writer\n\n" + "\n\n".join(PARAGRAPHS * 5) + "\n\nAs an AI language model, I cannot verify these figures."


def start_server(threads: int) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "qualitycheck", "serve", "--port", "0", "--threads", str(threads)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True, start_new_session=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
    if not m:
        proc.kill()
        raise SystemExit(f"server did not start: {line}{proc.stderr.read()}")
    return proc, m.group(1)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def probe_health(url: str, duration: float, out: "multiprocessing.Queue") -> None:
    """GET /api/health every 0.25 s from a separate process (own GIL, own socket): is the server still answering?"""
    import urllib.request

    times: list[float] = []
    stop = time.perf_counter() + duration
    while time.perf_counter() < stop:
        t0 = time.perf_counter()
        try:
            urllib.request.urlopen(url + "api/health", timeout=30).read()
            times.append(time.perf_counter() - t0)
        except OSError:
            pass
        time.sleep(0.25)
    out.put(times)


async def run(url: str, clients: int, duration: float) -> dict:
    payload = json.dumps({"text": ARTICLE}).encode()
    latencies: list[float] = []
    health: list[float] = []
    failures: dict[str, int] = {}
    limits = httpx.Limits(max_connections=clients + 1, max_keepalive_connections=clients + 1)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        for _ in range(50):  # wait until the server answers
            try:
                if (await client.get("api/health")).status_code == 200:
                    break
            except httpx.HTTPError:
                await asyncio.sleep(0.2)
        first = await client.post("api/check", content=payload, headers={"content-type": "application/json"})
        findings = first.json()["summary"]["findings"]
        start = time.perf_counter()
        stop = start + duration

        async def worker() -> None:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                try:
                    r = await client.post("api/check", content=payload, headers={"content-type": "application/json"})
                    ok = r.status_code == 200
                    key = str(r.status_code)
                except httpx.HTTPError as exc:
                    ok, key = False, type(exc).__name__
                if ok:
                    latencies.append(time.perf_counter() - t0)
                else:
                    failures[key] = failures.get(key, 0) + 1

        probe_out: multiprocessing.Queue = multiprocessing.Queue()
        probe = multiprocessing.Process(target=probe_health, args=(url, duration, probe_out))
        probe.start()
        await asyncio.gather(*(worker() for _ in range(clients)))
        health.extend(probe_out.get(timeout=30))
        probe.join(timeout=10)
        elapsed = time.perf_counter() - start
    return {"latencies": latencies, "health": health, "failures": failures, "elapsed": elapsed, "findings": findings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of load")
    parser.add_argument("--threads", type=int, default=4, help="serve --threads for the started server")
    parser.add_argument("--url", default=None, help="an already running server (default: start one)")
    args = parser.parse_args()
    proc = None
    url = args.url
    if url is None:
        proc, url = start_server(args.threads)
    try:
        result = asyncio.run(run(url.rstrip("/") + "/", args.clients, args.duration))
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
    lat = [x * 1000 for x in result["latencies"]]
    health = [x * 1000 for x in result["health"]]
    n = len(lat)
    print(f"bench_web: {args.clients} clients, server --threads {args.threads}, {result['elapsed']:.1f} s, POST /api/check of a {len(ARTICLE.split())}-word article ({result['findings']} findings each)")
    print(f"  requests ok      {n}  ({n / result['elapsed']:.1f} req/s)")
    print(f"  failures         {sum(result['failures'].values())} {result['failures'] or ''}")
    if lat:
        print(f"  latency ms       p50 {percentile(lat, 50):.0f}  p90 {percentile(lat, 90):.0f}  p99 {percentile(lat, 99):.0f}  max {max(lat):.0f}  mean {statistics.mean(lat):.0f}")
    if health:
        print(f"  /api/health ms   p50 {percentile(health, 50):.0f}  p99 {percentile(health, 99):.0f}  ({len(health)} probes during the load)")


if __name__ == "__main__":
    main()
