"""query: Korean matching, question words, coordination, Whoosh syntax, limits, synonyms."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import query as wq

import artindex
from artindex import Article, Index, QueryError, Settings
from artindex.engine.schema import make_schema
from artindex.search.compile import QueryCompiler

TELECOM = "corpus/json/telecom-outage-compensation.json"
EXPO = "corpus/markdown/startup-expo-daejeon.md"
BUDGET = "corpus/pages/gaon/budget-bill.txt"
EXPORTS = "corpus/pages/solbit/exports-semiconductor.txt"
SAMSUNG = "corpus/json/samsung-memory-earnings.json"
GENE_JOINED = "corpus/jsonl/wire.jsonl"  # 유전자가위로 ... 감자
GENE_SPACED = "corpus/html/gene-editing-therapy.html"  # 유전자 가위 치료제


def ids(index: Index, text: str, limit: int = 10) -> list[str]:
    return [hit.id for hit in index.search(text, limit=limit)]


def paths(index: Index, text: str, limit: int = 10) -> list[str]:
    return [hit.path for hit in index.search(text, limit=limit)]


def term_texts(query: object) -> set[str]:
    """Every term text in a compiled Whoosh query tree (phrases included)."""
    found: set[str] = set()

    def walk(q: wq.Query) -> None:
        if isinstance(q, wq.Term):
            found.add(q.text)
        elif isinstance(q, wq.Phrase):
            found.update(q.words)
        for child in q.children():
            walk(child)

    walk(query)
    return found


# --- Korean matching (the "done when" cases) -----------------------------------------


def test_noun_finds_text_that_only_has_it_with_a_particle(small_index: Index) -> None:
    """`고객` finds an article whose text has only `고객에게`."""
    assert ids(small_index, "고객")[:1] == ["ko-telecom"]


def test_noun_finds_the_end_of_a_compound(small_index: Index) -> None:
    """`박람회` finds an article whose text has only `창조경제박람회는`."""
    assert ids(small_index, "박람회")[:1] == ["ko-expo"]


def test_noun_finds_a_longer_noun_it_starts(small_index: Index) -> None:
    """`예산` finds an article whose text has only `예산안` (with particles)."""
    assert ids(small_index, "예산")[:1] == ["ko-budget"]


@pytest.mark.parametrize("text", ["유전자가위", "유전자 가위"])
def test_spacing_variants_find_each_other(small_index: Index, text: str) -> None:
    """`유전자가위` and `유전자 가위` each find both the joined and the spaced spelling."""
    assert set(ids(small_index, text)[:2]) == {"ko-gene-joined", "ko-gene-spaced"}


def test_korean_phrase_matches_adjacent_words_across_particles(small_index: Index) -> None:
    """A quoted phrase of adjacent words matches though particles sit between them."""
    assert ids(small_index, '"고객에게 진심으로"') == ["ko-telecom"]
    assert ids(small_index, '"고객 진심"') == ["ko-telecom"]


@pytest.mark.parametrize("text", ['"고객 사과"', '"진심으로 고객에게"'])
def test_korean_phrase_does_not_match_words_apart_or_reversed(
    small_index: Index, text: str
) -> None:
    """A phrase whose words are not adjacent (or not in order) in the text matches nothing."""
    assert ids(small_index, text) == []
    assert "ko-telecom" in ids(small_index, text.strip('"'))  # the words alone do match


def test_long_korean_question_returns_its_article_first(corpus_index: Index) -> None:
    """A ~20-word Korean question about one article ranks that article first."""
    question = (
        "미르텔레콤에서 전국적인 통신 장애가 일어난 뒤 회사는 피해를 입은 가입자들에게 "
        "요금을 며칠 치 감면해 주기로 했으며 장애의 원인은 무엇이었고 언제 완전히 복구되었나?"
    )
    assert len(question.split()) >= 18
    assert paths(corpus_index, question)[:1] == [TELECOM]


# --- question words and coordination ---------------------------------------------------------


@pytest.mark.parametrize("question_word", ["무엇", "언제", "어떤", "누구"])
def test_question_words_are_not_searched(question_word: str) -> None:
    """Question words are dropped from a plain query; its content words are kept."""
    compiler = QueryCompiler(make_schema(), Settings())
    terms = term_texts(compiler.compile(f"{question_word} 박람회 입장료").query)
    assert {"박람회", "입장료"} <= terms
    assert question_word not in terms


def test_only_question_words_still_search_something() -> None:
    """A query of nothing but question words falls back to searching them."""
    compiler = QueryCompiler(make_schema(), Settings())
    assert "누구" in term_texts(compiler.compile("누구").query)


@pytest.fixture(scope="module")
def coord_index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """'a' repeats one query word; 'b' has both query words once; fillers make 'beta' common."""
    articles = [
        Article(id="a", title="harbour", body="alpha alpha alpha report on the harbour today"),
        Article(id="b", title="harbour", body="alpha beta report on the harbour today"),
    ] + [
        Article(id=f"f{i}", title="note", body=("beta " if i < 4 else "") + f"gamma number {i}")
        for i in range(6)
    ]
    path = tmp_path_factory.mktemp("coord") / "index"
    artindex.build_articles(articles, path, Settings())
    return path


@pytest.fixture
def scores(coord_index_path: Path) -> Iterator[dict[float, dict[str, float]]]:
    """Scores of 'alpha beta' per document, with coordination off (0.0) and at the default.
    The English profile (which turns coordination off) is left out: this tests the mechanism."""
    out: dict[float, dict[str, float]] = {}
    for coord in (0.0, Settings().coord):
        with Index.open(coord_index_path, Settings(coord=coord, languages={})) as idx:
            out[coord] = {hit.id: hit.score for hit in idx.search("alpha beta")}
    yield out


def test_doc_matching_more_query_words_outranks_similar_scoring_one(
    scores: dict[float, dict[str, float]],
) -> None:
    """Without coordination 'a' (one word, repeated) edges out 'b' (both words); with it, 'b'
    ranks first."""
    plain, coord = scores[0.0], scores[Settings().coord]
    assert plain["b"] < plain["a"] < plain["b"] * 1.15  # similar scores, 'a' slightly ahead
    assert coord["b"] > coord["a"]


def test_coordination_scales_by_share_of_words_matched(
    scores: dict[float, dict[str, float]],
) -> None:
    """A doc matching all words keeps its score; one matching 1 of 2 is scaled by (2/3)^coord."""
    c = Settings().coord
    plain, coord = scores[0.0], scores[c]
    assert coord["b"] == pytest.approx(plain["b"])
    assert coord["a"] / plain["a"] == pytest.approx((2 / 3) ** c)


# --- Whoosh syntax ---------------------------------------------------------------------------


def test_field_query_searches_only_that_field(corpus_index: Index) -> None:
    """`title:장마` finds the article with 장마 in its title; `tags:스타트업` searches tags."""
    assert paths(corpus_index, "title:장마") == ["corpus/markdown/rainy-season-forecast.md"]
    assert paths(corpus_index, "tags:스타트업") == [EXPO]
    assert paths(corpus_index, "title:고객") == []  # 고객 is only in a body


def test_not_excludes_documents_with_the_word(corpus_index: Index) -> None:
    """`a NOT b` returns documents with a, minus those with b."""
    with_gene = set(paths(corpus_index, "title:유전자"))
    assert with_gene == {GENE_JOINED, GENE_SPACED}
    assert paths(corpus_index, "title:유전자 NOT 감자") == [GENE_SPACED]


def test_and_requires_both_words(corpus_index: Index) -> None:
    """`a AND b` returns only documents with both."""
    assert paths(corpus_index, "유전자 AND 감자") == [GENE_JOINED]


def test_or_returns_documents_with_either_word(corpus_index: Index) -> None:
    """`a OR b` returns documents with either."""
    found = set(paths(corpus_index, "장마 OR 폭설"))
    assert found == {"corpus/markdown/rainy-season-forecast.md", GENE_JOINED}


def test_quoted_phrase_in_corpus(corpus_index: Index) -> None:
    """A quoted Korean phrase from the corpus finds its article."""
    assert paths(corpus_index, '"창조경제박람회"') == [EXPO]
    assert paths(corpus_index, '"예산안 652조원"') == [BUDGET]


@pytest.mark.parametrize("text", ["date:xyz", "장마 date:2024-13-45", "(((", '""'])
def test_malformed_query_raises_one_line_query_error(corpus_index: Index, text: str) -> None:
    """Unparseable syntax raises QueryError with a one-line message, not zero hits."""
    with pytest.raises(QueryError) as info:
        corpus_index.search(text)
    assert "\n" not in str(info.value)


def test_over_long_query_is_refused(corpus_index: Index) -> None:
    """A query longer than max_query_chars raises QueryError naming the limit."""
    limit = Settings().max_query_chars
    with pytest.raises(QueryError, match=str(limit)):
        corpus_index.search("가" * (limit + 1))


def test_too_broad_wildcard_is_refused(corpus_index_path: Path) -> None:
    """`a*` over more words than max_expansions raises QueryError; a narrow pattern runs."""
    with Index.open(corpus_index_path, Settings(max_expansions=5)) as idx:
        with pytest.raises(QueryError, match="more than 5"):
            idx.search("a*")
        assert idx.search("marath*").hits  # expands to a word or two


def test_empty_query_is_refused(corpus_index: Index) -> None:
    """A blank query raises QueryError."""
    with pytest.raises(QueryError):
        corpus_index.search("   ")


# --- synonyms --------------------------------------------------------------------------------


@pytest.fixture
def synonyms_file(tmp_path: Path) -> Path:
    path = tmp_path / "synonyms.yaml"
    path.write_text(
        "synonyms: [[산업부, 산업통상자원부], [삼성전자, Samsung Electronics]]\n",
        encoding="utf-8",
    )
    return path


def test_synonym_finds_the_spelled_out_ministry(
    corpus_index_path: Path, synonyms_file: Path
) -> None:
    """With the synonyms file, `산업부` finds the article that only says `산업통상자원부`, even
    with bigram matching off (without the file it then finds nothing)."""
    without = Settings(bigram_weight=0)
    with Index.open(corpus_index_path, without) as idx:
        assert paths(idx, "산업부") == []
    with Index.open(corpus_index_path, without.replace(synonyms=str(synonyms_file))) as idx:
        hits = idx.search("산업부").hits
    assert [h.path for h in hits][:1] == [EXPORTS]
    assert "자원부" in [hits[0].snippet[s:e] for s, e in hits[0].highlights]


def test_synonym_crosses_scripts(corpus_index_path: Path, synonyms_file: Path) -> None:
    """With the synonyms file, `삼성전자` finds the English article on Samsung Electronics."""
    with Index.open(corpus_index_path, Settings()) as idx:
        assert SAMSUNG not in paths(idx, "삼성전자")
    with Index.open(corpus_index_path, Settings(synonyms=str(synonyms_file))) as idx:
        assert paths(idx, "삼성전자")[:1] == [SAMSUNG]


def test_bad_synonyms_file_is_a_config_error(tmp_path: Path, corpus_index_path: Path) -> None:
    """A synonyms file that is not a list of lists raises ConfigError when the index opens."""
    path = tmp_path / "synonyms.yaml"
    path.write_text("synonyms: 산업부\n", encoding="utf-8")
    with pytest.raises(artindex.ConfigError):
        Index.open(corpus_index_path, Settings(synonyms=str(path)))
