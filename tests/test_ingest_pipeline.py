"""The ingest pipeline reads every source file once per build, update or ingest, whoever asks."""

from __future__ import annotations

import os
import pickle
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import artindex
from artindex.cli import main
from artindex.ingest import Ingester
from artindex.ingest.pipeline import ingest, ingest_files, iter_files, learn
from artindex.settings import Settings

_OPENS: Counter[str] = Counter()
_WATCHED: list[str] = []  # the folder whose files are counted; empty: counting is off


def _audit(event: str, args: tuple[object, ...]) -> None:
    """Counts every open of a file under the watched folder, by any code (io.open, os.open,
    Path.read_bytes...), so a second read anywhere in the pipeline shows up."""
    if event != "open" or not _WATCHED or isinstance(args[0], int) or args[0] is None:
        return
    name = os.path.abspath(os.fsdecode(args[0]))  # type: ignore[arg-type]
    if name.startswith(_WATCHED[0]):
        _OPENS[name] += 1


sys.addaudithook(_audit)  # audit hooks cannot be removed: it counts only while watching


@pytest.fixture
def opens(tmp_path: Path) -> Iterator[Counter[str]]:
    """Opens of each file under ``tmp_path / 'src'`` while the test runs."""
    _OPENS.clear()
    _WATCHED[:] = [str((tmp_path / "src").resolve()) + os.sep]
    yield _OPENS
    _WATCHED.clear()


CHROME = ["한빛일보 로고", "홈 | 정치 | 경제 | 사회", "로그인 회원가입 구독신청", ""]
FOOTER = ["", "Copyright ⓒ 한빛일보. 무단전재 및 재배포 금지."]
STORIES = [
    ("시내버스 첫차 30분 앞당긴다", "한빛시는 다음 달부터 시내버스 첫차를 30분 앞당긴다고 밝혔다."),
    ("도서관 야간 개관 시범 운영", "한빛시립도서관이 이달부터 금요일마다 밤 10시까지 문을 연다."),
    ("항구 축제 주말 개막", "한빛항 축제가 이번 주말 개막해 사흘 동안 불꽃놀이와 공연을 한다."),
]


PROMO = "한빛일보는 시민의 목소리에 귀 기울이며 우리 동네 소식을 가장 먼저 전해 드리겠습니다."


def _dump(title: str, sentence: str) -> str:
    """A saved page of the site: its chrome, then the article, with the site's promo line
    in it (prose like the article's: only learning across pages tells them apart)."""
    body = [
        f"{sentence} 시는 지난달 시민 공청회를 열어 의견을 들었고 세부 계획을 확정했다.",
        "",
        f"'{title}' 관련 문의는 시청 민원실에서 받으며 결과는 누리집에 공개한다고 시는 전했다.",
        "",
        PROMO,
    ]
    lines = [*CHROME, title, "", "김하늘 기자", "입력 2024.05.03 09:30", "", *body, *FOOTER]
    return "\n".join(lines) + "\n"


