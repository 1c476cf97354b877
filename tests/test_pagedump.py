"""Plain-text page dumps: fixtures from five invented sites, learning, rules, explain, errors."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artindex.errors import ConfigError, IngestError
from artindex.ingest import ingest
from artindex.ingest.pagedump.eval import char_f1, load_expected, read_dump, score_one
from artindex.ingest.pagedump.extract import LineRole, PageDumpExtractor, format_roles

PAGES = Path(__file__).parent / "fixtures" / "pages"
FIXTURES = sorted(PAGES.rglob("*.txt"))
IDS = [f"{p.parent.name}/{p.stem}" for p in FIXTURES]
ROLES = {
    "blank", "title", "subtitle", "section", "byline", "byline+date", "date", "url", "control",
    "boilerplate", "body", "subheading", "caption", "image", "signoff", "tail", "footer", "label",
}  # fmt: skip


@pytest.fixture(scope="module")
def learned() -> PageDumpExtractor:
    extractor = PageDumpExtractor()
    for path in FIXTURES:
        extractor.learn(path, read_dump(path))
    return extractor


def _check(extractor: PageDumpExtractor, path: Path) -> None:
    expected = load_expected(path)
    score = score_one(path, extractor.extract(path, read_dump(path)), expected)
    article = score.article
    assert article.title == expected["title"]
    assert article.byline == expected["byline"]
    assert article.date is not None and article.date.isoformat() == expected["date"]
    assert score.updated_ok, (article.updated, expected.get("updated"))
    assert list(article.tags) == expected["tags"]
    assert article.source == expected["source"]
    assert article.url == expected.get("url", "")
    assert article.lang == expected["lang"]
    assert score.body_f1 >= 0.98, f"body F1 {score.body_f1:.4f}\n{article.body}"


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_fixture_fields_after_learning(learned: PageDumpExtractor, path: Path) -> None:
    """Each fixture gives its exact title, byline, dates, tags, source, and a body F1 ≥ 0.98."""
    _check(learned, path)


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_fixture_fields_from_a_single_file(path: Path) -> None:
    """Extraction works on one file alone, without learned repetition."""
    _check(PageDumpExtractor(), path)


def test_fixture_set_covers_the_issue() -> None:
    """At least 15 fixtures from at least five sites, two or more each, with the hard cases."""
    sites = {p.parent.name for p in FIXTURES}
    assert len(FIXTURES) >= 15 and len(sites) >= 5
    assert all(sum(p.parent.name == s for p in FIXTURES) >= 2 for s in sites)
    cases = " ".join(load_expected(p).get("case", "") for p in FIXTURES)
    for needed in ("printed twice", "byline only at the bottom", "오후", "wire dateline"):
        assert needed in cases
    assert any(load_expected(p)["lang"] == "en" for p in FIXTURES)


def test_cp949_fixture_is_stored_as_cp949() -> None:
    """The CP949 page is not UTF-8 on disk and reads back as Korean."""
    (path,) = [p for p in FIXTURES if load_expected(p).get("encoding") == "cp949"]
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "재두루미" in data.decode("cp949")


def test_nfd_fixture_is_stored_decomposed() -> None:
    """The NFD page holds conjoining jamo, not precomposed syllables, and extracts as NFC."""
    (path,) = [p for p in FIXTURES if load_expected(p).get("encoding") == "nfd"]
    raw = path.read_text(encoding="utf-8")
    assert raw == unicodedata.normalize("NFD", raw)
    assert not any("\uac00" <= c <= "\ud7a3" for c in raw)
    article = PageDumpExtractor().extract(path, read_dump(path))
    assert article.title == unicodedata.normalize("NFC", article.title)


def _page(number: int, promo: str = "") -> str:
    lines = [
        "가온일보 로고",
        "사회 > 지역",
        f"마을버스 {number}번 노선 다시 달린다",
        "홍길동 기자",
        f"입력 2024.03.0{number} 10:00",
        f"동네 마을버스 {number}번 노선이 석 달 만에 운행을 다시 시작했다. "
        "구청은 기사를 새로 뽑았다.",
        "주민들은 반겼다. 한 주민은 “병원 가는 길이 다시 편해졌다”고 말했다.",
        f"구청은 배차 간격을 {number + 10}분으로 줄일 계획이다.",
    ]
    if promo:
        lines.append(promo)
    return "\n".join([*lines, "저작권자 © 가온일보 무단전재 및 재배포 금지"])


PROMO = "가온일보는 독자 여러분의 소중한 제보를 언제나 기다립니다."


def test_line_repeated_across_a_sites_files_is_boilerplate(tmp_path: Path) -> None:
    """A prose-like line every page of a site prints is learned as the site's, not the body."""
    extractor = PageDumpExtractor()
    paths = [tmp_path / "gaon" / f"{n}.txt" for n in (1, 2, 3)]
    for n, path in enumerate(paths, start=1):
        extractor.learn(path, _page(n, PROMO))
    article = extractor.extract(paths[0], _page(1, PROMO))
    assert PROMO not in article.body
    roles = {r.text: r for r in extractor.explain(paths[0], _page(1, PROMO))}
    assert roles[PROMO].role in ("boilerplate", "tail", "signoff")
    assert "repeated in 3 files" in roles[PROMO].reason
    assert PROMO in PageDumpExtractor().extract(paths[0], _page(1, PROMO)).body  # unlearned


