"""The Spark engine (optional extra ``qualitycheck[spark]``): the same audit on PySpark.

* Per-article checks are a ``mapPartitions`` over the same work units as the local engine; each partition
  builds its rule set once (``UnitProcessor``). Plain JSONL is split into byte ranges that executors read
  themselves; gzip and WARC archives are one task per file (they cannot be split), as in cc-pyspark.
  Inputs must therefore be on a filesystem every executor sees at the same path (NFS, a mounted bucket...).
* Duplicate clusters: every article's syndication signature is exploded into ``(key, seq)`` rows, grouped by
  key (Spark's sort-based, disk-spilling shuffle); each bucket of 2..max_bucket articles yields its pairs, and a
  ``reduceByKey`` counts the keys each pair shares. The driver verifies the counted pairs against the
  signatures it has written anyway (``syndication.verify``) and computes connected components in-house
  (union-find; graphframes needs a Maven jar we cannot fetch). These are the local engine's functions, so
  both engines verify the same pairs in the same order and produce the same clusters.
* The driver streams results back in input order (``toLocalIterator`` over a persisted RDD) into the same
  output files through the same checkpointed store, so summary and dashboard are built identically.

A Spark run is not resumed unit by unit: Spark already retries failed tasks, and an interrupted Spark audit is
simply run again (``--resume`` skips it only when it had completed).
"""
from __future__ import annotations

import os
import sys
from array import array
from typing import Any, Iterator, Optional, Sequence

from ..config import Config
from ..loaders.common import Limits
from .clusters import ClusterParams
from .progress import Progress
from .store import AuditStore
from .units import Unit, plan_units


def _session(master: Optional[str], workers: int) -> Any:
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError:
        raise ImportError("the Spark engine needs PySpark and Java 17+: pip install 'qualitycheck[spark]'") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("qualitycheck-audit")
    if master:
        builder = builder.master(master)
    elif not SparkConf().contains("spark.master"):  # under spark-submit the master is already set
        builder = builder.master(f"local[{workers}]")
    builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    builder = builder.config("spark.sql.shuffle.partitions", str(max(2, workers * 2))).config("spark.python.worker.reuse", "true")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _check_partition(config: Config, limits: Limits, clusters: bool):  # type: ignore[no-untyped-def]
    def run(items: Iterator[tuple[int, Unit]]) -> Iterator[tuple[int, list[str], list[str], list[str], int]]:
        from .worker import UnitProcessor

        processor = UnitProcessor(config, limits, clusters)
        for index, unit in items:
            result = processor.run(index, unit)
            yield index, result.reports, result.errors, result.signatures, result.nbytes

    return run


def _keys(item: tuple[int, str]) -> Iterator[tuple[int, int]]:
    import json

    from .clusters import unique_keys

    seq, line = item
    for key in unique_keys(json.loads(line)):
        yield key, seq


def _pairs(max_bucket: int):  # type: ignore[no-untyped-def]
    def run(group: tuple[int, Any]) -> Iterator[tuple[int, int]]:
        import numpy as np

        from .clusters import group_pairs

        members = list(group[1])
        if not 2 <= len(members) <= max_bucket:
            return iter(())
        return ((p, 1) for p in group_pairs(np.array(members, dtype=np.uint64)).tolist())

    return run


def spark_candidates(sig_rdd: Any, params: ClusterParams) -> tuple[Any, Any]:
    """Candidate pairs and the number of keys each shares, from an RDD of (seq, signature line): the LSH
    group-by runs as a Spark shuffle; the counted pairs go to the driver for verification."""
    import numpy as np

    counted = sig_rdd.flatMap(_keys).groupByKey().flatMap(_pairs(params.max_bucket)).reduceByKey(lambda a, b: a + b)
    pairs = array("Q")
    counts = array("q")
    for pair, n in counted.toLocalIterator():
        pairs.append(pair)
        counts.append(n)
    return np.frombuffer(pairs, dtype=np.uint64).copy(), np.frombuffer(counts, dtype=np.int64).copy()


def run_spark(store: AuditStore, files: Sequence[str], config: Config, limits: Limits, params: Optional[ClusterParams], workers: int, progress: Progress, master: Optional[str] = None) -> Optional[tuple[Any, Any]]:
    """Run the checks on Spark, stream the outputs into ``store``; return the counted candidate pairs."""
    from pyspark import StorageLevel

    store.reset()  # a Spark run always recomputes everything (see the module docstring)
    units = list(enumerate(plan_units(files, config, limits, engine_reads_archives=True)))
    if not units:
        return None
    spark = _session(master, workers)
    sc = spark.sparkContext
    try:
        slices = max(1, min(len(units), workers * 4))
        results = sc.parallelize(units, slices).mapPartitions(_check_partition(config, limits, params is not None)).persist(StorageLevel.MEMORY_AND_DISK)
        counts = dict(results.map(lambda r: (r[0], len(r[1]))).collect())  # runs every check, in parallel
        offsets: dict[int, int] = {}
        total = 0
        for index in sorted(counts):
            offsets[index] = total
            total += counts[index]
        # stream results back in plan order into the same checkpointed files as the local engine
        buffer: dict[str, list[bytes]] = {"reports": [], "errors": [], "signatures": []}
        pending = {"units": 0, "articles": 0, "errors": 0, "bytes": 0}
        for index, reports, errors, sigs, nbytes in results.toLocalIterator():
            if reports:
                buffer["reports"].append(("\n".join(reports) + "\n").encode("utf-8"))
            if errors:
                buffer["errors"].append(("\n".join(errors) + "\n").encode("utf-8"))
            if sigs:
                buffer["signatures"].append(("\n".join(sigs) + "\n").encode("utf-8"))
            pending["units"] += 1
            pending["articles"] += len(reports)
            pending["errors"] += len(errors)
            pending["bytes"] += nbytes
            if pending["units"] >= 256 or index == len(units) - 1:
                store.commit(buffer, pending["units"], pending["articles"], pending["errors"])
                progress.advance(pending["articles"], pending["bytes"])
                for parts in buffer.values():
                    parts.clear()
                pending.update(units=0, articles=0, errors=0, bytes=0)
        if pending["units"]:
            store.commit(buffer, pending["units"], pending["articles"], pending["errors"])
            progress.advance(pending["articles"], pending["bytes"])
        if params is None:
            return None
        bc = sc.broadcast(offsets)

        def explode(r: tuple[int, list[str], list[str], list[str], int]) -> Iterator[tuple[int, str]]:
            base = bc.value[r[0]]
            for i, line in enumerate(r[3]):
                yield base + i, line

        counted = spark_candidates(results.flatMap(explode), params)
        results.unpersist()
        return counted
    finally:
        spark.stop()
