"""The WARC loader: HTML captures only, corrupt or truncated records reported by record and offset, never a crash."""
from __future__ import annotations

import io
import sys
from pathlib import Path

from qualitycheck.loaders import load_file
from qualitycheck.loaders.warc import WarcHtml, iter_warc
from qualitycheck.loaders.common import DEFAULT_LIMITS

sys.path.insert(0, str(Path(__file__).parent))
from audit_helpers import article_text, html_page, write_warc  # noqa: E402


def _input_messages(article) -> list[str]:
    return [hit.message for hit in article.load_issues if hit.rule == "QC001"]


def test_only_successful_html_captures_are_articles(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "mixed.warc"
    with open(path, "wb") as handle:
        w = WARCWriter(handle, gzip=False)
        ok = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=latin-1")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://a.example/1", "response", payload=io.BytesIO(html_page("Caf\xe9 story", article_text(1)).decode().encode("latin-1")), http_headers=ok))
        moved = StatusAndHeaders("301 Moved", [("Content-Type", "text/html"), ("Location", "/x")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://a.example/2", "response", payload=io.BytesIO(b"<html>moved</html>"), http_headers=moved))
        w.write_record(w.create_warc_record("https://a.example/3", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        w.write_record(w.create_warc_record("https://a.example/4", "resource", payload=io.BytesIO(html_page("Resource story", article_text(2))), warc_content_type="text/html"))
    articles = list(load_file(str(path)))
    assert [a.title for a in articles] == ["Caf\xe9 story", "Resource story"]  # charset from the HTTP header
    assert articles[0].url == "https://a.example/1" and articles[0].id == f"{path}#0"
    assert articles[0].metadata["warc_offset"] == 0 and "warc_date" in articles[0].metadata


def test_corrupt_record_in_uncompressed_warc_is_named_and_reading_goes_on(tmp_path):
    path = tmp_path / "a.warc"
    offsets = write_warc(path, [(f"https://n.example/{i}", html_page(f"Page {i}", article_text(i))) for i in range(4)], gz=False)
    data = bytearray(path.read_bytes())
    data[offsets[3] : offsets[3] + 8] = b"GARBAGE!"  # the header line of the third page
    path.write_bytes(bytes(data))
    articles = list(load_file(str(path)))
    errors = [m for a in articles for m in _input_messages(a)]
    assert len(errors) == 1 and f"offset {offsets[3]}" in errors[0] and "record 3" in errors[0]
    assert [a.title for a in articles if not _input_messages(a)] == ["Page 0", "Page 1", "Page 3"]


def test_truncated_and_garbage_archives_end_cleanly(tmp_path):
    short = tmp_path / "short.warc"
    short.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    items = list(load_file(str(short)))
    assert len(items) == 1 and "offset 0" in _input_messages(items[0])[0]
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    items = list(load_file(str(junk)))
    assert items and all(_input_messages(a) for a in items)
    path = tmp_path / "cut.warc.gz"
    write_warc(path, [(f"https://n.example/{i}", html_page(f"Page {i}", article_text(i))) for i in range(3)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])  # the last record is cut short
    out = list(iter_warc(open(path, "rb"), str(path), DEFAULT_LIMITS))
    assert [o.url for o in out if isinstance(o, WarcHtml)][:2] == ["https://n.example/0", "https://n.example/1"]


def test_offsets_after_a_resync_are_absolute(tmp_path):
    """Two corrupt records: the second error (met by a fresh iterator after resyncing) names its real offset."""
    path = tmp_path / "b.warc"
    offsets = write_warc(path, [(f"https://n.example/{i}", html_page(f"Page {i}", article_text(i))) for i in range(6)], gz=False)
    data = bytearray(path.read_bytes())
    for k in (2, 4):
        data[offsets[k] : offsets[k] + 8] = b"GARBAGE!"
    path.write_bytes(bytes(data))
    articles = list(load_file(str(path)))
    errors = [m for a in articles for m in _input_messages(a)]
    assert len(errors) == 2
    assert f"offset {offsets[2]}" in errors[0] and f"offset {offsets[4]}" in errors[1]
    good = [a for a in articles if not _input_messages(a)]
    assert [a.title for a in good] == ["Page 0", "Page 2", "Page 4", "Page 5"]
    assert [a.metadata["warc_offset"] for a in good] == [offsets[0], offsets[3], offsets[5], offsets[6]]
