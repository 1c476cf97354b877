"""Paraphrase expansion: a short query's nouns are also searched with the CoNg neighbours the
index supports, weighted below the words typed, shown by --explain, off with --no-expand."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from artindex import Index
from artindex.analysis.morphology import Similar
from artindex.cli import main
from artindex.search.expand import Expansion, candidates, expandable, supported
from conftest import make_article

ARTICLES = (
    make_article(
        "care",
        "치매 환자 돌봄 지원 확대",
        "정부는 치매 환자 가족의 돌봄 부담을 줄이기로 했다. 알츠하이머 치료제도 보험에 들어간다.",
    ),
    make_article(
        "drug",
        "알츠하이머 신약 임상 결과",
        "국내 연구진이 만든 알츠하이머 신약이 임상 시험에서 기억력 저하를 늦췄다.",
    ),
    make_article(
        "drug-2",
        "알츠하이머 조기 진단 기술",
        "혈액 한 방울로 알츠하이머 위험을 알아내는 기술이 나왔다.",
    ),
    make_article("walk", "노인 건망증 예방 운동", "걷기 운동이 노인의 건망증 예방에 도움이 된다."),
    make_article("dust", "미세먼지 경보", "오늘 수도권에 미세먼지 경보가 내려졌다."),
    make_article("village", "예르 마을 축제", "예르 마을에서 축제가 열렸다. 버프 공연도 있었다."),
)


def _near(*pairs: tuple[str, float]) -> list[Similar]:
    return [Similar(form, "NNG", score) for form, score in pairs]


def test_a_paraphrase_the_index_supports_finds_more_below_the_typed_word(index: Index):
    """치매 also finds the 알츠하이머 articles, ranked below the article that says 치매."""
    plain = index.search("치매", expand=False)
    expanded = index.search("치매", expand=True)
    assert [h.id for h in plain] == ["care"]
    assert expanded[0].id == "care"
    assert {h.id for h in expanded} == {"care", "drug", "drug-2"}
    assert all(h.score < expanded[0].score for h in expanded[1:])


def test_an_unreliable_neighbourhood_adds_nothing(index: Index):
    """미세먼지 (CoNg's neighbours all near 0.96, such as 예르) finds only its own article."""
    assert [h.id for h in index.search("미세먼지", expand=True)] == ["dust"]


def test_a_neighbour_not_found_with_the_query_words_is_dropped(index: Index):
    """건망증 is near 치매 and in the index, but not in the articles 치매 finds: not added."""
    assert "walk" not in {h.id for h in index.search("치매", expand=True)}


def test_explain_names_the_paraphrase(index: Index):
    """--explain's parts for a hit found by a paraphrase say which typed word it stands for."""
    hit = next(h for h in index.search("치매", explain=True, expand=True) if h.id == "drug")
    parts = [part for part, _ in hit.explain]
    assert "알츠하이머 in body (paraphrase of 치매)" in parts


def test_the_cli_expands_and_no_expand_turns_it_off(index_path: Path):
    """`artindex search 치매 --expand --json` finds 3 articles, plainly or with --no-expand 1;
    the paraphrase is highlighted in the snippet."""
    runner = CliRunner()
    args = ["search", "치매", "--index", str(index_path), "--json"]
    on = json.loads(runner.invoke(main, [*args, "--expand"]).output)
    off = json.loads(runner.invoke(main, [*args, "--no-expand"]).output)
    plain = json.loads(runner.invoke(main, args).output)
    assert (on["total"], off["total"], plain["total"]) == (3, 1, 1)
    drug = next(h for h in on["hits"] if h["id"] == "drug")
    assert [drug["snippet"][a:b] for a, b in drug["highlights"]] == ["알츠하이머"]


def test_long_queries_are_not_expanded():
    """A query of more than three content words, or without a Hangul noun, is left alone."""
    assert expandable(["치매", "환자"])
    assert not expandable(["치매", "환자", "가족", "돌봄"])
    assert not expandable(["dementia"])
    assert candidates(["치매", "환자", "가족", "돌봄"], lambda w: _near(("알츠하이머", 0.7))) == []


def test_candidates_keep_close_neighbours_of_reliable_words():
    """Neighbours above 0.6, in Hangul, not inside the word; none for a crowded neighbourhood."""
    good = _near(
        ("알츠하이머", 0.73), ("치매증", 0.72), ("건망증", 0.7), ("dementia", 0.69),
        *[(f"단어{chr(0xAC00 + i)}", 0.65) for i in range(5)], ("먼단어", 0.5),
    )  # fmt: skip
    crowded = _near(*[(f"이웃{chr(0xAC00 + i)}", 0.96) for i in range(10)])
    found = candidates(["치매"], lambda w: good if w == "치매" else crowded)
    assert [e.similar for e in found][:2] == ["알츠하이머", "건망증"]
    assert "먼단어" not in {e.similar for e in found}
    assert candidates(["미세먼지"], lambda w: crowded) == []


def test_names_are_not_paraphrases():
    """A proper-noun neighbour (another name) is never a candidate; common nouns are."""
    near = [
        Similar("노태우", "NNP", 0.75),
        *_near(*[(f"추징{chr(0xAC00 + i)}", 0.7) for i in range(9)]),
    ]
    found = candidates(["추징금"], lambda w: near)
    assert "노태우" not in {e.similar for e in found} and len(found) == 9


def test_supported_needs_the_index_and_the_first_pass():
    """A candidate is kept if indexed and in three of the best first-pass articles (all, if
    fewer); with no first-pass hit, if in two articles."""
    found = [Expansion("치매", "알츠하이머", 0.73), Expansion("치매", "건망증", 0.72)]
    df = {"알츠하이머": 3, "건망증": 2}.get
    tops = [
        {"치매", "알츠하이머"},
        {"치매", "알츠하이머"},
        {"치매", "알츠하이머", "건망증"},
        {"치매"},
    ]
    kept = supported(found, lambda w: df(w) or 0, tops, True)
    assert [e.similar for e in kept] == ["알츠하이머"]  # 건망증: in one of the best four
    kept = supported(found, lambda w: df(w) or 0, [{"치매", "건망증"}], True)
    assert [e.similar for e in kept] == ["건망증"]  # one article found: it must be in it
    alone = supported(found, lambda w: df(w) or 0, [], False)
    assert [e.similar for e in alone] == ["알츠하이머", "건망증"]
