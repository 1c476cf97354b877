"""Page dumps of sites never seen: broadcast transcripts, reporter boxes, date labels, widgets,
notices, subtitles and the signals ``--explain`` names (invented pages, issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from artindex.ingest.pagedump import phrases as ph
from artindex.ingest.pagedump.eval import load_expected, read_dump, score_one
from artindex.ingest.pagedump.extract import PageDumpExtractor

GENRE = Path(__file__).parent / "fixtures" / "genre"
FIXTURES = sorted(GENRE.glob("*.txt"))


BODY = "\n\n".join(
    [
        "도심 광장을 밤에도 여는 시범 사업이 한 달을 맞았다. 방문객은 지난달보다 두 배 늘었다.",
        "구청은 조명과 안전 요원을 늘리고 다음 달부터 주말 공연도 열기로 했다.",
        "주민들은 소음 문제를 걱정하면서도 대체로 사업을 반기는 분위기다.",
    ]
)


def _extract(name: str, text: str | None = None):  # type: ignore[no-untyped-def]
    path = GENRE / f"{name}.txt"
    return PageDumpExtractor().extract(path, read_dump(path) if text is None else text)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_genre_fixture_fields(path: Path) -> None:
    """Each invented page gives its exact title, byline, dates, section, source and body."""
    expected = load_expected(path)
    score = score_one(path, PageDumpExtractor().extract(path, read_dump(path)), expected)
    article = score.article
    assert (article.title, article.byline) == (expected["title"], expected["byline"])
    assert score.date_ok and score.updated_ok, (article.date, article.updated)
    assert list(article.tags) == expected["tags"]
    assert article.source == expected["source"]
    assert score.body_f1 == 1.0, article.body


def test_broadcast_transcript_labels_and_signoff_leave_the_body() -> None:
    """[앵커]/[기자]/[인터뷰] labels, the interviewee line, the spoken sign-off and the crew
    credits are not in the body; the anchor's lead and the report are."""
    body = _extract("tv-report").body
    labels = ("[앵커]", "[기자]", "[인터뷰]", "박영순 / 한빛동 주민", "정유나입니다", "영상취재")
    for gone in labels:
        assert gone not in body
    assert body.startswith("밤사이 내린 폭우로")  # the anchor's lead
    assert body.endswith("통제 기준도 낮추겠다고 밝혔습니다.")  # the report's last line


def test_radio_labels_signoff_byline_and_programme_never_the_section() -> None:
    """◀ 앵커 ▶, ◀ 리포트 ▶ and 【 기자 】 leave the body; the reporter named only in the
    sign-off is the byline; the programme's name above the section is not the section."""
    article = _extract("radio-signoff")
    assert not any(label in article.body for label in ("◀", "▶", "【", "입니다.\n"))
    assert article.byline == "한도윤"
    assert article.tags == ("경제",) and "아침뉴스광장" not in article.tags


@pytest.mark.parametrize(
    "line", ["송고시간 2024-09-02 10:31", "최종수정 2024.09.02 11:05", "발행일 2024-09-02 09:00"]
)
def test_a_date_label_is_never_a_byline(line: str) -> None:
    """A date line led by a label (송고시간, 최종수정, 발행일) gives a date and no byline."""
    text = f"솔빛통신 로고\n\n항만 파업 닷새째…운임 다시 오름세\n\n{line}\n\n{BODY}"
    article = _extract("wire-reporter-box", text)
    assert article.byline == ""
    assert article.date is not None and article.date.date().isoformat() == "2024-09-02"
    assert ph.NAME_DATE.match("최종훈 2024. 5. 13. 12:52")  # a name starting like a label stays


def test_reporter_box_after_the_body_gives_the_byline() -> None:
    """With no byline above the body, the name under `기자 정보` after it is the byline,
    names only (no 기자, no e-mail)."""
    assert _extract("wire-reporter-box").byline == "이수민"


def test_widgets_notices_camera_names_and_alt_text_stay_out() -> None:
    """A TTS widget is never the title; the auto-summary notice, a camera file name and the
    image alt text beside a caption are not in the body."""
    article = _extract("wire-reporter-box")
    assert article.title == "항만 파업 닷새째…컨테이너 운임 다시 오름세"
    for gone in ("권장합니다", "5L5P3010", "부두 전경", "2024.9.1."):
        assert gone not in article.body
    caption = "시민들이 광장을 걷고 있다. 2016.9.17. 한빛뉴스"
    text = f"도심 광장 야간 개방 한 달\n\n입력 2024.05.02 09:00\n\n{BODY}".replace(
        "\n\n구청은", f"\n\n{caption}\n\n구청은"
    )
    assert "광장을 걷고" not in _extract("wire-reporter-box", text).body  # date and agency


