"""HTML pages: main text through trafilatura, Korean bylines and dates through normalize."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from artindex.errors import IngestError
from artindex.ingest import Ingester, parse_file
from artindex.ingest.html import HtmlOptions, extract_html
from artindex.text.page_dates import KST

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


ENGLISH_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>City council approves riverside park plan - The Example Times</title>
</head><body><header><a href="/">Home</a> <a href="/news">News</a></header>
<article>
<h1>City council approves riverside park plan</h1>
<p class="byline">By Jane Doe and John Roe</p>
<p class="date">Posted : 2024-01-05 15:30 KST</p>
<p>The city council on Friday approved a plan to turn a disused rail yard into a riverside park,
ending a debate that had lasted almost a decade.</p>
<p>Construction is expected to begin next spring and to cost about 40 million dollars, officials
said. The park will include a walking trail, a playground and a community garden.</p>
<p>Residents who spoke at the meeting largely welcomed the decision, though some asked for more
parking near the entrance.</p>
</article></body></html>
"""


def test_korean_fixture_fields() -> None:
    """Title without the site suffix, reporter name, 입력/수정 dates, clean paragraphs."""
    (article,) = parse_file(FIXTURES / "korean_article.html")
    assert article.title == "가상시, 초등 돌봄교실 두 배로 늘린다"
    assert article.byline == "홍길동"
    assert article.date == datetime(2024, 1, 5, 15, 30, tzinfo=KST)
    assert article.updated == datetime(2024, 1, 5, 16, 2, tzinfo=KST)
    assert article.source == "가상일보"
    assert article.lang == "ko"
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("가상시는 5일 초등학생 돌봄교실을")
    assert paragraphs[-1].startswith("김영희 가상시 교육청소년과장은")
    assert len(paragraphs) == 4


@pytest.mark.parametrize(
    "chrome",
    ["글자크기", "관련기사", "무단전재", "주소 :", "발행인", "hong@gasang.example", "로고", "검색"],
)
def test_korean_fixture_body_has_no_chrome(chrome: str) -> None:
    """Menus, controls, sign-off, related links and the footer stay out of the body."""
    (article,) = parse_file(FIXTURES / "korean_article.html")
    assert chrome not in article.body


def test_wire_dateline_page() -> None:
    """A wire dateline leaves the first paragraph and gives the byline; meta date wins."""
    (article,) = parse_file(FIXTURES / "wire_article.html")
    assert article.title == "가상도, 농어촌 버스 요금 1000원 단일화"
    assert article.byline == "김철수"
    assert article.body.startswith("가상도는 4일 도내 농어촌 버스 요금을")
    assert "chulsoo@" not in article.body
    assert article.date == datetime(2024, 3, 4, 10, 15, tzinfo=KST)
    assert article.source == "가상통신"


def test_english_page(tmp_path: Path) -> None:
    """An English page: By-line names, a KST-labelled date, English language."""
    path = tmp_path / "park.htm"
    path.write_text(ENGLISH_PAGE, encoding="utf-8")
    (article,) = parse_file(path)
    assert article.title == "City council approves riverside park plan"
    assert article.lang == "en"
    assert article.byline == "Jane Doe, John Roe"
    assert article.date == datetime(2024, 1, 5, 6, 30, tzinfo=UTC)
    assert article.body.startswith("The city council on Friday approved")
    assert article.body.count("\n\n") == 2


def test_cp949_html(tmp_path: Path) -> None:
    """A legacy EUC-KR/CP949 page is decoded before extraction."""
    path = tmp_path / "legacy.html"
    html = (FIXTURES / "korean_article.html").read_text(encoding="utf-8")
    path.write_bytes(
        html.replace('charset="utf-8"', 'charset="euc-kr"').encode("cp949", "xmlcharrefreplace")
    )
    (article,) = parse_file(path)
    assert article.title == "가상시, 초등 돌봄교실 두 배로 늘린다"


@pytest.mark.parametrize(
    "html",
    ["<html><body></body></html>", "<html><body><nav><a href='/'>홈</a></nav></body></html>", "<"],
)
def test_page_without_text_is_a_problem(tmp_path: Path, html: str) -> None:
    """A page with no main text is a Problem, not a crash."""
    path = tmp_path / "empty.html"
    path.write_text(html, encoding="utf-8")
    result = Ingester().load(path)
    assert result.articles == ()
    assert result.problems
    with pytest.raises(IngestError):
        parse_file(path)


def test_keep_signoff_option() -> None:
    """With drop_signoff off, the reporter line and copyright stay in the body."""
    html = (FIXTURES / "korean_article.html").read_text(encoding="utf-8")
    kept = extract_html(html, options=HtmlOptions(drop_signoff=False))
    assert "hong@gasang.example" in kept.body


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("20240513125214", datetime(2024, 5, 13, 12, 52, 14, tzinfo=KST)),
        ("20240513", datetime(2024, 5, 13, tzinfo=KST)),
        ("20241345", None),  # month 13: kept without a date, not guessed
    ],
)
def test_compact_meta_date_stamps(stamp: str, expected: datetime | None) -> None:
    """A portal's compact `og:regDate` stamp is the published date, read in the page's zone."""
    body = "<p>" + "서울시는 13일 새 교통 대책을 발표했다. 시민들의 반응은 엇갈렸다. " * 6 + "</p>"
    html = (
        f'<html><head><meta property="og:title" content="교통 대책 발표">'
        f'<meta property="og:regDate" content="{stamp}"></head>'
        f"<body><article><h1>교통 대책 발표</h1>{body}</article></body></html>"
    )
    article = extract_html(html, path="regdate.html")
    assert article.date == expected
