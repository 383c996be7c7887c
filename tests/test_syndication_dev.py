"""The real syndicated clusters in ../shared/data/syndication_dev are linked (skips when the data is absent).

Each cluster folder holds copies of one wire story and a cluster.json naming the copy closest to the wire.
Checked as a batch, every copy must land in one QC203 cluster whose likely original is that copy; with the
closest copy as the reference index, every other copy must be a QC201 match of it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from qualitycheck import api
from qualitycheck.config import Config
from qualitycheck.syndication.build import add_paths
from qualitycheck.syndication.index import ReferenceIndex

HERE = Path(__file__).resolve().parent
CANDIDATES = [Path(os.environ["QC_SHARED"]) / "data" if os.environ.get("QC_SHARED") else None, HERE.parent.parent / "shared" / "data", HERE.parent.parent.parent / "shared" / "data", Path("/work/shared/data")]
DEV = next((p / "syndication_dev" for p in CANDIDATES if p is not None and (p / "syndication_dev").is_dir()), None)
pytestmark = [pytest.mark.shared, pytest.mark.skipif(DEV is None, reason="../shared/data/syndication_dev not available")]
CLUSTERS = sorted(p.name for p in DEV.iterdir() if (p / "cluster.json").is_file()) if DEV else []


def cluster_files(name: str) -> tuple[dict, list[Path]]:
    folder = DEV / name  # type: ignore[operator]
    meta = json.loads((folder / "cluster.json").read_text(encoding="utf-8"))
    return meta, sorted(folder / f for f in meta["copies"])


@pytest.mark.parametrize("name", CLUSTERS)
def test_cluster_checked_as_batch(name: str) -> None:
    meta, files = cluster_files(name)
    report = api.check_paths([str(f) for f in files], Config(select=("QC203",)))
    findings = {Path(a.source.path).name: [f for f in a.findings if f.rule == "QC203"] for a in report.articles}
    assert all(len(found) == 1 for found in findings.values()), findings
    members = {Path(m["source"].split(":")[0]).name for found in findings.values() for m in found[0].evidence["cluster"]}
    assert members == set(meta["copies"])
    originals = {Path(found[0].evidence["original"]["source"]).name for found in findings.values()}
    assert originals == {meta["closest_to_wire"]}


@pytest.mark.parametrize("name", CLUSTERS)
def test_copies_match_the_closest_copy_in_an_index(name: str, tmp_path: Path) -> None:
    meta, files = cluster_files(name)
    path = str(tmp_path / "ref.qci")
    index = ReferenceIndex.create(path)
    add_paths(index, [str(DEV / name / meta["closest_to_wire"])])  # type: ignore[operator]
    index.close()
    others = [f for f in files if f.name != meta["closest_to_wire"]]
    report = api.check_paths([str(f) for f in others], Config(select=("QC201",), reference=path))
    for article in report.articles:
        found = [f for f in article.findings if f.rule == "QC201"]
        assert found, f"{article.source.path}: no match"
        assert Path(found[0].evidence["source"]["path"]).name == meta["closest_to_wire"]