def test_explain_gives_every_line_a_role_and_a_reason() -> None:
    """explain() returns one LineRole per input line, numbered from 1, each with a reason."""
    path = PAGES / "hanbit" / "caption-twice.txt"
    text = read_dump(path)
    roles = PageDumpExtractor().explain(path, text)
    assert [r.number for r in roles] == list(range(1, len(text.split("\n")) + 1))
    assert all(isinstance(r, LineRole) and r.role in ROLES for r in roles)
    assert all(r.reason for r in roles if r.text and r.role != "blank")
    by_role = [r.role for r in roles]
    assert by_role.count("caption") == 2 and by_role.count("title") == 1
    assert "body" in format_roles(roles)


RULES = """\
site: 가온일보
match:
  path_glob: "*/gaon/*"
drop: ["^오늘의 운세"]
title: "^\\\\[제목\\\\] (?P<title>.+)$"
section: "^섹션: (?P<section>.+)$"
body_end: "^기자의 다른 글"
"""


def _ruled_page() -> str:
    return "\n".join(
        [
            "오늘의 운세 쥐띠 귀인을 만나는 하루입니다.",
            "섹션: 사회",
            "[제목] 마을버스 다시 달린다",
            "입력 2024.03.01 10:00",
            "동네 마을버스 노선이 석 달 만에 운행을 다시 시작했다. 구청은 기사를 새로 뽑았다.",
            "주민들은 반겼다. 한 주민은 “병원 가는 길이 다시 편해졌다”고 말했다.",
            "기자의 다른 글",
            "이 글은 다른 기사의 첫 문장이지만 본문처럼 마침표로 끝난다. "
            "꽤 길게 이어지는 문장이다.",
        ]
    )


def test_source_rules_override_the_heuristics(tmp_path: Path) -> None:
    """A per-source YAML rule names the site, drops lines, picks title, section and body end."""
    rules = tmp_path / "gaon.yaml"
    rules.write_text(RULES, encoding="utf-8")
    path = tmp_path / "gaon" / "bus.txt"
    article = PageDumpExtractor([rules]).extract(path, _ruled_page())
    assert article.source == "가온일보"
    assert article.title == "마을버스 다시 달린다"
    assert article.tags == ("사회",)
    assert article.body.startswith("동네 마을버스") and "다른 기사" not in article.body
    assert "운세" not in article.body
    plain = PageDumpExtractor().extract(path, _ruled_page())  # the heuristics alone
    assert plain.source != "가온일보" and plain.tags != ("사회",)
    assert "다른 기사" in plain.body  # only the body_end rule stops before the next story


