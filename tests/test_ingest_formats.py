"""Ingest of structured formats, decoding and file discovery."""

from __future__ import annotations

import json
import os
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from artindex.errors import IngestError
from artindex.ingest import SUPPORTED_SUFFIXES, Ingester, ingest, iter_files, parse_file
from artindex.ingest.reader import read_text
from artindex.settings import Settings
from artindex.text.page_dates import KST

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
KOREAN = "---\ntitle: 지역 축제 개막\ndate: 2024-05-01\n---\n\n가상군 봄꽃 축제가 1일 개막했다.\n"


def test_markdown_front_matter() -> None:
    """Front matter gives every field; the body is the rest, paragraphs kept."""
    (article,) = parse_file(FIXTURES / "front_matter.md")
    assert article.title == "가상시 버스 노선 개편…출퇴근 시간 단축 기대"
    assert article.byline == "홍길동"
    assert article.date == datetime(2024, 1, 5, 15, 30, tzinfo=KST)
    assert article.updated == datetime(2024, 1, 6, 9, 0, tzinfo=KST)
    assert article.tags == ("사회", "교통")
    assert article.source == "가상일보"
    assert article.url == "https://news.example.kr/article/2024/0105/bus?utm_source=rss"
    assert article.id == "https://news.example.kr/article/2024/0105/bus"
    assert article.body.startswith("가상시는 5일 시내버스 노선 30개를 개편한다고 밝혔다.")
    assert "\n\n시는 출퇴근 시간이" in article.body
    assert article.lang == "ko"
    assert article.path == str(FIXTURES / "front_matter.md")
    assert len(article.fingerprint) == 16


def test_markdown_heading_is_title() -> None:
    """Without front matter, a leading `# Heading` is the title and leaves the body."""
    (article,) = parse_file(FIXTURES / "heading.md")
    assert article.title == "새 도서관 문 열어"
    assert article.body == "가상구립 도서관이 7일 문을 열었다. 장서 5만 권을 갖췄다."
    assert article.id.startswith("sha1:")
    assert article.date is None


def test_broken_front_matter_is_a_problem() -> None:
    """Broken YAML is reported with the file, not raised."""
    result = Ingester().load(FIXTURES / "broken_front_matter.md")
    assert result.articles == ()
    (problem,) = result.problems
    assert problem.path.endswith("broken_front_matter.md")
    assert "front matter is not valid YAML" in problem.reason


def test_unclosed_front_matter_is_a_problem(tmp_path: Path) -> None:
    """A front matter block without its closing line is reported."""
    path = tmp_path / "open.md"
    path.write_text("---\ntitle: 제목\n\n본문\n", encoding="utf-8")
    with pytest.raises(IngestError, match="front matter is not closed"):
        parse_file(path)


def test_json_list() -> None:
    """A JSON list gives one article per object; a given id is kept."""
    korean, english = parse_file(FIXTURES / "articles.json")
    assert korean.id == "gaon-2024-0001"
    assert korean.byline == "김철수"
    assert korean.tags == ("경제", "산업")
    assert korean.date == datetime(2024, 2, 1, 9, tzinfo=KST)
    assert korean.body.endswith("\n\n메모리 가격 회복이 이끌었다.")
    assert english.lang == "en"
    assert english.byline == "Jane Doe"
    assert english.date == datetime(2024, 1, 6, tzinfo=UTC)
    assert english.body.startswith("The city opened")


def test_json_single_object(tmp_path: Path) -> None:
    """A JSON object is one article."""
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"title": "제목", "content": "본문이다."}, ensure_ascii=False))
    (article,) = parse_file(path)
    assert (article.title, article.body) == ("제목", "본문이다.")


