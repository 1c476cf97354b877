"""normalize: text cleaning, Korean dates and bylines, tags, titles, ids and fingerprints."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artindex.text.bylines import Byline, parse_byline, strip_dateline
from artindex.text.clean import clean_text
from artindex.text.ids import make_id
from artindex.text.language import detect_lang
from artindex.text.page_dates import KST, DateInfo, parse_date, parse_dates
from artindex.text.simhash import hamming, simhash
from artindex.text.titles import split_tags, strip_site_suffix


def kst(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=KST)


# --- clean_text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("  제목\t\t입니다  ", "제목 입니다"),
        ("가\u00a0나\u3000다", "가 나 다"),
        ("보\u200b이\u200c지\u200d않\ufeff음\u00ad", "보이지않음"),
        ("제어\x00문자\x07", "제어문자"),
        ("문단1\n\n\n\n문단2", "문단1\n\n문단2"),
        ("줄1\n줄2", "줄1\n줄2"),
        ("\n\n  앞뒤 공백  \n\n", "앞뒤 공백"),
        ("끝 공백   \n다음", "끝 공백\n다음"),
        ("문단1\n   \n\t\n문단2", "문단1\n\n문단2"),
    ],
)
def test_clean_text_table(raw: str, expected: str) -> None:
    """clean_text removes invisible characters, collapses spaces and keeps paragraph breaks."""
    assert clean_text(raw) == expected


def test_clean_text_composes_nfd_hangul() -> None:
    """NFD Hangul (as saved by macOS) becomes the NFC syllables."""
    nfd = unicodedata.normalize("NFD", "고객")
    assert nfd != "고객"
    assert clean_text(nfd) == "고객"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_is_idempotent(text: str) -> None:
    """Cleaning twice changes nothing."""
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("가\u1100\u1161\u11a8 \n\r\t\u200b\u00a0\ufeff\x00"))))
def test_clean_text_is_idempotent_on_jamo_and_spaces(text: str) -> None:
    """Idempotence holds where removed characters sit between combining jamo."""
    once = clean_text(text)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-11-27", kst(2015, 11, 27)),
        ("2015.11.27", kst(2015, 11, 27)),
        ("2015/11/27", kst(2015, 11, 27)),
        ("2015.11.27 15:30", kst(2015, 11, 27, 15, 30)),
        ("2015년 11월 27일", kst(2015, 11, 27)),
        ("2024년 1월 5일 오후 3시", kst(2024, 1, 5, 15)),
        ("2024년 1월 5일 오후 3시 30분", kst(2024, 1, 5, 15, 30)),
        ("입력 2024.01.05 오후 3:30", kst(2024, 1, 5, 15, 30)),
        ("입력 2024.01.05 오전 12:10", kst(2024, 1, 5, 0, 10)),
        ("입력 2024.01.05 오후 12:10", kst(2024, 1, 5, 12, 10)),
        ("입력 2024.01.05(금) 오후 3:30", kst(2024, 1, 5, 15, 30)),
        ("수정 2024.01.05 16:02", kst(2024, 1, 5, 16, 2)),
        ("승인 2024-01-05 09:00", kst(2024, 1, 5, 9, 0)),
        ("기사입력 2024-01-05 15:30:12", kst(2024, 1, 5, 15, 30, 12)),
        ("기사입력 :[ 2018-08-25 15:24 ]", kst(2018, 8, 25, 15, 24)),
        ("Posted : 2024-01-05 15:30 KST", kst(2024, 1, 5, 15, 30)),
        ("Jan. 5, 2024", kst(2024, 1, 5)),
        ("January 5, 2024 3:30 PM", kst(2024, 1, 5, 15, 30)),
        ("5 January 2024", kst(2024, 1, 5)),
        # every abbreviation, with and without the dot ("Oct." once raised KeyError: 'oc')
        ("Oct. 5, 2024", kst(2024, 10, 5)),
        ("5 Oct 2024 3:30 PM", kst(2024, 10, 5, 15, 30)),
        ("Sept. 3, 2020", kst(2020, 9, 3)),
        ("Sep 3, 2020", kst(2020, 9, 3)),
        ("Dec. 31, 1999", kst(1999, 12, 31)),
        ("Aug 1st, 2021", kst(2021, 8, 1)),
        # misspelt months still read by their first three letters
        ("Febuary 3, 2020", kst(2020, 2, 3)),
        ("3 Octobre 2022 14:05", kst(2022, 10, 3, 14, 5)),
        # a month without a day reads as its first day, whatever today is
        ("March 2020", kst(2020, 3, 1)),
        # named zones of English pages
        (
            "Fri, 05 Jan 2024 15:30:00 PST",
            datetime(2024, 1, 5, 15, 30, tzinfo=timezone(-timedelta(hours=8))),
        ),
        (
            "Jan. 5, 2024 3:30 PM EST",
            datetime(2024, 1, 5, 15, 30, tzinfo=timezone(-timedelta(hours=5))),
        ),
        ("2024-01-05T15:30:00+09:00", kst(2024, 1, 5, 15, 30)),
        ("2024-01-05T06:30:00Z", datetime(2024, 1, 5, 6, 30, tzinfo=UTC)),
        ("2024.1.5.", kst(2024, 1, 5)),
        (
            "2024-01-05 15:30 +01:00",
            datetime(2024, 1, 5, 15, 30, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("Fri, 05 Jan 2024 15:30:00 GMT", datetime(2024, 1, 5, 15, 30, tzinfo=UTC)),
    ],
)
def test_parse_date_table(text: str, expected: datetime) -> None:
    """Each supported form gives the exact instant, timezone-aware."""
    value = parse_date(text)
    assert value is not None
    assert value.tzinfo is not None
    assert value == expected
    assert value.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "2024.13.05",
        "2024-02-30",
        "2024년 13월 1일",
        "오늘 날씨 맑음",
        "",
        "오후 3시 회의",
        "2024.01.05 25:10",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    """Impossible dates and text without a date give None."""
    assert parse_date(text) is None


def test_parse_date_uses_default_tz() -> None:
    """A date without a zone takes the given default zone."""
    assert parse_date("2024-01-05 10:00", default_tz=UTC) == datetime(2024, 1, 5, 10, tzinfo=UTC)


def test_parse_date_does_not_misread_korean_pm_like_dateutil() -> None:
    """`오후 3:30` is 15:30, not the 03:30 dateutil would give."""
    value = parse_date("2024.01.05 오후 3:30")
    assert value is not None and value.hour == 15


@pytest.mark.parametrize(
    ("lines", "published", "updated"),
    [
        (
            ["입력 2024.01.05 15:30 | 수정 2024.01.06 09:00"],
            kst(2024, 1, 5, 15, 30),
            kst(2024, 1, 6, 9),
        ),
        (
            ["수정 2024.01.06 09:00", "입력 2024.01.05 오후 3:30"],
            kst(2024, 1, 5, 15, 30),
            kst(2024, 1, 6, 9),
        ),
        (["승인 2024-01-05 09:00"], kst(2024, 1, 5, 9), None),
        (["승인 2024-01-05 09:00", "입력 2024-01-04 18:00"], kst(2024, 1, 4, 18), None),
        (["2024.01.03", "업데이트 2024.01.04"], kst(2024, 1, 3), kst(2024, 1, 4)),
        (
            ["Posted : 2024-01-05 15:30 KST", "Updated : 2024-01-05 18:00 KST"],
            kst(2024, 1, 5, 15, 30),
            kst(2024, 1, 5, 18),
        ),
        (
            ["등록 2024-01-05 09:00 최종수정 2024-01-05 10:00"],
            kst(2024, 1, 5, 9),
            kst(2024, 1, 5, 10),
        ),
        (["날짜 없음"], None, None),
    ],
)
def test_parse_dates_by_label(
    lines: list[str], published: datetime | None, updated: datetime | None
) -> None:
    """Labels decide published and updated; 승인 only stands in for a missing 입력."""
    assert parse_dates(lines) == DateInfo(published=published, updated=updated)


# --- bylines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names", "emails"),
    [
        ("홍길동 기자", ("홍길동",), ()),
        ("홍길동 객원기자", ("홍길동",), ()),
        ("홍길동 선임기자", ("홍길동",), ()),
        ("홍길동 특파원", ("홍길동",), ()),
        ("홍길동 수습기자", ("홍길동",), ()),
        ("홍길동 인턴기자", ("홍길동",), ()),
        ("홍길동 논설위원", ("홍길동",), ()),
        ("홍길동 기자 =", ("홍길동",), ()),
        ("칼럼니스트 박생강", ("박생강",), ()),
        ("글 홍길동 · 사진 김철수", ("홍길동", "김철수"), ()),
        ("홍길동·김철수 기자", ("홍길동", "김철수"), ()),
        ("홍길동 기자 hong@example.com", ("홍길동",), ("hong@example.com",)),
        ("홍길동 기자(hong@example.com)", ("홍길동",), ("hong@example.com",)),
        ("[서울=연합뉴스] 홍길동 기자 =", ("홍길동",), ()),
        ("(서울=뉴스1) 홍길동 기자 =", ("홍길동",), ()),
        ("[아이뉴스24 홍길동 기자]", ("홍길동",), ()),
        ("경제부 홍길동 기자", ("홍길동",), ()),
        ("By Jane Doe", ("Jane Doe",), ()),
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe"), ()),
        ("By Jane Doe, Staff Writer", ("Jane Doe",), ()),
        ("Jane Doe, Staff Writer", ("Jane Doe",), ()),
        ("hong@example.com", (), ("hong@example.com",)),
    ],
)
def test_parse_byline_table(text: str, names: tuple[str, ...], emails: tuple[str, ...]) -> None:
    """Names come without role words; e-mails are kept apart."""
    assert parse_byline(text) == Byline(names=names, emails=emails)


@pytest.mark.parametrize(
    "text",
    [
        "홍길동 기자가 오늘 현장에서 취재한 내용을 자세히 전했다.",
        "정부는 기자회견을 열고 새 정책을 발표했다고 밝혔다.",
        "기자",
        "경제",
        "",
        "By the way, the market rallied on Friday.",
        "무단전재 및 재배포 금지",
    ],
)
def test_parse_byline_rejects_prose(text: str) -> None:
    """Sentences and other short lines are not bylines."""
    assert parse_byline(text) is None


def test_byline_text_joins_names() -> None:
    """Byline.text() is the names joined by a comma."""
    assert Byline(names=("홍길동", "김철수")).text() == "홍길동, 김철수"


@pytest.mark.parametrize(
    ("paragraph", "rest", "names"),
    [
        ("[서울=연합뉴스] 홍길동 기자 = 정부는 5일 발표했다.", "정부는 5일 발표했다.", ("홍길동",)),
        ("(세종=뉴스1) 김철수 기자 = 기획재정부는 밝혔다.", "기획재정부는 밝혔다.", ("김철수",)),
        ("(서울=연합뉴스) 홍길동 김철수 기자 = 본문이다.", "본문이다.", ("홍길동", "김철수")),
        ("【서울=뉴시스】이영희 기자 = 본문이다.", "본문이다.", ("이영희",)),
    ],
)
def test_strip_dateline(paragraph: str, rest: str, names: tuple[str, ...]) -> None:
    """The wire dateline is removed from the paragraph and its reporters returned."""
    text, byline = strip_dateline(paragraph)
    assert text == rest
    assert byline is not None and byline.names == names


@pytest.mark.parametrize(
    ("paragraph", "rest"),
    [
        ("[서울=뉴시스] 정부는 5일 발표했다.", "정부는 5일 발표했다."),
        (
            "[엔터미디어=정덕현의 이슈공감] 시작은 사진 공개였다.",
            "[엔터미디어=정덕현의 이슈공감] 시작은 사진 공개였다.",
        ),
    ],
)
def test_strip_dateline_without_reporter(paragraph: str, rest: str) -> None:
    """An agency-only dateline goes; a column label that looks like one stays."""
    assert strip_dateline(paragraph) == (rest, None)


def test_strip_dateline_leaves_ordinary_paragraphs() -> None:
    """A paragraph without a dateline comes back unchanged, with no byline."""
    paragraph = "정부는 5일 서울에서 회의를 열었다."
    assert strip_dateline(paragraph) == (paragraph, None)


# --- tags, titles, language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("경제 > 금융", ("경제", "금융")),
        ("IT/과학", ("IT", "과학")),
        ("과학·기술", ("과학", "기술")),
        ("정치 | 국회 , 정당", ("정치", "국회", "정당")),
        ("#부동산 #금리 #부동산", ("부동산", "금리")),
        ("사회;;  ; 교육", ("사회", "교육")),
        ("", ()),
    ],
)
def test_split_tags(text: str, tags: tuple[str, ...]) -> None:
    """Section lines split on their joiners; duplicates and empties dropped."""
    assert split_tags(text) == tags


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("물가 3% 넘었다 - 한국일보", None, "물가 3% 넘었다"),
        ("물가 3% 넘었다 | 가상뉴스", None, "물가 3% 넘었다"),
        ("물가 3% 넘었다 :: 가상뉴스", None, "물가 3% 넘었다"),
        ("물가 3% 넘었다 - 가상뉴스", "가상뉴스", "물가 3% 넘었다"),
        ("물가 3% 넘었다 < 경제 < 기사본문 - 가상뉴스", "가상뉴스", "물가 3% 넘었다"),
        ("물가 - 3% 넘었다 - 한국일보", "가상뉴스", "물가 - 3% 넘었다 - 한국일보"),
        ('[기획] "물가, 더 오른다"', None, '[기획] "물가, 더 오른다"'),
        ("가상뉴스", "가상뉴스", "가상뉴스"),
    ],
)
def test_strip_site_suffix(title: str, site: str | None, expected: str) -> None:
    """Only the site suffix goes; the headline's words stay exactly."""
    assert strip_site_suffix(title, site) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("정부는 5일 경제정책방향을 발표했다.", "ko"),
        ("삼성전자 Galaxy S24 공개", "ko"),
        ("The market rallied on Friday.", "en"),
        ("Рынок вырос в пятницу.", ""),
        ("12345 !!!", ""),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    """Hangul share decides Korean; mostly Latin letters is English."""
    assert detect_lang(text) == lang


