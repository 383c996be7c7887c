"""Access to the shared dev data (never copied into the repo) and its fixed held-out split by source host.

The data lives outside the repository: ``$QC_SHARED`` (the ``shared`` folder), else ``/work/shared``, else
``../shared`` next to the repository root. Everything here returns ``None``/empty when it is absent, so tests and
scripts can skip cleanly.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence
from urllib.parse import urlparse

SPLIT_FILE = Path(__file__).resolve().parent.parent / "data" / "spin" / "split.json"
_HOST_PREFIXES = ("www.", "amp.", "uk.", "test.", "digital-stage.")


def shared_dir() -> Optional[Path]:
    """The shared folder holding ``data/``, or None when it is not available."""
    candidates = []
    if os.environ.get("QC_SHARED"):
        candidates.append(Path(os.environ["QC_SHARED"]))
    candidates.append(Path("/work/shared"))
    candidates.append(Path(__file__).resolve().parents[3].parent / "shared")
    for cand in candidates:
        if (cand / "data" / "spun_dev.jsonl").is_file():
            return cand
    return None


def require_shared(shared: Optional[str] = None) -> bool:
    """For build scripts: point at ``shared`` (when given) and say on stderr when the data is missing."""
    if shared:
        os.environ["QC_SHARED"] = shared
    if data_dir() is None:
        print("shared data not found; set QC_SHARED or pass --shared", file=sys.stderr)
        return False
    return True


def data_dir() -> Optional[Path]:
    base = shared_dir()
    return base / "data" if base else None


def host(url: Optional[str]) -> str:
    """Registered-ish host of a URL: lowercased, without www./amp. style prefixes."""
    h = urlparse(url or "").netloc.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if h.startswith(prefix):
            h = h[len(prefix):]
    return h


@lru_cache(maxsize=1)
def split_definition() -> dict[str, Any]:
    return json.loads(SPLIT_FILE.read_text(encoding="utf-8"))


def group_of(record: dict[str, Any]) -> str:
    """The split group of a dev record: a paired host when it touches one, else its source host."""
    split = split_definition()
    hosts = {host(record.get("source")), host(record.get("original_source"))} - {""}
    paired = sorted(hosts & set(split["paired_hosts"]))
    return paired[0] if paired else host(record.get("source"))


def part_of(record: dict[str, Any]) -> str:
    """'train' or 'heldout' for a dev record."""
    split = split_definition()
    group = group_of(record)
    if group in split["heldout_hosts"]:
        return "heldout"
    if record.get("label") == "spun" or group in split["paired_hosts"] or group in split["train_hosts_spun"]:
        return "train"
    modulo, below = split["clean_hash_heldout_modulo"]
    digest = int(hashlib.sha1(group.encode("utf-8")).hexdigest(), 16)
    return "heldout" if digest % modulo < below else "train"


def dev_records(part: Optional[str] = None) -> list[dict[str, Any]]:
    """Spun and clean dev records (optionally only one split part); [] when the shared data is absent."""
    base = data_dir()
    if base is None:
        return []
    out: list[dict[str, Any]] = []
    for name in ("spun_dev.jsonl", "clean_dev.jsonl"):
        with (base / name).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    rec = json.loads(line)
                    rec["part"] = part_of(rec)
                    if part is None or rec["part"] == part:
                        out.append(rec)
    return out


def corpus_records(name: str) -> Iterator[dict[str, Any]]:
    """Records of ``data/corpora/<name>/<name>.jsonl`` (statistics and synthetic training only)."""
    base = data_dir()
    if base is None:
        return
    path = base / "corpora" / name / f"{name}.jsonl"
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def clickbait_headlines(kind: str = "non_clickbait_data") -> Iterator[str]:
    base = data_dir()
    if base is None:
        return
    path = base / "corpora" / "clickbait" / kind
    if not path.is_file():
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                yield line.strip()


#: clean news for measuring how often a spun form or an artefact occurs in honest copy (statistics only: no text
#: leaves the corpora). bbc, reuters21578 and lee_abc are research-only corpora.
STATISTICS_CORPORA = ("bbc", "reuters21578", "lee_abc", "onestopenglish", "gum_wikinews")


def statistics_texts(without: Sequence[str] = ()) -> Iterator[str]:
    """Titles and paragraphs of the statistics corpora (except those named in ``without``), the clickbait
    corpus's news headlines, and the TRAIN part of clean_dev (the held-out part is never read)."""
    for name in STATISTICS_CORPORA:
        if name in without:
            continue
        for rec in corpus_records(name):
            if rec.get("duplicate_of"):
                continue
            if rec.get("title") and name != "onestopenglish":
                yield rec["title"]
            for para in (rec.get("text") or "").split("\n\n"):
                if para.strip():
                    yield para
    yield from clickbait_headlines("non_clickbait_data")
    for rec in dev_records("train"):
        if rec["label"] == "clean":
            yield rec["text"]
