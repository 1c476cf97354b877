"""Direct quotations and their speakers (a pure function of the text and its Kiwi analysis).

A direct quote is a span in “…”, "…" or 「…」 followed by a quotative ending (``…"라고``,
``…"고``, ``…"며``, ``…"라면서``): ``"시장이 어렵다"고 말했다`` is speech, ``‘대란’은`` or a
title in quotes is not. Its speaker is a person named with a title in the same sentence and
marked as its subject (``류더 부회장은 "…"고 말했다``, ``"…"라고 김민수 장관이 밝혔다``); a
surname alone (``김 장관은``) is resolved to the one earlier full name with that surname and
title. A sentence that only continues the previous one's speech (``이어 "…"고 덧붙였다``,
``그는 "…"라고 말했다`` right after a quote of one speaker) keeps that speaker. Anything less
certain leaves the speaker empty: no speaker rather than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .entities import Mention, bare_mentions, mentions, words_of
from .morphology import Morpheme

PAIRS = {"“": "”", '"': '"', "「": "」"}
MAX_QUOTE = 1000  # characters; a longer "quote" is an unmatched mark
QUOTATIVE = re.compile(
    r"\s?(?:이?라고|이?라며|이?라면서|(?:고|며|면서)(?![가-힣])"
    r"|고(?=말|밝|강조|전했|설명|당부|덧붙|지적|주장|답|물었|언급|호소|촉구|토로|비판|우려|평가))"
)
SUBJECT = frozenset({"은", "는", "이", "가", "께서", "도"})
TOPIC = frozenset({"은", "는", "도"})
# What may stand before a quote that continues the previous sentence's speech.
CONTINUES = re.compile(
    r"^(?:(?:그는|그녀는|이어|이어서|그러면서|또|또한|아울러|특히|다만|이와\s함께|이에\s대해)"
    r"[\s,]*)*$"
)
SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quotation: its words, and its speaker's name and title (both empty when the
    sentence names no speaker with certainty)."""

    text: str
    speaker: str = ""
    title: str = ""
    start: int = field(default=-1, compare=False)  # offset of the opening mark; not stored

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "speaker": self.speaker, "title": self.title}

    @classmethod
    def from_stored(cls, value: Any) -> Quote:
        text, speaker, title = [*list(value), "", "", ""][:3]
        return cls(str(text), str(speaker), str(title))


def quote_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every quoted span, marks included, within one line each."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        close = PAIRS.get(text[i])
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1, i + 1 + MAX_QUOTE)
        if j < 0 or "\n" in text[i:j]:
            i += 1
            continue
        spans.append((i, j + 1))
        i = j + 1
    return spans


def extract_quotes(
    text: str, morphs: Sequence[Morpheme], span: tuple[int, int] | None = None
) -> list[Quote]:
    """The direct quotes of ``text`` (inside ``span`` when given: an article's body), with their
    speakers; ``morphs`` are Kiwi's morphemes of ``text``."""
    lo, hi = span if span is not None else (0, len(text))
    part = text[lo:hi]
    shifted = [
        Morpheme(m.form, m.tag, m.start - lo, m.end - lo)
        for m in morphs
        if lo <= m.start and m.end <= hi
    ]
    spans = quote_spans(part)
    words = words_of(part, shifted)
    people = mentions(part, shifted, words)
    people += bare_mentions(part, shifted, {m.name: m.title for m in people if m.name}, words)
    people.sort(key=lambda m: m.start)
    quotes: list[Quote] = []
    previous: tuple[int, Quote] | None = None  # the last quote's sentence end and quote
    for qs, qe in spans:
        if not QUOTATIVE.match(part, qe):
            continue
        inner = " ".join(part[qs + 1 : qe - 1].split())
        if len(inner) < 4:
            continue
        left, right = _sentence(part, spans, qs, qe)
        speaker = _speaker(part, spans, people, left, qs, qe, right)
        if speaker is None and previous is not None and previous[1].speaker:
            outside = _outside(part, spans, left, qs).strip()
            alone = not any(left <= m.start < right for m in people)
            adjacent = not part[previous[0] : left].strip(" .!?\n")
            if adjacent and CONTINUES.match(outside) and alone:
                speaker = Mention(previous[1].speaker, previous[1].title, 0, 0)
        start = qs + lo
        quote = (
            Quote(inner, speaker.name, speaker.title, start)
            if speaker
            else Quote(inner, start=start)
        )
        quotes.append(quote)
        previous = (right, quote)
    return quotes


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


def _sentence(text: str, spans: list[tuple[int, int]], qs: int, qe: int) -> tuple[int, int]:
    """The sentence around a quote: from the last sentence end before it to the next after it,
    ignoring ends inside quotes."""
    left = 0
    for m in SENTENCE_END.finditer(text, 0, qs):
        if not _inside(spans, m.start()):
            left = m.end()
    right = len(text)
    for m in SENTENCE_END.finditer(text, qe):
        if not _inside(spans, m.start()):
            right = m.start()
            break
    while left < qs and text[left].isspace():
        left += 1
    return left, right


def _outside(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    return "".join(c for i, c in enumerate(text[lo:hi], lo) if not _inside(spans, i))


def _speaker(
    text: str,
    spans: list[tuple[int, int]],
    people: list[Mention],
    left: int,
    qs: int,
    qe: int,
    right: int,
) -> Mention | None:
    """The subject-marked person after the quote (``"…"라고 김 장관이``), else the nearest one
    before it in its sentence; a surname alone resolved, or None."""
    subjects = [m for m in people if m.particle in SUBJECT and not _inside(spans, m.start)]
    after = [m for m in subjects if qe <= m.start < right]
    # before the quote the speaker is the topic (김 장관은 "…"); a subject marked 이/가 there
    # is usually the quote's own (정 기자는 유아인이 "…"고 분석했다)
    before = [m for m in subjects if left <= m.start < qs and m.particle in TOPIC]
    chosen = after[0] if after else before[-1] if before else None
    if chosen is None:
        return None
    if chosen.name:
        return chosen
    return _resolve(people, chosen)


def _resolve(people: list[Mention], partial: Mention) -> Mention | None:
    """``김 장관`` as the one full name before it with that surname and title."""
    names = {
        m.name
        for m in people
        if m.name
        and m.start < partial.start
        and m.title == partial.title
        and m.name.startswith(partial.surname)
        and " " not in m.name
    }
    if len(names) != 1:
        return None
    return Mention(names.pop(), partial.title, partial.start, partial.end, partial.particle)
