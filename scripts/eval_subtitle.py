"""Where a subtitle's words count: a small invented check of three ways to index it.

Each query asks for what one article's subtitle (deck) says; its title says something else and
its body says it only in passing, while distractor articles mention the same words in their
bodies. The same articles are indexed three ways in the same run and scored by MRR@10 and R@1:

- dropped: the subtitle is not indexed (before the field existed);
- body start: the subtitle is the body's first paragraph;
- title field: artindex's way, the subtitle's words in the title field after a position gap.

    PYTHONPATH=src .venv/bin/python scripts/eval_subtitle.py
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

import artindex
from artindex import Article, Index, Settings

# (title, subtitle, body sentence mentioning the topic in passing, query)
TARGETS = [
    (
        "해오름시 올해 예산안 확정",
        "공영주차장 요금 절반으로 내린다",
        "주차 요금도 다뤘다.",
        "공영주차장 요금 인하",
    ),
    (
        "솔빛군 의회 정례회 폐회",
        "농촌 빈집 정비에 30억 투입",
        "빈집 문제도 논의됐다.",
        "농촌 빈집 정비 예산",
    ),
    (
        "가람대 새 총장 취임",
        "등록금 동결하고 장학금 늘린다",
        "장학금 이야기도 나왔다.",
        "등록금 동결 장학금",
    ),
    (
        "누리시 교통 종합대책 발표",
        "심야버스 노선 세 개 신설",
        "버스 노선도 언급됐다.",
        "심야버스 노선 신설",
    ),
    (
        "한빛도 관광 활성화 회의",
        "섬 지역 배편 운임 지원 확대",
        "배편 문제도 거론됐다.",
        "섬 배편 운임 지원",
    ),
    (
        "다온구 복지관 개관식",
        "어르신 무료 급식 하루 두 끼로",
        "급식도 소개됐다.",
        "어르신 무료 급식",
    ),
    (
        "미르시 환경정책 토론회",
        "일회용 컵 보증금 다시 도입",
        "컵 보증금도 나왔다.",
        "일회용 컵 보증금 도입",
    ),
    (
        "새봄군 농업기술센터 설명회",
        "스마트팜 청년 창업 자금 지원",
        "창업 지원도 설명됐다.",
        "스마트팜 청년 창업",
    ),
]
FILLER = "이날 행사에는 주민과 관계자 여러 명이 참석해 의견을 나눴다."


def articles(mode: str) -> list[Article]:
    """The targets indexed the ``mode`` way, plus two distractors per target whose bodies use
    the query's words more than once."""
    found: list[Article] = []
    for index, (title, subtitle, passing, _) in enumerate(TARGETS):
        body = " ".join([FILLER] * 6 + [passing] + [FILLER] * 6)
        target = Article(id=f"t{index}", title=title, body=body, subtitle=subtitle)
        if mode == "dropped":
            target = dataclasses.replace(target, subtitle="")
        elif mode == "body start":
            target = dataclasses.replace(target, subtitle="", body=f"{subtitle}\n\n{body}")
        found.append(target)
        for k in range(2):
            words = " ".join(subtitle.split()[k : k + 3])
            body = f"{FILLER} 참석자들은 {words} 문제를 두고 {words} 관련 논의를 이어갔다. {FILLER}"
            found.append(Article(id=f"d{index}-{k}", title=f"지역 소식 {index}-{k}", body=body))
    return found


def score(mode: str, root: Path) -> tuple[float, float]:
    path = root / mode.replace(" ", "-")
    artindex.build_articles(articles(mode), path)
    reciprocal = first = 0.0
    with Index.open(path, Settings()) as idx:
        for index, (*_, query) in enumerate(TARGETS):
            ids = [hit.id for hit in idx.search(query, limit=10).hits]
            rank = ids.index(f"t{index}") + 1 if f"t{index}" in ids else 0
            reciprocal += 1 / rank if rank else 0.0
            first += rank == 1
    return reciprocal / len(TARGETS), first / len(TARGETS)


def main() -> int:
    print(f"{len(TARGETS)} queries, {len(TARGETS) * 3} articles")
    print("| subtitle indexed as | MRR@10 | R@1 |\n| --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("dropped", "body start", "title field"):
            mrr, r1 = score(mode, Path(tmp))
            print(f"| {mode} | {mrr:.3f} | {r1:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
