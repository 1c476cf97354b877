"""HTML route, signals of the genre whatever the site: decks kept as the subtitle, captions,
alt texts, pull quotes, portal notices, machine-translation disclaimers, camera file names and
``(끝)`` out of the body; reporter boxes, dateline places, date labels and desks; broadcast
transcripts; the press of a portal page as the source. All pages are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from artindex.ingest import parse_file
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
    inner: str | None = None,
    after: str = "",
    site: str = "가상일보",
) -> str:
    """An invented article page; ``inner`` replaces the body container's paragraphs."""
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY) if inner is None else inner
    return (
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
        f"<title>{HEADLINE} - {site}</title>"
        f'<meta property="og:title" content="{HEADLINE}">{head}</head><body>'
        '<header><ul class="gnb"><li><a href="/">홈</a></li><li><a href="/s">사회</a></li></ul>'
        f"</header><article><h1>{HEADLINE}</h1>{header}"
        f'<div class="article_body">{paragraphs}</div></article>{after}'
        "<footer><p>서울시 가상구 | 무단전재 및 재배포 금지</p></footer></body></html>"
    )


def load(tmp_path: Path, html: str) -> Article:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    (article,) = parse_file(path)
    return article


def paragraphs(*extra_first: str, last: tuple[str, ...] = ()) -> str:
    return "".join(f"<p>{p}</p>" for p in (*extra_first, *BODY, *last))


# ---------------------------------------------------------------- subtitle


def test_deck_element_becomes_the_subtitle_and_leaves_the_body(tmp_path: Path) -> None:
    """A ``<div class="summary">`` deck with ``<br>`` lines is the subtitle, line by line,
    and none of it stays in the body."""
    deck = '<div class="media_summary">야간 열람실 좌석 두 배로<br>직장인 이용 늘어</div>'
    article = load(tmp_path, page(inner=deck + paragraphs()))
    assert article.subtitle == "야간 열람실 좌석 두 배로\n직장인 이용 늘어"
    assert article.body.split("\n\n") == BODY


def test_deck_glued_to_the_first_paragraph_is_cut_off(tmp_path: Path) -> None:
    """When the deck and the first paragraph are one text run (loose text after a ``<br>``),
    the deck's lines are cut from its start and the paragraph keeps the rest."""
    glued = (
        '<div class="news_text"><strong class="summary">운영 시간 연장<br>좌석도 확대</strong>'
        f"{BODY[0]}<br><br>{BODY[1]}<br><br>{BODY[2]}<br><br>{BODY[3]}</div>"
    )
    article = load(tmp_path, page(inner=glued))
    assert article.subtitle == "운영 시간 연장\n좌석도 확대"
    assert article.body.split("\n\n")[0] == BODY[0]


def test_short_lines_above_the_body_are_the_subtitle(tmp_path: Path) -> None:
    """Short lines that are not sentences standing above the first paragraph (a deck without
    markup), a short quote among them, are the subtitle, not the body's start."""
    inner = paragraphs("야간 열람실 좌석 두 배로", "“직장인 위한 결정”", "다른 분관도 검토")
    article = load(tmp_path, page(inner=inner))
    assert article.subtitle == "야간 열람실 좌석 두 배로\n“직장인 위한 결정”\n다른 분관도 검토"
    assert article.body.split("\n\n") == BODY


def test_summary_box_repeating_the_body_is_dropped(tmp_path: Path) -> None:
    """An automatic summary above the body (sentences the body repeats, here after a wire
    dateline) is dropped; the deck line after it is the subtitle; the dateline's reporter is
    the byline without the role word ``인턴``."""
    inner = paragraphs(BODY[0], BODY[1], "야간 열람실 좌석 두 배로").replace(
        f"<p>{BODY[0]}</p><p>{BODY[1]}</p><p>야간 열람실 좌석 두 배로</p><p>{BODY[0]}",
        f"<p>{BODY[0]}</p><p>{BODY[1]}</p><p>야간 열람실 좌석 두 배로</p>"
        f"<p>[가상=뉴시스]김가상 인턴 기자 = {BODY[0]}",
    )
    article = load(tmp_path, page(inner=inner))
    assert article.subtitle == "야간 열람실 좌석 두 배로"
    assert article.body.split("\n\n") == BODY
    assert article.byline == "김가상"


