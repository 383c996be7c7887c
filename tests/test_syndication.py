"""Syndication: signatures, verification, the reference index, the detector's findings and the index CLI."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from syndication_texts import BRIDGE, FERRY, FERRY_FEATURE, FILLER, edit, spin  # noqa: E402

from qualitycheck import api, syndication as syn  # noqa: E402
from qualitycheck.config import Config, ConfigError  # noqa: E402
from qualitycheck.model import Article, Severity  # noqa: E402
from qualitycheck.syndication.index import IndexFormatError, ReferenceIndex  # noqa: E402

SRC = str(Path(__file__).resolve().parent.parent / "src")


def art(ident: str, body: str, **kw) -> Article:
    return Article(id=ident, body=[p for p in body.split("\n\n") if p.strip()], language=kw.pop("language", "en"), **kw)


@pytest.fixture()
def wire_index(tmp_path: Path) -> str:
    path = str(tmp_path / "wire.qci")
    src = tmp_path / "wire.jsonl"
    src.write_text(
        json.dumps({"id": "wire-ferry", "title": "Kestrel Point pier to close", "text": FERRY, "date": "2024-03-04", "url": "https://wire.example/ferry"}) + "\n"
        + json.dumps({"id": "wire-bridge", "title": "Millbrook bridge reopens", "text": BRIDGE, "date": "2024-05-01"}) + "\n",
        encoding="utf-8",
    )
    run_cli("index", "build", str(src), "--source-name", "Coast News Service", "--store-text", "-o", path)
    return path


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The CLI in-process (same entry point and error handling as the console script, without the start-up cost)."""
    import contextlib
    import io

    from qualitycheck.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    proc = subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())
    if check and proc.returncode not in (0, 1):
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc


def run_subprocess(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qualitycheck", *args], capture_output=True, text=True, env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"})


def copies(index_path: str, article: Article, **kw):
    with ReferenceIndex.open(index_path) as index:
        return syn.find_copies(index, article, **kw)


# -- signatures and verification -------------------------------------------------------------------------------------


def test_signature_is_json_and_keys_are_strings() -> None:
    sig = syn.signature(art("a", FERRY, date="2024-03-04"))
    again = json.loads(json.dumps(sig))
    assert again == sig
    keys = syn.band_keys(sig)
    assert keys and all(isinstance(k, str) and k[0] in "tsa" for k in keys)
    assert sig["day"] is not None and sig["n"] > 200


def test_verify_kinds() -> None:
    base = syn.signature(art("orig", FERRY))
    exact = syn.verify(syn.signature(art("copy", "Advertisement\n\n" + FERRY + "\n\n" + FILLER)), base)
    assert exact is not None and exact.kind == "exact" and exact.share_b > 0.95
    edited = syn.verify(syn.signature(art("ed", edit(FERRY))), base)
    assert edited is not None and edited.kind == "edited"
    spun = syn.verify(syn.signature(art("sp", spin(FERRY, 0.5))), base)
    assert spun is not None and spun.kind == "spun" and spun.skeleton > 0.8
    lede = FERRY.split("\n\n")[:2]
    partial = syn.verify(syn.signature(art("pa", "\n\n".join([BRIDGE.split("\n\n")[0], *lede, *BRIDGE.split("\n\n")[1:]]))), base)
    assert partial is not None and partial.kind == "partial"
    assert syn.verify(syn.signature(art("feature", FERRY_FEATURE)), base) is None
    assert syn.verify(syn.signature(art("other", BRIDGE)), base) is None


def test_cluster_earliest_first_and_union_find() -> None:
    sigs = [
        syn.signature(art("late-copy", spin(FERRY, 0.3), date="2024-03-09")),
        syn.signature(art("unrelated", BRIDGE, date="2024-03-05")),
        syn.signature(art("original", FERRY, date="2024-03-04")),
        syn.signature(art("edited", edit(FERRY), date="2024-03-06")),
    ]
    clusters = syn.cluster(sigs)
    assert len(clusters) == 1
    assert clusters[0].ids == ["original", "edited", "late-copy"]
    assert json.loads(json.dumps(clusters[0].to_dict()))["original"] == "original"


def test_cluster_blocks_by_language_and_date_window() -> None:
    a = syn.signature(art("a", FERRY, date="2024-03-04"))
    b = syn.signature(art("b", FERRY, date="2024-09-04"))
    assert syn.cluster([a, b], date_window_days=30) == []
    assert len(syn.cluster([a, b], date_window_days=None)) == 1
    c = syn.signature(art("c", FERRY, language="de"))
    assert syn.cluster([a, c], date_window_days=None) == []


# -- the reference index ---------------------------------------------------------------------------------------------


