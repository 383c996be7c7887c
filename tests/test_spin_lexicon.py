"""The spinner lexicon: files parse, context conditions decide, names are case-sensitive, weights are measured."""
from __future__ import annotations

import json

import pytest

from qualitycheck.spin.lexicon import (
    DATA_DIR,
    Lexicon,
    get_lexicon,
    llr_from_counts,
    load_entries,
    parse_context,
    rules_dir,
    tokenize,
)


def spans(text: str) -> list[tuple[str, str]]:
    lex = get_lexicon()
    return [(text[m.start : m.end], m.entry.original) for m in lex.find(tokenize(text), text)]


def test_every_entry_parses_and_has_a_measured_weight() -> None:
    entries = load_entries()
    assert len(entries) > 900
    stats = json.loads((DATA_DIR / "lexicon_stats.json").read_text(encoding="utf-8"))["llr"]
    lex = Lexicon(entries)
    missing = [e.key for e in lex.entries if e.key not in stats]
    assert not missing, f"run scripts/build_spin_lexicon.py: {missing[:5]}"


def test_context_conditions_separate_spun_from_ordinary_use() -> None:
    assert ("the place", "where") in spans("Police did not say the place the deputy was found.")
    assert spans("The place was packed on Friday night.") == []
    assert ("greater than", "more than") in spans("It has greater than 700 nests.")
    assert spans("The risk is greater than we thought.") == []
    assert ("stated", "said") in spans("The officer was injured, police stated.")
    assert spans("As stated in the report, costs rose.") == []


def test_longest_match_wins() -> None:
    found = spans("He was driving below the affect of alcohol.")
    assert found == [("driving below the affect", "driving under the influence")]


def test_names_are_case_sensitive() -> None:
    assert spans("Violence spread across the Center East.") == [("Center East", "Middle East")]
    assert spans("the center east of the park") == []


def test_parse_context_rejects_garbage() -> None:
    assert parse_context("prev=a|b !next=@punct")[1].negate
    with pytest.raises(ValueError):
        parse_context("sideways=a")


def test_weights_follow_clean_frequency() -> None:
    # a spun form never written in clean text, whose original is common, is strong evidence
    assert llr_from_counts(0, 5000, 1) > llr_from_counts(50, 5000, 1) > llr_from_counts(5000, 5000, 1)
    assert llr_from_counts(5000, 10, 1) < 0.1


def test_rules_dir_is_the_checkout_folder() -> None:
    assert (rules_dir() / "lexicon.tsv").is_file()
    assert (rules_dir() / "names.tsv").is_file()


def _entry_lexicon(rows: list[tuple[str, str, str]], counts: dict[str, tuple[int, int]] | None = None, weight: float = 4.0) -> Lexicon:
    from qualitycheck.spin.lexicon import Entry

    entries = [Entry(s, o, c, "lexicon", parse_context(c)) for s, o, c in rows]
    stats = {e.key: weight for e in entries}
    return Lexicon(entries, stats, {e.key: counts[e.spun] for e in entries} if counts else None)


def test_originals_left_standing_discount_their_spins() -> None:
    from qualitycheck.spin.lexicon import KEPT_ORIGINAL_LLR

    lex = _entry_lexicon([("within the", "in the", ""), ("the place", "where", ""), ("mentioned", "said", ""), ("stated", "said", "")])
    # a writer who says "in the" three times and "within the" once is not spinning
    text = "Sales rose within the quarter, in the north, in the south and in the capital."
    toks = tokenize(text)
    found = lex.discount_kept(lex.find(toks, text), lex.kept_originals(toks))
    [m] = found
    assert m.llr == pytest.approx(max(0.0, 4.0 + 3 * KEPT_ORIGINAL_LLR))
    # nothing kept: the weight stands
    text = "The fire spread within the hour, the place the wind was strongest."
    toks = tokenize(text)
    found = lex.discount_kept(lex.find(toks, text), lex.kept_originals(toks))
    assert [m.llr for m in found] == [4.0, 4.0]
    # one original shared by two spun forms: the discount for its kept uses is shared by both
    text = "Police stated the road was closed, a driver mentioned a crash, and a witness said it was bad."
    toks = tokenize(text)
    found = lex.discount_kept(lex.find(toks, text), lex.kept_originals(toks))
    assert [m.llr for m in found] == pytest.approx([4.0 + KEPT_ORIGINAL_LLR / 2] * 2)


def test_kept_originals_respect_the_entry_context() -> None:
    lex = _entry_lexicon([("greater than", "more than", "next=@num")])
    text = "It has greater than 700 nests, more than we thought."
    toks = tokenize(text)
    found = lex.discount_kept(lex.find(toks, text), lex.kept_originals(toks))
    assert [m.llr for m in found] == [4.0]  # "more than we" is not the context the weight was measured in