# --- ids and fingerprints --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://News.Example.COM/a/b/?utm_source=x&id=3#top",
            "https://news.example.com/a/b?id=3",
        ),
        ("https://news.example.com/", "https://news.example.com/"),
        ("https://news.example.com", "https://news.example.com/"),
        ("http://example.com:80/x?b=2&a=1&fbclid=zz", "http://example.com/x?a=1&b=2"),
    ],
)
def test_make_id_canonical_url(url: str, expected: str) -> None:
    """A URL is the id, without tracking parameters, fragment or trailing slash."""
    assert make_id(url=url) == expected


def test_make_id_hash_is_stable_and_whitespace_blind() -> None:
    """Without a URL the id is a short SHA-1 that ignores whitespace differences."""
    date = datetime(2024, 1, 5, tzinfo=KST)
    first = make_id(source="가상뉴스", title="제목", date=date, body="본문  첫 줄\n둘째 줄")
    second = make_id(source="가상뉴스", title=" 제목 ", date=date, body="본문 첫 줄 둘째 줄")
    assert first == second
    assert first.startswith("sha1:") and len(first) == len("sha1:") + 16
    assert make_id(source="가상뉴스", title="제목", body="다른 본문") != first


WIRE = (
    "정부는 5일 정부서울청사에서 경제관계장관회의를 열고 올해 경제정책방향을 발표했다. "
    "최상목 부총리 겸 기획재정부 장관은 물가 안정을 최우선 과제로 삼겠다고 밝혔다. "
    "정부는 상반기에 재정의 65%를 집행하고 소상공인 지원을 늘리기로 했다. "
    "수출 회복세가 이어지면서 성장률은 2.2%에 이를 것으로 내다봤다."
)