def test_index_build_add_info_and_query(wire_index: str, tmp_path: Path) -> None:
    info = json.loads(run_cli("index", "info", wire_index, "--format", "json", "--verify").stdout)
    assert info["documents"] == 2 and info["verified"] is True and info["format_version"] == syn.FORMAT_VERSION
    extra = tmp_path / "more.txt"
    extra.write_text("Pier feature\n\n" + FERRY_FEATURE, encoding="utf-8")
    run_cli("index", "add", wire_index, str(extra))
    assert json.loads(run_cli("index", "info", wire_index, "-f", "json").stdout)["documents"] == 3
    found = copies(wire_index, art("x", spin(FERRY, 0.35), date="2024-03-05"))
    assert [r.doc.ext_id for r in found] == ["wire-ferry"]
    assert found[0].doc.credit == "Coast News Service"


@pytest.mark.parametrize(
    "kind,body",
    [
        ("exact", "Share this story\n\n" + FERRY + "\n\n" + FILLER),
        ("edited", edit(FERRY)),
        ("spun", spin(FERRY, 0.5)),
        ("partial", "\n\n".join([FILLER, *FERRY.split("\n\n")[:2], FERRY_FEATURE])),
    ],
)
def test_each_copy_kind_is_found(wire_index: str, kind: str, body: str) -> None:
    found = copies(wire_index, art("q", body))
    assert found and found[0].doc.ext_id == "wire-ferry"
    assert found[0].match.kind == kind


def test_same_topic_article_is_not_a_copy(wire_index: str) -> None:
    assert copies(wire_index, art("q", FERRY_FEATURE)) == []


def test_date_window(wire_index: str) -> None:
    assert copies(wire_index, art("q", FERRY, date="2025-01-01")) == []
    assert copies(wire_index, art("q", FERRY, date="2025-01-01"), date_window_days=None)


def test_empty_index_matches_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "empty.qci")
    ReferenceIndex.create(path).close()
    assert copies(path, art("q", FERRY)) == []
    report = api.check(art("q", FERRY), Config(reference=path))
    assert not [f for f in report.articles[0].findings if f.rule == "QC201"]
    assert report.articles[0].scores["syndication"] == 0.0


def test_corrupt_and_wrong_version_index(tmp_path: Path) -> None:
    bad = tmp_path / "bad.qci"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x13" * 200)
    with pytest.raises(IndexFormatError, match="bad.qci"):
        ReferenceIndex.open(str(bad))
    old = tmp_path / "old.qci"
    ReferenceIndex.create(str(old)).close()
    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'")
    with pytest.raises(IndexFormatError, match="version 99"):
        ReferenceIndex.open(str(old))
    foreign = tmp_path / "foreign.qci"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t(x)")
    with pytest.raises(ConfigError, match="foreign.qci"):
        ReferenceIndex.open(str(foreign))
    sample = tmp_path / "a.txt"
    sample.write_text("Title\n\n" + FERRY, encoding="utf-8")
    proc = run_subprocess("check", "--reference", str(bad), str(sample))
    assert proc.returncode == 2 and "bad.qci" in proc.stderr and "Traceback" not in proc.stderr
    for path in (bad, old, foreign, tmp_path / "missing.qci"):
        proc = run_cli("check", "--reference", str(path), str(sample), check=False)
        assert proc.returncode == 2, proc.stderr
        assert path.name in proc.stderr and "Traceback" not in proc.stderr
    assert run_cli("index", "info", str(bad), check=False).returncode == 2


def test_damaged_data_fails_verify(wire_index: str) -> None:
    with sqlite3.connect(wire_index) as conn:
        conn.execute("UPDATE docs SET tokens = zeroblob(10) WHERE ext_id = 'wire-bridge'")
    proc = run_cli("index", "info", wire_index, "--verify", check=False)
    assert proc.returncode == 2 and "checksum" in proc.stdout


def test_build_refuses_to_overwrite(wire_index: str, tmp_path: Path) -> None:
    src = tmp_path / "x.txt"
    src.write_text("T\n\n" + BRIDGE, encoding="utf-8")
    proc = run_cli("index", "build", str(src), "-o", wire_index, check=False)
    assert proc.returncode == 2 and "already exists" in proc.stderr


# -- findings ----------------------------------------------------------------------------------------------------------


def qc201(report):
    return [f for f in report.articles[0].findings if f.rule == "QC201"]


def test_uncredited_copy_is_error_with_passages(wire_index: str) -> None:
    article = art("copy", "Share this story\n\n" + spin(FERRY, 0.3), title="Pier shuts")
    report = api.check(article, Config(reference=wire_index))
    [finding] = qc201(report)
    assert finding.severity is Severity.ERROR
    assert finding.evidence["kind"] == "spun" and finding.evidence["credited"] is False
    assert finding.evidence["source"]["id"] == "wire-ferry"
    assert "Coast News Service" in finding.message and "%" in finding.message
    passage = finding.evidence["passages"][0]
    assert article.text[passage["start"] : passage["end"]].startswith(passage["text"][:40])
    assert "source_text" in passage and "Kestrel Point" in passage["source_text"]
    assert report.articles[0].scores["syndication"] > 0.8
    assert report.exit_code == 1