def test_a_single_ordinary_word_needs_a_common_original_to_stand_alone() -> None:
    rows = [("faculty", "school", ""), ("doubtlessly", "potentially", ""), ("additionally", "also", ""), ("psychological well being", "mental health", "")]
    counts = {"faculty": (0, 110), "doubtlessly": (0, 98), "additionally": (0, 7545), "psychological well being": (0, 40)}
    lex = _entry_lexicon(rows, counts)
    standalone = {e.spun: lex.standalone(e, 4.0, 3.0) for e in lex.entries}
    # absent from 4M words next to 110 uses of "school" is chance for an ordinary word; next to 7,545 it is not
    assert standalone == {"faculty": False, "doubtlessly": False, "additionally": True, "psychological well being": True}
    assert not lex.standalone(lex.entries[2], 2.0, 3.0)  # and it must be strong
    seen = _entry_lexicon(rows, {**counts, "additionally": (3, 7545)})
    assert not seen.standalone(seen.entries[2], 4.0, 3.0)  # written by clean writers


def test_an_article_discounts_originals_kept_in_its_other_paragraphs() -> None:
    from qualitycheck.spin.scorer import get_scorer

    scorer = get_scorer()
    spun = scorer.score_text("Shares of the fund rose within the southern markets, the chief executive mentioned.")
    assert {m.entry.spun for m in spun.matches} >= {"within the"}
    plain = [scorer.score_text(p) for p in ("Prices dropped in the capital and in the north.", "Trading was quiet in the afternoon.")]
    # no match in these paragraphs: their originals are counted only when an article needs them
    assert [p.kept for p in plain] == [None, None]
    assert [scorer.lexicon.kept_originals(p.tokens).get(("in", "the")) for p in plain] == [2, 1]
    whole = scorer.score_text(spun.text + "\n\n" + plain[0].text + "\n\n" + plain[1].text)
    # scored in parts, the article sees the same three "in the" as scored whole
    assert scorer.combined_probability([spun, *plain]) == pytest.approx(whole.probability)
    assert scorer.combined_probability([spun, *plain]) < scorer.combined_probability([spun])


def test_session_three_entries_of_the_spinner_family() -> None:
    # the mission's own example, and function-word rewrites of the same family
    assert ("the place", "where") in spans("It was a town the place everyone mentioned the same thing.")
    assert ("would possibly", "might") in spans("The senator would possibly vote on it.")
    assert ("social gathering", "party") in spans("The social gathering voted on Monday.")
    # their ordinary uses stay clean
    assert spans("He has the technical know-how to fix it.") == []
    assert spans("It was the final week of the campaign.") == []


def test_a_phrase_keeps_the_weight_of_a_word_entry_it_contains() -> None:
    # "fire crews" is rare in the counts, so "hearth crews" alone measures weaker than "hearth" (original "fire",
    # common); the longer, more specific match must not weigh less than the word match it replaces
    lex = get_lexicon()
    text = "Hearth crews battle a wildfire."
    (match,) = lex.find(tokenize(text), text)
    assert match.entry.spun == "hearth crews"
    word = next(e for e in lex.entries if e.spun == "hearth" and e.source == "lexicon")
    phrase = match.entry
    assert lex.weight(phrase) < lex.weight(word)  # the premise: measured apart, the phrase is weaker
    assert match.llr == pytest.approx(lex.weight(word))
    # where the word entry's context does not hold, the phrase keeps its own weight
    text = "The crew sat by the hearth crews."  # "hearth" after "the" is ordinary
    (match,) = lex.find(tokenize(text), text)
    assert match.llr == pytest.approx(lex.weight(match.entry))


