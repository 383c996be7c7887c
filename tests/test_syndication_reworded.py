"""QC204 reworded-from-source: the words a copy swapped, each with the source's wording, and the alignment under it."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from syndication_texts import BRIDGE, FERRY, SPIN, spin  # noqa: E402

from qualitycheck import api  # noqa: E402
from qualitycheck.config import Config  # noqa: E402
from qualitycheck.loaders import load_string  # noqa: E402
from qualitycheck.model import Article, Severity  # noqa: E402
from qualitycheck.spin.learn import aligned_substitutions  # noqa: E402


def art(body: str, reference=None) -> Article:
    a = Article(id="copy", body=[p for p in body.split("\n\n") if p.strip()], language="en")
    if reference is not None:
        a.metadata["reference"] = reference
    return a


def reworded(article: Article, config: Config | None = None):
    return [f for f in api.check(article, config or Config()).articles[0].findings if f.rule == "QC204"]


def test_aligned_substitutions_carry_offsets_in_both_texts() -> None:
    original = "Police said the fire started where the old mill stood, more than a mile away."
    spun = "Police stated the hearth started the place the aged mill stood, greater than a mile away."
    subs = aligned_substitutions(original, spun)
    pairs = [(s.spun, s.original) for s in subs]
    assert pairs == [("stated", "said"), ("hearth", "fire"), ("the place", "where"), ("aged", "old"), ("greater", "more")]
    for s in subs:
        assert spun[s.spun_start : s.spun_end] == s.spun
        assert original[s.original_start : s.original_end] == s.original


def test_spun_copy_reports_every_swap_with_the_source_wording() -> None:
    copy = spin(FERRY, 0.3)
    found = reworded(art(copy, {"text": FERRY, "title": "Pier to close", "credit": "AP"}))
    assert found, "a spun copy of the reference must show its swaps"
    text = art(copy).text
    spun_words = {w.strip(".,;:\"'") for w in copy.split()} - {w.strip(".,;:\"'") for w in FERRY.split()}
    reverse = {v: k for k, v in SPIN.items()}
    for f in found:
        assert f.category == "spin" and f.field == "body"
        assert text[f.start : f.end] == f.text
        assert f.severity is Severity.WARNING  # a spun copy: the swaps are the spinning
        assert "AP" in f.message and f.suggestion in f.message
        if f.text in reverse:
            assert f.suggestion == reverse[f.text]
        src = f.evidence["source_start"], f.evidence["source_end"]
        assert FERRY[src[0] : src[1]] == f.suggestion
    reported = {f.text for f in found}
    assert len(spun_words & set(SPIN.values())) > 0
    # nearly every swapped word is reported (a swap next to a name or a number can merge into a skipped edit)
    assert len(reported & spun_words) >= 0.8 * len(spun_words & set(SPIN.values()))


def test_one_house_style_change_in_a_long_copy_is_info() -> None:
    copy = FERRY.replace("harbour board", "harbor board", 1)
    [f] = reworded(art(copy, {"text": FERRY}))
    assert (f.text, f.suggestion, f.severity) == ("harbor", "harbour", Severity.INFO)


def test_nothing_without_a_source_or_when_switched_off() -> None:
    copy = spin(FERRY, 0.3)
    assert reworded(art(copy)) == []
    assert reworded(art(copy, {"text": FERRY}), Config(ignore=("QC204",))) == []
    # QC204 alone still finds the copy it needs (QC201 switched off)
    assert reworded(art(copy, {"text": FERRY}), Config(select=("QC204",)))
    # an unrelated reference is not a source
    assert reworded(art(copy, {"text": BRIDGE})) == []


def test_short_spun_copy_of_a_named_reference_is_aligned() -> None:
    # shares no LSH key with its source, but the record names the source itself
    original = "The sheriff's office said the deputy was placed on leave while the crash is investigated by state police."
    copy = "The sheriff's workplace stated the deputy was positioned on depart whereas the crash is investigated by state police."
    found = reworded(art(copy, {"text": original}))
    assert {(f.text, f.suggestion) for f in found} >= {("workplace", "office"), ("stated", "said"), ("whereas", "while")}


def test_heavily_spun_short_copy_of_a_named_reference_is_aligned_whole() -> None:
    # half its words swapped: no copy passage survives, but the record names its source, and the words that
    # were kept line up with it in order
    original = "Police said the officer was placed on leave after the crash, according to a statement."
    copy = "Police stated the officer was positioned on depart after the crash, based on an announcement."
    findings = api.check(art(copy, {"text": original, "credit": "AP"}), Config()).articles[0].findings
    assert not [f for f in findings if f.rule == "QC201"]  # not a copy by the copy thresholds
    found = {(f.text, f.suggestion) for f in findings if f.rule == "QC204"}
    assert {("stated", "said"), ("positioned", "placed"), ("depart", "leave")} <= found
    # the source is named as its index document would be: without a credit, by the site that published it
    unlinked = reworded(art(copy, {"text": original, "site": "Coast Courier"}))
    assert unlinked and all(f.evidence["source"]["credit"] == "Coast Courier" and "Coast Courier" in f.message for f in unlinked)
    # a named text that does not line up with the copy is not read word by word
    other = "The council approved a new budget for road repairs on Tuesday night."
    assert reworded(art(copy, {"text": other})) == []


def test_whole_alignment_needs_words_in_order() -> None:
    from qualitycheck.detectors.syndication import whole_alignment_holds
    from qualitycheck.syndication.index import source_offsets

    def holds(a: str, b: str) -> bool:
        return whole_alignment_holds(a, *source_offsets(a), b, *source_offsets(b))

    assert holds("Students take hands-on learning to a new level", "College students take studying to a brand new stage")
    assert not holds("Students take hands-on learning to a new level", "Prices go up to a new high in the city")
    assert not holds("", "anything")


def test_headline_swaps_are_shown_against_the_source_headline() -> None:
    a = art("Israel struck targets in Gaza on Monday as ceasefire talks stalled in Cairo, officials stated on Tuesday.",
            {"title": "Middle East crisis live: Israel strikes Gaza as talks stall", "credit": "AP",
             "text": "Israel struck targets in Gaza on Monday as ceasefire talks stalled in Cairo, officials said on Tuesday."})
    a.title = "Center East disaster reside: Israel strikes Gaza as talks stall"
    found = {(f.field, f.text, f.suggestion) for f in reworded(a)}
    assert ("title", "disaster reside", "crisis live") in found
    assert ("body", "stated", "said") in found
    for f in reworded(a):
        if f.field == "title":
            assert a.title[f.start : f.end] == f.text
    # a headline the desk rewrote is not a list of swaps: phrases longer than two words are left alone
    b = art(FERRY, {"title": "Millbrook bridge to close for a year of repairs", "text": FERRY})
    b.title = "Bridge work to shut river crossing for a year"
    assert [f for f in reworded(b) if f.field == "title"] == []


def test_record_metadata_field_is_lifted_into_article_metadata() -> None:
    row = {"id": "r1", "text": spin(FERRY, 0.3), "metadata": {"reference": {"text": FERRY, "credit": "AP"}, "desk": "metro"}, "desk": "web"}
    [article] = load_string(json.dumps(row) + "\n", "jsonl", name="rows.jsonl")
    assert article.metadata["reference"]["credit"] == "AP"
    assert article.metadata["desk"] == "web"  # a top-level key wins over the nested one
    assert "metadata" not in article.metadata
    assert reworded(article)


def test_batch_copies_show_their_swaps_against_the_matched_article(tmp_path: Path) -> None:
    from qualitycheck.loaders import load_string

    rows = [
        {"id": "original", "text": FERRY, "date": "2024-03-04"},
        {"id": "spun-copy", "text": spin(FERRY, 0.35), "date": "2024-03-06"},
        {"id": "bridge", "text": BRIDGE, "date": "2024-03-04"},
    ]
    articles = load_string("\n".join(json.dumps(r) for r in rows) + "\n", "jsonl", name="batch.jsonl")
    reports = {r.id: r for r in api.check_articles(articles, Config()).articles}
    assert [f for f in reports["original"].findings if f.rule == "QC204"] == []  # the original swapped nothing
    assert [f for f in reports["bridge"].findings if f.rule == "QC204"] == []
    found = [f for f in reports["spun-copy"].findings if f.rule == "QC204" and f.field == "body"]
    reverse = {v: k for k, v in SPIN.items()}
    assert len(found) >= 5
    for f in found:
        assert f.evidence["source"]["id"] == "original" and "original" in f.message
        assert FERRY[f.evidence["source_start"] : f.evidence["source_end"]] == f.suggestion
        if f.text in reverse:
            assert f.suggestion == reverse[f.text]
    # switched off: the batch pass still clusters, but shows no swaps
    reports = {r.id: r for r in api.check_articles(load_string("\n".join(json.dumps(r) for r in rows) + "\n", "jsonl", name="b.jsonl"), Config(ignore=("QC204",))).articles}
    assert not [f for f in reports["spun-copy"].findings if f.rule == "QC204"]
    assert [f for f in reports["spun-copy"].findings if f.rule == "QC203"]


def test_unrelated_text_at_a_passage_edge_is_not_read_as_swaps() -> None:
    # the copy ends with its own credit line where the source ends with a byline: different words next to the
    # aligned passage, not swaps of each other
    source = FERRY + "\n\nReporting by Jane Doe in Kestrel; editing by John Roe"
    copy = FERRY + "\n\nThis story has not been edited by our staff and is published from a feed"
    assert reworded(art(copy, {"text": source})) == []
    # while a real swap next to the edge is still found
    copy = FERRY.replace("harbour board", "harbor board", 1) + "\n\nThis story has not been edited by our staff"
    assert [(f.text, f.suggestion) for f in reworded(art(copy, {"text": source}))] == [("harbor", "harbour")]


def test_aligned_substitutions_anchored_skips_open_ended_regions() -> None:
    original = "Reporting by Jane Doe said the fire started"
    spun = "This story has stated the fire started"
    assert [(s.spun, s.original) for s in aligned_substitutions(original, spun, anchored=True)] == []
    assert aligned_substitutions(original, spun)  # the learning mode pairs them (a user's aligned pair)


def test_bundled_sample_shows_a_fluent_rewording_word_by_word() -> None:
    sample = Path(__file__).resolve().parents[1] / "samples" / "reworded-copy-with-source.json"
    [art_report] = api.check_paths([str(sample)], Config()).articles
    rules = [f.rule for f in art_report.findings]
    assert "QC201" in rules
    pairs = {(f.text, f.suggestion) for f in art_report.findings if f.rule == "QC204"}
    assert pairs == {("decided", "voted"), ("shut", "close"), ("aging", "old"), ("projected", "expected"), ("dispute", "debate"),
                     ("split", "divided"), ("corroded", "rusted"), ("sooner", "faster"), ("complete", "done")}


def test_restore_puts_the_source_wording_back() -> None:
    # --restore uses the final findings: the source's exact wording (QC204) as well as the lexicon's guesses
    copy = spin(FERRY, 0.3)
    config = Config().merge({"options": {"spin": {"restore": True}}}, origin="test")
    report = api.check(art(copy, {"text": FERRY, "credit": "AP"}), config).articles[0]
    swaps = [f for f in report.findings if f.rule == "QC204"]
    assert swaps
    restored = report.extras["restored"]["body"]
    for f in swaps:
        assert f.suggestion in restored
    # nearly all of the source's wording is back
    assert len(set(restored.split()) ^ set(FERRY.split())) < len(set(copy.split()) ^ set(FERRY.split())) / 2


def test_restore_prefers_the_source_wording_over_a_lexicon_guess() -> None:
    from qualitycheck.model import Finding
    from qualitycheck.spin.restore import apply_suggestions

    text = "He instructed the board."
    guess = Finding(rule="QC102", name="spun-word", category="spin", severity=Severity.WARNING, message="", field="body",
                    start=3, end=13, text="instructed", suggestion="told")
    source = Finding(rule="QC204", name="reworded-from-source", category="spin", severity=Severity.WARNING, message="",
                     field="body", start=3, end=13, text="instructed", suggestion="ordered")
    assert apply_suggestions(text, [guess, source]) == "He ordered the board."
    assert apply_suggestions(text, [guess]) == "He told the board."
