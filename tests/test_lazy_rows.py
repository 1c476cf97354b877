"""A page ranked by relevance reads the cards of its own documents only: no whole document
table is built for it (a one-shot search at 100,000 articles spent 1.6 s building one), and
the page is the one the whole table gives, near-duplicates collapsed alike."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from artindex import Index, Settings, build_articles
from artindex.search import doctable
from conftest import make_article

_STORY = "국회가 내년도 예산안을 통과시켰다. 예산 규모는 크다."
ARTICLES = [  # a story and its copy share a fingerprint: collapsed into one hit
    dataclasses.replace(make_article("a", "예산안 국회 통과", _STORY), fingerprint="f0f0"),
    dataclasses.replace(make_article("a-copy", "예산안 국회 통과", _STORY), fingerprint="f0f0"),
    make_article("b", "예산 심사 시작", "예산 심사가 시작됐다. 국회 예결위가 열렸다."),
    make_article("c", "날씨", "내일은 맑겠다."),
]


def _page(idx: Index, query: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(h.id, tuple(h.duplicates)) for h in idx.search(query, limit=10).hits]


def test_a_relevance_page_builds_no_document_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With building the table forbidden, a relevance search still ranks and collapses; a
    date-sorted one is what needs the table; afterwards both give the same relevance page."""
    path = tmp_path / "index"
    build_articles(ARTICLES, path, Settings())
    original = doctable._build

    def forbidden(reader: object) -> doctable.DocTable:
        raise AssertionError("the whole document table was built")

    monkeypatch.setattr(doctable, "_build", forbidden)
    with Index.open(path, Settings()) as idx:
        lazy = _page(idx, "예산 국회")
        assert lazy[0][0] in ("a", "a-copy") and lazy[0][1] in (("a-copy",), ("a",))
        assert {i for i, _ in lazy} == {lazy[0][0], "b"}
        with pytest.raises(AssertionError, match="document table"):
            idx.search("예산 국회", sort="newest")
        monkeypatch.setattr(doctable, "_build", original)
        idx.search("예산 국회", sort="newest")  # builds the table; later pages read it
        assert _page(idx, "예산 국회") == lazy
