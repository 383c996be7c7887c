"""The lazy word gate answers exactly as the body's word set, so the checks find the same things either way."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycheck.attribution.words import LazyWordSet
from qualitycheck.config import Config
from qualitycheck.engine.engine import load_rules
from qualitycheck.engine.matchers import WORD_RE, cached_wordset
from qualitycheck.model import Article

ASKED = ["a", "ab", "a'b", "b'a", "1", "a1", "é", "_", "a b", "", "'a", "a'", "contributed", "reuters", "ap", "by"]


def real_set(lowered: str) -> frozenset[str]:
    return frozenset(WORD_RE.findall(lowered.replace("’", "'")))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab1é'’ _-.\nA", max_size=16))
def test_lazy_word_set_matches_the_real_set(text: str) -> None:
    lowered = text.lower()
    lazy, full = LazyWordSet(lowered), real_set(lowered)
    for word in ASKED:
        assert (word in lazy) == (word in full), (lowered, word)
    assert lazy.isdisjoint(["x", "ab"]) == full.isdisjoint(["x", "ab"])


def test_apostrophes_and_digits_bound_words() -> None:
    words = LazyWordSet("the ap's desk; 'contributed' and reuters1, don’t")
    assert "contributed" in words and "don't" in words
    assert "ap" not in words  # only "ap's"
    assert "reuters" not in words and "don" not in words


# credit and sourcing material in the places a gate could miss: glued to punctuation, after an apostrophe,
# in capitals, at the very start or end of the text, split across lines
LINES = [
    "LONDON, Sept 8 (Reuters) - The minister said talks would resume on Monday.",
    "Raf Casert in Brussels contributed to this report.", "(Reporting by Jane Doe; Editing by Sam Roe)",
    "Follow Jane Doe on Twitter at https://twitter.com/janedoe", "© 2019 The Associated Press. All rights reserved.",
    "(AP Photo/Jane Doe)", "—according to Reuters—", "with inputs from agencies.", "told Reuters:", "x'AP reporters saw it",
    "a Reuters reporter saw the blast", "This story has been auto-generated from a syndicated feed.",
    "Experts say the plan will fail.", "Studies show that 40% of voters agree.", "\"We will not stop until every family has a home,\"",
    "Critics'argue it is late.", "REUTERS/Sam Roe", "dw/rt (AFP, Reuters)", "COPYRIGHT 2021 REUTERS",
]
FILLER = "The council met on Tuesday to discuss the budget for the coming year and the state of the roads."


def _articles(n: int) -> list[Article]:
    rng = random.Random(5)
    out = []
    for i in range(n):
        paras = [FILLER] * 6
        for _ in range(rng.randint(1, 4)):
            line = rng.choice(LINES)
            pos = rng.randint(0, len(paras))
            if rng.random() < 0.5 and pos < len(paras):
                paras[pos] = paras[pos] + rng.choice([" ", "\n", ""]) + line
            else:
                paras.insert(pos, line)
        byline = rng.choice([["Staff reporter"], ["Jane Doe"], [], ["Reuters"]])
        out.append(Article(id=f"w{i}", title="Council debates the road budget", byline=byline, date="2024-03-01", body=paras, language="en"))
    return out


def test_findings_are_the_same_with_the_engines_word_set() -> None:
    """Gating on the lazy words or on the full set (built when a phrase rule needs it) reports the same."""
    ruleset = load_rules(Config(select=("attribution", "headline")), verify_examples=False)
    articles = _articles(120)
    found = 0
    for article in articles:
        lazy_report, _ = ruleset.check_article(article)
        ctx = ruleset.new_context(article)
        cached_wordset(ctx, "body", article.text)  # what a body phrase rule would have built first
        ruleset.new_context = lambda a, _ctx=ctx: _ctx  # type: ignore[method-assign]
        try:
            full_report, _ = ruleset.check_article(article)
        finally:
            del ruleset.new_context
        for key in [k for k in article.__dict__ if k.startswith("_qc_")]:
            del article.__dict__[key]
        assert [f.__dict__ for f in lazy_report.findings] == [f.__dict__ for f in full_report.findings], article.body
        found += len(lazy_report.findings)
    assert found > 100  # the material above does trigger the checks


def test_agency_literals_cover_every_agency_form() -> None:
    """The substring pre-test may only rule out texts the agency regex cannot match."""
    from qualitycheck.attribution.credits import AGENCY_LITERALS, ANY_AGENCY_RE, _literal_start, text_names_agency

    mentions = ["AP", "The Associated Press", "Thomson Reuters", "REUTERS", "Agence France-Presse", "Agence France Presse",
                "Bloomberg News", "Deutsche Presse-Agentur", "dpa", "Itar-Tass", "ITAR-TASS", "Press Trust of India",
                "Asian News International", "IANS", "United Press International", "PA Media", "Press Association",
                "CNN Newsource", "CNN Wire", "EFE", "Kyodo News", "Yonhap", "Anadolu Agency", "ANSA", "Sputnik", "Xinhua"]
    for mention in mentions:
        text = f"The minister spoke to {mention} on Monday."
        assert ANY_AGENCY_RE.search(text), mention
        assert any(literal in text for literal in AGENCY_LITERALS), mention
        article = Article(id="a", body=[text], language="en")
        assert text_names_agency(article)
    assert not text_names_agency(Article(id="b", body=["The apparent pact was paid for by the press office."], language="en"))
    assert _literal_start("Bloomberg(?: News)?") == "Bloomberg" and _literal_start("ab?c") == "a"