def test_simhash_near_duplicates_are_close() -> None:
    """A wire story with one small edit stays within the default collapse distance (6 bits) of
    the original, and with three edits (an eighth of its shingles) well under the distance of
    unrelated stories (the next test)."""
    edits = [WIRE.replace("5일", "6일"), WIRE.replace("밝혔다", "말했다"), WIRE + " (종합)"]
    assert all(hamming(simhash(WIRE), simhash(edited)) <= 6 for edited in edits)
    edited = WIRE.replace("5일", "6일").replace("밝혔다", "말했다") + " (종합)"
    assert hamming(simhash(WIRE), simhash(edited)) <= 10


def test_simhash_unrelated_texts_are_far() -> None:
    """Unrelated stories differ in many bits."""
    other = (
        "프로야구 개막전에서 홈팀이 연장 접전 끝에 역전승을 거뒀다. 관중 2만여 명이 경기장을 "
        "가득 메웠고 선발 투수는 7이닝 무실점으로 호투했다. 감독은 선수들을 칭찬했다."
    )
    assert hamming(simhash(WIRE), simhash(other)) >= 16


def test_simhash_shape() -> None:
    """The fingerprint is 16 hex digits and ignores whitespace layout."""
    value = simhash(WIRE)
    assert len(value) == 16 and int(value, 16) >= 0
    assert simhash(WIRE.replace(" ", "\n  ")) == value
    assert simhash("") == "0" * 16
    assert hamming(value, value) == 0
