"""Compound matching on KorQuAD paragraphs: how precisely and completely short nouns are found
when searched plain (``예산``), quoted (``"예산"``) and required (``+예산``), with compounds
matched by Hangul bigrams (``compound_match: bigrams``, artindex before issue 20) and by
compound parts that agree with morpheme boundaries (``compound_match: parts``, the default),
on one index, in one run.

    .venv/bin/python scripts/eval_compound.py [--nouns 200] [--seed 20] [--keep DIR]

**Nouns.** Every NNG/NNP morpheme of 2-3 Hangul syllables that Kiwi finds in the paragraphs
and that occurs, as a string, in at least 2 paragraphs. Two sets are drawn with ``--seed``:
*random* (``--nouns`` of them, the probe the targets are set on) and *ambiguous* (up to half as
many among the nouns that straddle a morpheme boundary somewhere, the hard cases).

**The rule for a true hit.** Each paragraph (title and text, analyzed in one Kiwi pass as the
index does) is true for a noun when the noun occurs in it as one of Kiwi's morphemes (with
that form: a verb stem written alike counts, the contraction 대해 of 대하 + 어 does not), as a
piece inside one noun (``예산`` of ``예산안``), or as a part of a run of nouns whose ends fall
on morpheme boundaries (``경제`` of ``창조|경제|박람회``). It is false otherwise: when every
occurrence straddles a boundary without starting and ending on one (``대전`` of ``휴대|전화``,
``장성`` of ``성장|성``), sits inside a word that is no noun (``유감`` of the adverb
``유감없이``), or when the noun does not occur in it at all. Recall is over the true
paragraphs; precision over the paragraphs returned; both are pooled over the nouns.

The data is read in place from ``../shared/data`` (``ARTINDEX_EVAL_DATA``); KorQuAD's text is
never written out (the index lives in a temporary directory unless ``--keep`` is given).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evallib import artindex_run
from evallib.data import Collection, load_korquad

FORMS = {"plain": "{}", "quoted": '"{}"', "required": "+{}"}
MODES = ("bigrams", "parts")  # before issue 20, after
NOUN_TAGS = ("NNG", "NNP")


def _noun(tag: str) -> bool:
    return tag[0] == "N" or tag == "XR"


def _hangul(word: str) -> bool:
    return all("\uac00" <= c <= "\ud7a3" for c in word)


@dataclass
class Truth:
    """Per noun: the paragraphs holding it as such (true) and those holding it only across a
    morpheme boundary (straddling)."""

    true: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    straddling: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def analyzed(coll: Collection) -> dict[str, tuple[str, list[Any]]]:
    """Each paragraph's text as the index lays it out, with its Kiwi morphemes."""
    from artindex.analysis.morphology import morphemes_many
    from artindex.engine.schema import layout
    from artindex.models import Article

    texts = [
        layout(Article(id=d.id, title=d.title, body=d.text, lang=coll.lang)).text for d in coll.docs
    ]
    morphs = morphemes_many(texts, num_workers=2)
    return {d.id: (t, m) for d, t, m in zip(coll.docs, texts, morphs, strict=True)}


def as_such(text: str, morphs: Sequence[Any], start: int, end: int) -> bool:
    """Whether the occurrence ``text[start:end]`` is a morpheme, a piece inside one, or a
    boundary-aligned part of a run of nouns (the rule in the module docstring)."""
    word = text[start:end]
    overlapping = [m for m in morphs if m.start < end and start < m.end]
    if any((m.start, m.end, m.form) == (start, end, word) for m in overlapping):
        return True  # the morpheme itself (a noun, or a verb stem written alike)
    if any(
        m.start <= start and end <= m.end and _noun(m.tag) and m.form == text[m.start : m.end]
        for m in overlapping
    ):
        return True  # a piece inside one noun (예산 of 예산안)
    cuts = {m.start for m in morphs} | {m.end for m in morphs}
    nouns = all(_noun(m.tag) for m in overlapping)
    return start in cuts and end in cuts and nouns


def truth_for(nouns: Sequence[str], docs: dict[str, tuple[str, list[Any]]]) -> Truth:
    truth = Truth()
    for doc_id, (text, morphs) in docs.items():
        for noun in nouns:
            at = text.find(noun)
            if at < 0:
                continue
            found = False
            while at >= 0 and not found:
                found = as_such(text, morphs, at, at + len(noun))
                at = text.find(noun, at + 1)
            (truth.true if found else truth.straddling)[noun].add(doc_id)
    return truth


