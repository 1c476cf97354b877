"""Scoring article extraction from whole pages: shared by ``scripts/eval_pagedumps.py`` and the
extraction gate (``tests/test_extraction_gate.py``).

Every set is read the way the product reads it: ``artindex.ingest.ingest`` on the folder (so
page dumps learn their site's repeated lines first), one article per file. Fields:

- title: exact after whitespace is collapsed (NFC);
- byline: the same set of names (role words such as 기자/특파원 and e-mail addresses ignored);
- date: the same day in KST;
- source: the same outlet after :func:`canonical_source` on both sides (gold: the ``press`` of
  ``SOURCES.tsv`` for portal pages, else its ``outlet``);
- section: the gold section among the produced tags (or all of its ``·``/``/`` parts are);
- body: bag-of-words F1 (``\\w+`` tokens as a multiset) for gold records; for the benchmark the
  published metric (4-token shingles, per-page precision and recall averaged, F1 of the means);
- first/last: the produced body opens (ends) with the gold body's first (last) 25 characters
  (whitespace aside; a wire dateline opening the gold body is set aside, as artindex removes it).

Figures are also given per site (the ``outlet`` of ``SOURCES.tsv``: 매일경제, 네이버, 다음 ...) and
leave-one-site-out (:func:`run_loso`): each site's pages scored by an extractor that learned
repeated lines from the other sites' pages and the page itself only, as on a site never seen.

The data stay in ``../shared`` and are read in place; dumps of the benchmark's HTML pages are
rendered with ``w3m -dump`` into a cache outside the repository, once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from artindex import Settings
from artindex.ingest import ingest
from artindex.ingest.pipeline import ingest_files, learn
from artindex.models import Article
from artindex.text.bylines import strip_dateline
from artindex.text.sources import canonical_source

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ARTINDEX_SHARED", ROOT.parent / "shared")) / "data"
KO_PAGES = SHARED / "ko-news-pages"
BENCHMARK = SHARED / "article-extraction-benchmark"
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
W3M_ARGS = ("-dump", "-T", "text/html", "-cols", "200", "-O", "UTF-8")
CACHE = Path(os.environ.get("ARTINDEX_EVAL_CACHE", Path(tempfile.gettempdir()) / "artindex-eval"))
KST = timezone(timedelta(hours=9))
FIELDS = ("title", "byline", "date", "section", "source", "body", "first", "last")
BODY_MISS = 0.90  # a body below this F1 is listed as a miss
_TOKEN = re.compile(r"\w+")
_ROLE = re.compile(
    r"(?:수습|인턴|객원|선임|전문|대|편집|논설|해설)?(?:기자|특파원|위원|통신원|에디터|리포터|앵커|PD)$"
)


class W3mMissing(RuntimeError):
    """w3m is not installed: benchmark pages cannot be rendered as text dumps."""


@dataclass(frozen=True)
class Gold:
    """What one page should yield; ``None`` for a field the gold does not have."""

    id: str
    path: Path
    body: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    section: str | None = None
    source: str | None = None
    first: str | None = None
    last: str | None = None


@dataclass
class PageResult:
    """One page: the gold, the article produced (or the problem) and each field's verdict."""

    gold: Gold
    article: Article | None
    problem: str = ""
    ok: dict[str, bool] = field(default_factory=dict)
    body_f1: float = 0.0
    precision: float = 0.0
    recall: float = 0.0


@dataclass
class SetScore:
    """A set's pages and its summary per field (``None``: the field is not scored here)."""

    name: str
    pages: list[PageResult]
    metric: str  # "bow" or "shingle"

    def rate(self, name: str) -> float | None:
        marks = [p.ok[name] for p in self.pages if name in p.ok]
        return sum(marks) / len(marks) if marks else None

    def count(self, name: str) -> tuple[int, int]:
        marks = [p.ok[name] for p in self.pages if name in p.ok]
        return sum(marks), len(marks)

    def body(self) -> float:
        if not self.pages:
            return 0.0
        if self.metric == "shingle":  # F1 of the mean precision and mean recall
            p = sum(x.precision for x in self.pages) / len(self.pages)
            r = sum(x.recall for x in self.pages) / len(self.pages)
            return 2 * p * r / (p + r) if p + r else 0.0
        return sum(x.body_f1 for x in self.pages) / len(self.pages)

    def summary(self) -> dict[str, float]:
        out = {f: v for f in FIELDS if f != "body" and (v := self.rate(f)) is not None}
        out["body"] = self.body()
        return out


