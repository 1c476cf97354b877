"""Repetition learning counts distinct articles: copies of one page never erase its article."""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

import pytest

from artindex.ingest import ingest
from artindex.ingest.pagedump.extract import PageDumpExtractor, page_fingerprint, resemblance

CHROME = [
    "달빛일보 로고",
    "홈 | 정치 | 경제 | 사회 | 국제 | 문화",
    "로그인 회원가입 구독신청",
]
FOOTER = [
    "관련기사",
    "▶ 달빛일보 독자위원회 새 위원 위촉",
    "Copyright ⓒ 달빛일보. 무단전재 및 재배포 금지.",
    "주소: 서울시 중구 달빛로 1 | 대표전화 02-000-0000",
]
STORIES = {
    "tram": (
        "\u201c트램 타고 출근해요\u201d… 달빛시 첫 노면전차 개통",
        [
            "달빛시의 첫 노면전차가 3일 오전 6시 첫차를 시작으로 운행에 들어갔다. 시는 이날 "
            "시청 광장에서 개통식을 열었다.",
            "노선은 달빛역에서 신도시 중심가까지 12㎞ 구간이며 정류장은 모두 15곳이다. 출퇴근 "
            "시간에는 6분 간격으로 다닌다.",
            "요금은 시내버스와 같은 1,400원으로 정했고 버스와 지하철 환승도 된다고 시는 설명했다.",
        ],
    ),
    "market": (
        "[현장] 새벽 수산시장, 경매 시작 전부터 북적",
        [
            "새벽 4시 달빛수산시장은 경매를 기다리는 상인들로 이미 붐볐다. 올해 첫 꽃게 "
            "경매가 열리는 날이다.",
            "경매사는 꽃게 한 상자가 지난해보다 2만원가량 비싸게 팔렸다고 말했다. 어획량이 "
            "줄어든 탓이다.",
            "상인들은 가격이 오르면 손님이 줄까 걱정하면서도 물량 확보에 나섰다고 전했다.",
        ],
    ),
}


def _page(key: str, width: int = 0) -> str:
    title, paragraphs = STORIES[key]
    if width:  # the same page dumped at another line width (w3m -cols)
        paragraphs = [textwrap.fill(p, width) for p in paragraphs]
    head = [*CHROME, "", "사회", "", title, "", "김하늘 기자", "입력 2024.05.03 09:30", ""]
    body = [line for p in paragraphs for line in (p, "")]
    return "\n".join([*head, *body, "김하늘 기자 sky@dalbit.example", *FOOTER]) + "\n"


def _copies(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "utf8.txt").write_text(text, encoding="utf-8")
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (folder / "cp949.txt").write_bytes(text.encode("cp949"))
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "nfd.txt").write_text(unicodedata.normalize("NFD", text), encoding="utf-8")


def test_a_folder_of_copies_yields_the_article_from_every_copy(tmp_path: Path) -> None:
    """UTF-8, BOM, CP949, UTF-16 and NFD copies of one page: each gives the same article."""
    _copies(tmp_path / "site", _page("tram"))
    results = list(ingest([tmp_path / "site"]))
    assert len(results) == 5
    for result in results:
        assert not result.problems, (result.path, result.problems)
        article = result.articles[0]
        assert "노면전차 개통" in article.title, result.path
        assert article.body.startswith("달빛시의 첫 노면전차가"), result.path
        assert article.body.rstrip().endswith("설명했다."), result.path
        assert "관련기사" not in article.body and "무단전재" not in article.body


def test_copies_count_once_and_distinct_articles_teach_the_chrome(tmp_path: Path) -> None:
    """A copy is not learned again; two distinct articles make the shared chrome repeated."""
    extractor = PageDumpExtractor()
    site = tmp_path / "site"
    tram, market = _page("tram"), _page("market")
    assert extractor.learn(site / "a.txt", tram)
    assert not extractor.learn(site / "b.txt", tram)  # the same page again
    assert not extractor.learn(site / "c.txt", tram.replace("09:30", "10:05"))  # a re-crawl
    assert extractor.learn(site / "d.txt", market)
    roles = {r.text: r.role for r in extractor.explain(site / "a.txt", tram)}
    assert roles["홈 | 정치 | 경제 | 사회 | 국제 | 문화"] != "body"
    assert roles[STORIES["tram"][1][0]] == "body"
    article = extractor.extract(site / "d.txt", market)
    assert article.title == STORIES["market"][0]
    assert article.body.count("\n\n") == 2


