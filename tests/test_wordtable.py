"""The word-analysis table: a Korean query of words the corpus has is analyzed without Kiwi,
into the same query and the same hits; an unseen word loads Kiwi; updates add their words."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from artindex import Index, Settings, add_articles, build_articles
from artindex.analysis.morphology import Morpheme, morphemes
from artindex.analysis.wordtable import (
    WORDS_FILE,
    WordTable,
    decode,
    encode,
    guess_word,
    word_analyses,
)
from artindex.store import IndexDir
from conftest import SMALL_ARTICLES, make_article

# Every word of these occurs in SMALL_ARTICLES (particles and endings included).
SEEN = ("창조경제박람회는 대전에서 개막했다", "유전자가위로 감자를", "국회는 예산안을 의결했다.")
UNSEEN = "뭉게구름처럼 피어오른 예산안을"


def _generation(path: Path) -> Path:
    root = IndexDir(path)
    return root.generation_path(root.read_manifest())


def _without_table(path: Path, dest: Path) -> Path:
    """A copy of the index at ``path`` as an index written before word tables existed."""
    shutil.copytree(path, dest)
    (_generation(dest) / WORDS_FILE).unlink()
    return dest


def _kiwi(text: str) -> list[Morpheme]:
    """Kiwi's morphemes of ``text`` less punctuation (which the table leaves out: the
    analysis drops it anyway)."""
    return [m for m in morphemes(text) if any(c.isalnum() for c in text[m.start : m.end])]


def _search_in_subprocess(
    index: Path, query: str, config: Path | None = None
) -> tuple[bool, list[str]]:
    """(whether Kiwi got imported, hit ids) of `artindex search QUERY --json` in a new process."""
    # --no-expand: paraphrase expansion of a short query asks Kiwi's CoNg model (search/expand)
    args = ["search", query, "--index", str(index), "--json", "--no-expand"]
    if config is not None:
        args = ["--config", str(config), *args]
    probe = (
        "import sys, json; from click.testing import CliRunner; from artindex.cli import main; "
        f"r = CliRunner().invoke(main, {args!r}); assert r.exit_code == 0, r.output; "
        "print('kiwipiepy' in sys.modules); "
        "print(json.dumps([h['id'] for h in json.loads(r.stdout)['hits']]))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded, hits = out.stdout.strip().splitlines()
    return loaded == "True", json.loads(hits)


def test_encode_decode_round_trips_kiwi_analyses() -> None:
    """Each stored word decodes to Kiwi's morphemes of it, with offsets shifted into place
    (contracted forms such as 했 → 하 + 었 keep their forms)."""
    text = "창조경제박람회는 14일 대전에서 개막했다. (주가)는"
    morphs = morphemes(text)
    stored = dict(word_analyses(text, morphs))
    assert set(stored) == {"창조경제박람회는", "14일", "대전에서", "개막했다", "주가)는"}
    start = text.index("개막했다")
    decoded = decode("개막했다", stored["개막했다"], start)
    assert decoded == [m for m in morphs if start <= m.start and m.end <= start + 4]
    assert any(m.form == "었" for m in decoded)
    relative = [m for m in decode("개막했다", stored["개막했다"])]
    assert encode("개막했다", relative) == stored["개막했다"]


def test_a_query_of_seen_words_composes_kiwis_analysis(small_index_path: Path) -> None:
    """For queries whose words all occur in the corpus, the composed morphemes are Kiwi's."""
    table = WordTable.open(_generation(small_index_path))
    assert table is not None
    for query in SEEN:
        assert table.compose(query) == _kiwi(query), query
    assert table.compose(UNSEEN) is None
    table.close()


def test_seen_words_search_without_kiwi_and_find_the_same(
    small_index_path: Path, tmp_path: Path
) -> None:
    """`artindex search` of seen Korean words never imports Kiwi and returns the hits the
    Kiwi-analyzed search returns on the same index without its table."""
    old = _without_table(small_index_path, tmp_path / "old")
    for query in SEEN:
        loaded, hits = _search_in_subprocess(small_index_path, query)
        loaded_old, hits_old = _search_in_subprocess(old, query)
        assert (loaded, loaded_old) == (False, True), query
        assert hits and hits == hits_old, query


def test_an_unseen_word_is_guessed_in_a_shell_search(small_index_path: Path) -> None:
    """A one-shot `artindex search` with a word the corpus never had guesses it from the
    table (query_analysis: auto means table there) and still finds; Kiwi is never imported."""
    loaded, hits = _search_in_subprocess(small_index_path, UNSEEN)
    assert not loaded
    assert hits == ["ko-budget"]