def pick_nouns(
    docs: dict[str, tuple[str, list[Any]]], count: int, seed: int
) -> tuple[list[str], list[str]]:
    """The random and the ambiguous noun sets (see the module docstring)."""
    forms: set[str] = set()
    for text, morphs in docs.values():
        for m in morphs:
            word = text[m.start : m.end]
            if m.tag in NOUN_TAGS and 2 <= len(word) <= 3 and _hangul(word) and m.form == word:
                forms.add(word)
    texts = [text for text, _ in docs.values()]
    common = sorted(w for w in forms if sum(1 for t in texts if w in t) >= 2)
    rng = random.Random(seed)
    chosen = rng.sample(common, min(count, len(common)))
    # ambiguous: among the rest, nouns with a straddling occurrence somewhere
    rest = [w for w in common if w not in set(chosen)]
    rng.shuffle(rest)
    ambiguous: list[str] = []
    for start in range(0, len(rest), 200):
        batch = rest[start : start + 200]
        straddled = truth_for(batch, docs).straddling
        ambiguous.extend(w for w in batch if straddled.get(w))
        if len(ambiguous) >= count // 2:
            break
    return chosen, ambiguous[: count // 2]


def search_all(path: Path, mode: str, nouns: Sequence[str]) -> dict[tuple[str, str], set[str]]:
    """The paragraph ids each (form, noun) finds with ``compound_match`` = ``mode``."""
    from artindex.api import Index
    from artindex.errors import QueryError

    settings = artindex_run.default_settings().replace(compound_match=mode)
    found: dict[tuple[str, str], set[str]] = {}
    with Index.open(path, settings) as idx:
        for form, pattern in FORMS.items():
            for noun in nouns:
                try:
                    result = idx.search(
                        pattern.format(noun), limit=2000, snippets=False, collapse=False,
                        correct=False,
                    )  # fmt: skip
                    found[(form, noun)] = {hit.id for hit in result.hits}
                except QueryError:
                    found[(form, noun)] = set()
    return found


def scores(
    found: dict[tuple[str, str], set[str]], truth: Truth, form: str, nouns: Sequence[str]
) -> tuple[float, float, int, int]:
    """Pooled precision and recall, false hits, and nouns with a false hit."""
    hits = right = relevant = noisy = 0
    for noun in nouns:
        got, true = found[(form, noun)], truth.true.get(noun, set())
        hits += len(got)
        right += len(got & true)
        relevant += len(true)
        noisy += bool(got - true)
    precision = right / hits if hits else 1.0
    recall = right / relevant if relevant else 1.0
    return precision, recall, hits - right, noisy


def index_figures(path: Path) -> str:
    """Tokens of the bigram and parts fields and the size of the generation on disk."""
    from whoosh import index as whoosh_index

    gen = path / json.loads((path / "manifest.json").read_text())["generation"]
    size = sum(f.stat().st_size for f in gen.rglob("*") if f.is_file())
    ix = whoosh_index.open_dir(str(gen))
    with ix.reader() as reader:
        counts = {name: reader.field_length(name) for name in ("body", "bigram", "parts")}
    return (
        f"index: {size / 1e6:.1f} MB on disk; tokens: body {counts['body']:,}, "
        f"bigram {counts['bigram']:,}, parts {counts['parts']:,}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nouns", type=int, default=200, help="random nouns (default 200)")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--keep", default="", help="build the index here and keep it")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    coll = load_korquad()
    with tempfile.TemporaryDirectory(prefix="artindex-compound-") as tmp:
        path = Path(args.keep or tmp) / "korquad"
        built = ""
        if not (path / "manifest.json").exists():
            built = f"built in {artindex_run.build(coll, path):.1f}s; "
        docs = analyzed(coll)
        chosen, ambiguous = pick_nouns(docs, args.nouns, args.seed)
        truth = truth_for(sorted({*chosen, *ambiguous}), docs)
        runs = {mode: search_all(path, mode, [*chosen, *ambiguous]) for mode in MODES}
        figures = index_figures(path)

    print("## Compound matching (KorQuAD dev paragraphs)\n")
    print(f"{len(coll.docs)} paragraphs; {built}{figures}\n")
    print(
        "| nouns | form | precision before | recall before | precision after | recall after "
        "| false hits before → after | nouns with a false hit before → after |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, nouns in (
        (f"random ({len(chosen)})", chosen),
        (f"ambiguous ({len(ambiguous)})", ambiguous),
    ):
        for form in FORMS:
            p0, r0, f0, n0 = scores(runs["bigrams"], truth, form, nouns)
            p1, r1, f1, n1 = scores(runs["parts"], truth, form, nouns)
            print(
                f"| {label} | {form} | {p0:.3f} | {r0:.3f} | {p1:.3f} | {r1:.3f} "
                f"| {f0} → {f1} | {n0} → {n1} |"
            )
    print(
        "\nbefore: `compound_match: bigrams` (any shared Hangul syllable pair matches a plain "
        "query; quoted and required forms search whole morphemes only); after: `compound_match: "
        "parts` (the default). Targets on the random nouns: plain precision ≥ 0.95 with recall "
        "≥ 0.98; quoted and required recall ≥ 0.98."
    )
    print(f"\n_total run time: {time.perf_counter() - started:.0f}s_")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
