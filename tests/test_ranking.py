"""Ranking model: BM25F across fields, pseudo-relevance feedback, per-language profiles."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import artindex
from artindex import Article, ConfigError, Index, Settings
from artindex.analysis.query import query_language
from artindex.engine.schema import make_schema
from artindex.engine.scoring import WordQuery, bm25_idf
from artindex.search.compile import QueryCompiler
from artindex.search.feedback import FeedbackDoc, expansion_terms, parse_terms

# --- BM25F ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fields_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """'both' has 'zinc' once in its title and once in its body; 'body' twice in its body."""
    articles = [
        Article(id="both", title="zinc", body="zinc mine"),
        Article(id="body", title="ore", body="zinc zinc"),
        Article(id="other", title="copper", body="copper mine"),
        Article(id="more", title="lead", body="lead mine"),
    ]
    path = tmp_path_factory.mktemp("fields") / "index"
    artindex.build_articles(articles, path, Settings())
    return path


def expected_bm25f(tf: dict[str, tuple[int, int, float]], settings: Settings, df: int) -> float:
    """Hand-computed BM25F: tf per field is (count, field length, average field length)."""
    weights = {"title": settings.title_boost, "body": 1.0}
    bs = {"title": settings.title_b, "body": settings.body_b}
    combined = sum(
        weights[f] * count / (1 - bs[f] + bs[f] * length / avg)
        for f, (count, length, avg) in tf.items()
    )
    k1 = settings.bm25_k1
    return bm25_idf(4, df) * combined * (k1 + 1) / (k1 + combined)


def test_word_scored_once_over_its_fields(fields_index: Path) -> None:
    """A word's title and body counts are combined before saturation, with one idf."""
    settings = Settings(languages={}, exact_weight=0.0, coord=0.0)
    with Index.open(fields_index, settings) as idx:
        scores = {hit.id: hit.score for hit in idx.search("zinc")}
    assert set(scores) == {"both", "body"}
    # title lengths are all 1; body lengths 2 (average 2)
    both = expected_bm25f({"title": (1, 1, 1.0), "body": (1, 2, 2.0)}, settings, df=2)
    body = expected_bm25f({"body": (2, 2, 2.0)}, settings, df=2)
    assert scores["both"] == pytest.approx(both, rel=1e-6)
    assert scores["body"] == pytest.approx(body, rel=1e-6)


def test_whoosh_field_scoring_scores_fields_apart(fields_index: Path) -> None:
    """``field_scoring: whoosh`` keeps Whoosh's per-field sum: a word in two fields scores
    higher than under BM25F, where both counts share one saturation."""
    base = Settings(languages={}, exact_weight=0.0, coord=0.0)
    with Index.open(fields_index, base) as idx:
        bm25f = idx.search("zinc").hits[0].score
    with Index.open(fields_index, base.replace(field_scoring="whoosh")) as idx:
        apart = idx.search("zinc").hits[0].score
    assert apart > bm25f


def test_bm25_idf_is_positive_and_falls_with_frequency() -> None:
    """BM25 idf is positive and falls as a word appears in more docs."""
    assert bm25_idf(10, 1) > bm25_idf(10, 5) > bm25_idf(10, 10) > 0
    assert bm25_idf(10, 1) == pytest.approx(math.log(1 + 9.5 / 1.5))


# --- feedback ---------------------------------------------------------------------------------


def test_parse_terms_reads_word_count_pairs() -> None:
    """parse_terms reads `word count` pairs and skips a pair whose count is not a number."""
    assert parse_terms("blade 3 cool 1") == {"blade": 3, "cool": 1}
    assert parse_terms("") == {}
    assert parse_terms("blade x cool 2") == {"cool": 2}


def test_expansion_terms_follow_score_share_and_skip_common_and_query_words() -> None:
    """Feedback terms are weighted by doc score share; query and common words are skipped."""
    docs = [
        FeedbackDoc(3.0, "turbin 1 blade 2 cool 1"),
        FeedbackDoc(1.0, "turbin 1 harbour 3"),
        FeedbackDoc(0.0, "ignored 9"),
    ]
    df = {"turbin": 4, "blade": 2, "cool": 2, "harbour": 1, "the": 40}
    terms = expansion_terms(
        docs, exclude={"turbin"}, doc_count=50, doc_frequency=df.__getitem__, count=2
    )
    # P(blade) = .75 * 2/4 = .375; P(cool) = .75 * 1/4 = .1875 = P(harbour) = .25 * 3/4;
    # ties go alphabetically
    assert [t for t, _ in terms] == ["blade", "cool"]
    assert sum(p for _, p in terms) == pytest.approx(1.0)
    assert "ignored" not in dict(terms)
    common = expansion_terms(
        [FeedbackDoc(1.0, "the 10 blade 1")],
        exclude=set(),
        doc_count=50,
        doc_frequency=df.__getitem__,
        count=5,
    )
    assert [t for t, _ in common] == ["blade"]  # 'the' is in 80% of documents
    assert expansion_terms([], exclude=set(), doc_count=5, doc_frequency=len, count=3) == []


