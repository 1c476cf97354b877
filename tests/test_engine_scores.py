"""The term-at-a-time engine (engine/evaluate.py) scores every document as Whoosh's own
matchers do (WordQuery's BM25F, CoordOr's coordination, bigram terms, phrases, synonyms,
syntax queries), on a Korean and English index of several segments with a replaced article,
with and without filters. The old path is Whoosh's exhaustive ``searcher.search``."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import artindex
from artindex import Index, Settings
from artindex.engine import evaluate
from artindex.search import request
from conftest import SMALL_ARTICLES, make_article

MORE = (
    make_article(
        "ko-chip",
        "반도체 수출 석 달 연속 증가",
        "산업통상자원부는 반도체 수출이 18% 늘었다고 밝혔다. 반도체 업계는 수출 회복을 기대했다.",
        tags=("경제",),
    ),
    make_article(
        "ko-chip-2",
        "메모리 반도체 가격 반등",
        "메모리 가격이 오르면서 반도체 기업의 실적이 개선됐다. 수출 물량도 늘었다.",
        tags=("경제", "산업"),
    ),
    make_article(
        "ko-telecom-2",
        "통신사 요금 감면 확대",
        "통신 장애 이후 통신사들은 고객 요금 감면을 확대한다고 밝혔다.",
        tags=("통신",),
    ),
    make_article(
        "en-wing-2",
        "Wing tests at the river base",
        "The folding wing flew again; runners by the river watched the wing tests.",
        lang="en",
        tags=("aviation",),
    ),
)

REPLACED = make_article(
    "ko-budget",
    "국회 예산안 본회의 통과",
    "국회는 내년도 예산안을 본회의에서 의결했다. 반도체 지원 예산이 늘었다.",
    tags=("정치", "경제"),
)

QUERIES = (
    "반도체 수출",
    "반도체",
    "통신 장애 고객 보상",
    "유전자가위 감자",
    "유전자 가위",
    "예산안 국회",
    "창조경제박람회",
    "스타트업",
    "folding wing",
    "runners river Sunday",
    "wing",
    "반도체 wing",
    "칩 수출",  # 칩 is a synonym of 반도체
    "통신사 보상",  # 통신사 is a synonym of the phrase 이동 통신
    '"요금 감면"',
    "title:반도체",
    "반도체 AND 수출",
    "반도체 NOT 메모리",
    "wing*",
    "없는단어",
)


@pytest.fixture(scope="module")
def engine_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    """Three commits (a build and two adds, one replacing an article), so several segments
    and a deleted document, with a synonyms file."""
    root = tmp_path_factory.mktemp("engine")
    synonyms = root / "synonyms.yaml"
    synonyms.write_text("synonyms:\n  - [반도체, 칩]\n  - [통신사, 이동 통신]\n", "utf-8")
    settings = dataclasses.replace(Settings(), synonyms=str(synonyms))
    path = root / "index"
    artindex.build_articles(SMALL_ARTICLES, path, settings)
    artindex.add_articles(MORE, path, settings)
    artindex.add_articles([REPLACED], path, settings)
    with Index.open(path, settings) as idx:
        yield idx


def _old(searcher: Any, query: Any, restrict: Any) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None, filter=restrict)}


def _compare(idx: Index, options: dict[str, Any]) -> int:
    """Checks every query; returns how many documents were compared."""
    compared = 0
    with idx._borrow() as (gen, searcher):
        for text in QUERIES:
            opts = request.options(idx._settings, 10, **options)
            query = gen.compiler.compile(text).query
            old = _old(searcher, query, opts.filter)
            new = evaluate.run(searcher, query, opts.filter)
            got = dict(zip(new.docnums.tolist(), new.scores.tolist(), strict=True))
            assert set(got) == set(old), text
            for docnum, score in old.items():
                assert got[docnum] == pytest.approx(score, rel=1e-9, abs=1e-12), (text, docnum)
            compared += len(old)
    return compared


def test_index_has_segments_and_a_deletion(engine_index: Index) -> None:
    """The engine fixture index has several segments and a deleted document."""
    with engine_index._borrow() as (_, searcher):
        assert len(searcher.leaf_searchers()) > 1
        assert searcher.reader().has_deletions()


def test_scores_equal_whoosh_matchers(engine_index: Index) -> None:
    """Our scoring gives the same scores as Whoosh's matchers on many queries."""
    assert _compare(engine_index, {}) > 40


def test_scores_equal_under_filters(engine_index: Index) -> None:
    """Scores still equal Whoosh's when a tag or language filter applies."""
    assert _compare(engine_index, {"tag": "경제"}) > 5
    assert _compare(engine_index, {"lang": "en"}) > 5