def test_query_analysis_kiwi_loads_the_model_for_an_unseen_word(
    small_index_path: Path, tmp_path: Path
) -> None:
    """With `query_analysis: kiwi` in the settings, the same shell search runs Kiwi, and a
    library Index (auto) does too: a process that keeps its Index open pays the load once."""
    config = tmp_path / "artindex.yaml"
    config.write_text("query_analysis: kiwi\n", encoding="utf-8")
    loaded, hits = _search_in_subprocess(small_index_path, UNSEEN, config)
    assert loaded
    assert hits == ["ko-budget"]
    with Index.open(small_index_path, Settings()) as idx:
        assert idx._current().compiler.needs_model(UNSEEN)
    with Index.open(small_index_path, Settings(query_analysis="table")) as idx:
        assert not idx._current().compiler.needs_model(UNSEEN)


def test_a_typo_in_a_shell_search_is_corrected_without_kiwi(small_index_path: Path) -> None:
    """Correction in a one-shot search analyzes with the table too: a misspelt word (not in
    the corpus, so never in the table) is corrected and Kiwi is not imported."""
    loaded, hits = _search_in_subprocess(small_index_path, "예산얀")
    assert not loaded
    assert hits and hits[0] == "ko-budget"


def test_guess_word_reads_known_stretches_particles_and_endings() -> None:
    """A word the table lacks: the longest stretch the table knows takes its stored analysis,
    a closing particle or ending is tagged as one, a question word is a pronoun, and a name
    no stretch of which is known stays one noun."""
    known = {
        "박람회장에서": encode("박람회장에서", _kiwi("박람회장에서")),
        "발표": encode("발표", _kiwi("발표")),
    }
    got = guess_word("박람회장에서는", known, 10)
    assert [(m.form, m.tag) for m in got][-1] == ("는", "JX")
    assert [m.form for m in got if m.tag.startswith("NN")] == ["박람회", "장"] or [
        m.form for m in got if m.tag.startswith("NN")
    ] == ["박람회장"]
    assert got[0].start == 10 and got[-1].end == 17
    assert [(m.form, m.tag) for m in guess_word("발표했는가", known)] == [
        ("발표", "NNG"),
        ("했는가", "EF"),
    ]
    assert [(m.form, m.tag) for m in guess_word("앤드루스는", {})] == [
        ("앤드루스", "NNG"),
        ("는", "JX"),
    ]
    assert [(m.form, m.tag) for m in guess_word("어디에서", {})] == [("어디", "NP"), ("에서", "JX")]


def test_table_mode_composes_every_korean_query(small_index_path: Path) -> None:
    """With guessing on, compose never hands a Korean query to Kiwi, and seen words still
    compose exactly as without it."""
    table = WordTable.open(_generation(small_index_path))
    assert table is not None
    composed = table.compose(UNSEEN, guess=True)
    assert composed is not None
    assert [m.form for m in composed if m.tag == "NNG"][-1] == "예산안"
    for query in SEEN:
        assert table.compose(query, guess=True) == table.compose(query)
    table.close()


def test_compiled_queries_match_with_and_without_the_table(
    small_index_path: Path, tmp_path: Path
) -> None:
    """The table changes how a query is analyzed, never what it becomes: compiled queries and
    scores agree with the Kiwi path."""
    old = _without_table(small_index_path, tmp_path / "old")
    with Index.open(small_index_path, Settings()) as new, Index.open(old, Settings()) as kiwi:
        assert new._current().compiler.words is not None
        assert kiwi._current().compiler.words is None
        for query in SEEN:
            a = new._current().compiler.compile(query)
            b = kiwi._current().compiler.compile(query)
            assert repr(a.query) == repr(b.query), query
            scored = [(h.id, round(h.score, 6)) for h in new.search(query)]
            assert scored == [(h.id, round(h.score, 6)) for h in kiwi.search(query)]


def test_an_update_adds_its_words_and_leaves_the_old_table(tmp_path: Path) -> None:
    """Adding articles writes a new table with their words on top of the old ones; the
    previous generation's table (readers may have it open) is not touched."""
    path = tmp_path / "index"
    build_articles(SMALL_ARTICLES, path, Settings())
    before = _generation(path)
    new = make_article("ko-cloud", "하늘 풍경", "뭉게구름처럼 피어오른 구름이 장관이었다.")
    add_articles([new], path, Settings())
    after = _generation(path)
    assert after != before
    old_table, new_table = WordTable.open(before), WordTable.open(after)
    assert old_table is not None and new_table is not None
    assert "뭉게구름처럼" in new_table.lookup(["뭉게구름처럼", "창조경제박람회는"])
    assert "창조경제박람회는" in new_table.lookup(["창조경제박람회는"])
    assert old_table.lookup(["뭉게구름처럼"]) == {}
    assert new_table.compose(UNSEEN) == _kiwi(UNSEEN)
    with Index.open(path, Settings()) as idx:
        assert [h.id for h in idx.search(UNSEEN)][:1] == ["ko-cloud"]


