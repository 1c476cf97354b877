"""api: build, open, search, get and stats through artindex types only."""

from __future__ import annotations

import dataclasses
import inspect
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import artindex
from artindex import (
    Article,
    Hit,
    Index,
    IndexNotFoundError,
    IndexStats,
    SearchResult,
    Settings,
)
from conftest import SMALL_ARTICLES, make_article

HIT_TYPES: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "title": str,
    "byline": str,
    "date": (datetime, type(None)),
    "tags": tuple,
    "source": str,
    "url": str,
    "path": str,
    "lang": str,
    "score": float,
    "snippet": str,
    "highlights": tuple,
    "fingerprint": str,
    "title_highlights": tuple,
    "duplicates": tuple,
    "explain": tuple,
}


def assert_plain(value: Any) -> None:
    """No Whoosh object anywhere inside ``value``."""
    assert not type(value).__module__.startswith("whoosh"), type(value)
    if isinstance(value, (tuple, list)):
        for item in value:
            assert_plain(item)


def test_build_reports_what_it_indexed(corpus_index_path: Path) -> None:
    """artindex.build indexes every corpus article; the index opens with that many documents."""
    with Index.open(corpus_index_path, Settings()) as idx:
        assert len(idx) == 37


def test_search_returns_a_search_result_of_hits(corpus_index: Index) -> None:
    """search returns a SearchResult; iterating it and .hits give the same Hit objects."""
    result = corpus_index.search("유전자 가위", limit=2)
    assert isinstance(result, SearchResult)
    assert result.query == "유전자 가위"
    assert 1 <= len(result.hits) <= 2 <= result.total  # a third shared only syllable pairs
    assert list(result) == list(result.hits)
    assert result[0] is result.hits[0]
    assert all(isinstance(hit, Hit) for hit in result)
    scores = [hit.score for hit in result]
    assert scores == sorted(scores, reverse=True)


def test_every_hit_attribute_is_a_plain_artindex_type(corpus_index: Index) -> None:
    """Every attribute of every Hit has its declared plain type; no Whoosh object leaks."""
    result = corpus_index.search("장마 OR 폭설 OR 유전자", limit=10)
    assert result.hits
    assert set(HIT_TYPES) == {f.name for f in dataclasses.fields(Hit)}
    for hit in result:
        for name, expected in HIT_TYPES.items():
            value = getattr(hit, name)
            assert isinstance(value, expected), (name, value)
            assert_plain(value)
        assert all(isinstance(tag, str) for tag in hit.tags)
        for span in hit.highlights:
            assert isinstance(span, tuple) and len(span) == 2
            assert all(isinstance(n, int) for n in span)
    assert isinstance(result.total, int) and isinstance(result.took_ms, float)


def test_to_dict_has_the_json_shape(corpus_index: Index) -> None:
    """SearchResult.to_dict is JSON with query, total, took_ms and hits of the documented keys;
    dates are ISO strings or None, tags lists, highlights lists of [start, end]."""
    data = json.loads(json.dumps(corpus_index.search("장마", limit=5).to_dict()))
    assert {"query", "total", "took_ms", "hits"} <= set(data)
    assert data["query"] == "장마" and data["total"] >= 1
    keys = {"id", "title", "byline", "date", "tags", "source", "url", "path", "score"}
    keys |= {"snippet", "highlights"}
    for hit in data["hits"]:
        assert keys <= set(hit)
        assert hit["date"] is None or datetime.fromisoformat(hit["date"]).tzinfo is not None
        assert isinstance(hit["tags"], list)
        assert isinstance(hit["score"], float)
        assert all(isinstance(s, list) and len(s) == 2 for s in hit["highlights"])
    first = data["hits"][0]
    assert first["path"] == "corpus/markdown/rainy-season-forecast.md"
    assert first["date"].startswith("20")


def test_hit_carries_the_article_metadata(small_index: Index) -> None:
    """A hit's fields are those of the article that was indexed."""
    article = SMALL_ARTICLES[0]
    hit = small_index.search("미르텔레콤").hits[0]
    assert (hit.id, hit.title, hit.byline, hit.date) == (
        article.id,
        article.title,
        article.byline,
        article.date,
    )
    assert (hit.tags, hit.source, hit.url, hit.path, hit.lang) == (
        article.tags,
        article.source,
        article.url,
        article.path,
        article.lang,
    )