def test_jsonl_bad_lines_do_not_hide_good_ones() -> None:
    """Good lines give articles; each bad line is a Problem with its line number."""
    result = Ingester().load(FIXTURES / "articles.jsonl")
    assert [a.title for a in result.articles] == ["첫 번째 기사", "세 번째 기사"]
    assert result.articles[0].date == datetime(2024, 3, 1, tzinfo=KST)
    assert result.articles[1].date is None
    by_line = {p.line: p.reason for p in result.problems}
    assert set(by_line) == {2, 4, 5, 6}
    assert "not valid JSON" in by_line[2]
    assert "언젠가" in by_line[4] and "kept" in by_line[4]
    assert "no body" in by_line[5]
    assert "not a JSON object" in by_line[6]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", b"", "empty file"),
        ("blank.json", b"  \n\t\n", "empty file"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary or undecodable"),
        ("no_title.json", '{"body": "본문"}'.encode(), "no title"),
        ("no_body.md", "# 제목만 있다\n".encode(), "no body"),
        ("bad.json", b'{"title": ', "not valid JSON"),
        ("list.json", b"[1, 2]", "is not a JSON object"),
        ("notes.docx", "제목\n본문".encode(), "unsupported file type .docx"),
    ],
)
def test_unreadable_files_are_problems(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    """Every kind of bad file is a Problem from load() and an IngestError from parse_file()."""
    path = tmp_path / name
    path.write_bytes(content)
    result = Ingester().load(path)
    assert result.articles == ()
    assert any(reason in p.reason for p in result.problems), result.problems
    with pytest.raises(IngestError, match=reason):
        parse_file(path)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    """A file over max_file_bytes is refused with its size and the limit."""
    path = tmp_path / "big.md"
    path.write_text("# 제목\n\n" + "본문 " * 1000, encoding="utf-8")
    result = Ingester(Settings(max_file_bytes=100)).load(path)
    (problem,) = result.problems
    assert "over the limit of 100 bytes" in problem.reason


def test_oversized_file_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size check happens before any byte is read."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # a sparse 200 MB file
        handle.truncate(200_000_000)

    def fail(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("read_bytes called")

    monkeypatch.setattr(Path, "read_bytes", fail)
    with pytest.raises(IngestError, match=r"file is 200\.0 MB, over the limit of 50\.0 MB"):
        read_text(path, max_bytes=50_000_000)


@pytest.mark.parametrize("codec", ["cp949", "euc-kr", "utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_encodings_are_decoded(tmp_path: Path, codec: str) -> None:
    """Legacy Korean and Unicode encodings with a byte-order mark come out as the same text."""
    path = tmp_path / "article.md"
    data = KOREAN.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    (article,) = parse_file(path)
    assert article.title == "지역 축제 개막"
    assert article.body == "가상군 봄꽃 축제가 1일 개막했다."


def test_cp949_only_characters(tmp_path: Path) -> None:
    """Syllables outside EUC-KR (똠, 햏) decode through CP949."""
    path = tmp_path / "legacy.md"
    path.write_bytes(
        "# 똠방각하 햏 이야기\n\n똠방각하가 돌아왔다. 햏자도 함께 왔다.\n".encode("cp949")
    )
    (article,) = parse_file(path)
    assert article.title == "똠방각하 햏 이야기"


def test_nfd_file_is_normalized(tmp_path: Path) -> None:
    """A file saved with NFD Hangul gives NFC fields."""
    path = tmp_path / "nfd.md"
    path.write_text(unicodedata.normalize("NFD", KOREAN), encoding="utf-8")
    (article,) = parse_file(path)
    assert article.title == "지역 축제 개막"
    assert unicodedata.is_normalized("NFC", article.body)


def test_crlf_and_invisible_characters(tmp_path: Path) -> None:
    """Windows line ends, zero-width spaces and NBSP are cleaned out of every field."""
    path = tmp_path / "win.md"
    text = (
        "---\r\ntitle: 제\u200b목\u00a0입니다\r\n---\r\n\r\n"
        "본문\ufeff이다.\r\n\r\n\r\n\r\n둘째 문단.\r\n"
    )
    path.write_bytes(text.encode("utf-8"))
    (article,) = parse_file(path)
    assert article.title == "제목 입니다"
    assert article.body == "본문이다.\n\n둘째 문단."


def _tree(root: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for rel in ["z.md", "a/y.json", "a/b/x.html", "a/notes.docx", ".hidden/h.md", "a/.h.md"]:
        (root / rel).write_text("# 제목\n\n본문.", encoding="utf-8")


def test_iter_files_walks_sorted_and_skips_hidden(tmp_path: Path) -> None:
    """Directories are walked recursively in sorted order, without hidden or unsupported files."""
    _tree(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert found == ["a/b/x.html", "a/y.json", "z.md"]


def test_iter_files_takes_files_given_directly(tmp_path: Path) -> None:
    """A file named directly is taken whatever its suffix, so load() can report it."""
    _tree(tmp_path)
    assert list(iter_files([tmp_path / "a" / "notes.docx"])) == [tmp_path / "a" / "notes.docx"]


def test_iter_files_missing_source(tmp_path: Path) -> None:
    """A source that does not exist is an IngestError."""
    with pytest.raises(IngestError, match="no such file or directory"):
        list(iter_files([tmp_path / "nope"]))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_iter_files_symlinks(tmp_path: Path) -> None:
    """Symlinks out of the root are skipped unless asked; inside ones are not duplicated."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "in.md").write_text("# 제목\n\n본문.", encoding="utf-8")
    (outside / "out.md").write_text("# 제목\n\n본문.", encoding="utf-8")
    (root / "link_out").symlink_to(outside)
    (root / "link_in.md").symlink_to(root / "in.md")
    (root / "loop").symlink_to(root)
    names = [p.name for p in iter_files([root])]
    assert names == ["in.md"]
    followed = [p.name for p in iter_files([root], follow_symlinks=True)]
    assert sorted(followed) == ["in.md", "out.md"]


def test_ingest_yields_one_result_per_file(tmp_path: Path) -> None:
    """ingest() walks, loads and reports every file, good or bad."""
    (tmp_path / "good.md").write_text(KOREAN, encoding="utf-8")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    results = {Path(r.path).name: r for r in ingest([tmp_path])}
    assert set(results) == {"good.md", "bad.json"}
    assert len(results["good.md"].articles) == 1
    assert results["bad.json"].problems


def test_supported_suffixes() -> None:
    """The documented suffixes are the supported ones."""
    assert set(SUPPORTED_SUFFIXES) == {
        ".md", ".markdown", ".txt", ".json", ".jsonl", ".ndjson", ".html", ".htm"
    }  # fmt: skip


def test_txt_with_front_matter_is_markdown(tmp_path: Path) -> None:
    """A .txt file that opens with front matter is read like Markdown, not as a page dump."""
    path = tmp_path / "note.txt"
    path.write_text(KOREAN, encoding="utf-8")
    (article,) = parse_file(path)
    assert article.title == "지역 축제 개막"
    assert article.date == datetime(2024, 5, 1, tzinfo=KST)


def test_txt_without_front_matter_goes_to_the_page_dump_extractor(tmp_path: Path) -> None:
    """A plain .txt file is handed to the page-dump extractor and finished like any article."""
    pytest.importorskip("artindex.ingest.pagedump.extract")
    path = tmp_path / "dump.txt"
    path.write_text(
        "가상일보\n사회\n가상시 새 도서관 개관\n홍길동 기자\n입력 2024.01.05 오후 3:30\n"
        "가상시는 5일 새 도서관을 열었다고 밝혔다. 장서는 5만 권이다.\n"
        "시는 내년까지 도서관 두 곳을 더 열 계획이라고 설명했다.\n",
        encoding="utf-8",
    )
    (article,) = parse_file(path)
    assert article.path == str(path)
    assert article.lang == "ko"
    assert "새 도서관을 열었다" in article.body
    assert len(article.fingerprint) == 16 and article.id
