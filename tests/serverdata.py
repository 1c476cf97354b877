"""Data for the server tests: a small Korean news index with enough expo articles for
several result pages, and an Index with the search arguments other parts of artindex are
adding (filters, offset, facets) and ``similar``, built naively over the real search so the
server's pass-through of new arguments is tested against real results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import artindex
from artindex import Article, Hit, Index, SearchResult, Settings

KST = timezone(timedelta(hours=9))
CITIES = [
    "대전",
    "부산",
    "광주",
    "대구",
    "인천",
    "울산",
    "수원",
    "전주",
    "청주",
    "춘천",
    "제주",
    "창원",
]
TOPICS = [("스타트업", "경제"), ("로봇", "과학"), ("친환경 에너지", "과학"), ("인공지능", "IT")]
BYLINES = ["김지혜 기자", "이서준 기자", "박민지 기자"]
SOURCES = ["한빛일보", "새벽신문"]


def expo_article(i: int) -> Article:
    city, (topic, tag) = CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)]
    return Article(
        id=f"expo-{i:02d}",
        title=f"{city} {topic} 박람회 개막",
        body=(
            f"{city}에서 {topic} 박람회가 {i + 1}일 개막했다. 올해 박람회에는 기업 {20 + i}곳이 "
            f"참가해 신제품을 선보였다.\n\n주최 측은 관람객이 지난해보다 늘 것으로 내다봤다. "
            f"입장은 무료이며 행사는 사흘 동안 이어진다."
        ),
        byline=BYLINES[i % len(BYLINES)],
        date=datetime(2025, 1 + i % 12, 1 + i, 10, 0, tzinfo=KST),
        tags=(tag, "박람회"),
        source=SOURCES[i % len(SOURCES)],
        url=f"https://news.example/expo/{i}",
        lang="ko",
        path=f"articles/expo-{i:02d}.md",
    )


HOSTILE = Article(
    id="hostile",
    title="<script>alert('제목')</script> 보안 점검",
    body="보안 점검 결과 <b>굵은</b> 글씨와 <img src=x onerror=alert(1)> 태그가 본문에 남았다.",
    byline="<i>최도윤</i> 기자",
    date=datetime(2024, 3, 5, 9, 0, tzinfo=KST),
    tags=("<사회>",),
    source="한빛일보",
    url="javascript:alert(1)",
    lang="ko",
    path="articles/hostile.md",
)

ARTICLES = (*[expo_article(i) for i in range(24)], HOSTILE)


def build_server_index(path: Path) -> Path:
    report = artindex.build_articles(ARTICLES, path, Settings())
    assert report.indexed == len(ARTICLES), report
    return path


@dataclass(frozen=True)
class FacetedResult:
    """A SearchResult plus the ``facets`` key a faceting search adds to the JSON."""

    result: SearchResult
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.result.to_dict()
        if self.facets:
            data["facets"] = self.facets
        return data


class FutureIndex(Index):
    """The real Index with naive ``offset``, ``tag``, ``since`` and ``facets`` arguments and a
    ``similar`` method, standing in for what other lanes are adding to the library."""

    def search(  # type: ignore[override]
        self,
        query: str,
        limit: int = 10,
        *,
        snippets: bool = True,
        offset: int = 0,
        tag: tuple[str, ...] = (),
        since: datetime | None = None,
        facets: bool = False,
    ) -> FacetedResult:
        full = super().search(query, limit=1000, snippets=snippets)
        hits = [h for h in full.hits if all(t in h.tags for t in tag)]
        if since is not None:
            hits = [h for h in hits if h.date and h.date.date() >= since.date()]
        counts: dict[str, dict[str, int]] = {}
        if facets:
            counts["tags"] = dict(Counter(t for h in hits for t in h.tags).most_common())
            counts["month"] = dict(Counter(h.date.strftime("%Y-%m") for h in hits if h.date))
        page = tuple(hits[offset : offset + limit])
        return FacetedResult(SearchResult(query, len(hits), full.took_ms, page), counts)

    def similar(self, article_id: str, limit: int = 5) -> SearchResult:
        article = self.get(article_id)
        if article is None:
            raise artindex.QueryError(f"no article with id {article_id!r}")
        found = super().search(article.title, limit=limit + 1)
        hits: tuple[Hit, ...] = tuple(h for h in found.hits if h.id != article_id)[:limit]
        return SearchResult(article.title, len(hits), found.took_ms, hits)