def test_get_returns_the_stored_article(small_index: Index) -> None:
    """Index.get returns the same Article that was indexed, or None for an unknown id."""
    article = SMALL_ARTICLES[1]
    assert small_index.get(article.id) == article
    assert small_index.get("no-such-id") is None


def test_stats_count_articles_languages_and_sources(small_index: Index) -> None:
    """stats reports the article count and per-language and per-source counts."""
    info = small_index.stats()
    assert isinstance(info, IndexStats)
    assert info.articles == len(SMALL_ARTICLES)
    assert info.languages == {"ko": 5, "en": 2}
    assert info.sources == {"테스트일보": 5, "Test Times": 2}
    assert info.size_bytes > 0 and info.generation.startswith("gen-")
    assert json.loads(json.dumps(info.to_dict()))["articles"] == len(SMALL_ARTICLES)


def test_missing_index_says_how_to_create_one(tmp_path: Path) -> None:
    """Opening a path with no index raises IndexNotFoundError that mentions `artindex build`."""
    with pytest.raises(IndexNotFoundError, match="artindex build"):
        Index.open(tmp_path / "nothing-here", Settings())


def test_directory_without_manifest_is_refused(tmp_path: Path) -> None:
    """An existing folder with files but no artindex manifest is not opened as an index."""
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(IndexNotFoundError, match="manifest"):
        Index.open(tmp_path, Settings())


def test_foreign_manifest_is_refused(tmp_path: Path) -> None:
    """A manifest.json written by something else is refused."""
    (tmp_path / "manifest.json").write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(IndexNotFoundError):
        Index.open(tmp_path, Settings())


def test_open_index_sees_a_rebuild(tmp_path: Path) -> None:
    """An Index left open searches the new generation after a rebuild, without reopening."""
    path = tmp_path / "index"
    artindex.build_articles(SMALL_ARTICLES[:2], path, Settings())
    with Index.open(path, Settings()) as idx:
        assert [h.id for h in idx.search("고객")] == ["ko-telecom"]
        assert idx.search("축구").hits == ()
        extra = make_article("ko-soccer", "고교축구 결승", "승부차기 끝에 우승했다. 축구부 감독")
        artindex.build_articles([*SMALL_ARTICLES[:1], extra], path, Settings())
        assert [h.id for h in idx.search("축구")] == ["ko-soccer"]
        assert idx.get("ko-expo") is None  # not in the rebuilt index
        assert len(idx) == 2


# Sample arguments for each public method of Index. A public method missing here fails
# test_every_public_method_is_listed, so a new one cannot skip the closed-index check.
CLOSED_CALLS: dict[str, tuple[Any, ...]] = {
    "__len__": (),
    "__enter__": (),
    "search": ("고객",),
    "suggest": ("고곡",),
    "get": ("ko-telecom",),
    "articles": (),
    "stats": (),
    "similar": ("ko-telecom",),
    "refresh": (),
    "prepare": ("고객",),
    "add": ([SMALL_ARTICLES[1]],),
    "delete": (["ko-telecom"],),
    "trend": ("고객",),
    "related": ("고객",),
    "scan": ("고객",),
    "entities": ("고객",),
    "quotes": ("고객",),
    "annotated_articles": (),
}
# Members that stay usable on a closed Index, and why.
OPEN_AFTER_CLOSE = {
    "open": "a classmethod that makes a new Index",
    "close": "closing twice is harmless",
    "__exit__": "leaving a with block closes (again)",
    "path": "describes the handle",
    "closed": "describes the handle",
}


def _public_members() -> set[str]:
    """Every member of Index an embedding app may call: public names and the protocol
    dunders it defines itself (``__len__``, ``__enter__``...), not object's."""
    own = vars(Index)
    return {
        name
        for name, _ in inspect.getmembers(Index)
        if not name.startswith("_")
        or (name.startswith("__") and callable(own.get(name)) and name != "__init__")
    }