def test_rules_can_live_in_a_section_of_artindex_yaml(tmp_path: Path) -> None:
    """A ``page_rules:`` list inside artindex.yaml is read like a rule file."""
    config = tmp_path / "artindex.yaml"
    body = "\n".join("  " + line if line else line for line in RULES.splitlines())
    config.write_text("title_boost: 2.0\npage_rules:\n" + body.replace("  site:", "- site:", 1))
    article = PageDumpExtractor([config]).extract(tmp_path / "gaon" / "x.txt", _ruled_page())
    assert article.title == "마을버스 다시 달린다"


def test_invalid_rule_is_a_config_error(tmp_path: Path) -> None:
    """A broken regex in a rule file is reported as ConfigError naming the file."""
    rules = tmp_path / "bad.yaml"
    rules.write_text("site: 가온일보\ndrop: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yaml"):
        PageDumpExtractor([rules])


def test_page_without_body_raises_ingest_error(tmp_path: Path) -> None:
    """A page of chrome only (menus, controls, footer) has no article: IngestError."""
    text = "한빛일보 로고\n정치 | 경제 | 사회 | 국제\n로그인\n관련기사\n주소 : 서울시 중구 000"
    with pytest.raises(IngestError, match="no article body"):
        PageDumpExtractor().extract(tmp_path / "empty.txt", text)


def test_plain_prose_file_uses_its_first_line_as_title(tmp_path: Path) -> None:
    """A .txt of prose without chrome: the first line is the title, the rest the body."""
    text = (
        "봄비 그친 뒤\n\n아침부터 내리던 비가 오후에 그쳤다. 거리에는 물웅덩이가 남았다.\n\n"
        "아이들은 장화를 신고 웅덩이를 건너며 놀았다."
    )
    article = PageDumpExtractor().extract(tmp_path / "notes" / "spring.txt", text)
    assert article.title == "봄비 그친 뒤"
    assert article.body.split("\n\n") == text.split("\n\n")[1:]
    assert article.source == "notes" and article.date is None


def test_ingest_uses_the_extractor_for_dumps() -> None:
    """The Ingester hands .txt dumps to PageDumpExtractor (decoding CP949 and NFD on the way)."""
    results = list(ingest([PAGES / "hanbit", PAGES / "saebyeok"]))
    titles = {Path(r.path).stem: r.articles[0].title for r in results if r.articles}
    for stem in ("cranes-cp949", "night-library-nfd"):
        (path,) = [p for p in FIXTURES if p.stem == stem]
        assert titles[stem] == load_expected(path)["title"]


@pytest.mark.parametrize(
    ("predicted", "expected", "score"),
    [("가나다", "가나다", 1.0), ("가 나\n\n다", "가나다", 1.0), ("", "", 1.0), ("abc", "xyz", 0.0)],
)
def test_char_f1(predicted: str, expected: str, score: float) -> None:
    """Body F1 ignores whitespace and counts characters matched in order."""
    assert char_f1(predicted, expected) == pytest.approx(score)


def test_char_f1_punishes_reordering() -> None:
    """Swapped paragraphs score below 1 (the measure is order-aware, not a bag of characters)."""
    assert char_f1("둘째 문단.\n\n첫째 문단.", "첫째 문단.\n\n둘째 문단.") < 0.9


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="가나다라 .기자입력2024-0315:|>·ⓒ관련\n", max_size=40), max_size=12)
)
def test_any_text_extracts_or_raises_ingest_error(lines: list[str]) -> None:
    """Whatever the text, extract() returns an article or raises IngestError, and explain()
    gives exactly one role per line."""
    text = "\n".join(lines)
    extractor = PageDumpExtractor()
    try:
        article = extractor.extract(Path("x/y.txt"), text)
    except IngestError:
        return
    assert article.body
    assert len(extractor.explain(Path("x/y.txt"), text)) == len(text.split("\n"))


