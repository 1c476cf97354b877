"""Grammar-based fuzzing of ingestion: thousands of generated news pages, none may crash.

A small grammar writes Korean news-like pages (sentences, headlines, bylines, every date form
the date grammar knows, site chrome) as page dumps, Markdown with front matter, JSON and HTML
fragments; mutations shuffle, duplicate and cut lines and re-encode the bytes (UTF-8, BOM,
CP949, UTF-16, NFD, truncated). Properties:

- nothing raises except ArtindexError subclasses, and no result is an "internal error";
- a file that still holds an article (a headline and a prose body) is not skipped;
- the articles of a page are the same whatever its encoding.

Every page is generated here; nothing is copied from real pages. Seeds are fixed, so a failure
names the seed that reproduces it; ``ARTINDEX_FUZZ_SCALE=10`` runs ten times more pages.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from artindex.errors import ArtindexError
from artindex.ingest import SUPPORTED_SUFFIXES, Ingester, parse_file
from artindex.models import Article, FileResult
from artindex.settings import Settings
from artindex.text.page_dates import KST, parse_date, parse_dates

SCALE = max(1, int(os.environ.get("ARTINDEX_FUZZ_SCALE", "1")))
INGESTER = Ingester(Settings(max_file_bytes=200_000))

# --- the grammar: words -------------------------------------------------------------------

SUBJECTS = [
    "가상시는", "나래군 의회는", "한 중소기업 대표는", "시 교육청은", "시민단체 관계자는",
    "정부는", "가상대학교 연구팀은", "소방당국은", "기상청은", "한빛구청은", "경찰은",
    "보건당국은", "지역 상인회는", "국토교통부는",
]  # fmt: skip
WHEN = ["지난 3일", "12일", "이날", "올해 상반기", "다음 달부터", "오는 20일", "전날", "최근"]
OBJECTS = [
    "시립도서관 운영 시간을 늘리는 방안을", "시내버스 노선 개편안을", "봄꽃 축제 일정을",
    "청년 주거 지원 사업을", "하천 정비 계획을", "전통시장 활성화 대책을",
    "미세먼지 저감 조치를", "야간 돌봄 교실 확대안을", "폭염 대비 쉼터 운영 계획을",
    "공공 와이파이 설치 사업을", "자율주행 셔틀 시범 운행을",
]  # fmt: skip
VERBS = [
    "발표했다", "확정했다고 밝혔다", "검토하고 있다고 설명했다", "추진하기로 했다",
    "공개했다", "내놓았다", "승인했다", "보류했다",
]  # fmt: skip
TAILS = [
    "", " 이번 조치로 시민 불편이 줄어들 것으로 보인다.",
    ' 관계자는 "현장 의견을 충분히 듣겠다"고 말했다.',
    " 예산은 약 30억 원이 들어갈 전망이다.", " 일부 주민은 절차가 너무 빠르다며 우려를 나타냈다.",
    " 시는 다음 주 설명회를 열 계획이다.", " 앞서 비슷한 사업이 두 차례 무산된 바 있다.",
]  # fmt: skip
PLACES = ["가상시", "나래군", "한빛구", "새벽도", "정부", "여야", "교육청", "가상대"]
TOPICS = [
    "도서관 밤 11시까지 연다", "버스 노선 30개 바꾼다", "봄꽃 축제 열흘 앞당겨",
    "청년 월세 지원 두 배로", "하천 산책로 새 단장", "전통시장 주차장 무료 개방",
    "야간 돌봄 교실 확대", "폭염 쉼터 500곳 운영",
]  # fmt: skip
KICKERS = ["", "[단독] ", "[속보] ", "[종합] ", '"', "‘", "[기획] "]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "하린", "지호", "도윤", "가람", "영식", "상우", "지숙", "병수", "유민"]
OUTLETS = ["가상일보", "나래뉴스", "한빛신문", "새벽경제", "가상통신"]
CHROME = [
    "로그인", "회원가입", "홈 | 정치 | 경제 | 사회 | 국제 | 문화", "많이 본 뉴스", "구독하기",
    "▶ 관련기사 가상시 예산 확정", "Copyright ⓒ 가상일보. All rights reserved.",
    "무단전재 및 재배포 금지", "• 프린트출력하기", "• 콘텐츠 폰트 사이즈 조절", "공유하기",
    "IMG_2041.JPG", "[가상일보 로고]", "댓글 0", "좋아요 12", "기사 도구 모음", "닫기",
    "이 기사는 언론사에서 사회 섹션으로 분류했습니다.", "뉴스 > 사회 > 교육", "TOP",
]  # fmt: skip
EN_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
MISSPELT = {2: ["Febuary", "Feburary"], 8: ["Agust", "Augst"], 9: ["Septmber", "Setpember"]}
READABLE_MISSPELT = ["Febuary", "Feburary", "Augst", "Septmber", "Octobre", "Janurary", "Decmber"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def sentence(rng: random.Random) -> str:
    verb = rng.choice(VERBS)
    return f"{rng.choice(SUBJECTS)} {rng.choice(WHEN)} {rng.choice(OBJECTS)} {verb}." + rng.choice(
        TAILS
    )


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 3)))


def headline(rng: random.Random) -> str:
    kicker = rng.choice(KICKERS)
    text = f"{rng.choice(PLACES)}, {rng.choice(TOPICS)}"
    closing = {'"': '"', "‘": "’"}.get(kicker, "")
    return f"{kicker}{text}{closing}"


# --- the grammar: dates ---------------------------------------------------------------------


def date_form(rng: random.Random, day: date, hour: int, minute: int) -> str:
    """One way a news page writes a date, with the day always readable."""
    y, m, d = day.year, day.month, day.day
    h12 = hour % 12 or 12
    ampm_ko = "오전" if hour < 12 else "오후"
    ampm_en = "AM" if hour < 12 else "PM"
    weekday = "월화수목금토일"[day.weekday()]
    label = rng.choice(
        ["입력 ", "기사입력 : ", "수정 ", "승인 ", "등록 ", "송고시간 ", "", "Posted : "]
    )
    month = EN_MONTHS[m - 1]
    short = month[:3] + rng.choice([".", ""])
    forms = [
        f"{label}{y}.{m:02d}.{d:02d} {hour:02d}:{minute:02d}",
        f"{label}{y}-{m:02d}-{d:02d} {hour:02d}:{minute:02d}:{rng.randint(0, 59):02d}",
        f"{label}{y}/{m}/{d} {ampm_ko} {h12}:{minute:02d}",
        f"{label}{y}. {m}. {d}. {ampm_ko} {h12}:{minute:02d}",
        f"{label}{y}. {m:02d}. {d:02d}. {hour:02d}:{minute:02d}",
        f"{label}{y}년 {m}월 {d}일 {ampm_ko} {h12}시 {minute}분",
        f"{label}{y}년 {m}월 {d}일({weekday})",
        f"{label}{y}.{m:02d}.{d:02d}({weekday}) {ampm_ko} {h12}:{minute:02d}",
        f"{label}{y}-{m:02d}-{d:02d}T{hour:02d}:{minute:02d}:00+09:00",
        f"{month} {d}, {y} {h12}:{minute:02d} {ampm_en}",
        f"{short} {d}, {y}",
        f"{d} {short} {y} {hour:02d}:{minute:02d}",
        f"{d} {month} {y}",
        f"Updated {short} {d}, {y} {h12}:{minute:02d} {ampm_en.lower()} KST",
        # misspelt, but the first three letters name the month
        *[f"{w} {d}, {y}" for w in READABLE_MISSPELT if w[:3].lower() == month[:3].lower()],
        f"{label}{y}.{m:02d}.{d:02d} {hour:02d}:{minute:02d} KST",
    ]
    return rng.choice(forms)


def broken_date(rng: random.Random, day: date) -> str:
    """Dates a grammar must survive: misspelt months, impossible values, stray words."""
    y, m, d = day.year, day.month, day.day
    misspelt = rng.choice(MISSPELT.get(m, [EN_MONTHS[m - 1][:2] + "x"]))
    forms = [
        f"{misspelt} {d}, {y}",
        f"{d} {misspelt} {y}",
        f"{y}.{rng.randint(13, 99)}.{d:02d}",
        f"{y}-{m:02d}-{rng.randint(32, 99)}",
        f"입력 {y}.{m:02d}.{d:02d} 오후 {rng.randint(13, 40)}:{rng.randint(0, 99):02d}",
        f"{y}년 {m}월 {d}일 오전 {rng.randint(24, 99)}시",
        f"{y}-{m:02d}-{d:02d}T25:61:00+99:00",
        f"{y}-{m:02d}-{d:02d} 10:00 +{rng.randint(10, 99)}:{rng.randint(0, 99):02d}",
        f"Oct. {d}, {y} {rng.randint(0, 99)}:{rng.randint(0, 99)} PM",
        f"Sept {d} {y}",
        f"{y}.{m}.{d}.{y}.{m}.{d}",
        "오후 3시 30분",
        f"{rng.randint(0, 99999)}-{m}-{d}",
    ]
    return rng.choice(forms)


@dataclass(frozen=True)
class Page:
    title: str
    byline: str
    dated: str
    paragraphs: tuple[str, ...]


def page(rng: random.Random) -> Page:
    day = date(rng.randint(1995, 2030), rng.randint(1, 12), rng.randint(1, 28))
    when = date_form(rng, day, rng.randint(0, 23), rng.randint(0, 59))
    name = _name(rng)
    byline = rng.choice(
        [
            f"{name} 기자",
            f"{name} 기자 {rng.choice(['hong', 'news', 'kim'])}@gasang.example",
            f"{rng.choice(OUTLETS)} {name} 특파원",
            f"글·사진 {name}",
            f"[{rng.choice(OUTLETS)}={name} 기자]",
            f"By {rng.choice(['Jane Doe', 'Min-jun Kim', 'John Roe'])}",
        ]
    )
    paragraphs = [paragraph(rng) for _ in range(rng.randint(3, 7))]
    if rng.random() < 0.3:
        paragraphs[0] = (
            f"({rng.choice(PLACES)}={rng.choice(OUTLETS)}) {name} 기자 = {paragraphs[0]}"
        )
    return Page(headline(rng), byline, when, tuple(paragraphs))


# --- the grammar: formats -------------------------------------------------------------------


def as_dump(rng: random.Random, p: Page) -> str:
    top = rng.sample(CHROME, rng.randint(2, 6))
    bottom = rng.sample(CHROME, rng.randint(2, 6))
    meta = [p.byline, p.dated] if rng.random() < 0.5 else [f"{p.byline} | {p.dated}"]
    lines = [*top, "", p.title, "", *meta, "", *(x for para in p.paragraphs for x in (para, ""))]
    return "\n".join([*lines, *bottom]) + "\n"


def as_markdown(rng: random.Random, p: Page) -> str:
    tags = rng.sample(["사회", "경제", "교육", "지역"], 2)
    head = f"---\ntitle: {json.dumps(p.title, ensure_ascii=False)}\ndate: {p.dated!r}\n"
    head += (
        f"byline: {json.dumps(p.byline, ensure_ascii=False)}\ntags: [{', '.join(tags)}]\n---\n\n"
    )
    if rng.random() < 0.3:
        head = f"# {p.title}\n\n{p.byline}\n{p.dated}\n\n"
    return head + "\n\n".join(p.paragraphs) + "\n"


def as_json(rng: random.Random, p: Page) -> str:
    record = {"title": p.title, "body": "\n\n".join(p.paragraphs), "date": p.dated}
    record["byline" if rng.random() < 0.5 else "author"] = p.byline
    return json.dumps(record, ensure_ascii=rng.random() < 0.3)


def as_jsonl(rng: random.Random, p: Page) -> str:
    other = page(rng)
    return as_json(rng, p) + "\n" + as_json(rng, other) + "\n"


def as_html(rng: random.Random, p: Page) -> str:
    wrap = rng.choice(["p", "div", "br"])
    if wrap == "br":
        body = '<div class="article_body">' + "<br><br>".join(p.paragraphs) + "</div>"
    else:
        body = "".join(f"<{wrap}>{x}</{wrap}>" for x in p.paragraphs)
    chrome = "".join(f"<li>{c}</li>" for c in rng.sample(CHROME, 4))
    head = ""
    if rng.random() < 0.7:
        head = f'<meta charset="{rng.choice(["utf-8", "euc-kr", "UTF-8"])}">'
        head += f"<title>{p.title} - {rng.choice(OUTLETS)}</title>"
    if rng.random() < 0.4:
        head += f'<meta property="og:title" content="{p.title.replace(chr(34), "&quot;")}">'
        head += f'<meta property="article:section" content="{rng.choice(["사회", "society"])}">'
    html = (
        f'<html><head>{head}</head><body><ul class="gnb">{chrome}</ul><article>'
        f'<h1>{p.title}</h1><span class="byline">{p.byline}</span>'
        f'<span class="date">{p.dated}</span>{body}</article></body></html>'
    )
    if rng.random() < 0.2:  # a fragment: no html/head/body, tags left open
        html = html.split("<article>", 1)[1].replace("</article></body></html>", "")
    return html


FORMATS: dict[str, Callable[[random.Random, Page], str]] = {
    ".txt": as_dump,
    ".md": as_markdown,
    ".json": as_json,
    ".jsonl": as_jsonl,
    ".html": as_html,
}

# --- mutations -------------------------------------------------------------------------------


def mutate_lines(rng: random.Random, text: str) -> str:
    """Shuffle a window of lines, duplicate some, drop some, splice in dates and noise."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(6)
        at = rng.randrange(len(lines))
        if kind == 0:
            window = lines[at : at + rng.randint(2, 6)]
            rng.shuffle(window)
            lines[at : at + len(window)] = window
        elif kind == 1:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif kind == 2 and len(lines) > 3:
            del lines[at]
        elif kind == 3:
            day = date(rng.randint(1990, 2040), rng.randint(1, 12), rng.randint(1, 28))
            lines.insert(at, broken_date(rng, day))
        elif kind == 4:
            lines.insert(at, rng.choice(CHROME))
        else:
            lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
    return "\n".join(lines)


ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "cp949": lambda t: t.encode("cp949"),
    "utf-16": lambda t: t.encode("utf-16"),
    "nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
}


