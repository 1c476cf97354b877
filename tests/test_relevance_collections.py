"""Relevance gate on real collections: a pinned subset of the KorQuAD and Cranfield test
halves, read from ``../shared/data`` at run time (skipped when absent, refused when its digest
changed), must stay at or above the floors in ``relevance_floors.json``.

KorQuAD's questions mostly repeat their paragraph's words whole, so on a plain sample every
ranking scores about the same (morphemes alone lose nothing there). The gate keeps the
questions whose words the paragraph writes differently: of the test-half questions on the
first ``docs`` paragraphs, those with at most ``max_shared`` of their distinct content
morphemes (the tokens ``artindex analyze`` prints) among their paragraph's (title and text).
That is where character bigrams and coordination decide the rank.

The gate is checked against itself: with each ranking feature the floors guard turned off
(``bigram_weight: 0``, ``field_scoring: whoosh``, ``coord: 0``, no English profile) at least
one collection must fall below its floor. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import artindex
from artindex import Article, Index, QueryError, Settings
from artindex.analysis import morphology

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from evallib import data, metrics  # noqa: E402

FLOORS_FILE = Path(__file__).parent / "data" / "relevance_floors.json"
FLOORS: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))

# Each must take a collection below its floor (figures in the comments: at the commit that
# pinned the floors; run with -s to see today's).
ABLATIONS: dict[str, tuple[Callable[[Settings], Settings], str]] = {
    # feature turned off: (settings without it, the collection it shows on)
    "bigram_weight: 0": (lambda s: s.replace(bigram_weight=0.0), "korquad"),  # 0.9212
    "field_scoring: whoosh": (
        lambda s: s.replace(
            field_scoring="whoosh",
            languages={k: {**v, "field_scoring": "whoosh"} for k, v in s.languages.items()},
        ),
        "cranfield",  # 0.3733 (KorQuAD 0.9484, just above its floor)
    ),
    "coord: 0": (lambda s: s.replace(coord=0.0), "korquad"),  # 0.9446
    "no English profile": (lambda s: s.replace(languages={}), "cranfield"),  # 0.3711
}


def _pinned(name: str) -> data.Collection:
    """The collection's pinned subset, or a skip when ../shared is absent."""
    spec = FLOORS[name]
    files = {rel: data.DATA_ROOT / rel for rel in spec["sha256"]}
    if not all(p.is_file() for p in files.values()):
        pytest.skip(f"{name} not found under {data.DATA_ROOT}")
    for rel, path in files.items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest == spec["sha256"][rel], f"{rel} changed: re-pin the gate's subset"
    coll = data.LOADERS[name]()
    docs = coll.docs[: spec["docs"]]
    kept = {d.id for d in docs}
    _, test_half = data.split_halves(coll.queries)
    queries = [q for q in test_half if coll.qrels[q.id] & kept]
    if "max_shared" in spec:
        queries = _rewritten(queries, docs, coll.qrels, spec["max_shared"])
    queries = queries[: spec["queries"]]
    assert len(queries) == spec["queries"], (
        f"{name}: the rule picks {len(queries)} questions, {spec['queries']} pinned: re-pin"
    )
    return data.Collection(name, coll.lang, docs, queries, coll.qrels)


def _content_morphemes(text: str) -> set[str]:
    return {token.text for token in morphology.tokens(text)}


def shared_share(question: str, paragraph: str) -> float:
    """The share of the question's distinct content morphemes found in the paragraph's."""
    asked = _content_morphemes(question)
    return len(asked & _content_morphemes(paragraph)) / len(asked) if asked else 1.0


def _rewritten(
    queries: list[data.Query], docs: list[data.Doc], qrels: dict[str, set[str]], most: float
) -> list[data.Query]:
    """The questions sharing at most ``most`` of their content morphemes with their first
    relevant paragraph in ``docs`` (title and text)."""
    by_id = {d.id: d for d in docs}
    kept = []
    for q in queries:
        doc = by_id[min(qrels[q.id] & by_id.keys())]
        if shared_share(q.text, f"{doc.title}\n{doc.text}") <= most:
            kept.append(q)
    return kept


@pytest.fixture(scope="module")
def collections(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[data.Collection, Path]]:
    out = {}
    for name in ("korquad", "cranfield"):
        coll = _pinned(name)
        path = tmp_path_factory.mktemp(name) / "index"
        articles = (Article(id=d.id, title=d.title, body=d.text, lang=coll.lang) for d in coll.docs)
        artindex.build_articles(articles, path, Settings())
        out[name] = (coll, path)
    return out


def score(coll: data.Collection, path: Path, settings: Settings) -> float:
    """MRR@10 (KorQuAD) or nDCG@10 (Cranfield) of the collection's queries."""
    metric = metrics.reciprocal_rank if coll.name == "korquad" else metrics.ndcg_at
    values = []
    with Index.open(path, settings) as idx:
        for q in coll.queries:
            try:
                ranked = [h.id for h in idx.search(q.text, limit=10, snippets=False)]
            except QueryError:
                ranked = []
            values.append(metric(ranked, coll.qrels[q.id]))
    return sum(values) / len(values)


def below(figures: dict[str, float]) -> list[str]:
    return [n for n, v in figures.items() if v < FLOORS[n]["floor"]]


def test_default_ranking_stays_above_the_floors(
    collections: dict[str, tuple[data.Collection, Path]],
) -> None:
    """Default ranking scores stay above the pinned floors on each collection."""
    figures = {n: score(c, p, Settings()) for n, (c, p) in collections.items()}
    print(f"\ndefault: {_show(figures, collections)}")
    assert not below(figures), f"below the floor: {_show(figures, collections)}"


@pytest.mark.parametrize("ablation", list(ABLATIONS))
def test_gate_fails_without_each_ranking_feature(
    collections: dict[str, tuple[data.Collection, Path]], ablation: str
) -> None:
    """Turning off a feature the gate guards takes a collection below its floor (else the
    gate could not notice the feature breaking)."""
    turn_off, name = ABLATIONS[ablation]
    coll, path = collections[name]
    figures = {name: score(coll, path, turn_off(Settings()))}
    print(f"\n{ablation}: {_show(figures, collections)}")
    assert below(figures), f"{ablation} passes the gate: {_show(figures, collections)}"


def _show(figures: dict[str, float], collections: dict[str, Any]) -> str:
    names = {"korquad": "KorQuAD MRR@10", "cranfield": "Cranfield nDCG@10"}
    return ", ".join(
        f"{names[n]} {v:.4f} (floor {FLOORS[n]['floor']}, {len(collections[n][0].queries)} q)"
        for n, v in figures.items()
    )


@pytest.mark.parametrize(
    ("question", "paragraph", "share"),
    [
        ("창조경제박람회는 대전에서 열렸나?", "창조경제박람회가 대전에서 열렸다.", 1.0),
        ("국회 예산안", "장마가 시작됐다.", 0.0),
    ],
)
def test_shared_share_counts_the_question_morphemes_in_the_paragraph(
    question: str, paragraph: str, share: float
) -> None:
    """The KorQuAD rule's measure: 1 when every content morpheme of the question is in the
    paragraph, 0 when none is."""
    assert shared_share(question, paragraph) == share
