"""Settings: unknown keys refused with the nearest known one, the working directory read only
by the command line, the user dictionary's content in the analysis signature."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import artindex
from artindex import ConfigError, Index, IndexMismatchError, Settings, load_settings
from artindex.cli import main
from conftest import make_article

ARTICLES = [
    make_article("expo", "창조경제박람회 개막", "창조경제박람회가 대전에서 열렸다."),
    make_article("rain", "장마 시작", "장마가 시작됐다."),
]


@pytest.mark.parametrize(
    ("text", "key", "suggestion"),
    [
        ("title_bost: 9\n", "title_bost", "title_boost"),
        ("bigram-wieght: 0\n", "bigram-wieght", "bigram_weight"),
        ("user_dictonary: words.yaml\n", "user_dictonary", "user_dictionary"),
        ("page_rule: []\n", "page_rule", "page_rules"),
    ],
)
def test_unknown_key_is_refused_naming_the_nearest(
    tmp_path: Path, text: str, key: str, suggestion: str
) -> None:
    """A misspelt key raises ConfigError in one line naming the file, the key and the
    known key it is closest to; it never leaves the setting at its default in silence."""
    config = tmp_path / "artindex.yaml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(config)
    message = str(info.value)
    assert str(config) in message and repr(key) in message
    assert f"did you mean {suggestion!r}?" in message and "\n" not in message


def test_unrelated_key_lists_the_known_ones(tmp_path: Path) -> None:
    """An unrelated key in the config is refused with the list of known settings."""
    config = tmp_path / "artindex.yaml"
    config.write_text("zzz: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"known settings: .*title_boost"):
        load_settings(config)


def test_unknown_keyword_override_names_the_nearest() -> None:
    """A misspelt keyword override is refused, suggesting the nearest setting."""
    with pytest.raises(ConfigError, match="did you mean 'title_boost'"):
        load_settings(title_bost=2.0)


def test_known_keys_and_page_rules_are_accepted(tmp_path: Path) -> None:
    """Known keys load and page_rules is kept among the extra settings."""
    config = tmp_path / "artindex.yaml"
    config.write_text("title_boost: 2.5\npage_rules: []\n", encoding="utf-8")
    settings = load_settings(config)
    assert settings.title_boost == 2.5 and settings.extra == {"page_rules": []}


def test_cli_prints_the_misspelt_key_in_one_line(tmp_path: Path) -> None:
    """The CLI reports a misspelt config key in one line naming the right key."""
    config = tmp_path / "artindex.yaml"
    config.write_text("title_bost: 9\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "analyze", "고객"])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "title_boost" in result.stderr


# --- the working directory -------------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with an artindex.yaml setting a title boost, a sources/ folder of
    page rules, and a corpus/ of two articles."""
    (tmp_path / "artindex.yaml").write_text("title_boost: 7.0\n", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "site.yaml").write_text("rules: []\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in ARTICLES:
        (corpus / f"{article.id}.md").write_text(
            f"---\ntitle: {article.title}\n---\n{article.body}\n", encoding="utf-8"
        )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _break_working_directory(workdir: Path) -> None:
    """Make both working-directory files unreadable as settings: whoever reads either fails."""
    (workdir / "artindex.yaml").write_text("title_bost: 7.0\n", encoding="utf-8")
    (workdir / "sources" / "site.yaml").write_text("rules: [unclosed\n", encoding="utf-8")


def test_library_ignores_the_working_directory(workdir: Path) -> None:
    """Without settings, library calls (load, build, open, search) use the packaged defaults
    wherever they run: a broken ./artindex.yaml and ./sources/ are never read."""
    _break_working_directory(workdir)
    assert load_settings() == Settings()
    assert artindex.build([workdir / "corpus"], workdir / "ix").indexed == len(ARTICLES)
    artindex.build_articles(ARTICLES, workdir / "ix2")
    with Index.open(workdir / "ix") as idx:
        assert [h.title for h in idx.search("장마")] == ["장마 시작"]


def test_cli_reads_the_working_directory(workdir: Path) -> None:
    """The command line reads ./artindex.yaml and ./sources/ (load_settings with cwd): the
    same broken files the library ignores stop it with one line naming them."""
    settings = load_settings(cwd=workdir)
    assert settings.title_boost == 7.0
    assert settings.source_rules == (str((workdir / "sources").resolve()),)
    _break_working_directory(workdir)
    result = CliRunner().invoke(main, ["analyze", "고객"])
    assert result.exit_code == 1 and "did you mean 'title_boost'" in result.stderr
    (workdir / "artindex.yaml").unlink()
    result = CliRunner().invoke(main, ["build", "corpus", "--index", "ix"])
    assert result.exit_code == 1 and "site.yaml" in result.stderr, result.output


# --- the user dictionary in the analysis signature -------------------------------------------


def test_editing_the_user_dictionary_is_noticed(tmp_path: Path) -> None:
    """The signature holds the dictionary's content digest: the same path with new words is
    another analyzer, so the index is refused until rebuilt, and a build rewrites it."""
    words = tmp_path / "words.yaml"
    words.write_text("words: [창조경제박람회]\n", encoding="utf-8")
    settings = Settings(user_dictionary=str(words))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("---\ntitle: 창조경제박람회 개막\n---\n박람회 소식\n", "utf-8")
    artindex.build([corpus], tmp_path / "ix", settings)
    with Index.open(tmp_path / "ix", settings):
        pass
    words.write_text("words: [창조경제박람회, 박람회소식]\n", encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="user_dictionary"):
        Index.open(tmp_path / "ix", settings)
    report = artindex.build([corpus], tmp_path / "ix", settings)  # not "unchanged"
    assert report.indexed == 1
    with Index.open(tmp_path / "ix", settings) as idx:
        assert len(idx) == 1


def test_query_analysis_takes_only_its_three_values(tmp_path: Path) -> None:
    """`query_analysis` is auto, kiwi or table; anything else is one line naming the choices."""
    good = tmp_path / "good.yaml"
    good.write_text("query_analysis: table\n", encoding="utf-8")
    assert load_settings(good).query_analysis == "table"
    assert Settings().query_analysis == "auto"
    bad = tmp_path / "bad.yaml"
    bad.write_text("query_analysis: fast\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"query_analysis.*auto, kiwi, table"):
        load_settings(bad)
