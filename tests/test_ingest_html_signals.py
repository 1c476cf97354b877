"""HTML route on Korean news page layouts: headline, section, byline and body from the signals
news pages share (og:title, article:section, JSON-LD, byline elements, Naver's section line,
breadcrumbs, category chips, menu tabs, wire datelines). All pages are invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from artindex.ingest import Ingester, parse_file
from artindex.ingest.html_body import drop_leading_boxes, loose_texts, restore_loose_text
from artindex.ingest.html_signals import strip_site_name
from artindex.models import Article

HEADLINE = "가상시, 시립도서관 밤 11시까지 연다…야간 열람실도 두 배로"
BODY = [
    "가상시는 다음 달부터 시립도서관 세 곳의 운영 시간을 밤 11시까지 늘린다고 12일 밝혔다.",
    "시는 퇴근 뒤 도서관을 찾는 직장인이 늘어난 데 따라 야간 열람실 좌석도 두 배로 늘린다.",
    "도서관 관계자는 이용객 반응을 보고 다른 분관으로 확대할 계획이라고 설명했다.",
    "시민들은 늦은 시간에도 책을 빌릴 수 있게 됐다며 대체로 반기는 분위기다.",
]


def page(
    *,
    head: str = "",
    header: str = "",
    body: list[str] | None = None,
    before: str = "",
    after: str = "",
    title: str = f"{HEADLINE} - 가상일보",
    charset: str = "utf-8",
) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in (BODY if body is None else body))
    return (
        f'<!DOCTYPE html><html lang="ko"><head><meta charset="{charset}">'
        f"<title>{title}</title>{head}</head><body>"
        '<header><ul class="gnb"><li><a href="/">홈</a></li><li><a href="/p">정치</a></li>'
        '<li><a href="/e">경제</a></li><li><a href="/s">사회</a></li></ul></header>'
        f'{before}<article>{header}<div class="article_body">{paragraphs}</div></article>'
        f"{after}<footer><p>가상일보 | 서울시 가상구 | 무단전재 및 재배포 금지</p></footer>"
        "</body></html>"
    )


def load(tmp_path: Path, html: str, name: str = "page.html", codec: str = "utf-8") -> Article:
    path = tmp_path / name
    path.write_bytes(html.encode(codec))
    (article,) = parse_file(path)
    return article


def test_og_title_loses_site_suffix_and_english_section_maps(tmp_path: Path) -> None:
    """og:title minus `` - 가상일보`` (og:site_name); an English article:section with a Korean
    category chip beside the headline: the chip's Korean label is the section, first tag."""
    head = (
        f'<meta property="og:title" content="{HEADLINE} - 가상일보">'
        '<meta property="og:site_name" content="가상일보">'
        '<meta property="article:section" content="society">'
        '<meta property="article:published_time" content="2024-03-12T09:05:00+09:00">'
    )
    header = f'<span class="cate">사회</span><h1 class="news_ttl">{HEADLINE}</h1>'
    header += (
        '<dl class="author"><dt class="name">홍길동 기자</dt><dd>hong@gasang.example</dd></dl>'
    )
    article = load(tmp_path, page(head=head, header=header))
    assert article.title == HEADLINE
    assert article.tags[0] == "사회"
    assert article.byline == "홍길동"
    assert article.date is not None and article.date.isoformat() == "2024-03-12T09:05:00+09:00"
    assert article.body.split("\n\n") == BODY


@pytest.mark.parametrize(
    ("title", "sites", "headings", "expected"),
    [
        (f"{HEADLINE} - 가상일보", {"가상일보"}, set(), HEADLINE),
        (f"{HEADLINE} | 가상일보", {"가상일보"}, set(), HEADLINE),
        (f"가상일보 모바일 :: {HEADLINE}", {"가상일보"}, set(), HEADLINE),
        (f"{HEADLINE} : 뉴스 : 가상닷컴", set(), {HEADLINE}, HEADLINE),
        # a headline that names the site keeps it; a dash inside a headline stays
        ("가상일보 사장 취임 - 가상일보", {"가상일보"}, set(), "가상일보 사장 취임"),
        ("여야 - 예산안 합의 불발", {"가상일보"}, set(), "여야 - 예산안 합의 불발"),
    ],
)
def test_strip_site_name(title: str, sites: set[str], headings: set[str], expected: str) -> None:
    """strip_site_name removes the site name around a headline but keeps one inside it."""
    keys = {"".join(h.split()).lower() for h in headings}
    assert strip_site_name(title, sites, keys) == expected