def test_credited_copy_is_info(wire_index: str) -> None:
    body = FERRY + "\n\nThis story was provided by Coast News Service."
    report = api.check(art("copy", body, byline=["Staff reporter"]), Config(reference=wire_index))
    [finding] = qc201(report)
    assert finding.severity is Severity.INFO and finding.evidence["credited"] is True


def test_min_share_threshold(wire_index: str) -> None:
    body = "\n\n".join([FERRY.split("\n\n")[0], FERRY_FEATURE])
    assert qc201(api.check(art("q", body), Config(reference=wire_index)))
    config = Config(reference=wire_index, thresholds={"syndication.min_share": 0.6, "syndication.min_source_share": 0.6})
    assert qc201(api.check(art("q", body), config)) == []


def test_inline_reference_in_metadata() -> None:
    article = art("copy", edit(FERRY), metadata={"reference": {"text": FERRY, "title": "Pier to close", "credit": "AP"}})
    [finding] = qc201(api.check(article, Config()))
    assert finding.evidence["kind"] == "edited" and "AP" in finding.message


def test_no_reference_no_index_work() -> None:
    report = api.check(art("one", FERRY), Config())
    assert "syndication" not in report.articles[0].scores
    assert not [f for f in report.articles[0].findings if f.category == "syndication"]


def test_repeated_paragraph() -> None:
    paras = FERRY.split("\n\n")
    article = art("rep", "\n\n".join([*paras[:3], paras[1].replace("difficult", "hard")]))
    found = [f for f in api.check(article, Config()).articles[0].findings if f.rule == "QC202"]
    assert len(found) == 1
    assert found[0].evidence["repeats_paragraph"] == 2 and found[0].text.startswith("Board chair")


def test_batch_duplicates_from_jsonl(tmp_path: Path) -> None:
    rows = [
        {"id": "feature", "text": FERRY_FEATURE, "date": "2024-03-05"},
        {"id": "spun-copy", "text": spin(FERRY, 0.35), "date": "2024-03-06"},
        {"id": "original", "text": FERRY, "date": "2024-03-04"},
        {"id": "bridge", "text": BRIDGE, "date": "2024-03-04"},
        {"id": "edited-copy", "text": edit(FERRY), "date": "2024-03-05"},
    ]
    src = tmp_path / "batch.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = run_cli("check", str(src), "--format", "jsonl").stdout.splitlines()
    reports = {json.loads(line)["id"]: json.loads(line) for line in out}
    dup = {k: [f for f in r["findings"] if f["rule"] == "QC203"] for k, r in reports.items()}
    assert not dup["feature"] and not dup["bridge"]
    assert dup["original"][0]["severity"] == "info" and dup["original"][0]["evidence"]["is_original"]
    for copy in ("spun-copy", "edited-copy"):
        [f] = dup[copy]
        assert f["evidence"]["original"]["id"] == "original"
        assert {m["id"] for m in f["evidence"]["cluster"]} == {"original", "spun-copy", "edited-copy"}
        assert "original" in f["message"]
        assert reports[copy]["scores"]["syndication"] > 0.5
    assert "syndication" not in reports["bridge"]["scores"]


def test_check_reference_cli(wire_index: str, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Pier news\n---\n\n" + spin(FERRY, 0.2), encoding="utf-8")
    proc = run_cli("check", "--reference", wire_index, str(page), "--format", "jsonl")
    assert proc.returncode == 1
    [row] = [json.loads(line) for line in proc.stdout.splitlines()]
    [finding] = [f for f in row["findings"] if f["rule"] == "QC201"]
    assert finding["line"] is not None and finding["evidence"]["source"]["url"] == "https://wire.example/ferry"


def test_token_spans_line_up_on_odd_text() -> None:
    import random

    rng = random.Random(5)
    alphabet = "ab Cd\x00\ue000.,!?\n\"“”’'-–İß 7\t\u00a0\x1c"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        toks = syn.tokenize(text)
        assert len(toks.ids) == len(toks.starts) == len(toks.ends)
        assert all(text[s:e].strip() for s, e in zip(toks.starts, toks.ends))


def test_many_copies_of_one_text_cluster_in_linear_time() -> None:
    sigs = [syn.signature(art(f"c{i}", FERRY if i % 2 else edit(FERRY, seed=i))) for i in range(120)]
    sigs.append(syn.signature(art("other", BRIDGE)))
    clusters = syn.cluster(sigs)
    assert len(clusters) == 1 and len(clusters[0].members) == 120


def test_inline_reference_quotes_source_side() -> None:
    article = art("copy", spin(FERRY, 0.2), metadata={"reference": [{"text": BRIDGE}, {"text": FERRY, "title": "Pier", "credit": "AP"}]})
    [finding] = qc201(api.check(article, Config()))
    assert finding.evidence["source"]["title"] == "Pier"
    assert "Kestrel Point" in finding.evidence["passages"][0]["source_text"]
