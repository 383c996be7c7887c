"""Property tests: arbitrary bytes, text and structured mutations never crash a loader or ``check``.

Each input gives reports, or an article carrying a clear ``input`` finding (targets and invariants live in
fuzz/targets.py, shared with the longer campaign ``python fuzz/run_campaign.py``).
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fuzz.targets import TARGETS, check_format, check_text, load_format, mutate, seeds  # noqa: E402

from qualitycheck.api import check  # noqa: E402
from qualitycheck.config import Config  # noqa: E402

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

LOADERS = ["text", "markdown", "html", "json", "jsonl", "jsonl.gz"] + (["warc"] if "load-warc" in TARGETS else [])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.sampled_from(["id", "title", "text", "body", "author", "byline", "date", "url", "site", "language", "content", "x"]), inner, max_size=6),
    max_leaves=30,
)


@FAST
@given(st.binary(max_size=3000), st.sampled_from(LOADERS))
def test_any_bytes_load_in_every_format(data: bytes, fmt: str) -> None:
    load_format(data, fmt)


@FAST
@given(st.text(max_size=3000))
def test_any_pasted_text_is_checked(text: str) -> None:
    check_text(text.encode("utf-8", errors="surrogatepass"))


@SLOW
@given(st.binary(max_size=2000), st.sampled_from(["text", "markdown", "html", "jsonl"]))
def test_any_bytes_are_checked_end_to_end(data: bytes, fmt: str) -> None:
    check_format(data, fmt)


@FAST
@given(st.lists(json_values, min_size=1, max_size=8), st.data())
def test_json_records_with_corrupted_lines(records: list, data: st.DataObject) -> None:
    lines = [json.dumps(r) for r in records]
    for i in data.draw(st.lists(st.integers(0, len(lines) - 1), max_size=3)):
        cut = data.draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:cut]  # a truncated or emptied line
    raw = ("\n".join(lines) + "\n").encode("utf-8", errors="surrogatepass")
    articles = load_format(raw, "jsonl")
    assert len(articles) == sum(1 for line in lines if line.strip())  # one article (or error article) per line
    load_format(gzip.compress(raw), "jsonl.gz")
    load_format(("[" + ",".join(l for l in lines if l) + "]").encode("utf-8", errors="surrogatepass"), "json")


@FAST
@given(
    st.dictionaries(st.sampled_from(["title", "author", "authors", "date", "url", "site", "id", "language", "tags", "description"]), json_values, max_size=6),
    st.lists(st.one_of(st.text(max_size=80), st.sampled_from(["# Heading", "<!-- note -->", "```", "By Jane Doe", "---", "...", ""])), max_size=12),
)
def test_markdown_with_any_front_matter(meta: dict, lines: list[str]) -> None:
    front = yaml.safe_dump(meta, allow_unicode=True) if meta else ""
    load_format(("---\n" + front + "---\n" + "\n".join(lines)).encode("utf-8", errors="surrogatepass"), "markdown")


TAGS = ["<div>", "</div>", "<p>", "</p>", "<br>", "<script>", "</script>", '<script type="application/ld+json">', "<style>", "</style>", "<title>", "</title>", '<meta name="author" content="Jane">', '<meta property="og:title" content="T">', '<link rel="canonical" href="https://x.example/a">', "<article>", "</article>", "<h1>", "</h1>", "<!--", "-->", "<", ">", "&amp;", "&#x0;", '{"@type": "NewsArticle", "headline": "H"}']


@FAST
@given(st.lists(st.one_of(st.sampled_from(TAGS), st.text(max_size=30)), max_size=60))
def test_html_tag_soup(parts: list[str]) -> None:
    load_format(("<html>" + "".join(parts)).encode("utf-8", errors="surrogatepass"), "html")


@FAST
@given(st.randoms(use_true_random=False), st.sampled_from(sorted(t for t in TARGETS if t.startswith("load-"))))
def test_mutated_seeds_load(rng, target: str) -> None:
    TARGETS[target](mutate(rng.choice(seeds(target)), rng))


@SLOW
@given(st.randoms(use_true_random=False), st.sampled_from(sorted(t for t in TARGETS if t.startswith("check-"))))
def test_mutated_seeds_are_checked(rng, target: str) -> None:
    TARGETS[target](mutate(rng.choice(seeds(target)), rng))


@SLOW
@given(st.binary(max_size=1500), st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".jsonl.gz", ".unknown"]))
def test_check_on_any_file(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("f") / f"input{suffix}"
    path.write_bytes(data)
    report = check(path, Config())
    assert report.exit_code in (0, 1, 2)
    assert report.articles or report.errors or suffix in (".jsonl", ".jsonl.gz")
    report.to_dict()


@SLOW
@given(st.one_of(st.binary(max_size=1500), st.randoms(use_true_random=False).map(lambda rng: mutate(rng.choice(seeds("web")), rng))))
def test_web_api_answers_any_body_with_a_report_or_a_4xx(data: bytes) -> None:
    if "web" not in TARGETS:
        return  # the web extra (starlette, httpx) is not installed
    TARGETS["web"](data)