def encode(rng: random.Random, text: str) -> bytes:
    name = rng.choice(list(ENCODINGS))
    try:
        return ENCODINGS[name](text)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def load(folder: Path, name: str, data: bytes) -> FileResult:
    path = folder / name
    path.write_bytes(data)
    return INGESTER.load(path)


def assert_sane(result: FileResult, context: str) -> None:
    assert not any("internal error" in p.reason for p in result.problems), (context, result)
    for article in result.articles:
        assert article.title and article.body, context
        assert article.date is None or article.date.tzinfo is not None, context


def holds_article(p: Page, suffix: str) -> bool:
    """Formats whose reader must find an article in an uncut page of this grammar."""
    return suffix in (".md", ".json", ".jsonl", ".html", ".txt") and len(p.paragraphs) >= 3


def _fields(article: Article) -> tuple[object, ...]:
    return (
        article.title, article.body, article.byline, article.date, article.updated,
        article.tags, article.lang, article.fingerprint,
    )  # fmt: skip


def _encodings(text: str) -> dict[str, bytes]:
    """The page in every encoding that can hold it (CP949 lacks a few symbols such as •)."""
    found: dict[str, bytes] = {}
    for name, codec in ENCODINGS.items():
        try:
            found[name] = codec(text)
        except UnicodeEncodeError:
            continue
    return found


