"""Snippets cut from the stored body around the matched words, with highlight offsets.

Match offsets come from the character positions stored in the index's postings, so the analyzer
never runs again at search time, and each highlight slices exactly the characters that matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..text.hangul import SYLLABLE_RE

if TYPE_CHECKING:
    from ..engine.view import Searcher

Span = tuple[int, int]

_SPACE = re.compile(r"\s+")
_HANGUL = SYLLABLE_RE  # a word with a syllable is cut into bigrams


def match_spans(
    searcher: Searcher, docnum: int, fieldname: str, terms: Iterable[str]
) -> list[Span]:
    """Character spans of ``terms`` in one document's field, read from the postings."""
    spans: list[Span] = []
    for term in terms:
        try:
            postings = searcher.postings(fieldname, term)
        except Exception:  # the term is not in this index (Whoosh raises TermNotFound)
            continue
        if not postings.is_active():
            continue
        postings.skip_to(docnum)
        if postings.is_active() and postings.id() == docnum:
            spans.extend((start, end) for _, start, end in postings.value_as("characters"))
    return sorted(set(spans))


def match_spans_of(
    searcher: Searcher, docnums: Iterable[int], fieldname: str, terms: Iterable[str]
) -> dict[int, list[Span]]:
    """:func:`match_spans` for several documents (a page of hits): each term's postings are
    opened once and walked through the documents in order, not opened again per hit."""
    wanted = sorted(set(docnums))
    found: dict[int, set[Span]] = {d: set() for d in wanted}
    reader = searcher.reader()  # the reader's postings carry no scorer: nothing to set up
    for term in terms:
        try:
            postings = reader.postings(fieldname, term)
        except Exception:  # the term is not in this index (Whoosh raises TermNotFound)
            continue
        for docnum in wanted:
            if not postings.is_active():
                break
            if postings.id() < docnum:
                postings.skip_to(docnum)
                if not postings.is_active():
                    break
            if postings.id() == docnum:
                found[docnum].update((a, b) for _, a, b in postings.value_as("characters"))
    return {d: sorted(spans) for d, spans in found.items()}


def surface_spans(text: str, words: Iterable[str], limit: int = 20) -> list[Span]:
    """Where Hangul query words occur inside longer words of ``text`` (a compound matched only
    through its bigrams has no posting of its own to take offsets from)."""
    spans: list[Span] = []
    for word in words:
        if len(word) < 2 or not _HANGUL.search(word):
            continue
        start = text.find(word)
        while start >= 0 and len(spans) < limit:
            spans.append((start, start + len(word)))
            start = text.find(word, start + len(word))
    return sorted(set(spans))


def best_window(spans: Sequence[Span], length: int) -> tuple[int, int]:
    """The start and end of a ``length``-character window holding the most distinct matches."""
    if not spans:
        return 0, length
    best = (0, -1, spans[0][0])  # (distinct count, -matches, start)
    j = 0
    for i, (start, _) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] <= start + length:
            j += 1
        score = (j - i + 1, -i, start)
        if score[0] > best[0]:
            best = score
    start = best[2]
    return start, start + length


def make_snippet(text: str, spans: Sequence[Span], length: int = 200) -> tuple[str, list[Span]]:
    """Cut a snippet of about ``length`` characters around the densest group of ``spans``,
    collapsing whitespace, and return it with the spans re-based onto it."""
    lo, hi = best_window(spans, length)
    if spans:
        lead = min(length // 4, lo)  # some context before the first match
        lo, hi = lo - lead, hi - lead
    lo = _word_start(text, max(0, lo))
    hi = _word_end(text, min(len(text), hi))
    pieces: list[str] = []
    mapping: list[int] = []  # snippet index of each original offset in [lo, hi]
    prefix = "…" if lo > 0 else ""
    out_len = len(prefix)
    pos = lo
    for m in _SPACE.finditer(text, lo, hi):
        chunk = text[pos : m.start()]
        for _ in range(len(chunk)):
            mapping.append(out_len)
            out_len += 1
        pieces.append(chunk)
        for _ in range(m.end() - m.start()):
            mapping.append(out_len)
        if pieces and out_len > len(prefix):
            pieces.append(" ")
            out_len += 1
        pos = m.end()
    chunk = text[pos:hi]
    for _ in range(len(chunk)):
        mapping.append(out_len)
        out_len += 1
    pieces.append(chunk)
    mapping.append(out_len)
    body = "".join(pieces)
    if body.endswith(" "):
        body = body.rstrip(" ")
    snippet = prefix + body + ("…" if hi < len(text) else "")
    highlights = [
        (mapping[s - lo], mapping[e - lo])
        for s, e in spans
        if s >= lo and e <= hi and mapping[s - lo] < mapping[e - lo]
    ]
    return snippet, highlights


def _word_start(text: str, pos: int, reach: int = 20) -> int:
    """Move ``pos`` back to the start of its word (at most ``reach`` characters)."""
    limit = max(0, pos - reach)
    while pos > limit and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _word_end(text: str, pos: int, reach: int = 20) -> int:
    """Move ``pos`` forward to the end of its word (at most ``reach`` characters)."""
    limit = min(len(text), pos + reach)
    while pos < limit and not text[pos].isspace():
        pos += 1
    return pos


def bigram_spans(text: str, grams: Iterable[str], limit: int = 40) -> list[Span]:
    """Where the query's Hangul bigrams occur in ``text``, overlapping ones merged: the
    highlight of a document matched only through bigrams (``박람`` + ``람회`` → ``박람회``)."""
    found: list[Span] = []
    for gram in grams:
        start = text.find(gram)
        while start >= 0 and len(found) < limit * 4:
            found.append((start, start + len(gram)))
            start = text.find(gram, start + 1)
    merged: list[Span] = []
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged[:limit]


def _latin_word_end(text: str, pos: int) -> int:
    """A Latin stem's match carried to the end of its word (``runner`` → ``Runners``); Hangul
    stops where the word did (``통신`` in ``통신은``: the particle is no match)."""
    if pos == 0 or not text[pos - 1].isascii():
        return pos
    while pos < len(text) and text[pos].isascii() and text[pos].isalpha():
        pos += 1
    return pos


def title_spans(title: str, words: Iterable[str], grams: Iterable[str]) -> list[Span]:
    """Spans of a title to highlight: the query's words of two or more characters as written
    there (case-insensitive), else its bigrams."""
    lowered = title.lower()
    spans: list[Span] = []
    for word in words:
        if len(word) < 2:  # one syllable or letter found anywhere says little
            continue
        start = lowered.find(word.lower())
        while start >= 0:
            spans.append((start, _latin_word_end(title, start + len(word))))
            start = lowered.find(word.lower(), start + len(word))
    if not spans:
        return bigram_spans(title, grams)
    merged: list[Span] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
