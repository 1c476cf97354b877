"""The analysis cache is read: a forced rebuild of unchanged files makes no Kiwi call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import artindex
from artindex import Settings
from artindex.analysis import morphology as analysis

TEXTS = {
    "expo": "창조경제박람회가 대전컨벤션센터에서 개막했다. 스타트업 320곳이 참가했다.",
    "budget": "국회는 내년도 예산안을 본회의에서 처리했다. 법정 시한을 이틀 넘겼다.",
    "rain": "기상청은 다음 주부터 장마가 시작된다고 밝혔다. 남부 지방에 비가 많겠다.",
}


class CountingKiwi:
    """Kiwi, counting the texts it is asked to analyze."""

    def __init__(self, kiwi: Any) -> None:
        self.kiwi = kiwi
        self.texts = 0

    def tokenize(self, text: Any, *args: Any, **kwargs: Any) -> Any:
        self.texts += 1 if isinstance(text, str) else len(text)
        return self.kiwi.tokenize(text, *args, **kwargs)


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> CountingKiwi:
    counting = CountingKiwi(analysis.get_kiwi())
    monkeypatch.setattr(analysis, "get_kiwi", lambda *args, **kwargs: counting)
    return counting


def test_forced_rebuild_takes_every_analysis_from_the_cache(
    tmp_path: Path, counter: CountingKiwi
) -> None:
    """The first build analyzes each article once; `build --force` of the same files makes
    no Kiwi call; a changed file costs one; without the cache file everything is analyzed
    again (so the counts measure the cache, not something else)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / f"{name}.md").write_text(f"---\ntitle: {name} 소식\n---\n{text}\n", "utf-8")
    ix = tmp_path / "ix"
    settings = Settings()

    def kiwi_calls(**kwargs: Any) -> int:
        before = counter.texts
        artindex.build([corpus], ix, settings, **kwargs)
        return counter.texts - before

    assert kiwi_calls() == len(TEXTS)
    assert kiwi_calls(force=True) == 0
    (corpus / "rain.md").write_text("---\ntitle: rain 소식\n---\n장마가 끝났다.\n", "utf-8")
    assert kiwi_calls() == 1
    (ix / "cache.sqlite").unlink()
    for leftover in ix.glob("cache.sqlite-*"):
        leftover.unlink()
    assert kiwi_calls(force=True) == len(TEXTS)
    with artindex.Index.open(ix, settings) as idx:
        assert [h.path.endswith("rain.md") for h in idx.search("장마")] == [True]


def test_cache_entries_are_packed_and_older_entries_still_read() -> None:
    """An entry round-trips through the packed format in well under the bytes of the older
    marshalled one (stems, overlapping spans and an empty text included), and an entry in the
    older format still reads."""
    import marshal
    import zlib

    from artindex.analysis.morphology import Morpheme
    from artindex.store import decode_morphemes, encode_morphemes

    morphs = [
        Morpheme("창조", "NNG", 0, 2),
        Morpheme("열리", "VV", 14, 16),
        Morpheme("었", "EP", 15, 16),
    ]
    morphs += [
        Morpheme(m.form, m.tag, m.start + 19 * i, m.end + 19 * i)
        for i in range(1, 20)
        for m in morphs[:3]
    ]
    older = zlib.compress(marshal.dumps([tuple(m) for m in morphs]), 1)
    assert decode_morphemes(encode_morphemes(morphs)) == morphs
    assert decode_morphemes(older) == morphs
    assert decode_morphemes(encode_morphemes([])) == []
    assert len(encode_morphemes(morphs)) < len(older)


def test_entries_beside_their_text_store_only_what_differs() -> None:
    """Written with its text, an entry keeps only the forms that differ from the text there
    (열리 for 열렸, 었): it decodes to Kiwi's morphemes with the text, is a miss without it,
    and is smaller than the same entry with every form."""
    from artindex.analysis.morphology import morphemes
    from artindex.store import decode_morphemes, encode_morphemes

    text = "창조경제박람회는 14일 대전에서 열렸다. 관람객이 몰렸다. " * 20
    morphs = morphemes(text)
    beside = encode_morphemes(morphs, text)
    assert decode_morphemes(beside, text) == morphs
    assert decode_morphemes(beside) is None
    assert any(m.form != text[m.start : m.end] for m in morphs)  # contracted forms survive
    assert len(beside) < len(encode_morphemes(morphs))
