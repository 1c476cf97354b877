"""Entity precision and quote-speaker accuracy, judged by hand.

Extracts people, organisations, places and quotes (as indexing does: ``schema.layout``, Kiwi,
``extract_entities``, ``extract_quotes``) from the 30 real news pages
(``../shared/data/ko-news-pages/txt``, parsed by artindex) and from KorQuAD 1.0 dev paragraphs,
samples them reproducibly, and either prints the sample for judging or scores it against the
recorded verdicts (``scripts/entities_judgments.tsv``: item id and 1/0 only, no page text).

    .venv/bin/python scripts/eval_entities.py --seed 23 --show          # print items to judge
    .venv/bin/python scripts/eval_entities.py --seed 23                 # precision per type
    .venv/bin/python scripts/eval_entities.py --seed 23 --per-type 40 --quotes 100

An entity is right when it is a real person (an organisation, a place) named by that string in
its text; a quote's speaker is right when it is the person the sentence names as saying it, or
empty when the sentence names no one (a wrong name and a missed named speaker are both wrong).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import artindex
from artindex.analysis.entities import extract_entities, places_gazetteer
from artindex.analysis.morphology import morphemes_many
from artindex.analysis.quotes import extract_quotes
from artindex.engine.schema import layout

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
PAGES = DATA / "ko-news-pages" / "txt"
KORQUAD = DATA / "korquad-v1-dev" / "KorQuAD_v1.0_dev.json"
JUDGMENTS = HERE / "entities_judgments.tsv"
KINDS = ("people", "orgs", "places")


@dataclass(frozen=True, slots=True)
class Item:
    id: str  # stable: document, kind, value (names only)
    kind: str  # people, orgs, places, quote
    value: str
    context: str  # shown for judging, never written anywhere


def documents(korquad_paragraphs: int, seed: int) -> list[tuple[str, artindex.Article]]:
    """(doc id, article): every page, then a seeded sample of KorQuAD paragraphs."""
    docs: list[tuple[str, artindex.Article]] = []
    for path in sorted(PAGES.glob("*.txt")):
        for article in artindex.parse_file(path):
            docs.append((f"page:{path.stem}", article))
    data = json.loads(KORQUAD.read_text("utf-8"))["data"]
    paragraphs = [
        (f"kq:{a['title']}:{i}", a["title"], p["context"])
        for a in data
        for i, p in enumerate(a["paragraphs"])
    ]
    for doc_id, title, context in random.Random(seed).sample(paragraphs, korquad_paragraphs):
        docs.append((doc_id, artindex.Article(id=doc_id, title=title, body=context)))
    return docs


def extract(docs: list[tuple[str, artindex.Article]]) -> tuple[list[Item], list[Item]]:
    lays = [layout(a) for _, a in docs]
    analyses = morphemes_many([lay.text for lay in lays])
    entities: list[Item] = []
    quotes: list[Item] = []
    for (doc_id, _), lay, morphs in zip(docs, lays, analyses, strict=True):
        found = extract_entities(lay.text, morphs, (lay.bounds["title"], lay.bounds["body"]))
        for kind in KINDS:
            for value in getattr(found, kind):
                shown = _around(lay.text, value, kind)
                entities.append(Item(f"{doc_id}|{kind}|{value}", kind, value, shown))
        body_lo = lay.bounds["body"][0]
        for n, q in enumerate(extract_quotes(lay.text, morphs, lay.bounds["body"])):
            end = lay.text.find("\n", q.start + len(q.text))
            end = len(lay.text) if end < 0 else min(end, q.start + len(q.text) + 100)
            shown = lay.text[max(body_lo, q.start - 200) : end].replace("\n", " / ")
            speaker = f"{q.speaker}/{q.title}" if q.speaker else "-"
            quotes.append(Item(f"{doc_id}|q{n}|{speaker}", "quote", speaker, shown))
    return entities, quotes


def _around(text: str, value: str, kind: str, width: int = 60) -> str:
    """The text around the first written form of ``value`` (a place under any of its names)."""
    forms = [value]
    if kind == "places":
        forms += [f for f, c in places_gazetteer().items() if c == value and f != value]
    found = [(text.find(f), f) for f in forms if text.find(f) >= 0]
    if not found:
        return ""
    at, form = min(found)
    return text[max(0, at - width) : at + len(form) + width].replace("\n", " ")


def sample(entities: list[Item], quotes: list[Item], per_type: int, n_quotes: int, seed: int
           ) -> list[Item]:  # fmt: skip
    rng = random.Random(seed)
    picked: list[Item] = []
    for kind in KINDS:
        pool = [e for e in entities if e.kind == kind]
        picked += rng.sample(pool, min(per_type, len(pool)))
    picked += rng.sample(quotes, min(n_quotes, len(quotes)))
    return picked


def load_judgments() -> dict[str, int]:
    verdicts: dict[str, int] = {}
    if JUDGMENTS.exists():
        for line in JUDGMENTS.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                item_id, verdict = line.rsplit("\t", 1)
                verdicts[item_id] = int(verdict)
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--per-type", type=int, default=40, help="entities sampled per type")
    parser.add_argument("--quotes", type=int, default=100, help="quotes sampled")
    parser.add_argument("--korquad", type=int, default=150, help="KorQuAD paragraphs read")
    parser.add_argument("--show", action="store_true", help="print the sample to judge")
    args = parser.parse_args()

    docs = documents(args.korquad, args.seed)
    entities, quotes = extract(docs)
    picked = sample(entities, quotes, args.per_type, args.quotes, args.seed)
    print(f"{len(docs)} documents; extracted " + ", ".join(
        f"{kind} {n}" for kind, n in Counter(e.kind for e in entities + quotes).items()
    ) + f"; sampled {len(picked)} (seed {args.seed})")  # fmt: skip
    if args.show:
        verdicts = load_judgments()
        for item in picked:
            mark = verdicts.get(item.id, "?")
            print(f"{mark}\t{item.id}\n\t{item.context}")
        return 0
    verdicts = load_judgments()
    print("\n| type | judged | right | precision |\n| --- | ---: | ---: | ---: |")
    for kind in (*KINDS, "quote"):
        judged = [verdicts[i.id] for i in picked if i.kind == kind and i.id in verdicts]
        total = sum(1 for i in picked if i.kind == kind)
        share = f"{sum(judged) / len(judged):.3f}" if judged else "-"
        label = "quote speaker" if kind == "quote" else kind
        print(f"| {label} | {len(judged)}/{total} | {sum(judged)} | {share} |")
    named = [i for i in picked if i.kind == "quote" and i.value != "-" and i.id in verdicts]
    if named:
        right = sum(verdicts[i.id] for i in named)
        print(f"\nquotes given a speaker: {len(named)}, of them right {right / len(named):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
