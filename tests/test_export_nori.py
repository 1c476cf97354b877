"""export: the analysis chain of an exported index.json, run through Lucene's own Nori.

Lucene's classes come from Debian's liblucene8-java (/usr/share/java); the small harness in
tools/nori-harness is compiled with javac into a temporary folder. The tests skip, saying why,
when Java or the jars are missing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from artindex import Index, Settings
from artindex.analysis.morphology import analyze
from artindex.cli import main
from artindex.export import index_body
from artindex.export.check import check_queries

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from evallib import nori

pytestmark = pytest.mark.skipif(bool(nori.missing()), reason=f"Nori harness: {nori.missing()}")

INDEX, SEARCH = "artindex_korean", "artindex_korean_search"


@pytest.fixture(scope="module")
def with_dictionaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("nori-dictionaries")
    (folder / "words.yaml").write_text("words: [창조경제박람회, 미르텔레콤]\n", encoding="utf-8")
    (folder / "synonyms.yaml").write_text(
        "synonyms:\n  - [산업부, 산업통상자원부]\n  - [삼성전자, Samsung Electronics]\n",
        encoding="utf-8",
    )
    settings = Settings(
        user_dictionary=str(folder / "words.yaml"), synonyms=str(folder / "synonyms.yaml")
    )
    return index_body(settings)


def texts_of(index_json: dict[str, Any], analyzer: str, text: str) -> list[str]:
    return [t.text for t in nori.analyze(index_json, analyzer, [text])[0]]


def test_user_dictionary_rules_keep_words_whole(with_dictionaries: dict[str, Any]) -> None:
    """With the exported rules Nori keeps the user's words whole; without them it splits them."""
    text = "창조경제박람회는 대전에서, 미르텔레콤은 서울에서 열렸다."
    with_rules = texts_of(with_dictionaries, INDEX, text)
    without = texts_of(index_body(Settings()), INDEX, text)
    assert "창조경제박람회" in with_rules and "미르텔레콤" in with_rules
    assert "창조경제박람회" not in without and "미르텔레콤" not in without


def test_synonym_rules_let_a_query_reach_the_other_member(
    with_dictionaries: dict[str, Any],
) -> None:
    """Searching 산업부 also yields every index token of 산업통상자원부, and Samsung Electronics
    those of 삼성전자; without the synonyms file neither does."""
    document = set(texts_of(with_dictionaries, INDEX, "산업통상자원부가 삼성전자 실적을 밝혔다"))
    query = nori.analyze(with_dictionaries, SEARCH, ["산업부는 Samsung Electronics를 봤다"])[0]
    assert {"산업", "통상", "자원", "삼성", "전자"} <= document
    assert {"산업", "통상", "자원", "삼성", "전자"} <= {t.text for t in query}
    assert any(t.increment == 0 for t in query)  # the alternatives stack on the query words
    plain = set(texts_of(index_body(Settings()), SEARCH, "산업부는 Samsung Electronics를 봤다"))
    assert not {"통상", "자원", "삼성"} & plain


def test_particles_endings_and_question_words_are_dropped() -> None:
    """The POS stop tags drop what artindex drops; the search analyzer drops question words."""
    chain = index_body(Settings())
    indexed = texts_of(chain, INDEX, "박람회는 대전에서 열렸다.")
    assert "는" not in indexed and "에서" not in indexed and "." not in indexed
    assert "대전" in indexed
    asked = texts_of(chain, SEARCH, "대전 박람회는 어디에서 열렸나?")
    assert "어디" not in asked and "대전" in asked
    assert "어디" in texts_of(chain, INDEX, "박람회는 어디에서 열렸나?")


def test_english_words_are_stemmed_like_artindex_stems_them() -> None:
    """Nori's English stems in the exported settings equal artindex's own stems."""
    text = "Thousands of runners were running along the rivers"
    nori_stems = set(texts_of(index_body(Settings()), INDEX, text))
    kiwi_stems = {t for t, _, _, _ in analyze(text).morph}
    assert {"runner", "run", "river", "thousand"} <= nori_stems
    assert nori_stems == kiwi_stems


