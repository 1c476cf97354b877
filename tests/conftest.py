"""Shared fixtures: the sample corpus indexed once per session, a small hand-made index, and
an index of the requesting test module's own ``ARTICLES`` built once per module.

Both indexes are built with an explicit ``Settings()`` so that an ``artindex.yaml`` in the
working directory cannot change what the tests see.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import artindex
from artindex import Article, Index, Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
KST = timezone(timedelta(hours=9))


@pytest.fixture(scope="session")
def corpus_index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of corpus/ built once per test session (read-only: do not update it).

    It is built from the repository root with the relative source ``corpus``, so hit paths
    read ``corpus/...`` like the judged queries in tests/data/corpus_queries.yaml."""
    path = tmp_path_factory.mktemp("corpus-index") / "index"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        report = artindex.build(["corpus"], path, Settings())
    assert report.indexed > 0 and not report.skipped, report
    return path


@pytest.fixture(scope="session")
def corpus_index(corpus_index_path: Path) -> Iterator[Index]:
    """The corpus index, opened once with default settings."""
    with Index.open(corpus_index_path, Settings()) as idx:
        yield idx


def make_article(
    id: str,
    title: str,
    body: str,
    *,
    lang: str = "ko",
    tags: tuple[str, ...] = (),
    byline: str = "",
    date: datetime | None = None,
) -> Article:
    return Article(
        id=id,
        title=title,
        body=body,
        byline=byline,
        date=date,
        tags=tags,
        source="테스트일보" if lang == "ko" else "Test Times",
        url=f"https://news.example/{id}",
        lang=lang,
        path=f"articles/{id}.md",
    )


SMALL_ARTICLES: tuple[Article, ...] = (
    make_article(
        "ko-telecom",
        "통신 장애 피해 보상",
        "미르텔레콤은 피해를 입은 모든 고객에게 진심으로 사과드린다고 밝혔다. "
        "요금 감면은 다음 달 청구서에 반영된다.",
        tags=("통신", "소비자"),
        byline="강태오 기자",
        date=datetime(2024, 4, 12, 17, 20, tzinfo=KST),
    ),
    make_article(
        "ko-expo",
        "대전서 스타트업 행사 개막",
        "올해로 열 번째를 맞은 창조경제박람회는 14일 대전에서 개막했다. 입장은 무료다.",
        tags=("경제", "스타트업"),
    ),
    make_article(
        "ko-budget",
        "국회 본회의 통과",
        "국회는 내년도 예산안을 본회의에서 의결했다. 정부가 제출한 예산안보다 줄었다.",
        tags=("정치",),
    ),
    make_article(
        "ko-gene-joined",
        "감자 품종 개발",
        "농촌진흥청은 유전자가위로 갈변을 늦춘 감자를 개발했다.",
        tags=("과학",),
    ),
    make_article(
        "ko-gene-spaced",
        "치료제 첫 투여",
        "유전자 가위 치료제가 국내 환자에게 처음 투여됐다.",
        tags=("의학",),
    ),
    make_article(
        "en-marathon",
        "Runners fill the riverside course",
        "Thousands of runners were running along the river on Sunday morning.",
        lang="en",
        tags=("sports",),
        date=datetime(2024, 10, 6, 9, 0, tzinfo=KST),
    ),
    make_article(
        "en-wing",
        "A longer folding wing",
        "Engineers tested a folding wing that could cut fuel use on short flights.",
        lang="en",
        tags=("aviation",),
    ),
)


@pytest.fixture(scope="session")
def small_articles() -> tuple[Article, ...]:
    return SMALL_ARTICLES


@pytest.fixture(scope="session")
def small_index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of SMALL_ARTICLES built once per session with ``artindex.build_articles``."""
    path = tmp_path_factory.mktemp("small-index") / "index"
    report = artindex.build_articles(SMALL_ARTICLES, path, Settings())
    assert report.indexed == len(SMALL_ARTICLES), report
    return path


@pytest.fixture(scope="session")
def small_index(small_index_path: Path) -> Iterator[Index]:
    with Index.open(small_index_path, Settings()) as idx:
        yield idx


@pytest.fixture(scope="module")
def index_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the test module's ``ARTICLES``, built once per module with defaults."""
    articles: tuple[Article, ...] = request.module.ARTICLES
    path = tmp_path_factory.mktemp(request.module.__name__.rpartition(".")[2]) / "index"
    report = artindex.build_articles(articles, path, Settings())
    assert report.indexed == len(articles), report
    return path


@pytest.fixture(scope="module")
def index(index_path: Path) -> Iterator[Index]:
    """The module's index, opened once with default settings."""
    with Index.open(index_path, Settings()) as idx:
        yield idx