def _seeds(count: int, salt: int) -> Iterator[int]:
    return iter(range(salt * 1_000_000, salt * 1_000_000 + count * SCALE))


# --- properties ------------------------------------------------------------------------------


def test_dates_in_every_form_parse_to_their_day() -> None:
    """Every date form of the grammar reads as its own day (KST), alone or after a label."""
    rng = random.Random(9)
    for seed in range(3000 * SCALE):
        day = date(rng.randint(1995, 2035), rng.randint(1, 12), rng.randint(1, 28))
        hour, minute = rng.randint(0, 23), rng.randint(0, 59)
        text = date_form(rng, day, hour, minute)
        value = parse_date(text)
        assert value is not None, (seed, text)
        assert value.tzinfo is not None, (seed, text)
        assert value.astimezone(KST).date() == day, (seed, text, value)


def test_broken_dates_never_raise() -> None:
    """Misspelt months, impossible values and offsets give a date or None, never an error."""
    rng = random.Random(10)
    for _ in range(3000 * SCALE):
        day = date(rng.randint(1900, 2100), rng.randint(1, 12), rng.randint(1, 28))
        text = broken_date(rng, day)
        value = parse_date(text)
        assert value is None or value.tzinfo is not None, text
        parse_dates([text, f"입력 {text}", f"수정 {text}"])