def test_title_is_the_headline_above_its_date_not_a_deck_line_or_widget() -> None:
    """The headline right above its date line beats a headline-shaped deck line and a
    text-to-speech widget standing nearer the body."""
    text = (
        "한빛일보 로고\n\n도심 광장 야간 개방 한 달…방문객 두 배로\n\n입력 2024.05.02 09:00\n\n"
        "본문듣기 설정\n\n성별 선택하기 선택된 성별남성 여성\n\n홍길동 기자\n\n"
        "속도 선택하기 느림 선택된 속도보통 빠름\n\n평일 밤 평균 3천 명 찾아 상인들 매출도 늘어\n\n"
        + BODY
    )
    assert _extract("wire-reporter-box", text).title == "도심 광장 야간 개방 한 달…방문객 두 배로"


def test_a_text_to_speech_widget_is_neither_title_nor_subtitle() -> None:
    """Text-to-speech settings printed between an undated headline and the body are page
    controls: not the title, not the subtitle."""
    widget = "성별 선택하기 선택된 성별남성 여성\n\n속도 선택하기 느림 선택된 속도보통 빠름"
    text = f"한빛일보 로고\n\n도심 광장 야간 개방 한 달…방문객 두 배로\n\n{widget}\n\n{BODY}"
    article = _extract("wire-reporter-box", text)
    assert (article.title, article.subtitle) == ("도심 광장 야간 개방 한 달…방문객 두 배로", "")


def test_crew_credits_between_paragraphs_leave_the_body() -> None:
    """A crew credit (영상편집: …) printed between two paragraphs is not in the body."""
    first, rest = BODY.split("\n\n", 1)
    head = "도심 광장 야간 개방 한 달\n\n입력 2024.05.02 09:00"
    text = f"{head}\n\n{first}\n\n영상편집: 오세린\n\n{rest}"
    assert "오세린" not in _extract("tv-report", text).body


def test_section_label_above_the_press_name() -> None:
    """A lone menu word a few lines above the headline (a portal prints the press name
    between them) is the section."""
    text = (
        "전체메뉴 | 정치 | 경제 | 사회 | 국제\n\n━━━━━━\n\n국제\n\n솔빛통신\n\n"
        "항만 파업 닷새째…운임 다시 오름세\n\n입력 2024.09.02 10:31\n\n" + BODY
    )
    assert _extract("wire-reporter-box", text).tags == ("국제",)


def test_title_is_the_headline_above_the_date_not_a_caption_or_link() -> None:
    """A photo caption with an agency credit and a `… 보러가기` link above the headline lose
    to the headline-shaped line right above the date line."""
    text = (
        "한빛일보 로고\n\n메인 뉴스판에서 주요뉴스를 볼 수 있습니다. 보러가기\n\n"
        "시민들이 광장을 걷고 있다. 2016.9.17. 한빛뉴스\n\n"
        "도심 광장 야간 개방 한 달…방문객 두 배로\n\n입력 2024.05.02 09:00\n\n" + BODY
    )
    assert _extract("wire-reporter-box", text).title == "도심 광장 야간 개방 한 달…방문객 두 배로"


def test_subtitle_lines_above_the_body_are_kept() -> None:
    """Headline-shaped deck lines between the headline block and the body become the subtitle
    and stay out of the body."""
    text = (
        "한빛일보 로고\n\n도심 광장 야간 개방 한 달…방문객 두 배로\n\n입력 2024.05.02 09:00\n\n"
        "글자크기\n\n평일 밤 평균 3천 명 찾아\n\n상인들 매출도 늘어\n\n" + BODY
    )
    article = _extract("wire-reporter-box", text)
    assert article.subtitle == "평일 밤 평균 3천 명 찾아\n상인들 매출도 늘어"
    assert "상인들" not in article.body


def test_explain_names_the_signal_behind_each_field() -> None:
    """--explain's rows say which line gave the title, byline, date and section, and why."""
    path = GENRE / "wire-reporter-box.txt"
    rows = {r.text: r.reason for r in PageDumpExtractor().explain(path, read_dump(path))}
    assert "⇒ title" in rows["항만 파업 닷새째…컨테이너 운임 다시 오름세"]
    assert "right above its date line" in rows["항만 파업 닷새째…컨테이너 운임 다시 오름세"]
    assert "⇒ byline '이수민': a reporter box" in rows["이수민 기자 sumin@solbit.example"]
    assert "⇒ date" in rows["송고시간 2024-09-02 10:31 최종수정 2024-09-02 11:05"]
    assert "⇒ section '세계'" in rows["세계"]


def test_translation_disclaimers_and_reader_calls_leave_the_body() -> None:
    """A portal's machine-translation disclaimers (zh, ja, id, vi) before the body and a call
    to the reader after it (`좋아요를 눌러주세요`) are not in the body."""
    notes = (
        "版权归内容原作者所有。机器翻译结果可能存在错误。\n\n"
        "原文の著作権は原著著作者にあり、機械翻訳の結果にエラーが含まれることがあります。\n\n"
        "Hak cipta milik penulis asli dari konten, dan mungkin ditemukan kesalahan dalam hasil "
        "terjemahan mesin.\n\n"
        "Bản quyền thuộc về tác giả gốc của nội dung và có thể có lỗi trong kết quả dịch bằng máy."
    )
    head = "도심 광장 야간 개방 한 달\n\n입력 2024.05.02 09:00"
    text = f"{head}\n\n{notes}\n\n{BODY}\n\n이 기사가 마음에 들었다면, 좋아요를 눌러주세요."
    body = _extract("wire-reporter-box", text).body
    assert body.startswith("도심 광장을 밤에도") and body.endswith("반기는 분위기다.")