def test_session_four_news_collocations_of_the_spinner_family() -> None:
    assert ("file excessive", "record high") in spans("Shares closed at a file excessive on Friday.")
    assert ("scholar loans", "student loans") in spans("The plan cancels scholar loans for millions.")
    assert ("for the primary time", "for the first time") in spans("She voted for the primary time.")
    assert ("levels Fahrenheit", "degrees Fahrenheit") in spans("Temperatures hit 104 levels Fahrenheit.")
    assert ("as we speak's", "today's") in spans("Here are as we speak's top stories.")
    # ordinary uses of the words swapped inside those phrases stay clean
    assert spans("He filed a record of the meeting.") == []
    assert spans("The collection opens at the museum on Monday.") == []
    assert spans("Hearth and home were all she wanted.") == []
    assert spans("The mannequin challenge went viral in 2016.") == []
    # nouns and verbs of the same family, each in its own news context
    assert ("pictures fired", "shots fired") in spans("Police heard pictures fired near the school.")
    assert ("recordsdata", "files") in spans("The recordsdata were released on Friday.")
    assert ("famous", "noted") in spans("The officer famous that the car was stolen.")
    assert spans("The famous actor arrived on Friday.") == []
    assert ("our bodies", "bodies") in spans("Divers recovered two our bodies from the lake.")
    assert spans("Exercise is good for our bodies.") == []
    # set phrases of sport, business and weather, names case-sensitive
    assert ("Japanese Convention", "Eastern Conference") in spans("They lead the Japanese Convention again.")
    assert spans("A japanese convention center opened.") == []
    assert ("price of residing", "cost of living") in spans("The price of residing keeps rising.")
    assert ("warmth advisory", "heat advisory") in spans("A warmth advisory is in effect until Friday.")


def test_session_five_entries_of_the_other_spinner_family() -> None:
    # "article spinner" tools of the Spinbot kind pad negations and auxiliaries and swap institutions and offices
    assert ("is actually certainly not", "is not") in spans("The road is actually certainly not safe.")
    assert ("in purchase to", "in order to") in spans("They left early in purchase to vote.")
    assert ("Assistant of State", "Secretary of State") in spans("The Assistant of State met him.")
    assert ("Republican celebration", "Republican Party") in spans("A Republican celebration official said so.")
    assert ("Foreign Preacher", "Foreign Minister") in spans("The Foreign Preacher arrived in Paris.")
    assert ("said in a declaration", "said in a statement") in spans("The company said in a declaration that it was sorry.")
    assert ("climate modification", "climate change") in spans("The pace of climate modification is speeding up.")
    assert ("dining establishment", "restaurant") in spans("The dining establishment closed on Friday.")
    # their ordinary uses stay clean: a preacher at a celebration, a declaration of war, a test, a purchase
    assert spans("The preacher spoke at the celebration of the win.") == []
    assert spans("Congress voted on a declaration of war.") == []
    assert spans("Students sat the test on Monday.") == []
    assert spans("A purchase to be made in cash.") == []


def test_a_paragraph_of_the_other_spinner_family_is_spun_and_its_clean_twin_is_not() -> None:
    from qualitycheck.spin.scorer import get_scorer

    scorer = get_scorer()
    spun = ("The Assistant of State said in a declaration on Monday that the governmental political election is actually "
            "certainly not going to be delayed. A speaker for the Republican celebration said trainees and moms and dads "
            "had been informed in purchase to prepare.")
    clean = ("The Secretary of State said in a statement on Monday that the presidential election is not going to be "
             "delayed. A spokesperson for the Republican Party said students and parents had been told in order to prepare.")
    spun_score, clean_score = scorer.score_text(spun), scorer.score_text(clean)
    assert spun_score.probability > 0.9
    assert clean_score.probability < 0.1
    suggestions = {hit.suggestion for hit in scorer.reported(spun_score, 0.5)}
    assert {"Secretary of State", "said in a statement", "presidential election", "Republican Party", "parents"} <= suggestions
    assert scorer.reported(clean_score, 0.5) == []


def test_a_spinner_family_shares_an_original_only_among_its_own_forms() -> None:
    entries = load_entries()
    rewriter = [e for e in entries if e.family == "rewriter"]
    assert rewriter and all(e.source == "lexicon" for e in rewriter)
    assert all(e.family == "" for e in entries if e.source != "lexicon")
    stats = json.loads((DATA_DIR / "lexicon_stats.json").read_text(encoding="utf-8"))
    forms: dict[tuple[str, tuple[str, ...]], int] = {}
    lex = Lexicon(entries)
    for e in lex.entries:
        key = (e.family, lex.original_key(e))
        forms[key] = forms.get(key, 0) + 1
    # "moms and dads" (rewriter) and "mother and father" (main) both undo "parents"; the main family's weight is
    # what its own forms alone give, as the shipped stats must have been built
    main = next(e for e in lex.entries if e.spun == "mother and father" and e.family == "")
    assert any(e.original == "parents" for e in rewriter)
    spun, original = stats["counts"][main.key]
    n_main = forms[("", lex.original_key(main))]
    assert stats["llr"][main.key] == pytest.approx(llr_from_counts(spun, original, n_main), abs=1e-3)
    # and so for every entry of the shipped stats
    for e in lex.entries:
        s, o = stats["counts"][e.key]
        assert stats["llr"][e.key] == pytest.approx(llr_from_counts(s, o, forms[(e.family, lex.original_key(e))]), abs=1e-3), e.key
