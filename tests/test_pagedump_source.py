"""The source of a page dump: the press on a portal page, the site's outlet otherwise."""

from __future__ import annotations

from pathlib import Path

import artindex

_BODY = [
    "해맞이 광장에 새해 첫 해를 보려는 인파가 몰렸다. 시민들은 추위 속에서도 소망을 빌었다.",
    "시는 안전요원 200명을 배치했고 행사는 큰 사고 없이 끝났다고 밝혔다.",
    "주최 측은 내년에는 셔틀버스를 늘려 교통 혼잡을 줄이겠다고 말했다.",
]


def _dump(tmp_path: Path, name: str, lines: list[str]) -> str:
    path = tmp_path / "pages" / f"{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return artindex.parse_file(path)[0].source


def _portal(notice: str, dateline: str = "") -> list[str]:
    return [
        "본문 바로가기 메뉴 바로가기",
        "Daum 뉴스",
        "  • 연예",
        "  • 스포츠",
        "새해 첫 해맞이 광장에 인파 몰려",
        "입력 2024.01.01. 09:30",
        f"{dateline}{_BODY[0]}",
        *_BODY[1:],
        notice,
        "해당 언론사로 연결됩니다.",
        "언론사별 뉴스",
        "Copyright © Kakao Corp. All rights reserved.",
    ]


def test_portal_page_names_the_press_of_its_copyright_line(tmp_path: Path) -> None:
    """A portal page's source is the press its copyright line names, not the portal's."""
    assert _dump(tmp_path, "a", _portal("저작권자(c)연합뉴스. 무단전재-재배포금지")) == "연합뉴스"
    assert (
        _dump(tmp_path, "b", _portal("ⓒ 공감언론 뉴시스통신사. 무단전재-재배포 금지")) == "뉴시스"
    )
    notice = "저작권자ⓒ CBS 노컷뉴스(www.nocutnews.co.kr) 무단전재 및 재배포 금지"
    assert _dump(tmp_path, "c", _portal(notice)) == "노컷뉴스"


def test_portal_page_without_copyright_names_the_press_of_its_dateline(tmp_path: Path) -> None:
    """Without a press copyright line, a wire dateline (포항=연합뉴스) names the press."""
    page = _portal(
        "위 내용에 대한 저작권은 자료제공사에 있습니다.", "(포항=연합뉴스) 김하늘 기자 = "
    )
    assert _dump(tmp_path, "d", page) == "연합뉴스"


def _site(logo: str, notice: str) -> list[str]:
    return [
        logo,
        "  • 뉴스",
        "  • 스포츠동아 |",
        "새해 첫 해맞이 광장에 인파 몰려",
        "김하늘 기자",
        "입력 2024-01-01 09:30",
        *_BODY,
        "(사진=연합뉴스)",
        notice,
    ]


def test_site_page_names_the_site_of_its_copyright_line_over_a_menu_word(tmp_path: Path) -> None:
    """A site page's logo/menu word (매경AX) never wins over its copyright line."""
    page = _site("매경AX 로고", "Copyright © 매일경제 & mk.co.kr. All rights reserved.")
    assert _dump(tmp_path, "e", page) == "매일경제"
    page = _site("콘텐츠바로가기", "무단 사용은 저작권법에 저촉됩니다. Copyright by donga.com")
    assert _dump(tmp_path, "f", page) == "동아일보"


def test_unknown_site_keeps_its_copyright_name(tmp_path: Path) -> None:
    """An unknown outlet keeps its copyright line's name, not a photo credit's press."""
    assert (
        _dump(tmp_path, "g", _site("뉴스", "저작권자 © 가온일보 무단전재 및 재배포 금지"))
        == "가온일보"
    )