def test_page_without_deck_has_no_subtitle(tmp_path: Path) -> None:
    """A page whose body starts with a sentence has an empty subtitle and its whole body."""
    article = load(tmp_path, page())
    assert article.subtitle == ""
    assert article.body.split("\n\n") == BODY


# ---------------------------------------------------------------- body


@pytest.mark.parametrize(
    "noise",
    [
        "전체 맥락을 이해하기 위해서는 본문 보기를 권장합니다.",
        "이 기사는 AI 기계번역으로 작성되었습니다. 원문과 다를 수 있습니다.",
        "本文は機械翻訳を利用しています。",
        "DSC_0412",
        "5L5P3010",
        "기사 URL이 복사되었습니다.",
    ],
)
def test_notices_and_file_names_leave_the_body(tmp_path: Path, noise: str) -> None:
    """Portal notices, machine-translation disclaimers, camera file names and copy-button
    notices are not the article, at its start or in its middle."""
    inner = "".join(f"<p>{p}</p>" for p in (noise, BODY[0], BODY[1], noise, BODY[2], BODY[3]))
    article = load(tmp_path, page(inner=inner))
    assert article.body.split("\n\n") == BODY


def test_captions_alt_texts_pull_quotes_and_end_mark_leave_the_body(tmp_path: Path) -> None:
    """A pull quote with its speaker above the body, a figure caption, an image's alt text
    printed as a line and the wire's ``(끝)`` are dropped; the paragraphs stay in order."""
    inner = (
        '<div class="module-quote"><blockquote>"늦게까지 공부할 수 있어 좋다"</blockquote>'
        '<p class="who">가상시 주민</p></div>'
        f"<p>{BODY[0]}</p>"
        '<figure><img src="a.jpg" alt="시립도서관 야간 열람실 전경"><figcaption>'
        "12일 가상시 시립도서관 열람실에서 시민들이 책을 읽고 있다.</figcaption></figure>"
        "<p>시립도서관 야간 열람실 전경</p>"
        f"<p>{BODY[1]}</p><p>{BODY[2]}</p><p>{BODY[3]} (끝)</p>"
    )
    article = load(tmp_path, page(inner=inner))
    assert article.body.split("\n\n") == BODY


def test_a_pull_quote_repeating_a_body_paragraph_keeps_it(tmp_path: Path) -> None:
    """A pull quote that repeats a paragraph of the body leaves that paragraph in place."""
    inner = (
        f"<p>{BODY[0]}</p><p>{BODY[1]}</p>"
        f'<aside class="pullquote">{BODY[2]}</aside><p>{BODY[2]}</p><p>{BODY[3]}</p>'
    )
    article = load(tmp_path, page(inner=inner))
    assert article.body.split("\n\n") == BODY


def test_photo_box_caption_and_credited_caption_leave_the_body(tmp_path: Path) -> None:
    """The text of a photo box (a classed element holding an ``<img>``) is a caption even when
    the extraction glues it to the first paragraph; a line ending in a photo credit
    (``가상시=뉴스1``, ``2024.5.2. 가상뉴스``) is a caption too."""
    inner = (
        "<div class='article_txt'><div class='articlePhotoC'><img src='p.jpg'>"
        "<span class='t'>12일 가상시 시립도서관 열람실에서 시민들이 책을 읽고 있다.</span>"
        f"</div>{BODY[0]}<br><br>{BODY[1]}<br><br>"
        "도서관 앞에 줄을 선 시민들. 2024.5.2. 가상뉴스<br><br>"
        "열람실 좌석을 고르는 시민들. 가상시=뉴스1"
        f"<br><br>{BODY[2]}<br><br>{BODY[3]}</div>"
    )
    article = load(tmp_path, page(inner=inner))
    assert article.body.split("\n\n") == BODY


