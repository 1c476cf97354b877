"""Tokenizers for the baselines: words, character bigrams, stemmed English, Kiwi morphemes."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Sequence

from whoosh.analysis import STOP_WORDS
from whoosh.lang import stemmer_for_language

_WORD = re.compile(r"\w+")

# Kiwi tags kept as "content" morphemes: nouns (general, proper, bound), numerals, verb and
# adjective stems, roots, general adverbs, and foreign / hanja / number tokens.
KIWI_CONTENT_TAGS = frozenset(
    {"NNG", "NNP", "NNB", "NR", "VV", "VA", "XR", "MAG", "SL", "SH", "SN"}
)


def words(text: str) -> list[str]:
    """Lower-cased ``\\w+`` runs: whitespace words with punctuation stripped (eojeol in Korean)."""
    return _WORD.findall(text.lower())


def char_bigrams(text: str) -> list[str]:
    """Character bigrams inside each word; a one-character word is kept whole."""
    out: list[str] = []
    for w in words(text):
        if len(w) == 1:
            out.append(w)
        else:
            out.extend(w[i : i + 2] for i in range(len(w) - 1))
    return out


_snowball = stemmer_for_language("en")


def snowball_words(text: str) -> list[str]:
    """English: lower-cased words minus Whoosh's stop words, Snowball (Porter2) stemmed."""
    return [_snowball(w) for w in words(text) if w not in STOP_WORDS]


class KiwiMorphemes:
    """Kiwi content morphemes, analyzed in batches and cached by text for the whole run."""

    def __init__(self, workers: int = 2) -> None:
        from kiwipiepy import Kiwi

        self._kiwi = Kiwi(num_workers=workers)
        self._cache: dict[str, list[str]] = {}

    def analyze(self, texts: Sequence[str], label: str = "") -> list[list[str]]:
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            started = time.perf_counter()
            for text, tokens in zip(todo, self._kiwi.tokenize(todo), strict=True):
                self._cache[text] = [
                    t.form.lower() for t in tokens if t.tag.split("-")[0] in KIWI_CONTENT_TAGS
                ]
            took = time.perf_counter() - started
            print(f"  kiwi: analyzed {len(todo)} {label} texts in {took:.1f}s", file=sys.stderr)
        return [self._cache[t] for t in texts]
