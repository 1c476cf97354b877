"""Related articles on KorQuAD: for each paragraph, the share of its 5 related paragraphs that
come from the same Wikipedia article (precision@5), artindex's ``Index.similar`` against Whoosh's
own ``more_like`` on the same index.

Paragraphs are indexed without their article's title (every paragraph of an article shares it,
which would make the task trivial for both systems); a paragraph whose article has no other
paragraph is skipped.

    .venv/bin/python scripts/eval_similar.py [--stride N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evallib.data import Collection, load_korquad

K = 5


def article_of(doc_id: str) -> str:
    return doc_id.split("-")[0]


def build(coll: Collection, path: Path) -> None:
    from artindex import indexer, models
    from artindex.settings import Settings

    if (path / "manifest.json").exists():
        return
    started = time.perf_counter()
    articles = (models.Article(id=d.id, title="", body=d.text, lang="ko") for d in coll.docs)
    indexer.build_articles(articles, path, Settings())
    print(
        f"  built: {len(coll.docs)} paragraphs in {time.perf_counter() - started:.0f}s",
        file=sys.stderr,
    )


def precision(ids: Sequence[str], doc_id: str) -> float:
    same = sum(article_of(i) == article_of(doc_id) for i in ids[:K] if i != doc_id)
    return same / K


def evaluate(name: str, docs: list[str], related: Callable[[str], list[str]]) -> str:
    started = time.perf_counter()
    scores = [precision(related(d), d) for d in docs]
    seconds = time.perf_counter() - started
    mean = sum(scores) / len(scores)
    line = f"| {name} | {len(docs)} | {mean:.3f} | {1000 * seconds / len(docs):.1f} |"
    print(line, file=sys.stderr)
    return line


def whoosh_more_like(idx: Any, numterms: int) -> Callable[[str], list[str]]:
    searcher = idx._searcher  # the same open Whoosh searcher artindex uses

    def related(doc_id: str) -> list[str]:
        docnum = searcher.document_number(id=doc_id)
        hits = searcher.more_like(docnum, "body", top=K + 1, numterms=numterms)
        return [h["id"] for h in hits if h["id"] != doc_id][:K]

    return related


def main(argv: list[str] | None = None) -> int:
    from artindex import Index, Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stride", type=int, default=1, help="every Nth paragraph only")
    parser.add_argument("--keep", default="", help="build (or reuse) the index in this dir")
    args = parser.parse_args(argv)
    command = " ".join(["python scripts/eval_similar.py", *(argv or sys.argv[1:])])
    print(f"`{command}` on {platform.python_implementation()} {platform.python_version()}\n")
    coll = load_korquad()
    sizes = Counter(article_of(d.id) for d in coll.docs)
    docs = [d.id for d in coll.docs if sizes[article_of(d.id)] > 1][:: args.stride]
    ceiling = sum(min(K, sizes[article_of(d)] - 1) / K for d in docs) / len(docs)
    lines = [
        f"### Related paragraphs, KorQuAD 1.0 dev: {len(docs)} paragraphs of "
        f"{len(sizes)} articles (best possible P@{K}: {ceiling:.3f})",
        "",
        f"| system | paragraphs | P@{K} same article | ms per paragraph |",
        "| --- | --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory(prefix="eval-similar-") as tmp:
        path = Path(args.keep or tmp) / "korquad-bodies"
        build(coll, path)
        with Index.open(path, Settings()) as idx:
            lines.append(
                evaluate(
                    "Whoosh more_like (Bo1, 5 terms: its default)", docs, whoosh_more_like(idx, 5)
                )
            )
            lines.append(
                evaluate("Whoosh more_like (Bo1, 25 terms)", docs, whoosh_more_like(idx, 25))
            )
            lines.append(
                evaluate(
                    "**artindex Index.similar**",
                    docs,
                    lambda d: [h.id for h in idx.similar(d, limit=K)],
                )
            )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