def test_title_tag_with_menu_path_and_breadcrumb_leaf(tmp_path: Path) -> None:
    """No og: tags (an old template): the <title> loses `` : 뉴스 : 가상닷컴`` because the rest is
    the headline shown on the page; the section is the breadcrumb's leaf."""
    header = (
        '<p class="location">뉴스 &gt; 경제 &gt; <strong>기업·CEO</strong></p>'
        f'<h1>{HEADLINE}</h1><p class="title_foot">기사입력 2013-10-24 03:00:00</p>'
    )
    article = load(tmp_path, page(title=f"{HEADLINE} : 뉴스 : 가상닷컴", header=header))
    assert article.title == HEADLINE
    assert article.tags[0] == "기업·CEO"
    assert article.date is not None and article.date.date().isoformat() == "2013-10-24"


def test_korean_article_section_is_kept_whole(tmp_path: Path) -> None:
    """``식의약/미용`` is one section, not two tags."""
    head = '<meta property="article:section" content="식의약/미용">'
    article = load(tmp_path, page(head=head, header=f"<h1>{HEADLINE}</h1>"))
    assert article.tags[0] == "식의약/미용"


def test_portal_page_section_line_wire_dateline_and_press_meta(tmp_path: Path) -> None:
    """A portal page: the press in og:article:author (``가상통신 | 포털``) is not the byline,
    the wire dateline names the reporter; the section comes from the portal's line."""
    head = (
        '<meta property="og:title" content="' + HEADLINE + '">'
        '<meta property="og:article:author" content="가상통신 | 포털">'
    )
    body = ["(가상=가상통신) 김영희 기자 = " + BODY[0], *BODY[1:]]
    after = (
        '<div class="categorize">이 기사는 언론사에서 <em>문화</em> 섹션으로 분류했습니다.</div>'
    )
    article = load(tmp_path, page(head=head, header=f"<h2>{HEADLINE}</h2>", body=body, after=after))
    assert article.byline == "김영희"
    assert article.tags[0] == "문화"
    assert article.body.startswith(BODY[0])


def test_json_ld_section_and_author(tmp_path: Path) -> None:
    """JSON-LD articleSection and author become the tags and byline (without 기자)."""
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": HEADLINE,
                "articleSection": ["경제", "금융"],
                "author": [{"@type": "Person", "name": "이순신 기자"}],
                "datePublished": "2024-03-12T09:05:00+09:00",
            }
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    article = load(tmp_path, page(head=head, header=f"<h1>{HEADLINE}</h1>"))
    assert article.tags[0] == "경제"
    assert article.byline == "이순신"


def test_byline_element_with_place_and_email(tmp_path: Path) -> None:
    """``순천, 광양 구현모 기자 …@…``: the place names in front are not reporters."""
    header = (
        f'<h1>{HEADLINE}</h1><div class="writer">가상, 나주 강감찬 기자 kang@gasang.example</div>'
    )
    article = load(tmp_path, page(header=header))
    assert article.byline == "강감찬"


def test_name_beside_the_date_under_the_headline(tmp_path: Path) -> None:
    """A bare name next to the date under the headline, in a container that says nothing."""
    header = (
        f'<div class="head_view"><h3 class="tit_view">{HEADLINE}</h3>'
        '<div class="info_view"><span class="txt_info">박가상</span>'
        '<span class="txt_info">2024. 5. 13. 12:52</span></div></div>'
    )
    article = load(tmp_path, page(header=header))
    assert article.byline == "박가상"