def test_caption_glued_before_a_dateline_and_trailing_links(tmp_path: Path) -> None:
    """A ``▲`` caption glued in front of the wire dateline goes, the paragraph from the
    dateline on stays; links to other articles printed after the body go."""
    first = f"▲ 가상시 시립도서관 전경[가상뉴스=홍길동 기자] {BODY[0]}"
    links = "".join(
        f'<p><a href="/n/{i}">{text}</a></p>'
        for i, text in enumerate(
            ["[도서관] 다른 지역 야간 개관 현황", '[인터뷰] 관장 "책 읽는 도시로"']
        )
    )
    inner = f"<p>{first}</p>" + "".join(f"<p>{p}</p>" for p in BODY[1:]) + links
    article = load(tmp_path, page(inner=inner))
    assert article.body.split("\n\n") == [f"[가상뉴스=홍길동 기자] {BODY[0]}", *BODY[1:]]
    assert article.byline == "홍길동"


# ---------------------------------------------------------------- bylines


@pytest.mark.parametrize(
    "label",
    ["송고시간 2024-09-02 10:00", "최종수정 2024.09.02 11:20", "발행일 2024-09-02", "발행일"],
)
def test_a_date_label_is_never_the_byline(tmp_path: Path, label: str) -> None:
    """A date line (or its label alone) in a byline-classed slot gives no byline."""
    header = f'<div class="byline"><span class="date">{label}</span></div>'
    article = load(tmp_path, page(header=header))
    assert article.byline == ""


def test_reporter_box_after_the_body_gives_the_name(tmp_path: Path) -> None:
    """A reporter box after the body (``기자 정보`` heading, name, 기자, e-mail) gives the
    reporter's name only, also when a date label stands in the byline slot."""
    header = '<div class="byline"><span class="date">발행일 2024-09-02</span></div>'
    box = '<div class="reporter_box"><h4>기자 정보</h4>'
    box += "<p>이수민 기자 sumin@gasang.example</p></div>"
    article = load(tmp_path, page(header=header, after=box))
    assert article.byline == "이수민"


def test_sign_off_with_a_place_gives_the_name_only(tmp_path: Path) -> None:
    """``제주=임재영 기자 e-mail`` closing the body is dropped from it; the byline is the name,
    not the place."""
    inner = paragraphs(last=("제주=임재영 기자 jy788@gasang.example",))
    article = load(tmp_path, page(inner=inner))
    assert article.byline == "임재영"
    assert article.body.split("\n\n") == BODY


def test_byline_element_outranks_the_sign_off(tmp_path: Path) -> None:
    """A reporter element (class ``repoter``, a common misspelling) naming three reporters is
    the byline; a sign-off naming two of them only leaves the body."""
    header = "<p class='repoter'>박가상기자 , 이가상기자 , 최가상기자 </p>"
    inner = paragraphs(last=("/최가상·박가상 기자",))
    article = load(tmp_path, page(header=header, inner=inner))
    assert article.byline == "박가상, 이가상, 최가상"
    assert article.body.split("\n\n") == BODY


@pytest.mark.parametrize("desk", ["디지털뉴스팀", "사회부", "온라인뉴스센터", "기사"])
def test_a_desk_is_not_a_byline(tmp_path: Path, desk: str) -> None:
    """A byline slot naming a desk (``디지털뉴스팀``, ``사회부``) or a control (``기사``) gives
    no reporter."""
    header = f'<div class="byline">{desk}</div>'
    article = load(tmp_path, page(header=header))
    assert article.byline == ""


# ---------------------------------------------------------------- broadcast news


def test_broadcast_transcript_labels_and_sign_off(tmp_path: Path) -> None:
    """A TV news page: ``[앵커]``, ``◀ 리포트 ▶``, ``【 기자 】`` labels and interviewee lines
    leave the body, the anchor's lead and the report stay, the spoken sign-off gives the
    byline, and the programme chip is not the section."""
    inner = "".join(
        f"<p>{p}</p>"
        for p in (
            f"[앵커] {BODY[0]}",
            "◀ 리포트 ▶",
            BODY[1],
            "[인터뷰] 박가상 / 가상시 주민",
            BODY[2],
            f"【 기자 】 {BODY[3]}",
            "가상방송 뉴스 김기자입니다.",
            "영상편집: 최편집",
        )
    )
    header = '<span class="category">뉴스데스크</span>'
    article = load(tmp_path, page(header=header, inner=inner, site="가상방송"))
    assert article.body.split("\n\n") == BODY
    assert article.byline == "김기자"
    assert "뉴스데스크" not in article.tags


