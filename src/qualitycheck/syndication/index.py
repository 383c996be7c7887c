"""The on-disk reference index: one SQLite file (stdlib, no pickle), versioned and self-describing.

Tables:
  meta(key, value)            magic, format_version, params (JSON), created, qualitycheck_version, documents,
                              checksum (over every document's verification data; ``index info --verify``)
  docs(id, ext_id, ...)       one row per indexed article: title, url, site, date, day, language, credit (whom
                              a copy should credit), source path, token count, 16-bit token ids, skeleton ids,
                              and, with ``--store-text``, the zlib-compressed body (source side of passages)
  postings(key, doc)          LSH keys (text bands, skeleton bands, passage anchors) -> doc, WITHOUT ROWID

Opening validates magic, version and parameters; anything else is an ``IndexFormatError`` naming the file.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import zlib
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from ..config import ConfigError
from .signature import DEFAULT_PARAMS, Params, unpack16
from .tokens import tokenize

MAGIC = "qualitycheck-syndication-index"
FORMAT_VERSION = 1

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
  id INTEGER PRIMARY KEY, ext_id TEXT, title TEXT, url TEXT, site TEXT, date TEXT, day INTEGER,
  language TEXT, credit TEXT, path TEXT, ntok INTEGER NOT NULL, tokens BLOB NOT NULL, skeleton BLOB NOT NULL,
  body BLOB
);
CREATE TABLE postings(key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(key, doc)) WITHOUT ROWID;
"""


class IndexFormatError(ConfigError):
    """The file is not a usable qualitycheck reference index (corrupt, foreign, or another format version)."""


@dataclass
class IndexedDoc:
    """One document of the index, as needed to verify and to report a match."""

    id: int
    ext_id: Optional[str]
    title: Optional[str]
    url: Optional[str]
    site: Optional[str]
    date: Optional[str]
    day: Optional[int]
    language: Optional[str]
    credit: Optional[str]
    path: Optional[str]
    tokens: list[int]
    skeleton: list[int]
    body: Optional[bytes] = None

    def text(self) -> Optional[str]:
        return zlib.decompress(self.body).decode("utf-8") if self.body else None

    def label(self) -> str:
        return self.title or self.url or self.ext_id or f"#{self.id}"

    def describe(self) -> dict[str, Any]:
        return {k: v for k, v in (("id", self.ext_id), ("title", self.title), ("url", self.url), ("site", self.site), ("date", self.date), ("credit", self.credit), ("path", self.path)) if v}


def _blob_checksum(tokens: bytes, skeleton: bytes) -> int:
    return zlib.crc32(skeleton, zlib.crc32(tokens))


