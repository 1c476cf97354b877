"""Decoding: cut last characters, pages that declare one charset and hold another, UTF-16."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from artindex.errors import IngestError
from artindex.ingest import Ingester
from artindex.ingest.reader import decode_report

ARTICLE = (
    "# 가상시 도서관 새벽까지 연다\n\n"
    "가상시는 시립도서관 세 곳의 운영 시간을 밤 11시까지 늘린다고 밝혔다. "
    "시민들은 퇴근 뒤에도 책을 빌릴 수 있게 됐다고 반겼다"
)
PAGE = (
    '<html><head><meta charset="{charset}"><title>도서관 운영 연장</title></head><body>'
    "<h1>도서관 운영 연장</h1><p>가상시는 시립도서관 세 곳의 운영 시간을 밤 11시까지 늘린다고 "
    "밝혔다. 시는 야간 열람실 좌석도 두 배로 늘리기로 했다고 설명했다.</p>"
    "<p>시민들은 퇴근 뒤에도 책을 빌릴 수 있게 됐다며 반겼다. 도서관 측은 이용객 반응을 보고 "
    "다른 분관으로 확대할 계획이라고 덧붙였다.</p></body></html>"
)


@pytest.mark.parametrize(
    ("codec", "cut"),
    [("utf-8", 1), ("utf-8", 2), ("utf-8-sig", 1), ("cp949", 1), ("utf-16", 1), ("utf-32", 3)],
)
def test_cut_last_character_decodes_with_a_warning(tmp_path: Path, codec: str, cut: int) -> None:
    """A file cut inside its last multi-byte character keeps its article, minus that character,
    and the file's result carries a warning (not a refusal)."""
    data = ARTICLE.encode(codec)
    path = tmp_path / "cut.md"
    path.write_bytes(data[:-cut])
    result = Ingester().load(path)
    (article,) = result.articles
    assert article.body.endswith("반겼")
    (problem,) = result.problems
    assert problem.warning
    assert "last character is cut short" in problem.reason


def test_whole_file_has_no_warning(tmp_path: Path) -> None:
    """A complete UTF-8 file is read whole with no warning."""
    path = tmp_path / "whole.md"
    path.write_bytes(ARTICLE.encode("utf-8"))
    result = Ingester().load(path)
    assert result.articles[0].body.endswith("반겼다")
    assert result.problems == ()


def test_undecodable_byte_inside_is_still_refused() -> None:
    """Only a cut at the very end is forgiven: a broken byte mid-file plus a NUL is binary."""
    data = ARTICLE.encode("utf-8")
    with pytest.raises(IngestError, match="binary or undecodable"):
        decode_report(data[:20] + b"\x00\xff\xfe\x00\x01" * 40 + data[20:])


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(codec: str) -> None:
    """UTF-16 text without a byte order mark is decoded with no warning."""
    text, warnings = decode_report(ARTICLE.encode(codec))
    assert text == ARTICLE
    assert warnings == ()


@pytest.mark.parametrize(
    ("declared", "codec"),
    [("euc-kr", "utf-8"), ("euc-kr", "cp949"), ("utf-8", "utf-8"), ("ks_c_5601-1987", "cp949")],
)
def test_html_declared_charset_against_actual_bytes(declared: str, codec: str) -> None:
    """A page that declares euc-kr but holds UTF-8 (re-saved by a tool) reads as UTF-8; a
    real EUC-KR page reads by its declaration."""
    page = PAGE.format(charset=declared)
    text, warnings = decode_report(page.encode(codec))
    assert text == page
    assert warnings == ()


def test_euc_kr_page_with_many_symbols_uses_its_declaration() -> None:
    """Hanja, quotes and symbols (which defeat a Hangul-ratio guess) still decode exactly."""
    page = PAGE.format(charset="euc-kr").replace("<p>", "<p>“韓國 經濟 ※ ☆ ◆ ★ ◎” ", 2)
    text, _ = decode_report(page.encode("cp949"))
    assert text == page


def test_cli_ingest_and_build_report_the_cut_as_a_warning(tmp_path: Path) -> None:
    """Through the CLI: the cut file's article is printed and indexed, the cut is a warning
    (exit status 0), and the message names the file."""
    from click.testing import CliRunner

    from artindex.cli import main

    path = tmp_path / "docs" / "cut.md"
    path.parent.mkdir()
    path.write_bytes(ARTICLE.encode("utf-8")[:-1])
    result = CliRunner().invoke(main, ["ingest", str(path), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["title"] == "가상시 도서관 새벽까지 연다"
    assert f"{path}: the last character is cut short" in result.stderr
    built = CliRunner().invoke(main, ["build", str(path.parent), "--index", str(tmp_path / "ix")])
    assert built.exit_code == 0, built.output
    assert "last character is cut short" in built.stderr
