"""An invented Korean archive for trends, related words and exports: a carbon-neutrality
story line over three months (one story republished by two papers), an RE100 line, and
everyday articles that use the same common words."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import artindex
from artindex import Article, Settings

KST = timezone(timedelta(hours=9))


def _at(month: int, day: int) -> datetime:
    return datetime(2024, month, day, 9, 30, tzinfo=KST)


CARBON = [
    ("carbon-1", "정부, 2030 탄소중립 이행 계획 발표", _at(1, 8), "한빛일보",
     "정부가 탄소중립 이행 계획을 발표했다. 배출권 거래제를 손보고 재생에너지 비중을 늘린다. "
     "관계자는 배출권 가격이 오를 것으로 내다봤다."),
    ("carbon-2", "철강업계, 탄소중립 앞두고 배출권 부담 호소", _at(1, 15), "새벽신문",
     "철강업계가 탄소중립 일정에 맞춘 배출권 부담을 호소했다. 업계는 재생에너지 전환 비용을 "
     "정부가 함께 져야 한다고 밝혔다."),
    ("carbon-3", "탄소중립 도시 지정…재생에너지 단지 조성", _at(1, 29), "한빛일보",
     "탄소중립 도시로 지정된 세 곳에 재생에너지 단지가 들어선다. 배출권 수익은 주민에게 "
     "돌아간다."),
    ("carbon-4", "탄소중립 기본법 개정안 국회 통과", _at(3, 4), "한빛일보",
     "탄소중립 기본법 개정안이 국회를 통과했다. 배출권 할당 기준이 바뀌고 재생에너지 의무 "
     "비율이 오른다. 개정안은 하반기부터 시행된다."),
    ("carbon-5a", "탄소중립 펀드 출범…중소기업 설비 교체 지원", _at(3, 20), "한빛일보",
     "탄소중립 펀드가 출범했다. 중소기업의 낡은 설비를 바꾸는 데 쓰인다. 펀드는 배출권 "
     "거래 수익과 재생에너지 발전 수익으로 채워진다. 첫해 규모는 2천억 원이다."),
    ("carbon-5b", "탄소중립 펀드 출범…중소기업 설비 교체 지원", _at(3, 20), "새벽신문",
     "탄소중립 펀드가 출범했다. 중소기업의 낡은 설비를 바꾸는 데 쓰인다. 펀드는 배출권 "
     "거래 수익과 재생에너지 발전 수익으로 채워진다. 첫해 규모는 2천억 원이다."),
]  # fmt: skip
RE100 = [
    ("re100-1", "반도체 기업들 RE100 가입 잇따라", _at(1, 10), "한빛일보",
     "반도체 기업들이 RE100에 잇따라 가입했다. 전력 구매 계약이 늘고 있다."),
    ("re100-2", "RE100 이행 위한 전력 구매 계약 확대", _at(3, 12), "새벽신문",
     "RE100 이행을 위한 전력 구매 계약이 확대됐다. 기업들은 요금 부담을 우려했다."),
    ("re100-3", "중소 협력사도 RE100 요구 받아", _at(3, 25), "한빛일보",
     "대기업이 중소 협력사에도 RE100을 요구하기 시작했다. 정부는 지원책을 발표했다."),
]  # fmt: skip
EVERYDAY = [
    ("daily-1", "정부, 설 연휴 교통 대책 발표", _at(2, 2), "고속도로 통행료를 면제한다"),
    ("daily-2", "정부, 봄철 산불 예방 대책 발표", _at(2, 20), "입산 통제를 늘린다"),
    ("daily-3", "정부, 학교 급식 개선안 발표", _at(4, 2), "지역 농산물 비중을 높인다"),
    ("daily-4", "정부, 청년 주거 지원 확대 발표", _at(4, 18), "전세 대출 한도를 늘린다"),
    ("daily-5", "정부, 어린이 보호구역 단속 강화", _at(5, 7), "과속 카메라를 늘린다"),
    ("daily-6", "정부, 여름철 폭염 대책 발표", _at(5, 30), "무더위 쉼터를 늘린다"),
]  # fmt: skip

ARTICLES = [
    *(Article(id=i, title=t, body=b, date=d, source=s, byline="김하늘 기자",
              tags=("환경", "경제 > 산업"), url=f"https://news.example/{i}", lang="ko",
              path=f"articles/{i}.md")
      for i, t, d, s, b in CARBON + RE100),
    *(Article(id=i, title=t, body=f"{t.split(', ')[0]}가 {t.split(', ')[1]}했다. 관계자는 {b}고 "
              "밝혔다.", date=d, source="한빛일보", tags=("사회",), lang="ko",
              path=f"articles/{i}.md")
      for i, t, d, b in EVERYDAY),
    Article(id="undated-carbon", title="탄소중립 용어 풀이", body="탄소중립은 배출량과 흡수량을 "
            "같게 만드는 것이다. 배출권과 재생에너지가 함께 쓰인다.", lang="ko",
            path="articles/undated.md"),
]  # fmt: skip


def build_insight_index(path: Path) -> Path:
    """The archive above, added as code articles (so each gets a fingerprint)."""
    artindex.add_articles(ARTICLES, path, Settings())
    return path