def test_counts_keep_the_most_frequent_analysis(tmp_path: Path) -> None:
    """A word seen in several analyses is composed from its most frequent one."""
    gen = tmp_path / "gen"
    gen.mkdir()
    db = sqlite3.connect(gen / WORDS_FILE)
    db.execute("CREATE TABLE words (word TEXT, analysis TEXT, n INTEGER)")
    db.executemany(
        "INSERT INTO words VALUES (?, ?, ?)",
        [("감기", "0\x1f2\x1fNNG", 5), ("감기", "0\x1f1\x1fVV\x1f감\x1e1\x1f2\x1fETN", 2)],
    )
    db.commit()
    db.close()
    table = WordTable.open(gen)
    assert table is not None
    assert [m.tag for m in table.compose("감기") or []] == ["NNG"]


@pytest.mark.parametrize("query", ["Samsung 예산안을", "2024 예산안을", "3.5 예산안을"])
def test_plain_latin_and_number_words_need_no_entry(small_index_path: Path, query: str) -> None:
    """ASCII words and numbers, never stored, are split by the regex path as Kiwi splits
    them."""
    table = WordTable.open(_generation(small_index_path))
    assert table is not None
    assert table.lookup(query.split()[:1]) == {}
    assert table.compose(query) == _kiwi(query)


@pytest.mark.parametrize("query", ['"예산안을 본회의에서"', "+국회 예산안", "title:예산안 OR 국회"])
def test_query_syntax_in_a_shell_search_needs_no_kiwi(
    small_index_path: Path, tmp_path: Path, query: str
) -> None:
    """Phrases, required words and fields go through Whoosh's parser, whose analyzers read the
    word table too: a one-shot search of them imports no Kiwi and finds what Kiwi's finds."""
    config = tmp_path / "artindex.yaml"
    config.write_text("query_analysis: kiwi\n", encoding="utf-8")
    loaded, hits = _search_in_subprocess(small_index_path, query)
    old = _without_table(small_index_path, tmp_path / "old")
    loaded_kiwi, hits_kiwi = _search_in_subprocess(old, query, config)
    assert (loaded, loaded_kiwi) == (False, True)
    assert hits and hits == hits_kiwi


def test_a_stem_reads_as_the_table_words_it_begins() -> None:
    """An unseen word's stem takes the morphemes of a table word that begins with it, and a
    past-tense contraction is undone by the grammar's vowel rules first (열렸 → 열리 + 었)."""
    from artindex.analysis.wordtable import past_bases

    assert past_bases("열렸") == ["열리"]
    assert past_bases("됐") == ["되"]
    assert "발표하" in past_bases("발표했")
    assert past_bases("박람회") == [] and past_bases("") == []
    readings = {"열렸": [Morpheme("열리", "VV", 0, 2), Morpheme("었", "EP", 1, 2)]}
    got = guess_word("열렸나", {}, 5, readings)
    assert [(m.form, m.tag, m.start, m.end) for m in got] == [
        ("열리", "VV", 5, 7),
        ("었", "EP", 6, 7),
        ("나", "EF", 7, 8),
    ]


def test_table_mode_reads_an_unseen_verb_form_from_the_corpus(small_index_path: Path) -> None:
    """`개막했나` is not in the corpus, `개막했다` is: the guess reads 개막 + 하 + 었 from it,
    and the question finds the expo article as Kiwi's analysis does."""
    table = WordTable.open(_generation(small_index_path))
    assert table is not None
    composed = table.compose("대전에서 개막했나", guess=True)
    assert composed is not None
    assert ("개막", "NNG") in [(m.form, m.tag) for m in composed]
    table.close()
    with (
        Index.open(small_index_path, Settings(query_analysis="table")) as guessed,
        Index.open(small_index_path, Settings(query_analysis="kiwi")) as kiwi,
    ):
        query = "창조경제박람회 열렸나"
        assert [h.id for h in guessed.search(query)] == [h.id for h in kiwi.search(query)]
