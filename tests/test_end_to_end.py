"""Whole-pipeline cases from the ingestion issue: legacy encodings and NFD text are indexed and
found by ordinary Korean queries, with highlights on the NFC text."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import artindex
from artindex.normalize import hamming, simhash

PAGES = Path(__file__).parent / "fixtures" / "pages"


def test_cp949_and_nfd_pages_are_indexed_and_found(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for site, name in (("hanbit", "cranes-cp949"), ("saebyeok", "night-library-nfd")):
        (corpus / site).mkdir(parents=True)
        shutil.copy(PAGES / site / f"{name}.txt", corpus / site / f"{name}.txt")
    raw = (corpus / "hanbit" / "cranes-cp949.txt").read_bytes()
    assert "재두루미".encode("cp949") in raw  # really stored as CP949
    nfd = (corpus / "saebyeok" / "night-library-nfd.txt").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFD", nfd) and not unicodedata.is_normalized("NFC", nfd)

    report = artindex.build([corpus], tmp_path / "ix")
    assert report.indexed == 2, report.skipped
    with artindex.Index.open(tmp_path / "ix") as idx:
        cranes = idx.search("재두루미")
        library = idx.search("야간 열람실")
    assert [h.title for h in cranes] == ["한강 하구 재두루미 5년 만에 다시 찾아와"]
    assert library.hits[0].title == "도서관 밤 10시까지 연다…‘야간 열람실’ 30곳 확대"
    hit = library.hits[0]
    assert unicodedata.is_normalized("NFC", hit.snippet)
    assert {hit.snippet[s:e] for s, e in hit.highlights} >= {"야간", "열람실"}


def test_hits_carry_a_near_duplicate_fingerprint(tmp_path: Path) -> None:
    """A lightly edited republication keeps a SimHash within a few bits of the original."""
    body = "기상청은 이번 주말 전국에 비가 내리겠다고 밝혔다. 강수량은 지역에 따라 다르겠다."
    edited = body + " 우산을 챙기자."
    articles = [
        artindex.Article(
            id=i, title="주말 전국에 비", body=text, lang="ko", fingerprint=simhash(text)
        )
        for i, text in (("a", body), ("b", edited))
    ]
    artindex.build_articles(articles, tmp_path / "ix")
    with artindex.Index.open(tmp_path / "ix") as idx:
        hits = {h.id: h for h in idx.search("주말 비")}
    assert set(hits) == {"a", "b"}
    assert hits["a"].fingerprint == simhash(body)
    assert hamming(hits["a"].fingerprint, hits["b"].fingerprint) <= 8
