"""Filters, sorting, paging, facets, collapsing, explain and snippets (issue 12), through the
API and the CLI, on a small Korean index with a fixed ``now``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import artindex
from artindex import Article, Index, Settings
from artindex.normalize import simhash

KST = timezone(timedelta(hours=9))
WIRE = (
    "반도체 수출이 석 달 연속 늘었다. 산업통상자원부는 1일 반도체 수출액이 지난해 같은 달보다 "
    "크게 증가했다고 밝혔다. 메모리 가격 회복과 인공지능 서버 수요가 수출을 이끌었다. "
    "자동차 수출도 전기차를 중심으로 늘었고, 석유제품은 유가 하락으로 줄었다. 지역별로는 "
    "중국과 미국, 아세안 수출이 모두 증가했다. 무역수지는 넉 달째 흑자를 이어갔다. 정부는 "
    "하반기에도 수출 증가세가 이어질 것으로 내다봤다."
)


def article(
    id: str,
    title: str,
    body: str,
    *,
    date: datetime | None,
    tags: tuple[str, ...] = (),
    byline: str = "",
    source: str = "한빛일보",
    lang: str = "ko",
) -> Article:
    return Article(
        id=id, title=title, body=body, byline=byline, date=date, tags=tags, source=source,
        url=f"https://news.example/{id}", lang=lang, path=f"articles/{id}.md",
        fingerprint=simhash(body),
    )  # fmt: skip


ARTICLES = (
    article(
        "a-midnight", "반도체 업계 새벽 발표",
        "반도체 업계가 자정이 지나 새 투자 계획을 발표했다. 경기 회복 기대가 커졌다.",
        date=datetime(2024, 6, 1, 0, 30, tzinfo=KST), tags=("경제", "반도체"),
        byline="김민수 기자", source="연합뉴스",
    ),
    article(
        "a-haig", "알렉산더 헤이그 회고록과 반도체",
        "알렉산더 헤이그 전 국무장관의 회고록이 반도체 외교를 다시 조명했다.",
        date=datetime(2024, 5, 31, 23, 0, tzinfo=KST), tags=("알렉산더_헤이그", "국제"),
        byline="이영희 기자",
    ),
    article(
        "a-hague", "헤이그 협약과 반도체 공급망",
        "네덜란드 헤이그에서 열린 회의가 반도체 공급망 협약을 논의했다.",
        date=datetime(2024, 1, 15, 9, 0, tzinfo=KST), tags=("헤이그", "국제"),
        byline="김민수 기자",
    ),
    article("a-wire1", "반도체 수출 석 달 연속 증가", WIRE,
            date=datetime(2024, 3, 1, 9, 0, tzinfo=KST), tags=("경제",), source="연합뉴스"),
    article("a-wire2", "반도체 수출 석 달 연속 증가", WIRE + " 끝.",
            date=datetime(2024, 3, 1, 10, 0, tzinfo=KST), tags=("경제",), source="솔빛일보"),
    article("a-undated", "반도체 인력 양성 계획", "정부가 반도체 인재 만 명을 키우기로 했다.",
            date=None, tags=("교육",)),
    article(
        "a-expo", "창조경제박람회 폐막", "올해 창조경제박람회에는 사흘 동안 십만 명이 다녀갔다.",
        date=datetime(2024, 2, 10, 12, 0, tzinfo=KST), tags=("경제",),
    ),
    article(
        "e-chips", "Chip exports rise", "Semiconductor exports rose for a third month.",
        date=datetime(2024, 2, 10, 12, 0, tzinfo=KST), byline="By Jane Doe",
        source="Test Times", lang="en",
    ),
)
NOW = "2024-06-02T12:00:00+09:00"


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("filters") / "index"
    artindex.build_articles(ARTICLES, path, Settings())
    return path


@pytest.fixture(scope="module")
def ix(index_path: Path) -> Iterator[Index]:
    with Index.open(index_path, Settings()) as idx:
        yield idx