MIDBOX = """마루일보 로고
사회 > 복지
경로당 점심 주 5일로 늘린다
입력 2024.02.01 09:00
[마루일보 서진우 기자]
구청이 경로당 무료 점심을 주 3일에서 5일로 늘린다. 예산은 지난해보다 40% 늘었다.
대상 경로당은 관내 120곳이다. 조리 인력은 지역 자활센터에서 뽑는다.
관련기사
경로당 냉난방비 지원 확대
노인 일자리 올해 3만개
구청 관계자는 “어르신들이 끼니를 거르지 않도록 하겠다”고 말했다. 식단은 영양사가 짠다.
주민들은 대체로 반기는 분위기다. 다만 일부 경로당은 조리 공간이 좁아 공사가 필요하다.
서진우 기자 jinwoo@maru.example
저작권자 © 마루일보 무단전재 및 재배포 금지
많이 본 뉴스
새 학기 급식비 오른다."""


def test_related_box_inside_the_body_is_skipped_not_a_cut() -> None:
    """A related-articles box between paragraphs is dropped; prose on both sides is kept, and
    the tail's prose-like headline after the sign-off is not."""
    article = PageDumpExtractor().extract(Path("maru/lunch.txt"), MIDBOX)
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("구청이") and paragraphs[-1].startswith("주민들은")
    assert "냉난방비" not in article.body and "급식비" not in article.body
    assert article.title == "경로당 점심 주 5일로 늘린다"


def test_outlet_name_in_a_bracketed_byline_is_not_a_reporter() -> None:
    """``[마루일보 서진우 기자]`` gives the byline 서진우, not the paper's name."""
    assert PageDumpExtractor().extract(Path("maru/lunch.txt"), MIDBOX).byline == "서진우"


def test_todays_date_in_the_chrome_loses_to_the_date_by_the_headline() -> None:
    """A masthead date (the day the page was saved) is not the article's date."""
    text = "\n".join(
        [
            "2024년 5월 3일 금요일",
            "바다일보 로고",
            "항구 어시장 새벽 경매 현장",
            "2024.05.02 18:20",
            "정하윤 기자",
            "새벽 4시, 어시장 경매장에 불이 켜지자 중도매인들이 모여들었다. 값은 손짓으로 정한다.",
            "올해는 오징어 어획량이 줄어 값이 크게 올랐다. 상인들은 걱정이 많다.",
        ]
    )
    article = PageDumpExtractor().extract(Path("bada/fish.txt"), text)
    assert article.date is not None and article.date.isoformat() == "2024-05-02T18:20:00+09:00"


def test_lone_section_word_above_the_headline_is_a_tag() -> None:
    """A single menu word right above the headline (``Business``) becomes the tag."""
    text = "\n".join(
        [
            "The Daily Maru logo",
            "Home | World | Business | Tech | Culture | Opinion",
            "Business",
            "City to expand free lunches at senior centers",
            "By Seo Jin-woo, Staff Reporter",
            "Posted : 2024-02-01 09:00 KST",
            "Updated : 2024-02-01 11:30 KST",
            "The district office will serve free lunches at senior centers five days a week.",
            "The budget for the program rose 40 percent from last year, covering 120 centers.",
        ]
    )
    article = PageDumpExtractor().extract(Path("maru/en.txt"), text)
    assert article.tags == ("Business",)
    assert article.byline == "Seo Jin-woo" and article.lang == "en"
    assert article.updated is not None and article.updated.hour == 11


def test_rules_from_a_folder_and_from_settings_data(tmp_path: Path) -> None:
    """A ``sources/`` folder of rule files and already-parsed rule data both apply."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "gaon.yaml").write_text(RULES, encoding="utf-8")
    page = tmp_path / "gaon" / "bus.txt"
    assert PageDumpExtractor([folder]).extract(page, _ruled_page()).title == "마을버스 다시 달린다"
    data = {
        "page_rules": [
            {
                "site": "가온일보",
                "match": {"line": "^섹션: "},
                "title": "^\\[제목\\] (?P<title>.+)$",
            }
        ]
    }
    article = PageDumpExtractor(rule_data=data).extract(tmp_path / "x.txt", _ruled_page())
    assert (article.source, article.title) == ("가온일보", "마을버스 다시 달린다")