def test_a_caption_printed_twice_before_the_body_stays_out() -> None:
    """A caption printed with its `사진 확대` link and again bare as the first line is a
    caption, not the body's first paragraph."""
    caption = "광장에서 공연을 보는 시민들."
    head = "도심 광장 야간 개방 한 달\n\n입력 2024.05.02 09:00"
    text = f"{head}\n\n{caption} 사진 확대\n\n{caption}\n\n{BODY}"
    assert _extract("wire-reporter-box", text).body.startswith("도심 광장을 밤에도")


def test_a_most_read_list_inside_the_article_is_bridged() -> None:
    """The article resumes after a most-read list of many short headlines (a tail phrase
    then short lines): both parts are the body, the list is not."""
    first, rest = BODY.split("\n\n", 1)
    more = "시는 다음 달 사업 연장 여부를 결정한다. 주민 설문 결과도 함께 공개할 예정이다."
    items = "\n\n".join(f"[단독] 오늘의 화제 {n}번째 소식" for n in range(1, 16))
    head = "도심 광장 야간 개방 한 달\n\n입력 2024.05.02 09:00"
    end = "구청장은 주민 의견을 충분히 듣고 나서 결정하겠다고 말했다."
    text = f"{head}\n\n{first}\n\n{rest}\n\n많이 본 뉴스\n\n{items}\n\n{more}\n\n{end}"
    body = _extract("wire-reporter-box", text).body
    assert body.startswith("도심 광장을 밤에도") and "다음 달 사업 연장" in body
    assert "오늘의 화제" not in body


def test_an_embedded_post_and_its_link_do_not_end_the_body() -> None:
    """An embedded post's credit (`— 이름 (@handle) date`) and a short link with slashes
    inside the article are not a date line or a section: the body goes on after them."""
    first, rest = BODY.split("\n\n", 1)
    credit = "— 시민 기자단 (@citizen_kr) May 2, 2024"
    post = f"광장 정말 멋지네요\n\n👇👇https://t.co/AbCd123\n\n{credit}"
    head = "도심 광장 야간 개방 한 달\n\n입력 2024.05.02 09:00"
    body = _extract("wire-reporter-box", f"{head}\n\n{first}\n\n{post}\n\n{rest}").body
    assert body.startswith("도심 광장을 밤에도") and body.endswith("반기는 분위기다.")


def test_a_newsletter_pitch_ends_the_article() -> None:
    """A newsletter or subscription pitch after the article, even shaped as a sentence, ends
    the body: it and the teaser after it are left out."""
    pitch = "한빛일보 뉴스레터를 받아보세요. 매일 아침 주요 기사를 보내 드립니다."
    teaser = "다른 기사: 시립 도서관이 밤 10시까지 문을 연다. 이용자는 두 배로 늘었다."
    head = "도심 광장 야간 개방 한 달\n\n입력 2024.05.02 09:00"
    body = _extract("wire-reporter-box", f"{head}\n\n{BODY}\n\n{pitch}\n\n{teaser}").body
    assert body.endswith("반기는 분위기다.")


def test_an_image_printed_by_w3m_as_its_file_name_leaves_the_body() -> None:
    """An image w3m prints as its bracketed file name (`[gwangjang-night_01]`) between two
    paragraphs is an image, not a sub-heading of the body."""
    first, rest = BODY.split("\n\n", 1)
    head = "도심 광장 야간 개방 한 달\n\n입력 2024.05.02 09:00"
    text = f"{head}\n\n{first}\n\n[gwangjang-night_01]\n\n{rest}"
    assert "gwangjang" not in _extract("wire-reporter-box", text).body


def test_a_list_introduced_by_a_colon_after_the_last_paragraph_is_body() -> None:
    """A line ending with a colon right after the last paragraph introduces a list of the
    article's own (one item a line): the items are body; a `태그:` list is not."""
    items = "• 금요일: 밤 10시까지\n• 토요일: 밤 11시까지\n• 일요일: 밤 9시까지"
    head = "도심 광장 야간 개방 한 달\n\n입력 2024.05.02 09:00"
    body = _extract("wire-reporter-box", f"{head}\n\n{BODY}\n\n요일별 개방 시간:\n\n{items}").body
    assert body.endswith("• 일요일: 밤 9시까지") and "요일별 개방 시간:" in body
    related = f"{head}\n\n{BODY}\n\n태그:\n\n{items}"
    assert _extract("wire-reporter-box", related).body.endswith("반기는 분위기다.")