def test_highlighted_menu_tab_and_hidden_heading(tmp_path: Path) -> None:
    """The menu item marked ``on`` is the section; screen-reader labels stay out of the body."""
    before = (
        '<ul class="gnb_sub"><li><a>정치</a></li><li class="on"><a><span>국제</span></a></li></ul>'
    )
    header = f'<h1>{HEADLINE}</h1><h4 class="screen_out">기사 도구 모음</h4>'
    article = load(tmp_path, page(before=before, header=header))
    assert article.tags[0] == "국제"
    assert "기사 도구" not in article.body


def test_page_declaring_euc_kr_in_either_bytes(tmp_path: Path) -> None:
    """A page that says euc-kr reads the same whether its bytes are EUC-KR or UTF-8."""
    html = page(header=f"<h1>{HEADLINE}</h1>", charset="euc-kr")
    first = load(tmp_path, html, "a.html", "cp949")
    second = load(tmp_path, html, "b.html", "utf-8")
    assert first.title == second.title == HEADLINE
    assert first.body == second.body


def test_loose_first_paragraph_is_restored() -> None:
    """Loose text in the article's container (``<div>`` text broken by ``<br>``) that the main
    extraction missed is put back before the paragraph that follows it."""
    import trafilatura

    html = page(header=f"<h1>{HEADLINE}</h1>").replace(
        '<div class="article_body">', f'<div class="article_body"><br>{BODY[0]}<br>', 1
    )
    tree = trafilatura.load_html(html)
    restored = restore_loose_text(BODY[1:], loose_texts(tree))
    assert restored == BODY
    assert restore_loose_text(BODY, loose_texts(tree)) == BODY  # nothing twice


def test_caption_and_subtitle_above_the_body() -> None:
    """A photo caption and a subtitle above the body are dropped, a dateline lead is kept."""
    top = ["▲12일 가상시립도서관 야간 열람실. 사진=가상시 제공", "야간 열람실 좌석 두 배로"]
    assert drop_leading_boxes(top + BODY) == BODY
    dateline = "(가상=가상통신) 김영희 기자 = " + BODY[0]
    assert drop_leading_boxes([dateline, *BODY[1:]])[0] == dateline


def test_ingester_reports_nothing_for_a_good_page(tmp_path: Path) -> None:
    """A good HTML page gives one article and no problems."""
    path = tmp_path / "ok.html"
    path.write_text(page(header=f"<h1>{HEADLINE}</h1>"), encoding="utf-8")
    result = Ingester().load(path)
    assert len(result.articles) == 1
    assert result.problems == ()


@pytest.mark.parametrize(
    "ld",
    [
        '{"@type":"NewsArticle","articleSection":5,"author":' + "[" * 500 + "]" * 500 + "}",
        '{"@type":{"x":1},"articleSection":[],"author":{"name":{"name":3}}}',
        '[[[{"@graph":[{"@type":["Article"],"articleSection":null,"headline":7}]}]]]',
        "[" * 100_000,
        '{"@type": "NewsArticle", "articleSection": "사회", "author": "',
    ],
)
def test_malformed_json_ld_is_ignored(tmp_path: Path, ld: str) -> None:
    """Odd or broken JSON-LD never stops a page: the article comes from the rest."""
    head = f'<script type="application/ld+json">{ld}</script>'
    article = load(tmp_path, page(head=head, header=f"<h1>{HEADLINE}</h1>"))
    assert article.title == HEADLINE
    assert article.body.split("\n\n") == BODY


def test_loose_first_paragraph_after_a_subtitle_box_end_to_end(tmp_path: Path) -> None:
    """The layout where trafilatura drops the first paragraph (loose text after a sub-title
    box and a comment): the article still starts with it, and the sub-title is not body."""
    html = page(header=f"<h1>{HEADLINE}</h1>").replace(
        '<div class="article_body">',
        '<div class="article_body"><div class="mid_title"><div class="midtitle_text">'
        f"야간 열람실 좌석 두 배로</div></div><!-- NO IMAGE --> {BODY[0]}<br>",
        1,
    )
    html = html.replace(f"<p>{BODY[0]}</p>", "")
    article = load(tmp_path, html)
    assert article.body.split("\n\n") == BODY
