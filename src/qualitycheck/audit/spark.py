"""The Spark engine (optional extra ``qualitycheck[spark]``): the same audit on PySpark.

* Per-article checks are a ``mapPartitions`` over the same work units as the local engine; each partition
  builds its rule set once (``UnitProcessor``). Plain JSONL is split into byte ranges that executors read
  themselves; gzip and WARC archives are one task per file (they cannot be split), as in cc-pyspark.
  Inputs must therefore be on a filesystem every executor sees at the same path (NFS, a mounted bucket...).
* Duplicate clusters: every article's MinHash row is exploded into ``((band, key), seq)`` rows, grouped by band
  key (Spark's sort-based, disk-spilling shuffle), each group links its members to its lowest ``seq`` (star
  edges); the driver verifies the candidate pairs against the signatures it has written anyway and computes
  connected components in-house (union-find; graphframes needs a Maven jar we cannot fetch).
  The functions are the ones the local engine uses, so both engines link exactly the same pairs.
* The driver streams results back in input order (``toLocalIterator`` over a persisted RDD) into the same
  output files through the same checkpointed store, so summary and dashboard are built identically.

A Spark run is not resumed unit by unit: Spark already retries failed tasks, and an interrupted Spark audit is
simply run again (``--resume`` skips it only when it had completed).
"""
from __future__ import annotations

import os
import sys
from typing import Any, Iterator, Optional, Sequence

from ..config import Config
from ..loaders.common import Limits
from .clusters import ClusterParams, Signer, band_keys, components, similarity, star_candidates
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


def _check_partition(config: Config, limits: Limits, params: Optional[ClusterParams]):  # type: ignore[no-untyped-def]
    def run(items: Iterator[tuple[int, Unit]]) -> Iterator[tuple[int, list[str], list[str], bytes, int]]:
        from .worker import UnitProcessor

        processor = UnitProcessor(config, limits, Signer(params) if params else None)
        for index, unit in items:
            result = processor.run(index, unit)
            yield index, result.reports, result.errors, result.signatures, result.nbytes

    return run


def _band_rows(params: ClusterParams):  # type: ignore[no-untyped-def]
    def run(items: Iterator[tuple[int, bytes]]) -> Iterator[tuple[tuple[int, int], int]]:
        import numpy as np

        from .clusters import EMPTY

        batch = list(items)
        if not batch:
            return
        seqs = np.array([s for s, _ in batch], dtype=np.int64)
        sigs = np.frombuffer(b"".join(b for _, b in batch), dtype="<u4").reshape(len(batch), params.num_perm)
        signed = ~(sigs[:, : min(4, params.num_perm)] == EMPTY).all(axis=1)
        seqs, sigs = seqs[signed], sigs[signed]
        for band in range(params.bands):
            keys = band_keys(sigs, band, params.rows)
            for key, seq in zip(keys.tolist(), seqs.tolist()):
                yield (band, key), seq

    return run


def _star(group: tuple[Any, Any]) -> Iterator[tuple[int, int]]:
    import numpy as np

    members = np.array(sorted(group[1]), dtype=np.int64)
    if len(members) < 2:
        return iter(())
    a, b = star_candidates(np.zeros(len(members), dtype=np.uint64), members)
    return zip(a.tolist(), b.tolist())


def spark_clusters(sig_rdd: Any, n: int, params: ClusterParams, sig_path: str) -> list[list[int]]:
    """Clusters from an RDD of (seq, signature bytes): LSH band keys and star edges in Spark, then verification
    against the driver's ``signatures.bin`` (the driver writes every output anyway) and in-house components."""
    import numpy as np

    from .clusters import load_signatures

    candidates = sig_rdd.mapPartitions(_band_rows(params)).groupByKey().flatMap(_star).distinct()
    sigs = load_signatures(sig_path, params.num_perm, n)
    verified: list[tuple[np.ndarray, np.ndarray]] = []
    batch: list[tuple[int, int]] = []

    def flush() -> None:
        if batch:
            a = np.array([e[0] for e in batch], dtype=np.int64)
            b = np.array([e[1] for e in batch], dtype=np.int64)
            ok = similarity(sigs, a, b) >= params.threshold
            verified.append((a[ok], b[ok]))
            batch.clear()

    for edge in candidates.toLocalIterator():
        batch.append(edge)
        if len(batch) >= 20_000:
            flush()
    flush()
    return components(n, verified)


def run_spark(store: AuditStore, files: Sequence[str], config: Config, limits: Limits, params: Optional[ClusterParams], workers: int, progress: Progress, master: Optional[str] = None) -> Optional[list[list[int]]]:
    from pyspark import StorageLevel

    store.reset()  # a Spark run always recomputes everything (see the module docstring)
    units = list(enumerate(plan_units(files, config, limits, engine_reads_archives=True)))
    if not units:
        return []
    spark = _session(master, workers)
    sc = spark.sparkContext
    try:
        slices = max(1, min(len(units), workers * 4))
        results = sc.parallelize(units, slices).mapPartitions(_check_partition(config, limits, params)).persist(StorageLevel.MEMORY_AND_DISK)
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
            buffer["signatures"].append(sigs)
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
        row = params.num_perm * 4
        bc = sc.broadcast(offsets)

        def explode(r: tuple[int, list[str], list[str], bytes, int]) -> Iterator[tuple[int, bytes]]:
            base = bc.value[r[0]]
            sigs = r[3]
            for i in range(len(r[1])):
                yield base + i, sigs[i * row : (i + 1) * row]

        clusters = spark_clusters(results.flatMap(explode), total, params, store.paths["signatures"])
        results.unpersist()
        return clusters
    finally:
        spark.stop()
