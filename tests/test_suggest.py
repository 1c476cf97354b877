"""suggest: keyboard slips, jamo and Latin misspellings, spacing, against an index's own words;
and the 2-beolsik keyboard model underneath."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import artindex
from artindex import Index, Settings, Suggestion
from artindex.analysis.morphology import Morpheme, morphemes
from artindex.cli import main
from artindex.search.suggest import (
    NearIndex,
    TypoPolicy,
    Vocabulary,
    distance,
    should_correct,
    suggest,
)
from artindex.text.hangul import compose, hangul_to_english, is_complete, to_keys
from conftest import make_article

ARTICLES = (
    make_article(
        "galaxy",
        "삼성전자, 새 갤럭시 공개",
        "삼성전자는 새 갤럭시 스마트폰을 공개했다. 갤럭시 신제품은 다음 달 출시된다.",
    ),
    make_article(
        "galaxy-2",
        "갤럭시 판매 호조",
        "갤럭시 판매가 늘면서 삼성전자의 실적이 좋아졌다.",
    ),
    make_article(
        "google",
        "구글, 검색 기능 발표",
        "구글(Google)은 새 검색 기능을 발표했다. Google 측은 인공지능을 쓴다고 했다.",
    ),
    make_article(
        "expo",
        "대전서 박람회 개막",
        "창조경제박람회는 대전에서 열렸다. 박람회에는 스타트업 300곳이 참가했다.",
    ),
    make_article(
        "expo-2",
        "박람회 폐막",
        "나흘간 열린 박람회가 폐막했다. 관람객은 안녕하세요 하고 인사를 나눴다. "
        "전자 제품도 전시됐다.",
    ),
    make_article("dino", "공룡 화석 발견", "경남 고성에서 공룡 발자국 화석이 발견됐다."),
    make_article(
        "policy",
        "Government unveils policy",
        "The government announced a new energy policy. The government said prices would fall.",
        lang="en",
    ),
)


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("suggest-index") / "index"
    artindex.build_articles(ARTICLES, path, Settings())
    return path


@pytest.fixture(scope="module")
def index(index_path: Path) -> Iterator[Index]:
    with Index.open(index_path, Settings()) as idx:
        yield idx


# --------------------------------------------------------------------------- keyboard model


@pytest.mark.parametrize(
    ("hangul", "keys"),
    [
        ("안녕", "dkssud"),
        ("안녕하세요", "dkssudgktpdy"),
        ("갤럭시", "roffjrtl"),
        ("닭", "ekfr"),  # double final ㄺ
        ("값이", "rkqtdl"),  # double final ㅄ, then a vowel
        ("뷁", "qnpfr"),  # compound vowel ㅞ and double final
        ("의사", "dmltk"),  # compound vowel ㅢ
        ("까치", "Rkcl"),  # shifted ㄲ
        ("얘기", "dOrl"),  # shifted ㅒ
        ("삼성전자", "tkatjdwjswk"),
    ],
)
def test_keys_round_trip(hangul: str, keys: str) -> None:
    """Hangul turns into its keyboard keys and the keys compose back to it."""
    assert to_keys(hangul) == keys
    assert compose(keys) == hangul


def test_compose_moves_a_final_consonant_to_the_next_vowel() -> None:
    """compose moves a final consonant onto a following vowel (읽어, 닭이)."""
    assert compose("dlfrdj") == "읽어"  # ㄺ splits: 읽 + 어
    assert compose("ekfrdl") == "닭이"
    assert compose("rkdmf") == "가을"


def test_english_typed_in_korean_mode() -> None:
    """English typed in Korean mode composes to jamo and converts back to English."""
    assert compose("google") == "해ㅐ힏"
    assert not is_complete(compose("google"))
    assert hangul_to_english("ㅎㅐㅐ힏") == "google"
    assert hangul_to_english("해ㅐ힏") == "google"
    assert compose("ㅎㅐㅐㅎㅣㄷ") == "해ㅐ힏"


def test_distance_counts_edits_and_swaps() -> None:
    """distance counts jamo edits and swaps, capped at limit + 1."""
    assert distance("roffjrtl", "rpffjrtl", 2) == 1  # 갤럭시 / 겔럭시: one jamo
    assert distance("government", "goverment", 2) == 1
    assert distance("abcd", "abdc", 2) == 1  # a swap of neighbours
    assert distance("abcdef", "ab", 2) == 3  # over the limit: limit + 1


def test_near_index_finds_one_and_most_two_edit_neighbours() -> None:
    """NearIndex finds words one edit away and those two edits away."""
    near = NearIndex({"government": 3, "governor": 1, "garment": 2}, str, 3)
    assert near.near("goverment", 1) == {"government": 1}
    assert near.near("govrnment", 2)["government"] == 1
    assert near.near("gouvernment", 2)["government"] == 1
    assert near.near("gobvernmment", 2)["government"] == 2  # two letters too many


def test_should_correct_policy() -> None:
    """A correction wins if the original finds far fewer, a keyboard slip if it finds any."""
    assert should_correct(0, 3)
    assert not should_correct(0, 0)
    assert should_correct(10, 20)
    assert not should_correct(10, 19)
    assert not should_correct(10, 5)
    assert should_correct(10, 12, far_fewer=1.2)
    assert should_correct(300, 200, reason="keyboard")  # slipped words match nothing
    assert not should_correct(300, 0, reason="keyboard")
    assert not should_correct(300, 200, reason="spelling")


# --------------------------------------------------------------------------- against a vocabulary


def _vocab(hangul: dict[str, int], latin: dict[str, int] | None = None) -> Vocabulary:
    bigrams = frozenset(w[i : i + 2] for w in hangul for i in range(len(w) - 1))
    return Vocabulary(hangul, latin or {}, dict(latin or {}), bigrams, TypoPolicy())


def _analyze(text: str) -> list[Morpheme]:
    return morphemes(text)


def test_the_more_frequent_of_two_equally_near_words_wins() -> None:
    """Of two words equally near a typo, the more frequent one is suggested."""
    vocab = _vocab({"갤럭시": 9, "걸럭시": 1})
    got = suggest("겔럭시", vocab, _analyze)
    assert got is not None and got.to == "갤럭시"
    vocab = _vocab({"갤럭시": 1, "걸럭시": 9})
    got = suggest("겔럭시", vocab, _analyze)
    assert got is not None and got.to == "걸럭시"


def test_short_words_get_no_typo() -> None:
    """A word under 5 keys gets no typo correction; one of 5 keys does."""
    vocab = _vocab({"가수": 5})  # 가수 is 4 keys (rktn): below one typo (5 keys)
    assert suggest("가스", vocab, _analyze) is None
    vocab = _vocab({"경제": 5})  # 경제 is 5 keys (rudwp): one typo
    assert suggest("경재", vocab, _analyze) == Suggestion("경재", "경제", "spelling")


def test_an_unknown_word_splits_into_two_known_ones() -> None:
    """An unknown noun is split into two known words when the index has both."""
    vocab = _vocab({"국립": 3, "공원": 4})
    got = suggest("국립공원", _vocab({"국립": 3, "공원": 4, "립공": 0}), lambda t: [])
    assert got is None  # no morphemes, no content spans: nothing to judge
    got = suggest(
        "국립공원", vocab, lambda t: [Morpheme(t, "NNG", 0, len(t))] if t == "국립공원" else []
    )
    assert got == Suggestion("국립공원", "국립 공원", "spacing")


# --------------------------------------------------------------------------- through the index


@pytest.mark.parametrize(
    ("query", "to", "reason"),
    [
        ("dkssud", "안녕", "keyboard"),
        ("dkssudgktpdy", "안녕하세요", "keyboard"),
        ("rofjrtl", None, None),  # not a word the index has, in either mode
        ("ㅎㅐㅐ힏", "google", "keyboard"),
        ("해ㅐ힏 검색", "google 검색", "keyboard"),
        ("겔럭시", "갤럭시", "spelling"),
        ("겔럭시 출시", "갤럭시 출시", "spelling"),
        ("창조경제박럼회", "창조경제박람회", "spelling"),
        ("goverment policy", "government policy", "spelling"),
        ("공륭 화석", "공룡 화석", "spelling"),
        ("공용 화석", None, None),  # 공용 is a word (Kiwi's dictionary has it), not a typo of 공룡
        ("박람 회는", "박람회는", "spacing"),
        ("삼성 전자", "삼성전자", "spacing"),  # the index has 삼성전자 and 전자, never 삼성
        ("창조경제 박람 회는 어디에서", "창조경제 박람회는 어디에서", "spacing"),
    ],
)
def test_corrections(index: Index, query: str, to: str | None, reason: str | None) -> None:
    """Index.suggest corrects each typo to the expected word and reason."""
    got = index.suggest(query)
    if to is None:
        assert got is None
        return
    assert got == Suggestion(query, to, reason or "")
    assert got.to_dict() == {"from": query, "to": to, "reason": reason}


@pytest.mark.parametrize(
    "query",
    [
        "갤럭시",
        "삼성전자 갤럭시 공개",
        "전자 제품",  # both parts are indexed words: the spacing is the user's choice
        "창조경제박람회는 어디에서 열렸나?",
        "구글 Google",
        "government policy",
        "governments",  # a form of an indexed word, not a typo
        "title:갤럭시",
        "",
    ],
)
def test_clean_queries_are_left_alone(index: Index, query: str) -> None:
    """Index.suggest leaves correctly spelt queries alone."""
    assert index.suggest(query) is None


def test_search_corrects_a_query_that_finds_far_fewer(index: Index) -> None:
    """A query that finds something, but far fewer than its correction, is searched as the
    correction: 공룡 finds the dinosaur article, the misspelt 갤러시 nothing."""
    typed = index.search("공룡 갤러시", correct=False)
    assert [hit.id for hit in typed] == ["dino"]
    result = index.search("공룡 갤러시")
    assert result.corrected == {"from": "공룡 갤러시", "to": "공룡 갤럭시", "reason": "spelling"}
    assert {hit.id for hit in result} == {"dino", "galaxy", "galaxy-2"}


def test_search_keeps_a_query_its_correction_does_not_beat(index: Index) -> None:
    """A correction that finds no more than the query is not taken, and a query whose words
    are all indexed is never corrected; 겔럭시 shares only the syllable pair 럭시 with 갤럭시,
    which since issue 20 is no match, so it finds nothing and is corrected."""
    assert index.suggest("겔럭시") is not None
    assert index.search("겔럭시", correct=False).total == 0
    result = index.search("겔럭시")
    assert result.corrected is not None and result.corrected["to"] == "갤럭시"
    assert {hit.id for hit in result} == {"galaxy", "galaxy-2"}
    assert index.search("갤럭시").corrected is None
    assert not should_correct(2, 2, reason="spelling")


def test_search_runs_the_correction_and_says_so(index: Index) -> None:
    """A query that finds nothing is searched as its correction, and the result says which;
    correct=False insists on the query as typed; a query that finds enough is left alone."""
    typed = index.search("dkssudgktpdy?")
    assert [hit.id for hit in typed] == ["expo-2"]
    assert typed.corrected == {"from": "dkssudgktpdy?", "to": "안녕하세요?", "reason": "keyboard"}
    assert typed.to_dict()["corrected"] == typed.corrected
    assert index.search("dkssudgktpdy", correct=False).corrected is None
    assert index.search("갤럭시").corrected is None
    assert index.search("title:dkssud").corrected is None  # syntax is never rewritten


def test_cli_shows_results_for_the_correction(index_path: Path) -> None:
    """`search` shows results for a keyboard correction unless `--no-correct` is given."""
    runner = CliRunner()
    shown = runner.invoke(main, ["search", "dkssudgktpdy", "--index", str(index_path)])
    assert shown.exit_code == 0, shown.output
    first = shown.stdout.splitlines()[0]
    assert first.startswith("Showing results for '안녕하세요' (keyboard)")
    assert "--no-correct" in first
    typed = runner.invoke(
        main, ["search", "dkssudgktpdy", "--index", str(index_path), "--no-correct", "--json"]
    )
    data = json.loads(typed.stdout)
    assert data["total"] == 0 and data["corrected"] is None


def test_cli_search_corrects_far_fewer(index_path: Path) -> None:
    """`search` corrects a word that matches far fewer articles than its correction."""
    runner = CliRunner()
    shown = runner.invoke(main, ["search", "공룡 갤러시", "--index", str(index_path), "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["corrected"] == {"from": "공룡 갤러시", "to": "공룡 갤럭시", "reason": "spelling"}
    assert data["total"] == 3
    typed = runner.invoke(
        main, ["search", "공룡 갤러시", "--index", str(index_path), "--no-correct", "--json"]
    )
    assert json.loads(typed.stdout)["total"] == 1


def test_vocabulary_follows_a_rebuild(tmp_path: Path) -> None:
    """An open index suggests words added by a rebuild."""
    path = tmp_path / "index"
    artindex.build_articles(ARTICLES[:2], path, Settings())
    with Index.open(path, Settings()) as idx:
        assert idx.suggest("dkssud") is None
        artindex.build_articles(ARTICLES, path, Settings())
        got = idx.suggest("dkssud")
        assert got is not None and got.to == "안녕"


# --------------------------------------------------------------------------- CLI


def test_cli_suggest(index_path: Path) -> None:
    """`suggest` prints the correction as text or JSON, or says there is none."""
    runner = CliRunner()
    result = runner.invoke(main, ["suggest", "겔럭시", "--index", str(index_path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "query": "겔럭시",
        "corrected": {"from": "겔럭시", "to": "갤럭시", "reason": "spelling"},
    }
    result = runner.invoke(main, ["suggest", "dkssud", "--index", str(index_path)])
    assert result.exit_code == 0 and result.stdout == "안녕\t(keyboard)\n"
    result = runner.invoke(main, ["suggest", "갤럭시", "--index", str(index_path), "--json"])
    assert json.loads(result.stdout) == {"query": "갤럭시", "corrected": None}
    result = runner.invoke(main, ["suggest", "갤럭시", "--index", str(index_path)])
    assert result.stdout == "no correction for '갤럭시'\n"


def test_cli_suggest_without_an_index(tmp_path: Path) -> None:
    """`suggest` without an index exits 1 with a one-line message."""
    result = CliRunner().invoke(main, ["suggest", "겔럭시", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.stderr.startswith("artindex: no artindex index at")


def test_a_particle_glued_to_an_unknown_name_is_no_misspelling(tmp_path: Path) -> None:
    """Kiwi leaves 의 glued to a name it does not know (뉘르부르크링의); the index has the name
    with another particle glued on (뉘르부르크링이), one key away, but that is no typo."""
    path = tmp_path / "index"
    articles = [
        make_article(
            "ring", "뉘르부르크링 완공", "뉘르부르크링이 완공됐다. 뉘르부르크링이 열렸다."
        ),
        make_article("ring-2", "경주장 개장", "독일 뉘르부르크링이 다시 개장했다."),
    ]
    artindex.build_articles(articles, path, Settings())
    with Index.open(path, Settings()) as idx:
        assert idx.suggest("뉘르부르크링의") is None
        assert idx.suggest("뉘르부르크링을") is None


# --------------------------------------------------------------------------- the stored vocabulary


def test_a_build_writes_the_correction_vocabulary(index_path: Path) -> None:
    """Each generation has spell.sqlite, and the vocabulary read from it answers every lookup a
    correction makes as the one built from the term dictionary does."""
    from artindex.search.spellfile import SPELL_FILE, SpellFile
    from artindex.store import IndexDir

    root = IndexDir(index_path)
    gen = root.generation_path(root.read_manifest())
    assert (gen / SPELL_FILE).is_file()
    stored = SpellFile.open(gen)
    assert stored is not None
    with Index.open(index_path, Settings()) as idx:
        current = idx._current()
        with current.searcher() as searcher:
            built = Vocabulary.from_reader(searcher.reader())
    kept = stored.vocabulary()
    assert dict(kept.hangul) == built.hangul and dict(kept.latin) == built.latin
    assert dict(kept.stems) == built.stems and set(kept.bigrams) == set(built.bigrams)
    for word in ("겔럭시", "박럼회", "공륭", "갤럭시", "창조경제박럼회", "없는말이다"):
        assert kept.near(word, latin=False) == built.near(word, latin=False), word
        assert kept.knows_hangul(word, ()) == built.knows_hangul(word, ()), word
    for word in ("goverment", "gogle", "policy"):
        assert kept.near(word, latin=True) == built.near(word, latin=True), word
    for word in ("구글", "Google", "삼성"):
        assert kept.spelt_otherwise(word, _analyze) == built.spelt_otherwise(word, _analyze)
    assert "갤럭시" in kept.hangul and "없는말" not in kept.hangul


def test_without_the_file_corrections_are_the_same(index_path: Path, tmp_path: Path) -> None:
    """An index without spell.sqlite (one written before it existed, or whose file could not
    be written) corrects exactly as one with it: the vocabulary is built from the reader."""
    import shutil

    from artindex.search.spellfile import SPELL_FILE
    from artindex.store import IndexDir

    copy = tmp_path / "old"
    shutil.copytree(index_path, copy)
    root = IndexDir(copy)
    (root.generation_path(root.read_manifest()) / SPELL_FILE).unlink()
    queries = ("겔럭시 출시", "창조경제박럼회", "goverment policy", "박람 회는", "공륭 화석")
    with Index.open(index_path, Settings()) as new, Index.open(copy, Settings()) as old:
        for query in queries:
            assert new.suggest(query) == old.suggest(query), query
            assert new.suggest(query) is not None, query


def test_an_update_adds_its_words_to_the_stored_vocabulary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update copies the previous generation's file and adds only its new segment's terms:
    the result answers as a file written whole from the new generation, and a typo of a word
    only the update brought is corrected."""
    from artindex.search import spellfile
    from artindex.search.spellfile import SpellFile, write
    from artindex.store import IndexDir

    path = tmp_path / "index"
    artindex.build_articles(ARTICLES, path, Settings())

    def whole(*_: object) -> None:
        raise AssertionError("an update rewrote the whole vocabulary")

    monkeypatch.setattr(spellfile, "_write_whole", whole)
    added = make_article(
        "space", "뉴스페이스 시대 개막", "뉴스페이스 기업이 발사에 성공했다. 뉴스페이스 산업."
    )
    artindex.add_articles([added], path, Settings())
    monkeypatch.undo()
    root = IndexDir(path)
    gen = root.generation_path(root.read_manifest())
    with Index.open(path, Settings()) as idx:
        assert idx.suggest("뉴스패이스") == Suggestion("뉴스패이스", "뉴스페이스", "spelling")
        with idx._current().searcher() as searcher:
            reader = searcher.reader()
            assert len(reader.leaf_readers()) == 2  # the update's own segment: no full rewrite
            whole = tmp_path / "whole"
            whole.mkdir()
            write(whole, reader)
            built = Vocabulary.from_reader(reader)
    kept, rewritten = SpellFile.open(gen), SpellFile.open(whole)
    assert kept is not None and rewritten is not None
    a, b = kept.vocabulary(), rewritten.vocabulary()
    assert dict(a.hangul) == dict(b.hangul) == built.hangul
    assert set(a.bigrams) == set(b.bigrams)
    for word in ("뉴스패이스", "겔럭시", "발샤"):
        assert a.near(word, latin=False) == b.near(word, latin=False) == built.near(word, False)
