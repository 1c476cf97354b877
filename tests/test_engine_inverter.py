"""engine/inverter: the writer that inverts documents itself writes the very segment files
Whoosh's own writer writes for the same documents, and falls back to Whoosh when a merge
brings in postings of other segments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from whoosh import formats as wformats
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from artindex.analysis.morphology import morphemes
from artindex.engine import formats as packed
from artindex.engine import inverter
from artindex.engine.schema import document, layout
from artindex.engine.writer import create_index, new_segment_writer, open_index
from artindex.models import Article
from conftest import make_article

SENTENCES = [
    "서울시는 내년부터 대중교통 요금을 인상한다고 밝혔다.",
    "반도체 수출이 석 달 연속 증가했다.",
    "기상청은 이번 주말 전국에 비가 내리겠다고 예보했다.",
    "The central bank kept interest rates unchanged on Thursday.",
    "프로야구 개막전 다섯 경기가 모두 매진됐다.",
    "정부는 소상공인 지원 예산을 늘리기로 했다.",
]


def _articles(count: int) -> list[Article]:
    """``count`` articles; every one mentions 서울, so that term's postings run over several
    blocks of 128, and words repeat within a body so positions and characters have deltas."""
    out = []
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(count):
        body = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 4))
        body = f"서울 {i}번째 소식. {body} 서울 시민 반응도 전했다."
        english = i % 7 == 0
        out.append(
            make_article(
                f"a{i}",
                f"서울 소식 {i}" if not english else f"Seoul news {i}",
                body,
                lang="en" if english else "ko",
                tags=("경제", f"태그{i % 5}"),
                byline=f"기자{i % 3} 기자" if i % 2 else "",
                date=start + timedelta(days=i) if i % 9 else None,
            )
        )
    return out


def _docs(articles: list[Article]) -> list[dict[str, Any]]:
    docs = []
    for article in articles:
        lay = layout(article)
        docs.append(document(article, morphemes(lay.text), lay))
    return docs


def _segment_files(folder: Path, segment_id: str) -> dict[str, bytes]:
    """The segment's files, named without the (random) segment id."""
    return {
        path.name.replace(segment_id, "SEG"): path.read_bytes()
        for path in folder.iterdir()
        if segment_id in path.name
    }


def _write(
    folder: Path, docs: list[dict[str, Any]], *, whoosh: bool, limitmb: int = 256
) -> dict[str, bytes]:
    folder.mkdir()
    create_index(folder)
    ix = open_index(folder)
    if whoosh:
        writer = SegmentWriter(ix, limitmb=256, codec=W3Codec(compression=1))
    else:
        writer = new_segment_writer(ix, limitmb)
    writer.compound = False  # the files themselves, not one file naming them by segment id
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(merge=False)
    (segment,) = open_index(folder)._segments()
    return _segment_files(folder, segment.segment_id())


@pytest.fixture(scope="module")
def docs() -> list[dict[str, Any]]:
    return _docs(_articles(300))