@pytest.mark.parametrize(
    "signoff",
    ["가상방송 뉴스 김기자입니다.", "GBS 김기자입니다.", "가상뉴스TV 김기자 기자입니다."],
)
def test_spoken_sign_off_gives_the_reporter(tmp_path: Path, signoff: str) -> None:
    """A spoken sign-off closing a broadcast report leaves the body and names the reporter."""
    inner = paragraphs(last=(signoff,))
    article = load(tmp_path, page(inner=inner, site="가상방송"))
    assert article.body.split("\n\n") == BODY
    assert article.byline == "김기자"


# ---------------------------------------------------------------- sections


def test_breadcrumb_leaf_is_kept_beside_the_declared_section(tmp_path: Path) -> None:
    """``article:section`` 사회 and a breadcrumb ``뉴스 > 사회 > 사건·범죄`` (with a hidden
    sub-menu inside it): the tags hold 사회 first and the finer leaf after it."""
    head = '<meta property="article:section" content="사회">'
    crumb = (
        "<div class='location'><span>뉴스</span><span class='arr'>&gt;</span><span>사회</span>"
        "<span class='arr'>&gt;</span><strong><a href='/c'>사건·범죄</a>"
        "<div class='sub_menu_layer' style='display:none;'><ul><li>노동</li><li>복지</li>"
        "</ul></div></strong></div>"
    )
    article = load(tmp_path, page(head=head, header=crumb))
    assert article.tags[:2] == ("사회", "사건·범죄")


def test_menu_tab_extending_the_section_is_kept(tmp_path: Path) -> None:
    """Naver's "언론사에서 생활 섹션으로 분류" line and a highlighted menu tab ``생활/문화``
    (with its screen-reader "선택됨"): both are tags, 생활 first."""
    menu = (
        '<ul class="lnb"><li><a href="/1">사회</a></li><li class="on"><a href="/2">'
        '<span class="tx">생활/문화</span> <span class="blind">선택됨</span></a></li></ul>'
    )
    after = "<p>이 기사는 언론사에서 생활 섹션으로 분류했습니다.</p>"
    article = load(tmp_path, page(header=menu, after=after))
    assert article.tags[:2] == ("생활", "생활/문화")


# ---------------------------------------------------------------- source


def test_portal_page_source_is_the_press(tmp_path: Path) -> None:
    """A Naver-like page (``og:article:author`` "연합뉴스 | 네이버") has the press as source."""
    head = (
        '<meta property="og:site_name" content="네이버 뉴스">'
        '<meta property="og:article:author" content="연합뉴스 | 네이버">'
    )
    article = load(tmp_path, page(head=head, site="네이버 뉴스"))
    assert article.source == "연합뉴스"


def test_portal_page_press_from_its_logo(tmp_path: Path) -> None:
    """A Daum-like page (site "언론사 뷰") naming its press only by the press logo's alt text
    has that press as source, in its one spelling."""
    head = '<meta property="og:site_name" content="언론사 뷰">'
    logo = '<a class="link_cp"><img src="https://img.example/cp/cp_newsis.gif" alt="NEWSIS"></a>'
    article = load(tmp_path, page(head=head, header=logo, site="다음뉴스"))
    assert article.source == "뉴시스"


def test_site_page_source_from_copyright_line(tmp_path: Path) -> None:
    """A page without ``og:site_name`` takes the holder of its copyright line, without the
    notice words and the company's 사."""
    after = "<div class='copyright'>ⓒ가상일보사. 무단전재-재배포 금지</div>"
    article = load(tmp_path, page(after=after))
    assert article.source == "가상일보"
