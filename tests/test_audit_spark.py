"""The Spark engine on local[2] gives the same reports, errors, signatures and clusters as the local engine."""
from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("the Spark engine needs Java 17+", allow_module_level=True)

from qualitycheck.audit import run_audit  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from audit_helpers import article_text, html_page, record, spin, write_jsonl, write_warc  # noqa: E402

pytestmark = [pytest.mark.spark, pytest.mark.slow]
N = 5000


def test_spark_local2_matches_local_engine_on_5k_articles(tmp_path):
    recs = [record(i, text=article_text(i, paragraphs=1)) for i in range(N)]
    base = article_text(77777, paragraphs=3)
    for j, frac in enumerate((0.0, 0.1, 0.2)):  # a cluster hidden among 5k unrelated articles
        recs[1000 + 997 * j] = record(1000 + 997 * j, text=spin(base, frac, j) if frac else base, date=f"2024-02-0{3 - j}")
    src = write_jsonl(tmp_path / "big.jsonl", recs, broken={1234: "{broken", 4321: "nope"})
    gz = tmp_path / "more.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as handle:
        for i in range(N, N + 50):
            handle.write(json.dumps(record(i, text=article_text(i, paragraphs=1))) + "\n")
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [(f"https://news.example/{i}", html_page(f"Crawled {i}", base if i == 1 else article_text(900 + i))) for i in range(3)])
    inputs = [str(src), str(gz), str(warc)]
    local = run_audit(inputs, str(tmp_path / "local"), workers=2, progress="none")
    spark = run_audit(inputs, str(tmp_path / "spark"), engine="spark", workers=2, progress="none")
    assert local.articles == spark.articles == N + 2 + 50 + 3
    for name in ("reports.jsonl", "errors.jsonl", "signatures.jsonl", "clusters.jsonl"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "spark" / name).read_bytes(), name
    clusters = [json.loads(line) for line in (tmp_path / "spark" / "clusters.jsonl").read_text().splitlines()]
    assert len(clusters) >= 1 and clusters[0]["size"] >= 3  # the three JSONL copies (the crawled one if its language agrees)
    assert clusters[0]["original"]["date"] == "2024-02-01"
    s_local = json.loads((tmp_path / "local" / "summary.json").read_text())
    s_spark = json.loads((tmp_path / "spark" / "summary.json").read_text())
    for key in ("articles", "verdicts", "by_rule", "by_site", "trend", "worst", "clusters"):
        assert s_local[key] == s_spark[key], key