def test_top_breaks_ties_by_docnum_and_total_is_exact(engine_index: Index) -> None:
    """Top hits equal Whoosh's, ties go to the lower docnum, and the match count is exact."""
    with engine_index._borrow() as (gen, searcher):
        query = gen.compiler.compile("반도체 수출").query
        matches = evaluate.run(searcher, query)
        old = searcher.search(query, limit=2)
        assert [(h.docnum, pytest.approx(h.score)) for h in old] == matches.top(2)
        assert len(matches) == len(list(searcher.docs_for_query(query))) >= 3
        every = [d for d, _ in matches.top(len(matches))]
        assert sorted(every) == matches.docs()


def test_search_total_and_facets_come_from_the_match_set(engine_index: Index) -> None:
    """Total and facet counts cover every match of `반도체`, not just the page shown."""
    result = engine_index.search("반도체", limit=1, facets="tags", collapse=False)
    with engine_index._borrow() as (gen, searcher):
        query = gen.compiler.compile("반도체").query
        expected = len(list(searcher.docs_for_query(query)))
    assert result.total == expected >= 3
    tags = dict(result.facets["tags"])
    assert tags["경제"] == 3  # ko-chip, ko-chip-2 and the replaced ko-budget


def test_lengths_match_whoosh(engine_index: Index, tmp_path: Path) -> None:
    """Field lengths read from our segments equal Whoosh's for every document and field."""
    from artindex.engine.postings import segment

    with engine_index._borrow() as (_, searcher):
        for sub, _offset in searcher.leaf_searchers():
            reader = sub.reader()
            seg = segment(reader)
            for fieldname in ("title", "body", "bigram"):
                lengths = seg.lengths(fieldname, np.arange(seg.size))
                for docnum in range(seg.size):
                    want = reader.doc_field_length(docnum, fieldname, 1)
                    assert lengths[docnum] == (want or 0)


def test_segment_cache_does_not_keep_readers_alive(engine_index: Index) -> None:
    """The segment cache lets a closed reader be garbage-collected."""
    import gc
    import weakref

    from artindex.engine.postings import segment

    gen = engine_index._current()
    searcher = gen.ix.searcher()
    reader = searcher.reader()
    evaluate.run(searcher, gen.compiler.compile("반도체").query)
    seg = segment(reader)
    assert seg.postings("body", "반도체".encode())[0].size
    gone = weakref.ref(reader)
    searcher.close()
    del searcher, reader
    gc.collect()
    assert gone() is None


def test_searchers_of_one_generation_share_cached_data(engine_index: Index) -> None:
    """Each concurrent search opens its own searcher; their segment data (field lengths,
    postings) and document table are read once and shared, not once per searcher."""
    from artindex.engine.postings import segment
    from artindex.search.doctable import table_for

    gen = engine_index._current()
    first, second = gen.ix.searcher(), gen.ix.searcher()
    try:
        a = [segment(r) for r, _ in first.reader().leaf_readers()]
        b = [segment(r) for r, _ in second.reader().leaf_readers()]
        assert len(a) == len(b) > 1
        assert all(x._data is y._data for x, y in zip(a, b, strict=True))
        assert table_for(first.reader()) is table_for(second.reader())
    finally:
        first.close()
        second.close()


def test_postings_cache_holds_at_most_its_byte_budget(
    engine_index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decoded postings are kept in one cache bounded by bytes across segments: with a tiny
    budget a search still scores the same, and the cache never holds more than the budget."""
    from artindex.engine import postings

    want = engine_index.search("반도체 수출 경제", limit=5, collapse=False)
    small = postings._PostingsCache(400)
    monkeypatch.setattr(postings, "_postings_cache", small)
    got = engine_index.search("반도체 수출 경제", limit=5, collapse=False)
    assert [(h.id, round(h.score, 9)) for h in got.hits] == [
        (h.id, round(h.score, 9)) for h in want.hits
    ]
    assert 0 < small.held <= 400
    assert sum(a.nbytes + b.nbytes + 100 for a, b in small._items.values()) == small.held


def test_a_search_releases_the_mapped_pages_of_its_segments(
    engine_index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Searches drop their searcher's mapped segment pages from the process now and then (they
    stay in the page cache), so a long-running searcher does not grow to the index's size."""
    import mmap

    released: list[int] = []
    real = evaluate._release_pages

    def spy(searcher: Any) -> None:
        sources = [
            getattr(part, "_source", None)
            for leaf, _ in searcher.reader().leaf_readers()
            for part in (leaf._storage, getattr(leaf._storage, "a", None))
        ]
        released.append(sum(isinstance(s, mmap.mmap) for s in sources))
        real(searcher)

    monkeypatch.setattr(evaluate, "_release_pages", spy)
    monkeypatch.setattr(evaluate, "RELEASE_EVERY", 1)
    engine_index.search("반도체", limit=3)
    engine_index.search("수출", limit=3)
    assert len(released) >= 2 and all(n >= 1 for n in released)  # mapped segments were seen