@settings(max_examples=300 * SCALE, deadline=None, derandomize=True)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 .-/:년월일시분오전후입력수정TZ+APMKSTOctSep,()")),
        max_size=40,
    )
)
def test_date_grammar_on_arbitrary_strings(text: str) -> None:
    """parse_date of any string gives None or a time-zone-aware datetime."""
    value = parse_date(text)
    assert value is None or value.tzinfo is not None


def test_generated_pages_never_crash_and_keep_their_article() -> None:
    """Mutated pages in every format and encoding: only artindex's own problems, and an uncut
    page with its headline and prose body yields an article."""
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for seed in _seeds(800, 1):
            rng = random.Random(seed)
            p = page(rng)
            suffix = rng.choice(list(FORMATS))
            text = FORMATS[suffix](rng, p)
            mutated = rng.random() < 0.5
            if mutated:
                text = mutate_lines(rng, text)
            data = encode(rng, text)
            cut = rng.random() < 0.15
            if cut:
                data = data[: rng.randint(len(data) // 2, len(data))]
            result = load(folder, f"p{seed}{suffix}", data)
            assert_sane(result, f"seed {seed}")
            if not mutated and not cut and holds_article(p, suffix) and not result.articles:
                missed.append(f"seed {seed} {suffix}: {result.problems}")
    assert not missed, missed[:5]


def test_cut_files_keep_their_article() -> None:
    """A dump, Markdown or HTML file cut anywhere in its last paragraph keeps the article
    (a cut inside a character is a warning, never a refusal)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for seed in _seeds(100, 2):
            rng = random.Random(seed)
            p = page(rng)
            suffix = rng.choice([".txt", ".md", ".html"])
            text = FORMATS[suffix](rng, p)
            encodings = _encodings(text)
            codec = ENCODINGS[rng.choice(sorted(encodings))]
            data = codec(text)
            last = text.rfind(p.paragraphs[-1][:10])  # the cut falls in the last paragraph
            start = len(codec(text[:last])) if last > 0 else len(data) // 2
            data = data[: rng.randint(min(start, len(data) - 1), len(data) - 1)]
            result = load(folder, f"c{seed}{suffix}", data)
            assert_sane(result, f"seed {seed}")
            assert result.articles, (seed, suffix, result.problems)
            assert all(p.warning for p in result.problems), (seed, result.problems)


def test_articles_are_the_same_in_every_encoding() -> None:
    """UTF-8, UTF-8 with BOM, CP949, UTF-16 and NFD copies of a page give the same articles."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for seed in _seeds(100, 3):
            rng = random.Random(seed)
            p = page(rng)
            suffix = rng.choice(list(FORMATS))
            text = FORMATS[suffix](rng, p)
            if rng.random() < 0.5:
                text = mutate_lines(rng, text)
            results = {
                name: load(folder, f"e{seed}-{name}{suffix}", data)
                for name, data in _encodings(text).items()
            }
            first = results["utf-8"]
            for name, result in results.items():
                assert_sane(result, f"seed {seed} {name}")
                assert [_fields(a) for a in result.articles] == [
                    _fields(a) for a in first.articles
                ], (seed, suffix, name)
                assert [p.reason for p in result.problems] == [p.reason for p in first.problems], (
                    seed,
                    suffix,
                    name,
                )


# Raw bytes that look a little like the formats, so the parsers get past their first checks.
SEEDS = [
    b"---\ntitle: ", b"\n---\n", b"# ", b'{"title": "', b'", "body": "', b"}\n", b"[",
    b"<html><body><p>", b"</p>", "입력 2024.01.05 오후 3:30\n".encode(), "홍길동 기자\n".encode(),
    "본문입니다. ".encode(), "본문입니다. ".encode("cp949"), b"\xff\xfe", b"\xef\xbb\xbf",
    b"\x00", b"\r\n", b"Oct. 5, 2024", b'<meta charset="euc-kr">',
]  # fmt: skip
PAYLOAD = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(SEEDS), max_size=12).map(b"".join),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
FUZZ = settings(
    max_examples=100 * SCALE,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(data=PAYLOAD, suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_arbitrary_bytes_never_raise(data: bytes, suffix: str) -> None:
    """Ingester.load turns any bytes into articles or problems; parse_file raises only
    ArtindexError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        result = INGESTER.load(path)
        assert result.articles or result.problems
        assert_sane(result, repr(data[:80]))
        try:
            articles = parse_file(path, Settings(max_file_bytes=10_000))
        except ArtindexError:
            return
    assert articles


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_grammar_output_is_an_article(tmp_path: Path, suffix: str) -> None:
    """The grammar itself is sound: a plain page of it reads with its body (and headline, for
    the formats that mark it)."""
    rng = random.Random(77)
    p = page(rng)
    text = FORMATS[suffix](rng, p)
    result = load(tmp_path, f"plain{suffix}", text.encode("utf-8"))
    (article,) = result.articles
    assert p.paragraphs[1] in article.body
    if suffix != ".txt":  # a dump's headline is the page-dump extractor's guess
        assert article.title.strip('"‘’') in p.title