def test_corpus_runs_through_nori_and_mostly_agrees_with_kiwi(corpus_index_path: Path) -> None:
    """Every corpus article analyzes; each token's offsets slice a non-empty piece of the text;
    and Nori makes most of the tokens artindex indexes (a floor, not an exact figure)."""
    with Index.open(corpus_index_path, Settings()) as idx:
        texts = [f"{a.title}\n{a.body}" for a in idx.articles()]
    assert texts
    results = nori.analyze(index_body(Settings()), INDEX, texts)
    same = total = 0
    for text, tokens in zip(texts, results, strict=True):
        assert tokens
        assert all(text[t.start : t.end].strip() for t in tokens)
        kiwi = [t for t, _, _, _ in analyze(text).morph]
        nori_texts = [t.text for t in tokens]
        same += sum(min(kiwi.count(w), nori_texts.count(w)) for w in set(kiwi))
        total += len(kiwi) + len(nori_texts)
    assert 2 * same / total > 0.7


def test_harness_refuses_a_filter_it_cannot_run() -> None:
    """A filter the harness has no Lucene class for fails loudly instead of being skipped."""
    chain = index_body(Settings())
    chain["settings"]["analysis"]["filter"]["artindex_pos"] = {"type": "kuromoji_stemmer"}
    with pytest.raises(ValueError, match="kuromoji_stemmer"):
        nori.analyze(chain, INDEX, ["박람회"])


def test_check_compares_the_words_and_hits_of_translated_queries(small_index_path: Path) -> None:
    """--check runs each translated query through Nori: the searched words agree with
    artindex's, artindex's top hits are matched, and a refused query says why."""
    queries = ["고객에게 사과", "국회 예산안", "running river", "예산 color:x"]
    with Index.open(small_index_path, Settings()) as idx:
        report = check_queries(idx, queries, Settings())
    by_query = {c.query: c for c in report.checks}
    assert by_query["고객에게 사과"].nori_terms == ("고객", "사과")
    assert by_query["고객에게 사과"].artindex_terms == ("고객", "사과")
    assert by_query["running river"].nori_terms == ("run", "river")
    assert "names field 'color'" in by_query["예산 color:x"].error
    assert report.hits >= 3 and report.matched == report.hits
    # a real difference: Kiwi keeps 예산안 whole, Nori splits it (1 shared word of 4)
    assert by_query["국회 예산안"].artindex_terms == ("국회", "예산안")
    assert by_query["국회 예산안"].nori_terms == ("국회", "예산", "안")
    assert report.agreement == pytest.approx((1 + 0.25 + 1) / 3)
    assert report.lines()[-1].startswith("checked 4 queries: word agreement 0.75")


def test_check_sees_a_search_analyzer_that_keeps_particles(small_index_path: Path) -> None:
    """The check has teeth: an exported chain that no longer drops particles and endings
    searches other words than artindex, and says so."""
    chain = index_body(Settings())
    filters = chain["settings"]["analysis"]["analyzer"][SEARCH]["filter"]
    filters.remove("artindex_query_pos")
    with Index.open(small_index_path, Settings()) as idx:
        report = check_queries(idx, ["고객에게 사과했다"], Settings(), index_json=chain)
    check = report.checks[0]
    assert set(check.nori_terms) - set(check.artindex_terms)  # 에게 and the endings
    assert report.agreement < 1.0


def test_cli_export_check_prints_a_line_per_query(tmp_path: Path, small_index_path: Path) -> None:
    """`export opensearch --check FILE` prints each query's words and the summary."""
    queries = tmp_path / "queries.txt"
    queries.write_text("# 시험 질의\n고객에게 사과\n\n국회 예산안\n", encoding="utf-8")
    args = ["export", "opensearch", str(tmp_path / "out"), "--index", str(small_index_path)]
    result = CliRunner().invoke(main, [*args, "--check", str(queries)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("고객에게 사과\tartindex 고객 사과\tnori 고객 사과")
    assert "checked 2 queries" in lines[2]