@pytest.fixture(scope="module")
def feedback_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two turbine-cooling articles, a short one that mentions a turbine in passing, a longer
    one on blade cooling that names the turbine once, and unrelated fillers."""
    articles = [
        Article(id="c1", title="turbine blade cooling", body="turbine blade film cooling blade"),
        Article(id="c2", title="turbine blade", body="turbine blade cooling film"),
        Article(id="passing", title="museum", body="the old turbine at the harbour museum"),
        Article(
            id="cooling",
            title="engine",
            body="film cooling keeps each turbine blade below its melting point",
        ),
    ] + [Article(id=f"f{i}", title="weather", body=f"rain and wind on day {i}") for i in range(8)]
    path = tmp_path_factory.mktemp("feedback") / "index"
    artindex.build_articles(articles, path, Settings())
    return path


def test_feedback_reorders_by_words_of_the_top_documents(feedback_index: Path) -> None:
    """Without feedback the short passing mention outranks the long blade-cooling article;
    with it, the words of the top two documents (blade, cooling, film) lift the latter."""
    base = Settings(languages={})
    with Index.open(feedback_index, base) as idx:
        plain = [h.id for h in idx.search("turbine").hits]
    with Index.open(feedback_index, base.replace(feedback_docs=2)) as idx:
        expanded = [h.id for h in idx.search("turbine").hits]
    assert plain[:2] == expanded[:2] == ["c2", "c1"]
    assert plain.index("passing") < plain.index("cooling")
    assert expanded.index("cooling") < expanded.index("passing")


def test_feedback_never_adds_documents_without_the_query(feedback_index: Path) -> None:
    """Feedback words only reorder: the matches and their count stay those of the query."""
    with Index.open(feedback_index, Settings(languages={}, feedback_docs=3)) as idx:
        result = idx.search("museum")
    assert [h.id for h in result.hits] == ["passing"]
    assert result.total == 1


# --- language profiles ------------------------------------------------------------------------


def test_english_queries_use_the_english_profile() -> None:
    """An all-English query uses the English ranking profile; Korean or mixed ones don't."""
    compiler = QueryCompiler(make_schema(), Settings())
    english = compiler.compile("pressure distribution on a swept wing")
    korean = compiler.compile("박람회 입장료")
    mixed = compiler.compile("삼성전자 DRAM 실적")
    assert english.settings is not None and korean.settings is not None
    assert english.settings.bm25_k1 == Settings().languages["en"]["bm25_k1"]
    assert english.settings.coord == 0.0
    assert korean.settings.bm25_k1 == Settings().bm25_k1
    assert mixed.settings is not None and mixed.settings.coord == Settings().coord


def test_query_language_is_english_only_when_every_word_is_latin() -> None:
    """A query is English only when every word is Latin; an empty one is Korean."""
    compiler = QueryCompiler(make_schema(), Settings())
    assert compiler.compile("wing flutter").settings == Settings().for_language("en")
    assert query_language([]) == "ko"


def test_profiles_load_from_yaml_merged_over_defaults(tmp_path: Path) -> None:
    """A YAML language profile merges over the defaults, keeping unset values."""
    config = tmp_path / "artindex.yaml"
    config.write_text("coord: 0.5\nlanguages:\n  en:\n    bm25_k1: 2.5\n", encoding="utf-8")
    settings = artindex.load_settings(config)
    english = settings.for_language("en")
    assert english.bm25_k1 == 2.5
    assert english.title_boost == Settings().languages["en"]["title_boost"]  # kept
    assert settings.for_language("ko").coord == 0.5


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("languages:\n  en:\n    user_dictionary: x.yaml\n", "not a ranking knob"),
        ("languages:\n  en:\n    coord: high\n", "must be a number"),
        ("languages: [en]\n", "must map a language"),
        ("languages:\n  en: 3\n", "mapping of name: value"),
    ],
)
def test_bad_profiles_are_refused_in_one_line(tmp_path: Path, yaml_text: str, message: str) -> None:
    """A bad language profile in YAML is a one-line ConfigError naming the problem."""
    config = tmp_path / "artindex.yaml"
    config.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        artindex.load_settings(config)
    assert "\n" not in str(info.value)


def test_word_query_equality_and_hash() -> None:
    """Equal WordQuery objects compare and hash equal; a different word does not."""
    a = WordQuery([("body", "zinc", 1.0)], 1.2, {"body": 0.5})
    b = WordQuery([("body", "zinc", 1.0)], 1.2, {"body": 0.5})
    c = WordQuery([("body", "lead", 1.0)], 1.2, {"body": 0.5})
    assert a == b and hash(a) == hash(b)
    assert a != c


def test_feedback_ranking_does_not_depend_on_limit(feedback_index: Path) -> None:
    """Feedback reorders only the first pass's top ``feedback_rerank``; below them the first
    pass's order stays, and a shorter limit gives a prefix of the same ranking."""
    base = Settings(languages={})
    with Index.open(feedback_index, base) as idx:
        plain = [h.id for h in idx.search("turbine", limit=10).hits]
    settings = base.replace(feedback_docs=2, feedback_rerank=3)
    with Index.open(feedback_index, settings) as idx:
        full = [h.id for h in idx.search("turbine", limit=10).hits]
        short = [h.id for h in idx.search("turbine", limit=2).hits]
        total = idx.search("turbine", limit=1).total
    assert short == full[:2]
    assert total == len(full) == len(plain) == 4
    assert sorted(full[:3]) == sorted(plain[:3])  # 'cooling' (4th) is past the rerank depth
    assert full[3] == plain[3] == "cooling"