def _corpus(root: Path) -> list[Path]:
    """Three page dumps of one site, a Markdown and a JSON article, a binary file and an
    empty one: every kind of read the pipeline does."""
    site = root / "hanbit"
    site.mkdir(parents=True)
    for n, (title, sentence) in enumerate(STORIES):
        (site / f"page{n}.txt").write_text(_dump(title, sentence), encoding="utf-8")
    md = "---\ntitle: 공원 산책로 새 단장\ndate: 2024-05-04\n---\n\n산책로 2㎞ 구간을 포장했다.\n"
    (root / "park.md").write_text(md, encoding="utf-8")
    (root / "bridge.json").write_text(
        '{"title": "다리 보수 공사 시작", "body": "낡은 다리의 보수 공사가 시작됐다."}',
        encoding="utf-8",
    )
    (root / "broken.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (root / "empty.txt").write_bytes(b"")
    _OPENS.clear()  # writing them is not reading them
    return sorted(p for p in root.rglob("*") if p.is_file())


def _read_once(files: list[Path], opens: Counter[str], name: str) -> None:
    """Every file opened once, but an empty one (its size says all, it is never opened)."""
    counts = {f.name: opens[str(f.resolve())] for f in files}
    expected = {f.name: int(f.stat().st_size > 0) for f in files}
    assert counts == expected, f"{name}: opens per file"


def test_build_reads_each_file_once(tmp_path: Path, opens: Counter[str]) -> None:
    """`build` (and `build --force`) opens every source file exactly once, though the page
    dumps are read first to learn the site's repeated lines; bad files are named, not fatal."""
    files = _corpus(tmp_path / "src")
    report = artindex.build([tmp_path / "src"], tmp_path / "ix", Settings())
    _read_once(files, opens, "build")
    assert report.indexed == 5
    assert {Path(p.path).name for p in report.skipped} == {"broken.md", "empty.txt"}
    assert any("binary" in p.reason for p in report.skipped)
    opens.clear()
    artindex.build([tmp_path / "src"], tmp_path / "ix", Settings(), force=True)
    _read_once(files, opens, "build --force")


def test_update_reads_changed_files_and_learned_dumps_once(
    tmp_path: Path, opens: Counter[str]
) -> None:
    """`update` reads each dump once (to learn, and to parse when it changed) and each
    changed file once; unchanged files of other formats are not read at all."""
    files = _corpus(tmp_path / "src")
    artindex.build([tmp_path / "src"], tmp_path / "ix", Settings())
    changed = tmp_path / "src" / "hanbit" / "page1.txt"
    changed.write_text(_dump("도서관 야간 개관 연장", STORIES[1][1]), encoding="utf-8")
    opens.clear()  # writing it is not reading it
    report = artindex.update([], tmp_path / "ix", Settings())
    dumps = [f for f in files if f.suffix == ".txt"]
    _read_once(dumps, opens, "update")
    assert all(opens[str(f.resolve())] == 0 for f in files if f not in dumps)
    assert report.indexed == 1
    with artindex.Index.open(tmp_path / "ix", Settings()) as idx:
        titles = [h.title for h in idx.search("도서관 야간 개관")]
    assert titles[0] == "도서관 야간 개관 연장"


def test_ingest_command_reads_each_file_once(tmp_path: Path, opens: Counter[str]) -> None:
    """`artindex ingest` goes through the same pipeline: one read per file, problems named."""
    files = _corpus(tmp_path / "src")
    result = CliRunner().invoke(main, ["ingest", "--json", str(tmp_path / "src")])
    _read_once(files, opens, "ingest")
    assert result.exit_code == 1  # the binary and the empty file
    assert result.stdout.count('"title"') == 5
    assert "broken.md: binary or undecodable bytes" in result.stderr


def test_worker_shares_give_what_one_pass_gives(tmp_path: Path, opens: Counter[str]) -> None:
    """A worker given its share of the learned state (pickled, as for another process)
    parses its files as a single pass would, the site's promo line learned away, without
    reading any dump again."""
    _corpus(tmp_path / "src")
    settings = Settings()
    whole = {r.path: r.articles for r in ingest([tmp_path / "src"], settings)}
    paths = list(iter_files([tmp_path / "src"]))
    opens.clear()
    learned = learn(paths, settings)
    halves = [paths[0::2], paths[1::2]]
    shares = [pickle.loads(pickle.dumps(learned.share(half))) for half in halves]
    assert not learned.held  # every held text went to a share
    parts = {r.result.path: r.result.articles for half, share in zip(halves, shares, strict=True)
             for r in ingest_files(half, settings, share)}  # fmt: skip
    assert parts == whole
    assert sum(len(a) for a in parts.values()) == 5
    assert max(opens.values()) == 1
    bodies = [a.body for articles in parts.values() for a in articles]
    assert not any(PROMO in body for body in bodies)
    unlearned = Ingester(settings).load(tmp_path / "src" / "hanbit" / "page0.txt")
    assert PROMO in unlearned.articles[0].body  # what the share's learned state removes
