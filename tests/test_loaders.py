"""Loaders: each input format becomes Articles with the right fields and source positions."""
from __future__ import annotations

import gzip
import json

import pytest

from qualitycheck.api import load
from qualitycheck.loaders import LoadError, load_string

from .conftest import SAMPLES


def test_plain_text_title_byline_and_positions(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Storm closes schools\n\nBy Jane Doe and John Roe\n\nSchools closed on Monday.\nBuses did not run.\n\nPower returned by noon.\n")
    (a,) = load(p)
    assert a.title == "Storm closes schools"
    assert a.byline == ["Jane Doe", "John Roe"]
    assert a.body == ["Schools closed on Monday.\nBuses did not run.", "Power returned by noon."]
    assert a.positions["title"] == (1, 1)
    assert a.locate("body", a.text.index("Buses")) == (6, 1)
    assert a.locate("body", a.text.index("noon")) == (8, 19)


def test_text_whose_first_paragraph_is_long_has_no_title(tmp_path):
    p = tmp_path / "b.txt"
    p.write_text("The council met on Tuesday.\nIt approved the budget.\n\nSecond paragraph.\n")
    (a,) = load(p)
    assert a.title == "" and len(a.body) == 2


def test_markdown_front_matter_fields_and_lines():
    (a,) = load(SAMPLES / "chatbot-debris.md")
    assert a.title == "Council approves new riverside park"
    assert a.byline == ["Jane Doe"]
    assert a.date == "2024-05-02"
    assert a.positions["title"] == (2, 8)
    assert a.locate("body", 0) == (7, 1)  # front matter lines are counted


def test_markdown_comment_lines_are_recorded_not_checked():
    (a,) = load_string("---\ntitle: T\n---\n\n<!-- qualitycheck-disable-next-line -->\nAs an AI language model, I cannot.\n", "markdown")
    assert a.positions["comments"] == [(5, "qualitycheck-disable-next-line")]
    assert a.body == ["As an AI language model, I cannot."]
    assert a.locate("body", 0) == (6, 1)


def test_markdown_authors_list_and_heading_title():
    (a,) = load_string("---\nauthors: [Ann Lee, Bo Chen]\n---\n# Big headline\n\nBody text here.\n", "markdown")
    assert a.byline == ["Ann Lee", "Bo Chen"]
    assert a.title == "Big headline"
    assert a.body == ["Body text here."]


def test_html_main_text_and_jsonld_metadata():
    (a,) = load(SAMPLES / "page.html")
    assert a.title == "Storm knocks out power to 40,000 homes"
    assert a.byline == ["Priya Natarajan"]
    assert a.date.startswith("2024-11-18")
    assert a.site == "Lakeside Herald"
    assert a.url == "https://lakeside-herald.invalid/news/storm-power-outage"
    assert any("40,000 homes" in p for p in a.body)
    assert not any("Sport" == p for p in a.body)  # navigation is not article text


def test_json_record_fields_and_unknown_keys_kept():
    (a,) = load_string(json.dumps({"id": "x1", "title": "T", "text": "One.\n\nTwo.", "author": "A B", "date": "2024-01-02", "url": "u", "site": "S", "tags": ["a"]}), "json")
    assert (a.id, a.title, a.byline, a.date, a.url, a.site) == ("x1", "T", ["A B"], "2024-01-02", "u", "S")
    assert a.body == ["One.", "Two."]
    assert a.metadata == {"tags": ["a"]}


def test_json_list_and_jsonl_gz(tmp_path):
    p = tmp_path / "list.json"
    p.write_text(json.dumps([{"id": "a", "text": "x y z"}, {"id": "b", "text": "p q"}]))
    assert [a.id for a in load(p)] == ["a", "b"]
    g = tmp_path / "recs.jsonl.gz"
    with gzip.open(g, "wt") as f:
        f.write('{"id": "g1", "text": "hello there"}\n{"id": "g2", "text": "bye now"}\n')
    assert [a.id for a in load(g)] == ["g1", "g2"]


def test_record_without_id_gets_stable_id_from_path_and_line(tmp_path):
    p = tmp_path / "n.jsonl"
    p.write_text('{"text": "first"}\n\n{"text": "second"}\n')
    ids = [a.id for a in load(p)]
    assert ids == [f"{p}:1", f"{p}:3"]


def test_directory_walk_include_exclude_and_hidden(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\ntext")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B\n\ntext")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("C\n\ntext")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    from qualitycheck.config import Config

    assert sorted(a.title for a in load(tmp_path)) == ["A", "B"]
    assert [a.title for a in load(tmp_path, Config(exclude=("sub",)))] == ["A"]
    assert [a.title for a in load(tmp_path, Config(include=("*.txt",)))] == ["B"]


def test_missing_path_raises_load_error(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        list(load(tmp_path / "nope.txt"))


def test_non_utf8_file_is_decoded_and_reported(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Café owners protest\n\nThe café on Main Street will close on Friday, its owner said.".encode("cp1252"))
    (a,) = load(p)
    assert "café" in a.text
    assert any(i.rule == "QC005" for i in a.load_issues)