def test_every_public_method_is_listed() -> None:
    """Each public member of Index is either called on a closed index below or named as
    usable after close, so the closed-index test covers a method added later."""
    members = _public_members()
    assert {"search", "get", "stats", "__len__"} <= members
    unlisted = members - set(CLOSED_CALLS) - set(OPEN_AFTER_CLOSE)
    assert not unlisted, f"add sample arguments to CLOSED_CALLS for {sorted(unlisted)}"
    assert not (set(CLOSED_CALLS) | set(OPEN_AFTER_CLOSE)) - members, "stale entries"


def _call(idx: Index, name: str) -> Any:
    result = getattr(idx, name)(*CLOSED_CALLS[name])
    return list(result) if inspect.isgenerator(result) else result  # iterate lazy ones


@pytest.mark.parametrize("name", sorted(CLOSED_CALLS))
def test_closed_index_raises_index_closed_error(tmp_path: Path, name: str) -> None:
    """Every public method of a closed Index raises IndexClosedError naming the index (the
    call succeeds on the same index while it is open)."""
    path = tmp_path / "index"
    artindex.build_articles(SMALL_ARTICLES[:1], path, Settings())
    idx = Index.open(path, Settings())
    _call(idx, name)  # works while open
    idx.close()
    assert idx.closed
    with pytest.raises(artindex.IndexClosedError, match=f"{path}.*closed"):
        _call(idx, name)
    assert issubclass(artindex.IndexClosedError, artindex.ArtindexError)


def _damage(path: Path, how: str) -> str:
    """Damage the index at ``path``; return the generation named in the error."""
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    if how == "missing":
        manifest["generation"] = "gen-000099"
        (path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    else:
        for toc in (path / manifest["generation"]).glob("*.toc"):
            toc.write_bytes(b"\x00garbage" * 8)
    return str(manifest["generation"])


@pytest.mark.parametrize("how", ["missing", "corrupt"])
def test_damaged_generation_raises_index_damaged_error(tmp_path: Path, how: str) -> None:
    """A manifest naming a missing or unreadable generation raises IndexDamagedError (not
    IndexNotFoundError) naming the generation and the way out; a forced build repairs it."""
    path = tmp_path / "index"
    artindex.build_articles(SMALL_ARTICLES[:2], path, Settings())
    generation = _damage(path, how)
    with pytest.raises(artindex.IndexDamagedError) as info:
        Index.open(path, Settings())
    message = str(info.value)
    assert generation in message and "build --force" in message and "\n" not in message
    assert not isinstance(info.value, IndexNotFoundError)
    artindex.build_articles(SMALL_ARTICLES[:2], path, Settings())
    with Index.open(path, Settings()) as idx:
        assert len(idx) == 2


def test_cli_reports_a_damaged_index_in_one_line(tmp_path: Path) -> None:
    """`artindex search` on a damaged index prints one line and exits 1."""
    from click.testing import CliRunner

    from artindex.cli import main

    path = tmp_path / "index"
    artindex.build_articles(SMALL_ARTICLES[:2], path, Settings())
    _damage(path, "missing")
    result = CliRunner().invoke(main, ["search", "고객", "--index", str(path)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "damaged" in result.stderr, result.stderr


def test_limit_must_be_positive(small_index: Index) -> None:
    """A limit below 1 raises QueryError."""
    with pytest.raises(artindex.QueryError):
        small_index.search("고객", limit=0)


def test_english_article_is_found_by_a_stemmed_word(small_index: Index) -> None:
    """An English query word finds other inflections of it ('run' finds 'runners', 'running')."""
    assert [h.id for h in small_index.search("run")][:1] == ["en-marathon"]


def test_build_articles_accepts_plain_articles(tmp_path: Path) -> None:
    """build_articles indexes Article records without files and reports the count."""
    article = Article(id="x", title="제목", body="본문 내용")
    report = artindex.build_articles([article], tmp_path / "ix", Settings())
    assert report.indexed == 1 and not report.skipped
    with Index.open(tmp_path / "ix", Settings()) as idx:
        assert idx.get("x") == article
