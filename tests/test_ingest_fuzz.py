"""Fuzzing: no input file, however broken, makes ingest crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artindex.errors import ArtindexError
from artindex.ingest import SUPPORTED_SUFFIXES, Ingester, parse_file
from artindex.settings import Settings

# Bytes that look a little like our formats, so the parsers get past their first checks.
SEEDS = [
    b"---\ntitle: ",
    b"\n---\n",
    b"# ",
    b'{"title": "',
    b'", "body": "',
    b"}\n",
    b"[",
    b"<html><body><p>",
    b"</p>",
    "입력 2024.01.05 오후 3:30\n".encode(),
    "홍길동 기자\n".encode(),
    "본문입니다. ".encode(),
    "본문입니다. ".encode("cp949"),
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\r\n",
]
PAYLOAD = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(SEEDS), max_size=12).map(b"".join),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
INGESTER = Ingester(Settings(max_file_bytes=10_000))


@FUZZ
@given(data=PAYLOAD, suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_load_never_raises(data: bytes, suffix: str) -> None:
    """Ingester.load turns any bytes into articles or problems, never an exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        result = INGESTER.load(path)
    assert result.path == str(path)
    assert result.articles or result.problems
    assert not any("internal error" in p.reason for p in result.problems), result.problems
    for article in result.articles:
        assert article.title and article.body
        assert len(article.fingerprint) == 16
        assert article.date is None or article.date.tzinfo is not None


@FUZZ
@given(data=PAYLOAD, suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_parse_file_raises_only_artindex_errors(data: bytes, suffix: str) -> None:
    """parse_file either returns articles or raises an ArtindexError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            articles = parse_file(path, Settings(max_file_bytes=10_000))
        except ArtindexError:
            return
    assert articles
