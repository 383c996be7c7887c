"""Garbled text detector (QC110-QC113): homoglyph words, mojibake, ROT-obfuscated and scrambled paragraphs."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from qualitycheck.api import check, check_articles
from qualitycheck.config import Config
from qualitycheck.detectors.garbled import decode_obfuscated, mixed_script_words, mojibake_spans, redecode, rot13, rot47
from qualitycheck.model import Article

GARBLED = Config(select=("garbled",))
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SHARED = SHARED if SHARED.is_dir() else Path("/work/shared/data")


def findings(text: str, language: str = "en", **fields: str) -> list:
    article = Article(id="t", body=[p for p in text.split("\n\n") if p], language=language, **fields)
    return check_articles([article], GARBLED).articles[0].findings


def test_greek_omicron_inside_latin_word_is_reported_with_the_latin_spelling() -> None:
    text = "The ambassad\u03bfr spoke to the nati\u03bfnal press."
    found = [f for f in findings(text) if f.rule == "QC110"]
    assert [(f.text, f.suggestion) for f in found] == [("ambassad\u03bfr", "ambassador"), ("nati\u03bfnal", "national")]
    assert "U+03BF" in found[0].message and "Greek" in found[0].message
    assert {str(f.severity) for f in found} == {"warning"}


def test_three_disguised_words_make_an_error() -> None:
    text = "The ambassad\u03bfr met the nati\u03bfnal security c\u03bfuncil on Monday."
    found = [f for f in findings(text) if f.rule == "QC110"]
    assert len(found) == 3 and {str(f.severity) for f in found} == {"error"}


def test_cyrillic_letters_in_a_latin_title() -> None:
    found = findings("Negotiators left.", title="M\u043es\u0441ow talks end")
    assert [(f.field, f.suggestion) for f in found] == [("title", "Moscow")]


def test_latin_letter_inside_a_cyrillic_word_is_repaired_to_cyrillic() -> None:
    (hit,) = mixed_script_words("\u041co\u0441\u043a\u0432\u0430")  # Latin "o" in Москва
    assert hit[2] == "latin" and hit[4] == "\u041c\u043e\u0441\u043a\u0432\u0430"


@pytest.mark.parametrize(
    "text, language",
    [
        ("Η Ελλάδα και η Κύπρος υπέγραψαν συμφωνία για την ενέργεια την Τρίτη.", "el"),
        ("Мэр Москвы заявил во вторник, что бюджет города будет утвержден.", "ru"),
        ("Each dose holds 500 μg and the circuit uses a 10 kΩ resistor, the α-particle team said.", "en"),
        ("The iPhone maker and Samsung-backed firms met in Київ and Αθήνα, officials said.", "en"),
    ],
)
def test_clean_non_latin_and_symbol_text_is_not_flagged(text: str, language: str) -> None:
    assert findings(text, language) == []


@pytest.mark.parametrize(
    "garbled, fixed",
    [("CNN\u00e2\u20ac\u2122s", "CNN\u2019s"), ("caf\u00c3\u00a9", "caf\u00e9"), ("\u00e2\u20ac\u0153quoted\u00e2\u20ac\u009d", "\u201cquoted\u201d"), ("\u00c2\u00a35", "\u00a35")],
)
def test_mojibake_is_redecoded(garbled: str, fixed: str) -> None:
    spans = list(mojibake_spans(garbled, "en"))
    assert spans
    repaired = garbled
    for start, end, text in reversed(spans):
        repaired = repaired[:start] + text + repaired[end:]
    assert repaired == fixed


def test_lost_apostrophe_after_dropped_control_bytes() -> None:
    found = findings("Speaking to CNN\u00e2s Dana Bash and AP\u00e2s reporters, he left.")
    assert [(f.text, f.suggestion) for f in found if f.rule == "QC111"] == [("\u00e2", "\u2019"), ("\u00e2", "\u2019")]


def test_lost_apostrophe_rule_is_english_only() -> None:
    assert findings("Le ch\u00e2teau et la p\u00e2te, dit le ma\u00eetre.", "fr") == []
    assert redecode("p\u00e2te") is None


def test_mojibake_whole_document_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "scraped.txt"
    path.write_text("Senator speaks\n\nSpeaking on CNN\u2019s show, the senator said the caf\u00e9 would reopen.".encode("utf-8").decode("cp1252", errors="replace"), encoding="utf-8")
    report = check(path, GARBLED)
    suggestions = [f.suggestion for f in report.articles[0].findings if f.rule == "QC111"]
    assert "\u2019" in suggestions and "\u00e9" in suggestions


def test_rot47_paywall_paragraph_is_decoded() -> None:
    clear = "<p>\u201cThis agreement is a milestone for both countries and their people,\u201d the minister said on Tuesday.</p>"
    text = "Deal signed.\n\n" + rot47(clear) + "\n\nThis page requires Javascript."
    (hit,) = [f for f in findings(text) if f.rule == "QC112"]
    assert hit.text.startswith("kAm") and hit.text.endswith("k^Am")
    assert hit.suggestion == clear[3:-4] and str(hit.severity) == "error" and "ROT47" in hit.message
    assert not [f for f in findings(text) if f.rule == "QC113"]  # the same paragraph is not reported twice


def test_rot47_without_wrapper_and_rot13_are_decoded() -> None:
    clear = "The city council approved the budget on Tuesday and the mayor said it was a fair deal for residents."
    assert decode_obfuscated(rot47(clear)) == ("ROT47", clear)
    assert decode_obfuscated(rot13(clear)) == ("ROT13", clear)
    assert decode_obfuscated(clear) is None


def test_scrambled_paragraph() -> None:
    text = "Budget news.\n\nTh cncl pprvd th bdgt n Tsdy, th myr sd, nd vtd t rs txs nxt yr."
    (hit,) = findings(text)
    assert hit.rule == "QC113" and hit.suggestion is None and hit.evidence["tokens"] >= 10


@pytest.mark.parametrize(
    "text, language",
    [
        ("Shr profit 15 cts vs loss four cts. Net profit 1.2 mln dlrs vs loss 300,000 dlrs. Revs 11.8 mln vs 9.8 mln.", "en"),
        ("Strč prst skrz krk, smrt, vlk, krk, prst, trh, srp, vlhký, čtvrt a zmrzl, řekl mluvčí ve čtvrtek.", "cs"),
        ("Run `grep -rn foo src/` then `cd build && make -j4`; see https://example.org/docs?id=5&x=y for {details}.", "en"),
    ],
)
def test_abbreviations_other_languages_and_code_are_not_scrambled(text: str, language: str) -> None:
    assert [f for f in findings(text, language) if f.rule == "QC113"] == []


def test_bundled_samples_have_no_garbled_findings() -> None:
    root = Path(__file__).resolve().parents[1] / "samples"
    report = check(root, GARBLED)
    assert report.articles and not [f for a in report.articles for f in a.findings if f.category == "garbled"]


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "clean_dev.jsonl").exists(), reason="../shared/data not available")
def test_no_false_alarms_on_clean_shared_news() -> None:
    from qualitycheck.loaders import load_file

    articles = list(load_file(str(SHARED / "clean_dev.jsonl")))
    bbc = SHARED / "corpora" / "bbc" / "bbc.jsonl"
    if bbc.exists():
        articles += list(itertools.islice(load_file(str(bbc)), 400))
    report = check_articles(articles, GARBLED)
    flagged = [(a.id, f.rule, f.text[:60]) for a in report.articles for f in a.findings if f.category == "garbled"]
    assert flagged == []


def test_mojibake_repair_must_be_plausible() -> None:
    assert redecode("\u00c9\u00bb") is None  # French «L'ÉTÉ» ends in "É»", which re-decodes to the IPA letter "ɻ"
    assert findings("Le titre «\u00c0 L'\u00c9T\u00c9» a paru, dit l'\u00e9diteur.", "fr") == []
    assert redecode("\u00d0\u00bf\u00d1\u20ac\u00d0\u00b8") == "\u043f\u0440\u0438"  # Cyrillic read as cp1252
