"""Analysis as Whoosh sees it: one analyzer per token stream, replaying tokens computed ahead
(:class:`PreAnalyzed`) or analyzing on the fly (queries parsed by Whoosh's syntax parser)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any

from whoosh.analysis import Analyzer
from whoosh.analysis import Token as WhooshToken

from ..analysis.morphology import Morpheme, Quad, analyze, analyze_morphemes

# Words a query parsed now keeps whole (the index holds them as one word though the analysis
# would split them: 남군, not 남 + 군); set by ``syntax.parse`` around Whoosh's parser.
WHOLE_WORDS: ContextVar[frozenset[str]] = ContextVar("whole_words", default=frozenset())
# How a query parsed now analyzes its text without Kiwi (the word table: see
# analysis/wordtable.py), or None; a text it returns None for goes to Kiwi.
QUERY_MORPHEMES: ContextVar[Callable[[str], list[Morpheme] | None] | None] = ContextVar(
    "query_morphemes", default=None
)


class PreAnalyzed:
    """Tokens computed ahead of indexing; the field analyzer replays them instead of re-running
    Kiwi. Used by the indexer so that analysis can run in parallel with Whoosh's writing."""

    __slots__ = ("tokens",)

    def __init__(self, tokens: Sequence[Quad]) -> None:
        self.tokens = tokens


class ArtindexAnalyzer(Analyzer):  # type: ignore[misc]
    """A Whoosh analyzer for one stream kind (``morph``, ``exact``, ``bigram`` or ``parts``).

    It pickles as its two settings only (Whoosh stores the schema inside the index); Kiwi is
    fetched lazily from the process-wide cache on first use.
    """

    def __init__(self, kind: str, user_dictionary: str = "") -> None:
        if kind not in ("morph", "exact", "bigram", "parts"):
            raise ValueError(f"unknown analyzer kind {kind!r}")
        self.kind = kind
        self.user_dictionary = user_dictionary

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ArtindexAnalyzer)
            and other.kind == self.kind
            and other.user_dictionary == self.user_dictionary
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.user_dictionary))

    def __getstate__(self) -> dict[str, str]:
        return {"kind": self.kind, "user_dictionary": self.user_dictionary}

    def __setstate__(self, state: dict[str, str]) -> None:
        self.kind = state["kind"]
        self.user_dictionary = state.get("user_dictionary", "")

    def stream(self, value: Any, mode: str = "") -> Sequence[Quad]:
        if isinstance(value, PreAnalyzed):
            return value.tokens
        if mode == "query" and self.kind in ("morph", "parts") and value in WHOLE_WORDS.get():
            return [(str(value), 0, 0, len(value))]
        table = QUERY_MORPHEMES.get() if mode == "query" else None
        morphs = table(str(value)) if table is not None else None
        if morphs is not None:
            result = analyze_morphemes(str(value), morphs, query=True)
        else:
            result = analyze(str(value), self.user_dictionary, query=mode == "query")
        stream: Sequence[Quad] = getattr(result, self.kind)
        return stream

    def __call__(
        self,
        value: Any,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:  # Whoosh asks for the raw term (wildcards, ranges): lowercase it only.
            text = str(value).lower()
            token.text, token.boost, token.stopped = text, 1.0, False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(text)
            yield token
            return
        for text, pos, start, end in self.stream(value, mode):
            token.text, token.boost, token.stopped = text, 1.0, False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token
