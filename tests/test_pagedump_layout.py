"""Dump layout: wrapped lines joined back, two columns side by side taken apart."""

from __future__ import annotations

from pathlib import Path

from artindex.ingest.pagedump.extract import PageDumpExtractor
from artindex.ingest.pagedump.wrap import display_width, split_columns, unwrap

SENTENCES = [
    "달빛시는 올여름 폭염에 대비해 버스 정류장 120곳에 냉방 쉼터를 설치한다고 3일 밝혔다.",
    "쉼터에는 냉풍기와 휴대전화 충전기가 들어서며 오전 9시부터 오후 9시까지 운영된다.",
    "시는 이용객이 많은 정류장부터 차례로 설치하고 다음 달 말까지 공사를 마칠 계획이다.",
]


def _wrap(text: str, cols: int) -> list[str]:
    """Cut ``text`` at ``cols`` display columns, as w3m does (Korean words may be cut)."""
    lines, line = [], ""
    for char in text:
        if display_width(line + char) > cols:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line.lstrip()]


def test_lines_wrapped_at_the_dump_width_are_joined() -> None:
    """Lines a text dump wrapped at its width are joined back into one paragraph."""
    paragraph = " ".join(SENTENCES * 2)
    raw = ["제목 줄", "", *_wrap(paragraph, 80), "", "끝."]
    logical = [text for _, text in unwrap(raw)]
    assert "".join(paragraph.split()) in ["".join(t.split()) for t in logical]


def test_short_lines_are_not_joined() -> None:
    """Short lines well under the dump width stay separate."""
    raw = ["첫 줄입니다", "둘째 줄입니다", "셋째 줄."]
    assert [t for _, t in unwrap(raw)] == raw


def test_a_two_column_page_is_read_column_by_column() -> None:
    """An old portal layout: the article on the left, a news list on the right."""
    gutter = 100
    side = [f"• 많이 본 뉴스 {n}번 제목입니다" for n in range(24)]
    left = [
        "달빛일보",
        "",
        "달빛시, 버스 정류장 120곳에 냉방 쉼터",
        "김하늘 기자 입력 2024.06.03 10:00",
        "",
        *[s for sentence in SENTENCES for s in (*_wrap(sentence, gutter - 4), "")],
    ]
    rows = max(len(left), len(side))
    raw = []
    for i in range(rows):
        text = left[i] if i < len(left) else ""
        pad = " " * (gutter - display_width(text))
        raw.append(text + pad + side[i] if i < len(side) else text)
    numbered, column = split_columns(raw)
    assert column == gutter
    texts = [t.strip() for _, t in numbered]
    assert texts.index(side[0]) > texts.index("달빛시, 버스 정류장 120곳에 냉방 쉼터")
    article = PageDumpExtractor().extract(Path("dalbit/p.txt"), "\n".join(raw))
    assert article.title == "달빛시, 버스 정류장 120곳에 냉방 쉼터"
    assert "많이 본 뉴스" not in article.body
    assert "".join(article.body.split()) == "".join("".join(SENTENCES).split())
