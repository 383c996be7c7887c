"""The local engine: a process pool over all cores, a bounded window of units in flight, ordered commits.

Units are submitted in plan order and their results are committed in the same order, so the committed output
is always a prefix of the plan (what makes ``--resume`` exact). At most ``workers * 4`` units are in flight:
the planner is a generator and is only advanced when a slot frees up, so memory stays flat on any input size.
"""
from __future__ import annotations

import multiprocessing
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable

from ..config import Config
from ..loaders.common import Limits
from .progress import Progress
from .store import AuditStore
from .units import Unit
from .worker import UnitResult, init_worker, run_unit

COMMIT_SECONDS = 0.5
COMMIT_UNITS = 16  # also bounds the parent memory held by results waiting for a commit


class WorkerCrash(Exception):
    """A worker process died (killed, out of memory); committed output is intact and --resume continues."""


def _context() -> multiprocessing.context.BaseContext:
    # fork: workers inherit the already-loaded rule set and start instantly; spawn where fork does not exist
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def run_local(store: AuditStore, units: Iterable[Unit], config: Config, limits: Limits, clusters: bool, workers: int, progress: Progress) -> None:
    skip = store.resumed_units
    planned = iter(enumerate(units))
    window = max(2, workers * 4)
    pending: deque[Future] = deque()
    buffer: dict[str, list[bytes]] = {"reports": [], "errors": [], "signatures": []}
    counts = {"units": 0, "articles": 0, "errors": 0, "bytes": 0}
    last_commit = time.monotonic()

    def commit() -> None:
        nonlocal last_commit
        if counts["units"]:
            store.commit(buffer, counts["units"], counts["articles"], counts["errors"])
            progress.advance(counts["articles"], counts["bytes"])
        for parts in buffer.values():
            parts.clear()
        counts.update(units=0, articles=0, errors=0, bytes=0)
        last_commit = time.monotonic()

    def take(result: UnitResult) -> None:
        if result.reports:
            buffer["reports"].append(("\n".join(result.reports) + "\n").encode("utf-8"))
        if result.errors:
            buffer["errors"].append(("\n".join(result.errors) + "\n").encode("utf-8"))
        if result.signatures:
            buffer["signatures"].append(("\n".join(result.signatures) + "\n").encode("utf-8"))
        counts["units"] += 1
        counts["articles"] += len(result.reports)
        counts["errors"] += len(result.errors)
        counts["bytes"] += result.nbytes

    with ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=init_worker, initargs=(config, limits, clusters)) as pool:
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < window:
                    nxt = next(planned, None)
                    if nxt is None:
                        exhausted = True
                        break
                    index, unit = nxt
                    if index < skip:  # committed by an earlier run
                        progress.skip(unit.nbytes)
                        continue
                    pending.append(pool.submit(run_unit, (index, unit)))
                if not pending:
                    break
                take(pending.popleft().result())
                if time.monotonic() - last_commit >= COMMIT_SECONDS or counts["units"] >= COMMIT_UNITS:
                    commit()
            commit()
        except BrokenProcessPool as exc:
            commit_safe = counts["units"]
            commit()  # what completed in order before the crash is still good
            raise WorkerCrash(f"a worker process died ({exc}); {store.checkpoint.articles:,} articles are committed ({commit_safe} units in the last batch); run again with --resume") from None
        except BaseException:
            # interrupted (Ctrl-C) or failing: keep what finished in order, drop the rest; --resume continues
            for fut in pending:
                fut.cancel()
            commit()
            raise