def test_the_segment_files_equal_whoosh_s(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    """Our segment writer produces files byte for byte equal to Whoosh's."""
    ours = _write(tmp_path / "ours", docs, whoosh=False)
    theirs = _write(tmp_path / "whoosh", docs, whoosh=True)
    assert set(ours) == set(theirs) and len(ours) > 4
    for name in sorted(theirs):
        assert ours[name] == theirs[name], f"{name} differs"


def test_postings_past_the_memory_limit_go_to_runs_and_merge_back(
    docs: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a 1 MB limit the 300 documents spill to several runs beside the index (none is
    left behind), and the merged segment is still byte for byte Whoosh's."""
    spills: list[int] = []
    real = inverter.InvertingWriter._spill

    def counted(self: inverter.InvertingWriter) -> None:
        spills.append(self.docnum)
        real(self)

    monkeypatch.setattr(inverter.InvertingWriter, "_spill", counted)
    ours = _write(tmp_path / "ours", docs, whoosh=False, limitmb=1)
    theirs = _write(tmp_path / "whoosh", docs, whoosh=True)
    assert len(spills) >= 2  # two runs and the rest in memory
    assert ours == theirs
    assert not [p for p in (tmp_path / "ours").iterdir() if "run" in p.name]


def test_a_term_spans_several_blocks(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    """The 300 documents give 서울 three blocks of postings, read back in full."""
    _write(tmp_path / "ix", docs, whoosh=False)
    with open_index(tmp_path / "ix").searcher() as searcher:
        assert searcher.doc_frequency("body", "서울") == 300
        assert list(searcher.postings("body", "서울").all_ids()) == list(range(300))


def test_the_writer_inverts_itself(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    """Pre-analyzed fields of every format never reach Whoosh's pool: the writer holds their
    postings itself until the segment is written."""
    (tmp_path / "ix").mkdir()
    create_index(tmp_path / "ix")
    writer = new_segment_writer(open_index(tmp_path / "ix"))
    for doc in docs[:20]:
        writer.add_document(**doc)
    formats = {type(writer.schema[name].format) for name in writer._fields}
    used = formats & set(inverter.INVERTERS)
    assert {packed.PackedCharacters, packed.PackedPositions, wformats.Frequency} <= used
    assert len(writer._fields["body"][b"\xec\x84\x9c\xec\x9a\xb8"].docs) == 20  # 서울
    assert not writer.pool.current and not writer.pool.runs
    writer.cancel()


def test_a_merge_goes_through_whoosh_s_pool(docs: list[dict[str, Any]], tmp_path: Path) -> None:
    """A second write that merges the first segment in gives the same index as writing
    all documents at once."""
    folder = tmp_path / "ix"
    folder.mkdir()
    create_index(folder)
    ix = open_index(folder)
    first = new_segment_writer(ix)
    for doc in docs[:150]:
        first.add_document(**doc)
    first.commit(merge=False)
    second = new_segment_writer(ix)
    for doc in docs[150:]:
        second.add_document(**doc)
    second.commit(optimize=True)
    assert len(open_index(folder)._segments()) == 1
    _write(tmp_path / "whole", docs, whoosh=True)
    with open_index(folder).searcher() as merged, open_index(tmp_path / "whole").searcher() as one:
        assert merged.doc_count() == one.doc_count() == 300
        for field in ("body", "title", "bigram", "f_tag"):
            assert list(merged.lexicon(field)) == list(one.lexicon(field))
            for term in list(one.lexicon(field))[:50]:
                assert merged.doc_frequency(field, term) == one.doc_frequency(field, term)


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 0, 2)],
        [(3, 10, 12), (9, 40, 43), (700, 70_000, 70_004)],
        [(i * 3, i * 10, i * 10 + 2) for i in range(200)],
    ],
)
def test_packed_formats_decode_what_whoosh_formats_decode(
    spans: list[tuple[int, int, int]],
) -> None:
    """Packed positions and spans decode to exactly what Whoosh's pickled ones do, in fewer
    bytes (a one-occurrence span: a third of the size or less)."""
    ours, theirs = packed.PackedCharacters(), wformats.Characters()
    mine, whoosh = ours.encode(spans), theirs.encode(spans)
    for kind in ("characters", "positions", "frequency", "weight", "position_boosts"):
        assert ours.decode_as(kind, mine) == theirs.decode_as(kind, whoosh), kind
    assert len(mine) < len(whoosh)
    positions = [p for p, _, _ in spans]
    pos_ours, pos_theirs = packed.PackedPositions(), wformats.Positions()
    for kind in ("positions", "frequency", "weight"):
        assert pos_ours.decode_as(kind, pos_ours.encode(positions)) == pos_theirs.decode_as(
            kind, pos_theirs.encode(positions)
        )
    if len(spans) == 1:
        assert 3 * len(mine) <= len(whoosh)
