"""One spelling per outlet: the canonical source of every format (``finish_article``), the
packaged table of outlets and the user's ``sources`` setting. Articles are invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import artindex
from artindex.errors import ConfigError
from artindex.ingest import parse_file
from artindex.ingest.formats import finish_article
from artindex.models import Article
from artindex.settings import load_settings
from artindex.text.sources import canonical_source, load_source_names


@pytest.mark.parametrize(
    ("source", "url", "expected"),
    [
        ("(서울=연합뉴스)", "", "연합뉴스"),
        ("[헤럴드경제=홍길동 기자]", "", "헤럴드경제"),
        ("Yonhap", "", "연합뉴스"),
        ("연합뉴스 | 네이버", "", "연합뉴스"),
        ("ⓒ 한국일보", "", "한국일보"),
        ("Copyright by donga.com", "", "동아일보"),
        ("대전일보사", "", "대전일보"),
        ("가상일보사", "", "가상일보"),
        ("언론사 뷰", "", "다음뉴스"),
        ("belongs", "", ""),
        ("by", "https://news.donga.com/List/3/all/1", "동아일보"),
        ("", "https://www.yna.co.kr/view/AKR1", "연합뉴스"),
        ("", "https://www.gasang.example/a/1", ""),
        ("솔빛일보", "", "솔빛일보"),
        ("The Harbor Times", "", "The Harbor Times"),
    ],
)
def test_canonical_source(source: str, url: str, expected: str) -> None:
    """Decorations go, known spellings map to the outlet, notice words are no outlet (the
    URL's domain is tried), unknown outlets keep their own name."""
    assert canonical_source(source, url) == expected


def test_user_aliases_override_and_extend_the_table() -> None:
    """A user's aliases map their own spellings, also onto a packaged outlet's one spelling."""
    names = load_source_names({"aliases": {"솔빛": "솔빛일보", "연합": "연합뉴스TV"}})
    assert canonical_source("솔빛", names=names) == "솔빛일보"
    assert canonical_source("연합", names=names) == "연합뉴스TV"
    assert canonical_source("Yonhap", names=names) == "연합뉴스"


def test_finish_article_canonicalises_every_format(tmp_path: Path) -> None:
    """Front matter, JSON and code-made articles all get the one spelling."""
    (tmp_path / "a.md").write_text(
        "---\ntitle: 제목\nsource: (부산=연합뉴스)\n---\n본문 문장이다.\n", encoding="utf-8"
    )
    (tmp_path / "b.json").write_text(
        json.dumps({"title": "제목", "body": "본문이다.", "source": "NEWSIS"}), encoding="utf-8"
    )
    assert parse_file(tmp_path / "a.md")[0].source == "연합뉴스"
    assert parse_file(tmp_path / "b.json")[0].source == "뉴시스"
    made = finish_article(Article(id="", title="제목", body="본문", source="Hankookilbo"), "")
    assert made.source == "한국일보"


def test_sources_setting_file_is_applied_by_a_build(tmp_path: Path) -> None:
    """``sources: aliases.yaml`` in artindex.yaml (relative to it) maps the user's spelling in
    an indexed article, and the source filter finds it by the one spelling."""
    (tmp_path / "aliases.yaml").write_text("aliases:\n  솔빛: 솔빛일보\n", encoding="utf-8")
    (tmp_path / "artindex.yaml").write_text("sources: aliases.yaml\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(
        "---\ntitle: 솔빛군 도서관 개관\nsource: 솔빛\n---\n솔빛군 도서관이 문을 열었다.\n",
        encoding="utf-8",
    )
    settings = load_settings(tmp_path / "artindex.yaml")
    artindex.build([docs], tmp_path / "index", settings)
    with artindex.Index.open(tmp_path / "index", settings) as idx:
        result = idx.search("도서관", source=["솔빛일보"])
    assert [h.source for h in result.hits] == ["솔빛일보"]


def test_add_articles_uses_the_user_aliases(tmp_path: Path) -> None:
    """Articles added from code get the settings' spellings too."""
    settings = load_settings(sources={"aliases": {"솔빛": "솔빛일보"}})
    memo = Article(id="m1", title="솔빛군 소식", body="솔빛군 도서관이 문을 열었다.", source="솔빛")
    artindex.add_articles([memo], tmp_path / "index", settings)
    with artindex.Index.open(tmp_path / "index", settings) as idx:
        stored = idx.get("m1")
    assert stored is not None and stored.source == "솔빛일보"


def test_inline_sources_setting(tmp_path: Path) -> None:
    """An inline mapping under ``sources`` works like the file."""
    (tmp_path / "artindex.yaml").write_text(
        "sources:\n  aliases:\n    솔빛: 솔빛일보\n", encoding="utf-8"
    )
    settings = load_settings(tmp_path / "artindex.yaml")
    names = load_source_names(settings.sources)
    assert canonical_source("솔빛", names=names) == "솔빛일보"


@pytest.mark.parametrize(
    ("content", "needle"),
    [("aliases: [a, b]\n", "must map a spelling"), ("aliases: {a: [1]}\n", "must map")],
)
def test_bad_sources_file_is_one_clear_error(tmp_path: Path, content: str, needle: str) -> None:
    """A sources file that is no mapping of spellings names the file and the problem."""
    path = tmp_path / "aliases.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=needle) as caught:
        load_source_names(str(path))
    assert str(path) in str(caught.value)


def test_missing_sources_file_and_misspelt_key(tmp_path: Path) -> None:
    """A missing file is named; a misspelt ``sorces`` key suggests ``sources``."""
    with pytest.raises(ConfigError, match="cannot read source aliases"):
        load_source_names(str(tmp_path / "nope.yaml"))
    (tmp_path / "artindex.yaml").write_text("sorces: a.yaml\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="did you mean 'sources'"):
        load_settings(tmp_path / "artindex.yaml")
