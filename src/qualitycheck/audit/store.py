"""The audit's output directory and its checkpoint: what makes a run resumable after ``kill -9``.

Appended files (``reports.jsonl``, ``errors.jsonl``, ``signatures.bin``) grow in *commits*: the parent writes a
batch of whole units, flushes and fsyncs them, and only then atomically replaces ``checkpoint.json`` (write a
temp file, fsync, rename, fsync the directory) with the new byte lengths and the number of units done. Bytes
past the committed lengths belong to a commit that never finished; ``--resume`` truncates them away and
restarts after the last committed unit. So whatever moment the process dies, the committed prefix is intact
and no line is ever half-written or written twice.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Optional

CHECKPOINT = "checkpoint.json"
STREAMS = {"reports": "reports.jsonl", "errors": "errors.jsonl", "signatures": "signatures.jsonl"}
CHECKPOINT_VERSION = 1


class AuditStateError(Exception):
    """The output directory cannot be used as asked (exists without --resume, inputs changed...)."""


@dataclass
class Checkpoint:
    run: dict[str, Any]  # what the run is: inputs fingerprint, rule config key, cluster params, engine
    units_done: int = 0
    articles: int = 0
    errors: int = 0
    offsets: dict[str, int] = field(default_factory=lambda: {k: 0 for k in STREAMS})
    complete: bool = False
    version: int = CHECKPOINT_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "run": self.run, "units_done": self.units_done, "articles": self.articles, "errors": self.errors, "offsets": self.offsets, "complete": self.complete}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Checkpoint":
        return cls(run=data["run"], units_done=int(data["units_done"]), articles=int(data["articles"]), errors=int(data.get("errors", 0)), offsets={k: int(v) for k, v in data["offsets"].items()}, complete=bool(data.get("complete")), version=int(data.get("version", 1)))


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def write_atomic(path: str, text: str) -> None:
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(os.path.dirname(os.path.abspath(path)))


class AuditStore:
    """Append-only outputs plus the checkpoint. Only the parent process writes here."""

    def __init__(self, out_dir: str, run: dict[str, Any], *, resume: bool, overwrite: bool = False):
        self.dir = out_dir
        os.makedirs(out_dir, exist_ok=True)
        self.paths = {k: os.path.join(out_dir, name) for k, name in STREAMS.items()}
        cp_path = os.path.join(out_dir, CHECKPOINT)
        existing: Optional[Checkpoint] = None
        if os.path.exists(cp_path):
            try:
                with open(cp_path, encoding="utf-8") as handle:
                    existing = Checkpoint.from_dict(json.load(handle))
            except (ValueError, KeyError, TypeError) as exc:
                raise AuditStateError(f"{cp_path}: unreadable checkpoint ({exc}); remove the directory or use --overwrite") from None
        if existing is not None and not resume and not overwrite:
            raise AuditStateError(f"{out_dir} already holds an audit; continue it with --resume, or start again with --overwrite")
        if existing is not None and resume:
            changed = _run_difference(existing.run, run)
            if changed:
                raise AuditStateError(f"cannot resume the audit in {out_dir}: {changed} changed since it started; use --overwrite to start again")
            self.checkpoint = existing
        else:
            if existing is None and not overwrite and any(os.path.exists(p) and os.path.getsize(p) for p in self.paths.values()) and not resume:
                raise AuditStateError(f"{out_dir} already holds audit output without a checkpoint; use --overwrite to replace it")
            self.checkpoint = Checkpoint(run=run)
            for path in self.paths.values():
                open(path, "wb").close()
            for name in ("clusters.jsonl", "summary.json", "report.html"):
                try:
                    os.remove(os.path.join(out_dir, name))
                except FileNotFoundError:
                    pass
            self._write_checkpoint()
        # cut anything a killed run appended after its last commit
        self.handles = {}
        for key, path in self.paths.items():
            handle = open(path, "r+b" if os.path.exists(path) else "w+b")
            handle.truncate(self.checkpoint.offsets.get(key, 0))
            handle.seek(0, os.SEEK_END)
            self.handles[key] = handle

    @property
    def resumed_units(self) -> int:
        return self.checkpoint.units_done

    def commit(self, chunks: dict[str, list[bytes]], units: int, articles: int, errors: int) -> None:
        """Append whole units' outputs durably, then advance the checkpoint past them."""
        for key, parts in chunks.items():
            if parts:
                handle = self.handles[key]
                handle.write(b"".join(parts))
        for key, handle in self.handles.items():
            handle.flush()
            os.fsync(handle.fileno())
            self.checkpoint.offsets[key] = handle.tell()
        self.checkpoint.units_done += units
        self.checkpoint.articles += articles
        self.checkpoint.errors += errors
        self._write_checkpoint()

    def reset(self) -> None:
        """Drop every committed byte and start the run from its first unit (the Spark engine recomputes)."""
        for key, handle in self.handles.items():
            handle.truncate(0)
            handle.seek(0)
        self.checkpoint = Checkpoint(run=self.checkpoint.run)
        self._write_checkpoint()

    def mark_complete(self) -> None:
        self.checkpoint.complete = True
        self._write_checkpoint()

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()

    def _write_checkpoint(self) -> None:
        write_atomic(os.path.join(self.dir, CHECKPOINT), json.dumps(self.checkpoint.to_dict(), indent=1))


def _run_difference(old: dict[str, Any], new: dict[str, Any]) -> str:
    labels = {"inputs": "the input files", "rules": "the rule configuration", "clusters": "the cluster parameters", "version": "the qualitycheck version"}
    for key, label in labels.items():
        if old.get(key) != new.get(key):
            return label
    return ""