# ------------------------------------------------------------------------------ comparisons
def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def names(byline: str) -> frozenset[str]:
    """The names in a byline: e-mails, brackets and role words (기자, 특파원...) left out."""
    text = re.sub(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", " ", unicodedata.normalize("NFC", byline))
    words = re.split(r"[\s,·/|()\[\]<>=]+", text)
    out = set()
    for word in words:
        bare = _ROLE.sub("", word)
        if bare and bare.lower() not in ("by", "and", "글", "사진"):
            out.add(bare)
    return frozenset(out)


def day(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(KST)
    return value.date().isoformat()


def section_ok(section: str, tags: Sequence[str]) -> bool:
    if section in tags:
        return True
    parts = [p for p in re.split(r"\s*[·/>]\s*", section) if p]
    return len(parts) > 1 and all(p in tags for p in parts)


def bow_f1(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words F1, precision and recall of ``\\w+`` tokens (1.0 when both are empty)."""
    pred, true = Counter(_TOKEN.findall(predicted)), Counter(_TOKEN.findall(gold))
    if not pred and not true:
        return 1.0, 1.0, 1.0
    same = sum((pred & true).values())
    if not same:
        return 0.0, 0.0, 0.0
    p, r = same / sum(pred.values()), same / sum(true.values())
    return 2 * p * r / (p + r), p, r


def shingle_scores(predicted: str, gold: str, n: int = 4) -> tuple[float, float]:
    """The benchmark's per-page precision and recall over 4-token shingles."""

    def grams(text: str) -> Counter[tuple[str, ...]]:
        tokens = _TOKEN.findall(text)
        found = Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
        found.pop((), None)
        return found

    pred, true = grams(predicted), grams(gold)
    tp = sum((pred & true).values())
    fp, fn = sum(pred.values()) - tp, sum(true.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def _edge(text: str, head: bool, size: int = 25) -> str:
    if head:  # artindex removes a wire dateline from the first paragraph (docs/ingestion.md)
        text = strip_dateline(squash(text))[0]
    flat = "".join(squash(text).split())
    if not size:
        return flat
    return flat[:size] if head else flat[-size:]


def judge(gold: Gold, article: Article | None, metric: str, problem: str = "") -> PageResult:
    result = PageResult(gold, article, problem)
    a = article
    if gold.title is not None:
        result.ok["title"] = a is not None and squash(a.title) == squash(gold.title)
    if gold.byline is not None:
        result.ok["byline"] = a is not None and names(a.byline) == names(gold.byline)
    if gold.date is not None:
        result.ok["date"] = a is not None and day(a.date) == gold.date
    if gold.section is not None:
        result.ok["section"] = a is not None and section_ok(gold.section, a.tags)
    if gold.source is not None:
        want = canonical_source(gold.source)
        result.ok["source"] = a is not None and bool(want) and canonical_source(a.source) == want
    body = a.body if a is not None else ""
    if gold.first is not None:
        result.ok["first"] = bool(body) and _edge(body, True, 0).startswith(_edge(gold.first, True))
    if gold.last is not None:
        result.ok["last"] = bool(body) and _edge(body, False, 0).endswith(_edge(gold.last, False))
    if metric == "shingle":
        result.precision, result.recall = shingle_scores(body, gold.body)
        p, r = result.precision, result.recall
        result.body_f1 = 2 * p * r / (p + r) if p + r else 0.0
    else:
        result.body_f1, result.precision, result.recall = bow_f1(body, gold.body)
    return result


# ------------------------------------------------------------------------------ gold sets
def ko_gold(kind: str, root: Path = KO_PAGES) -> list[Gold]:
    """The Korean pages' gold, pointing at ``txt/NNN.txt`` or ``html/NNN.html``."""
    suffix = {"txt": ".txt", "html": ".html"}[kind]
    sources = source_of(root)
    out = []
    for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        out.append(
            Gold(
                id=g["id"],
                path=root / kind / f"{g['id']}{suffix}",
                body=g["body"],
                title=g.get("title"),
                byline=g.get("byline"),
                date=g.get("date"),
                section=g.get("section"),
                source=sources.get(g["id"]),
                first=g.get("body_first"),
                last=g.get("body_last"),
            )
        )
    return out


def _sources_tsv(root: Path) -> dict[str, dict[str, str]]:
    rows = (root / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()
    head = rows[0].split("\t")
    cells = (dict(zip(head, row.split("\t"), strict=False)) for row in rows[1:])
    return {c["id"]: c for c in cells if c.get("id")}


def source_of(root: Path = KO_PAGES) -> dict[str, str]:
    """Each Korean page's gold source: the press of ``SOURCES.tsv`` (portal pages), else the
    outlet without its parenthesised alias (``동아일보(동아닷컴)`` → 동아일보)."""
    out = {}
    for page, cells in _sources_tsv(root).items():
        name = (cells.get("press") or "").strip() or cells.get("outlet", "")
        out[page] = re.sub(r"\(.*?\)", "", name).strip()
    return out


def site_of(root: Path = KO_PAGES) -> dict[str, str]:
    """Each Korean page's site: the outlet of ``SOURCES.tsv`` without its portal section or
    alias (``네이버 뉴스`` and ``네이버 스포츠`` → 네이버; ``동아일보(동아닷컴)`` → 동아일보)."""
    rows = (root / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()
    head = rows[0].split("\t")
    out = {}
    for row in rows[1:]:
        cells = dict(zip(head, row.split("\t"), strict=False))
        if cells.get("id"):
            out[cells["id"]] = re.sub(r"\(.*?\)", "", cells["outlet"]).split()[0]
    return out


def by_site(score: SetScore, sites: dict[str, str]) -> list[SetScore]:
    """The set's pages split by site (sites in order of first appearance)."""
    groups: dict[str, list[PageResult]] = {}
    for page in score.pages:
        groups.setdefault(sites.get(page.gold.id, "?"), []).append(page)
    return [SetScore(site, pages, score.metric) for site, pages in groups.items()]


def fixture_gold(root: Path = FIXTURES) -> list[Gold]:
    """The invented fixtures: ``<name>.txt`` with ``<name>.expected.yaml`` beside it."""
    out = []
    for path in sorted(root.rglob("*.txt")):
        e: dict[str, Any] = yaml.safe_load(path.with_suffix(".expected.yaml").read_text("utf-8"))
        date = datetime.fromisoformat(e["date"]) if e.get("date") else None
        tags = e.get("tags") or []
        out.append(
            Gold(
                id=f"{path.parent.name}/{path.stem}",
                path=path,
                body=e["body"],
                title=e["title"],
                byline=e.get("byline", ""),
                date=day(date),
                section=tags[0] if tags else None,
            )
        )
    return out


def benchmark_gold(dumps: Path, root: Path = BENCHMARK) -> list[Gold]:
    data = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Gold(id=k, path=dumps / f"{k}.txt", body=v["articleBody"]) for k, v in sorted(data.items())
    ]


# ------------------------------------------------------------------------------ rendering
def render_dumps(html_dir: Path, cache: Path = CACHE, workers: int = 2) -> Path:
    """``w3m -dump`` every ``*.html`` of ``html_dir`` into a cache folder (once); its path."""
    w3m = shutil.which("w3m")
    if w3m is None:
        raise W3mMissing("w3m is not installed: install it (apt-get install w3m) to render dumps")
    key = hashlib.sha256(" ".join(W3M_ARGS).encode() + str(html_dir.resolve()).encode())
    out = cache / f"w3m-{key.hexdigest()[:12]}"
    out.mkdir(parents=True, exist_ok=True)

    def render(page: Path) -> None:
        target = out / f"{page.stem}.txt"
        if target.exists():
            return
        done = subprocess.run([w3m, *W3M_ARGS, str(page)], capture_output=True, check=False)
        partial = target.with_suffix(".part")
        partial.write_bytes(done.stdout)
        partial.replace(target)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(render, sorted(html_dir.glob("*.html"))))
    return out


# ------------------------------------------------------------------------------ running
def run_set(name: str, golds: Sequence[Gold], metric: str = "bow") -> SetScore:
    """Ingest the folder(s) holding the gold pages as the product does, and judge each page."""
    folders = sorted({g.path.parent for g in golds})
    by_path: dict[Path, tuple[Article | None, str]] = {}
    for result in ingest(folders, Settings()):
        path = Path(result.path).resolve()
        article = result.articles[0] if result.articles else None
        problem = "; ".join(p.reason for p in result.problems if not p.warning)
        by_path[path] = (article, problem)
    pages = []
    for gold in golds:
        article, problem = by_path.get(gold.path.resolve(), (None, "not read"))
        pages.append(judge(gold, article, metric, problem))
    return SetScore(name, pages, metric)


def run_loso(name: str, golds: Sequence[Gold], sites: dict[str, str]) -> SetScore:
    """Leave one site out: each page is extracted after learning from the pages of every
    other site and from itself alone (nothing else of its own site), as a site never seen
    with one saved page. Only page dumps learn; an HTML set gives its plain figures."""
    settings = Settings()
    pages = []
    for gold in golds:
        others = [g.path for g in golds if sites.get(g.id) != sites.get(gold.id)]
        learned = learn([*others, gold.path], settings, keep=[gold.path])
        item = next(iter(ingest_files([gold.path], settings, learned)))
        article = item.result.articles[0] if item.result.articles else None
        problem = "; ".join(p.reason for p in item.result.problems if not p.warning)
        pages.append(judge(gold, article, "bow", problem))
    return SetScore(name, pages, "bow")


def whole_page(name: str, golds: Sequence[Gold], metric: str = "bow") -> SetScore:
    """Baseline: the whole page text as the body (how much a do-nothing extractor scores)."""
    pages = []
    for gold in golds:
        text = gold.path.read_text(encoding="utf-8", errors="replace")
        fake = Article(id="x", title="", body=text)
        pages.append(judge(Gold(gold.id, gold.path, gold.body), fake, metric))
    return SetScore(name, pages, metric)


def data_digest(paths: Iterable[Path]) -> str:
    """sha256 over the names and bytes of the given files (sorted): the data a floor is for."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def misses(score: SetScore) -> list[str]:
    """Every miss of a set: page, field, expected and produced."""
    lines = []
    for page in score.pages:
        a, g = page.article, page.gold
        if a is None:
            lines.append(f"{score.name} {g.id}: NOT EXTRACTED ({page.problem})")
            continue
        produced = {
            "title": a.title,
            "byline": a.byline,
            "date": day(a.date),
            "section": " / ".join(a.tags),
            "source": a.source,
            "first": _edge(a.body, True, 40),
            "last": _edge(a.body, False, 40),
        }
        expected = {**g.__dict__, "first": _edge(g.first or "", True, 40)}
        expected["last"] = _edge(g.last or "", False, 40)
        for name, ok in page.ok.items():
            if not ok:
                lines.append(
                    f"{score.name} {g.id} {name}: expected {expected[name]!r} "
                    f"got {produced[name]!r}"
                )
        if page.body_f1 < BODY_MISS:
            lines.append(
                f"{score.name} {g.id} body: F1 {page.body_f1:.3f} (precision "
                f"{page.precision:.3f}, recall {page.recall:.3f})"
            )
    return lines
