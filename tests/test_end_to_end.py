"""Whole-pipeline cases from the ingestion issue: legacy encodings and NFD text are indexed and
found by ordinary Korean queries, with highlights on the NFC text."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

import artindex
from artindex.text.simhash import hamming, simhash

PAGES = Path(__file__).parent / "fixtures" / "pages"


def test_cp949_and_nfd_pages_are_indexed_and_found(tmp_path: Path) -> None:
    """CP949 and NFD Korean pages are indexed, found by their words, and shown in NFC."""
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


def reference_simhash(text: str) -> str:
    """SimHash written out bit by bit from its definition (64 bits over the character
    3-shingles of the whitespace-collapsed, lower-cased text; a shingle's three code points
    packed as a << 42 | b << 21 | c, padded with code point 0 when the text is shorter, hashed
    by SplitMix64's finaliser; bit k of the result is set where the shingles having bit k
    outweigh half of them), in plain integers, independent of artindex's numpy one."""
    mask = (1 << 64) - 1

    def splitmix64(key: int) -> int:
        z = (key + 0x9E3779B97F4A7C15) & mask
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)

    text = " ".join(unicodedata.normalize("NFC", text).split()).lower()
    points = [ord(ch) for ch in text] + [0] * max(0, 3 - len(text))
    shingles: dict[int, int] = {}
    for i in range(len(points) - 2):
        key = points[i] << 42 | points[i + 1] << 21 | points[i + 2]
        shingles[key] = shingles.get(key, 0) + 1
    votes = [0] * 64
    for key, weight in shingles.items():
        digest = splitmix64(key)
        for k in range(64):
            if digest >> k & 1:
                votes[k] += weight
    total = sum(shingles.values())
    return f"{sum(1 << k for k in range(64) if votes[k] * 2 > total):016x}"


RAIN = (
    "기상청은 이번 주말 전국에 비가 내리겠다고 밝혔다. 강수량은 지역에 따라 다르겠다. "
    "남부 지방에는 최대 80mm의 많은 비가 예상된다. 비는 월요일 아침에 그치겠다."
)


def test_hits_carry_a_near_duplicate_fingerprint(tmp_path: Path) -> None:
    """Files indexed by artindex get the SimHash of their body (checked against a reference
    written from the definition), and a lightly edited republication stays within a few
    bits of the original while another story does not."""
    body = RAIN
    texts = {
        "a": body,
        "b": body + " 우산을 챙기자.",
        "c": "국회는 내년도 예산안을 처리했다. 법정 시한을 이틀 넘겼다. 여야가 합의했다.",
    }
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in texts.items():
        (corpus / f"{name}.md").write_text(f"---\ntitle: 주말 비 {name}\n---\n{text}\n", "utf-8")
    artindex.build([corpus], tmp_path / "ix", artindex.Settings())
    with artindex.Index.open(tmp_path / "ix", artindex.Settings()) as idx:
        prints = {
            Path(h.path).stem: h.fingerprint
            for h in idx.search("주말 비", limit=10, collapse=False)
        }
    assert prints == {name: reference_simhash(text) for name, text in texts.items()}
    assert hamming(prints["a"], prints["b"]) <= 8 < hamming(prints["a"], prints["c"])


def test_near_duplicates_collapse_into_the_best_hit(tmp_path: Path) -> None:
    """By default a lightly edited copy is listed under the best-ranked hit, not beside it,
    while another story matching the same words stays a hit of its own."""
    body = RAIN
    texts = {
        "a": body,
        "b": body + " 우산을 챙기자.",
        "c": "주말 비 피해를 막으려고 시청은 배수로를 점검했다. 공무원 200명이 나섰다.",
    }
    prints = {i: simhash(text) for i, text in texts.items()}
    assert hamming(prints["a"], prints["b"]) <= 8 < hamming(prints["a"], prints["c"])  # premise
    articles = [
        artindex.Article(id=i, title="주말 전국에 비", body=text, lang="ko", fingerprint=prints[i])
        for i, text in texts.items()
    ]
    artindex.build_articles(articles, tmp_path / "ix")
    with artindex.Index.open(tmp_path / "ix") as idx:
        every = idx.search("주말 비", collapse=False)
        collapsed = idx.search("주말 비")
    assert {h.id for h in every} == {"a", "b", "c"}
    assert {(h.id, h.duplicates) for h in collapsed} == {("a", ("b",)), ("c", ())}


RULE = """\
site: 가온일보
match:
  path_glob: "*/gaon/*"
drop: ["^오늘의 운세"]
title: "^\\\\[제목\\\\] (?P<title>.+)$"
"""

PAGE = "\n".join(
    [
        "오늘의 운세 쥐띠 귀인을 만나는 하루입니다.",
        "[제목] 마을버스 다시 달린다",
        "입력 2024.03.01 10:00",
        "동네 마을버스 노선이 석 달 만에 운행을 다시 시작했다. 구청은 기사를 새로 뽑았다.",
        "주민들은 반겼다. 한 주민은 “병원 가는 길이 다시 편해졌다”고 말했다.",
    ]
)


def _corpus_with_page(root: Path) -> Path:
    (root / "corpus" / "gaon").mkdir(parents=True)
    (root / "corpus" / "gaon" / "bus.txt").write_text(PAGE, encoding="utf-8")
    return root / "corpus"


def test_page_rules_in_artindex_yaml_reach_the_build(tmp_path: Path) -> None:
    """A ``page_rules:`` section of the settings file overrides the page-dump heuristics."""
    corpus = _corpus_with_page(tmp_path)
    config = tmp_path / "artindex.yaml"
    indented = "\n".join("  " + line for line in RULE.splitlines())
    config.write_text("page_rules:\n" + indented.replace("  site:", "- site:", 1), "utf-8")
    settings = artindex.load_settings(config)
    artindex.build([corpus], tmp_path / "ix", settings)
    with artindex.Index.open(tmp_path / "ix", settings) as idx:
        hit = idx.search("마을버스").hits[0]
    assert (hit.title, hit.source) == ("마을버스 다시 달린다", "가온일보")


def test_a_sources_folder_in_the_working_directory_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule files in ``./sources/`` apply without any setting."""
    corpus = _corpus_with_page(tmp_path)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "gaon.yaml").write_text(RULE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = artindex.load_settings(cwd=Path.cwd())  # what the command line does
    [article] = artindex.parse_file(corpus / "gaon" / "bus.txt", settings)
    assert article.source == "가온일보"
    assert "운세" not in article.body


def test_proximity_bonus_ranks_adjacent_words_first(tmp_path: Path) -> None:
    """With ``proximity_weight`` on, query words side by side outrank the same words far apart."""
    filler = " ".join(["주민들은 오랜만에 공원을 찾았다."] * 6)
    near = artindex.Article(
        id="near", title="소식", body=f"{filler} 야간 열람실을 열었다.", lang="ko"
    )
    far = artindex.Article(
        id="far", title="소식", body=f"야간에 {filler} 열람실을 열었다.", lang="ko"
    )
    artindex.build_articles([far, near], tmp_path / "ix")
    settings = artindex.Settings(proximity_weight=2.0)
    with artindex.Index.open(tmp_path / "ix", settings) as idx:
        assert [h.id for h in idx.search("야간 열람실")] == ["near", "far"]
    with artindex.Index.open(tmp_path / "ix", artindex.Settings(proximity_weight=0.0)) as idx:
        plain = {h.id: h.score for h in idx.search("야간 열람실")}
    assert set(plain) == {"near", "far"}
    assert abs(plain["near"] - plain["far"]) < 0.02 * plain["far"]  # the bonus made the difference