class ReferenceIndex:
    """A reference index file. Use :meth:`create` for a new one and :meth:`open` for an existing one."""

    def __init__(self, path: str, conn: sqlite3.Connection, params: Params, meta: dict[str, str], writable: bool):
        self.path = path
        self.conn = conn
        self.params = params
        self.meta = meta
        self.writable = writable

    # -- opening ------------------------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str, params: Params = DEFAULT_PARAMS, *, store_text: bool = False, overwrite: bool = False) -> "ReferenceIndex":
        if os.path.exists(path):
            if not overwrite:
                raise IndexFormatError(f"{path}: already exists (use 'index add' to extend it)")
            os.remove(path)
        from .. import __version__

        conn = sqlite3.connect(path)
        conn.executescript(_SCHEMA)
        meta = {
            "magic": MAGIC,
            "format_version": str(FORMAT_VERSION),
            "params": json.dumps(params.to_dict(), sort_keys=True),
            "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
            "qualitycheck_version": __version__,
            "store_text": "1" if store_text else "0",
            "documents": "0",
            "checksum": "0",
        }
        conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", meta.items())
        conn.commit()
        return cls(path, conn, params, meta, writable=True)

    @classmethod
    def open(cls, path: str, *, writable: bool = False) -> "ReferenceIndex":
        if not os.path.isfile(path):
            raise IndexFormatError(f"{path}: reference index not found")
        try:
            # check_same_thread=False: the web server shares one index between request threads; callers lock
            if writable:
                conn = sqlite3.connect(path, check_same_thread=False)
            else:
                conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            rows = conn.execute("SELECT key, value FROM meta").fetchall()
        except sqlite3.DatabaseError as exc:
            raise IndexFormatError(f"{path}: not a qualitycheck reference index ({exc})") from None
        meta = {str(k): str(v) for k, v in rows}
        if meta.get("magic") != MAGIC:
            conn.close()
            raise IndexFormatError(f"{path}: not a qualitycheck reference index (bad magic)")
        version = meta.get("format_version")
        if version != str(FORMAT_VERSION):
            conn.close()
            raise IndexFormatError(f"{path}: index format version {version} is not supported (this qualitycheck reads version {FORMAT_VERSION}; rebuild it with 'qualitycheck index build')")
        try:
            params = Params.from_dict(json.loads(meta["params"]))
            conn.execute("SELECT id, ntok, tokens, skeleton FROM docs LIMIT 1").fetchall()
            conn.execute("SELECT key, doc FROM postings LIMIT 1").fetchall()
        except (KeyError, ValueError, TypeError, sqlite3.DatabaseError) as exc:
            conn.close()
            raise IndexFormatError(f"{path}: damaged reference index ({exc})") from None
        return cls(path, conn, params, meta, writable)

    def close(self) -> None:
        self.conn.close()

    def compact(self) -> None:
        """Rewrite the file with full pages (random-order key inserts leave B-tree pages ~70% full)."""
        self.conn.commit()
        self.conn.execute("VACUUM")

    def __enter__(self) -> "ReferenceIndex":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------------------------
    @property
    def store_text(self) -> bool:
        return self.meta.get("store_text") == "1"

    def add_signatures(self, items: Iterable[tuple[dict[str, Any], Optional[str], Optional[str]]], batch: int = 2000) -> int:
        """Add (signature, body text or None, source path) triples; returns how many were added."""
        if not self.writable:
            raise IndexFormatError(f"{self.path}: opened read-only")
        import base64

        cur = self.conn.cursor()
        next_id = (cur.execute("SELECT COALESCE(MAX(id), 0) FROM docs").fetchone()[0] or 0) + 1
        checksum = int(self.meta.get("checksum", "0"))
        count = 0
        docs: list[tuple] = []
        postings: list[tuple[int, int]] = []

        def flush() -> None:
            cur.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", docs)
            cur.executemany("INSERT OR IGNORE INTO postings(key, doc) VALUES (?, ?)", postings)
            docs.clear()
            postings.clear()

        for sig, text, path in items:
            tokens = base64.b64decode(sig["tokens"])
            skeleton = base64.b64decode(sig["skeleton"])
            body = zlib.compress(text.encode("utf-8"), 4) if (text and self.store_text) else None
            docs.append((next_id, sig.get("id"), sig.get("title"), sig.get("url"), sig.get("site"), sig.get("date"), sig.get("day"), sig.get("language"), sig.get("credit"), path, sig["n"], tokens, skeleton, body))
            keys = sig["keys"]
            for key in {*keys["text"], *keys["skeleton"], *keys["anchor"]}:
                postings.append((key, next_id))
            checksum = (checksum + _blob_checksum(tokens, skeleton)) % (1 << 62)
            next_id += 1
            count += 1
            if len(docs) >= batch:
                flush()
        flush()
        total = int(self.meta.get("documents", "0")) + count
        self.meta.update(documents=str(total), checksum=str(checksum))
        cur.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [("documents", str(total)), ("checksum", str(checksum))])
        self.conn.commit()
        return count

    # -- reading ------------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.meta.get("documents", "0"))

    def candidates(self, keys: Sequence[int], limit: int = 50) -> list[tuple[int, int]]:
        """(doc, shared key count) of documents sharing keys with ``keys``, most shared first."""
        if not keys:
            return []
        out: dict[int, int] = {}
        chunk = 500  # SQLite's default limit on bound parameters is 999 (older builds)
        keys = list(set(keys))
        for i in range(0, len(keys), chunk):
            part = keys[i : i + chunk]
            sql = f"SELECT doc, COUNT(*) FROM postings WHERE key IN ({','.join('?' * len(part))}) GROUP BY doc"
            for doc, n in self.conn.execute(sql, part):
                out[doc] = out.get(doc, 0) + n
        return sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def all_documents(self, limit: int) -> list[tuple[int, int]]:
        """(doc, 0) for the first ``limit`` documents: every candidate of a tiny index (inline references)."""
        return [(row[0], 0) for row in self.conn.execute("SELECT id FROM docs ORDER BY id LIMIT ?", (limit,))]

    def docs(self, ids: Sequence[int], *, with_body: bool = False) -> dict[int, IndexedDoc]:
        if not ids:
            return {}
        body = "body" if with_body else "NULL"
        sql = f"SELECT id, ext_id, title, url, site, date, day, language, credit, path, tokens, skeleton, {body} FROM docs WHERE id IN ({','.join('?' * len(ids))})"
        out: dict[int, IndexedDoc] = {}
        for row in self.conn.execute(sql, list(ids)):
            out[row[0]] = IndexedDoc(*row[:10], unpack16(row[10]), unpack16(row[11]), row[12])
        return out

    def body(self, doc: int) -> Optional[str]:
        row = self.conn.execute("SELECT body FROM docs WHERE id = ?", (doc,)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8") if row and row[0] else None

    def info(self, verify: bool = False) -> dict[str, Any]:
        """What ``index info`` prints: meta, counts, file size, bytes per document; ``verify`` re-checks data."""
        postings = self.conn.execute("SELECT COUNT(*) FROM postings").fetchone()[0]
        docs = self.conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
        size = os.path.getsize(self.path)
        out: dict[str, Any] = {
            "path": self.path,
            "format_version": int(self.meta["format_version"]),
            "created": self.meta.get("created"),
            "qualitycheck_version": self.meta.get("qualitycheck_version"),
            "documents": docs,
            "postings": postings,
            "stores_text": self.store_text,
            "params": self.params.to_dict(),
            "bytes": size,
            "bytes_per_document": round(size / docs, 1) if docs else None,
            "languages": dict(self.conn.execute("SELECT COALESCE(language, '?'), COUNT(*) FROM docs GROUP BY 1 ORDER BY 2 DESC").fetchall()),
        }
        if verify:
            checksum = 0
            for tokens, skeleton in self.conn.execute("SELECT tokens, skeleton FROM docs"):
                checksum = (checksum + _blob_checksum(tokens, skeleton)) % (1 << 62)
            problems = []
            if str(checksum) != self.meta.get("checksum"):
                problems.append("checksum mismatch: document data changed or damaged")
            if docs != len(self):
                problems.append(f"meta says {len(self)} documents, table has {docs}")
            integrity = self.conn.execute("PRAGMA quick_check").fetchone()[0]
            if integrity != "ok":
                problems.append(f"sqlite quick_check: {integrity}")
            out["verified"] = not problems
            out["problems"] = problems
        return out


def source_offsets(text: str) -> tuple[list[int], list[int]]:
    toks = tokenize(text)
    return toks.starts, toks.ends