def test_a_source_with_one_page_still_extracts(tmp_path: Path) -> None:
    """A source with a single page still gives its title and byline."""
    extractor = PageDumpExtractor()
    path = tmp_path / "only" / "page.txt"
    assert extractor.learn(path, _page("market"))
    article = extractor.extract(path, _page("market"))
    assert article.title == STORIES["market"][0]
    assert article.byline == "김하늘"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("tram", "tram", True), ("tram", "market", False)],
)
def test_fingerprints_tell_copies_from_other_articles(a: str, b: str, same: bool) -> None:
    """Re-wrapped copies resemble each other; two different stories do not."""
    first = page_fingerprint(_page(a).split("\n"))
    second = page_fingerprint(_page(b, width=70).split("\n"))
    assert (resemblance(first, second) >= 0.6) is same


SCIENCE_PAGE = """\
과학누리 로고
홈 | 뉴스 | 기획 | 인터뷰 | 포토
과학누리
기획·연재 > 과학문화
김새봄 객원기자
2015.07.02 ㅣ 조회 1,204
“별을 보는 아이들이 과학자가 됩니다” [2015 별빛축제]
• 콘텐츠 폰트 사이즈 조절
• 프린트출력하기
DSC01234.JPG

{p1}

{p2}

{p3}

관련기사
▶ 여름밤 유성우, 이번 주말 절정
저작권자 © 과학누리 무단전재 및 재배포 금지
""".format(
    p1="지난 주말 강원도 영월의 한 천문대에서 어린이 200여 명이 밤하늘을 올려다봤다. "
    "올해로 열 번째를 맞은 별빛축제의 첫날 풍경이다.",
    p2="축제를 연 천문대 관계자는 “망원경으로 토성의 고리를 처음 본 아이들의 표정을 잊을 "
    "수 없다”고 말했다.",
    p3="행사장 한편에서는 대학생 자원봉사자들이 별자리 지도를 함께 만들며 계절마다 보이는 "
    "별이 달라지는 이유를 설명했다.",
)


def test_headline_below_byline_and_date_wins_over_logo_and_controls(tmp_path: Path) -> None:
    """Issue 9's page: logo alt text, site name, controls and a camera file name are chrome;
    the quoted, bracketed headline below the byline and date is the title, not body."""
    path = tmp_path / "science" / "stars.txt"
    extractor = PageDumpExtractor()
    page = SCIENCE_PAGE
    article = extractor.extract(path, page)
    assert article.title == "“별을 보는 아이들이 과학자가 됩니다” [2015 별빛축제]"
    assert article.body.startswith("지난 주말 강원도 영월의")
    assert article.body.rstrip().endswith("이유를 설명했다.")
    for chrome in ("폰트", "프린트", "DSC01234", "관련기사", "로고"):
        assert chrome not in article.body
    assert article.byline == "김새봄"
    assert article.date is not None and article.date.date().isoformat() == "2015-07-02"
    assert "과학문화" in article.tags


@pytest.mark.parametrize(
    ("extra", "section"),
    [
        ("이 기사는 언론사에서 경제 섹션으로 분류했습니다.", "경제"),
        ("• 국제 선택됨", "국제"),
        ("HOME 생활/문화 여행", "생활/문화"),
    ],
)
def test_section_signals(extra: str, section: str) -> None:
    """A portal's classification, the current menu tab, a HOME breadcrumb give the section."""
    title, paragraphs = STORIES["market"]
    menu = ["• 정치", "• 경제", "• 국제", "• 사회"]
    head = [*menu, ""] + ([extra, ""] if not extra.startswith("이 기사") else [])
    tail = [extra] if extra.startswith("이 기사") else []
    text = "\n".join([*head, title, "김하늘 기자", "입력 2024.05.03 09:30", "", *paragraphs, *tail])
    article = PageDumpExtractor().extract(Path("site/page.txt"), text)
    assert article.title == title
    assert section in article.tags


def test_a_label_above_the_headline_that_is_a_menu_item_is_the_section() -> None:
    """A menu label (지역) just above the headline becomes the article's section tag."""
    title, paragraphs = STORIES["tram"]
    menu = ["• 정치", "• 경제", "• 지역", "• 사회"]
    text = "\n".join([*menu, "", "지역", title, "김하늘 기자", "2024.05.03 09:30", *paragraphs])
    article = PageDumpExtractor().extract(Path("site/page.txt"), text)
    assert article.tags == ("지역",)
    assert article.title == title
