"""Pasted text: a web address finds its article (url filter, url: clause, a plain address), the
unknown-field error names only fields a user can type, a bare ``title:`` is an error, and titles
are highlighted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from artindex import Index, QueryError
from artindex.cli import main
from artindex.text.keys import is_url, url_key
from conftest import make_article

ARTICLES = (
    make_article("budget", "국회 예산안 통과", "국회는 내년도 예산안을 본회의에서 의결했다."),
    make_article("rain", "장마 시작", "남부 지방부터 장마가 시작됐다. 예산 지역도 비가 내렸다."),
    make_article("run", "Runners fill the river path", "Runners ran along the river.", lang="en"),
)
# make_article gives every article the url https://news.example/{id}


@pytest.mark.parametrize(
    "pasted",
    [
        "https://news.example/budget",
        "http://www.news.example/budget/",
        "HTTPS://News.Example/budget#comments",
        "https://news.example/budget?utm_source=kakao&utm_medium=share",
        "news.example/budget",
    ],
)
def test_every_way_of_pasting_an_address_has_one_key(pasted: str):
    """Scheme, www., case of the host, a trailing slash, fragments and utm_ tags do not matter."""
    assert is_url(pasted)
    assert url_key(pasted) == "news.example/budget"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "http://x:alert(1)/", "http://[::1", " "])
def test_a_url_that_is_no_address_still_has_a_key(url: str):
    """A malformed url (bad port, bracket) is keyed as written, never an error at build time."""
    assert isinstance(url_key(url), str)


@pytest.mark.parametrize("text", ["예산안", "3.5", "title:예산", "news.example", "a/b 국회"])
def test_words_are_not_addresses(text: str):
    """Words, numbers, field clauses and a host without a path are not taken for an address."""
    assert not is_url(text)


def test_a_pasted_address_finds_its_article(index: Index):
    """A query that is only an address returns the article with that url, and only it."""
    result = index.search("https://www.news.example/budget?utm_source=naver")
    assert [h.id for h in result] == ["budget"]
    assert result.filters == {"url": ["https://www.news.example/budget?utm_source=naver"]}


def test_the_url_filter_and_clause_restrict_a_search(index: Index):
    """``url=`` and ``url:`` keep only the article at that address among the word's matches."""
    assert {h.id for h in index.search("예산")} == {"budget", "rain"}
    assert [h.id for h in index.search("예산", url="news.example/rain")] == ["rain"]
    assert [h.id for h in index.search("예산 url:https://news.example/rain")] == ["rain"]
    assert index.search("예산", url="https://news.example/elsewhere").total == 0


def test_the_cli_takes_url_and_a_pasted_address(index_path: Path):
    """``--url`` filters and a pasted address is searched as the url, through the CLI."""
    runner = CliRunner()
    args = ["--index", str(index_path), "--json"]
    out = runner.invoke(main, ["search", "예산", "--url", "news.example/rain", *args])
    assert [h["id"] for h in json.loads(out.output)["hits"]] == ["rain"]
    out = runner.invoke(main, ["search", "https://news.example/budget", *args])
    assert [h["id"] for h in json.loads(out.output)["hits"]] == ["budget"]


def test_an_unknown_field_lists_only_fields_a_user_can_type(index: Index):
    """The error names title, body and the filters, never internal names such as f_byline."""
    with pytest.raises(QueryError) as caught:
        index.search("writer:홍길동")
    message = str(caught.value)
    assert "title" in message and "url" in message
    assert "f_byline" not in message and "f_lang" not in message and "bigram" not in message


def test_an_address_among_words_is_explained(index: Index):
    """An address inside other words says to search it alone or as url:, not 'field http'."""
    with pytest.raises(QueryError, match="web address"):
        index.search("예산 https://news.example/budget")


@pytest.mark.parametrize("query", ["title:", "title: 예산", "예산 tag:"])
def test_a_field_with_nothing_after_it_is_a_one_line_error(index_path: Path, query: str):
    """``title:`` alone (or followed by a space) exits 1 with one line naming the field."""
    out = CliRunner().invoke(main, ["search", query, "--index", str(index_path)])
    assert out.exit_code == 1
    lines = out.output.strip().splitlines()
    assert len(lines) == 1 and "has nothing after it" in lines[0], out.output


def test_title_matches_are_highlighted_in_the_cli(index_path: Path):
    """The CLI prints the title's matched word (예산안) in bold yellow."""
    out = CliRunner().invoke(main, ["search", "예산안", "--index", str(index_path)], color=True)
    marked = "\x1b[33m\x1b[1m예산안\x1b[0m"
    title_line = next(line for line in out.output.splitlines() if "국회" in line)
    assert marked in title_line, repr(title_line)


def test_title_highlights_cover_whole_latin_words(index: Index):
    """An English stem matched in a title is highlighted to the end of its word (Runners)."""
    hit = index.search("runners")[0]
    assert [hit.title[a:b] for a, b in hit.title_highlights] == ["Runners"]
    korean = index.search("예산안")[0]
    assert [korean.title[a:b] for a, b in korean.title_highlights] == ["예산안"]
