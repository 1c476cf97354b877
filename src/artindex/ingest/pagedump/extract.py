"""Plain-text news page dumps: find the article inside a whole saved page.

Each line gets a *kind* from what it is on its own (a date, a byline, a caption, prose, a line
the site repeats on many pages), then a *role* from where it sits: the body is the longest run
of prose lines; the headline is the best title-like line above it; the sign-off and the tail
follow it. Per-source YAML rules (``pagedump_rules``) override the guesses for chosen sites.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import blake2b
from pathlib import Path
from typing import Any

from ...errors import IngestError
from ...models import Article
from ...text.bylines import Byline, parse_byline, strip_dateline
from ...text.ids import make_id
from ...text.language import detect_lang
from ...text.page_dates import parse_date, parse_dates
from ...text.simhash import simhash
from ...text.sources import canonical_source, default_source_names
from ...text.titles import split_tags, strip_site_suffix
from . import phrases as ph
from . import section as sec
from .rules import SourceRule, load_rules, rules_from_data
from .wrap import clean_layout, unwrap

__all__ = ["LineRole", "PageDumpExtractor", "format_roles"]

ANCHORED = 3  # weight of a run right under a date or byline when picking the body
BOX_GAP = 12  # lines of a box without stops (links, an advert) between two parts of the body
MAX_GAP = 4  # non-prose lines (captions, images, sub-headings) a body run may bridge
LABEL_REACH = 4  # non-blank lines above the headline where a lone section label may stand
LIST_BOX = 30  # short lines of a related or most-read list inside the body the run may resume after
TAIL_BOX = 6  # lines of a related-articles box inside the body the run may resume after
SKETCH = 128  # hashes kept per page fingerprint (bottom-k sketch of its prose word 4-grams)
NEAR_DUPLICATE = 0.6  # pages whose fingerprints resemble this much are copies of one article
MIN_REPEAT_FILES = 2  # a line in this many files of a source (and ≥ 20% of them) is the site's
_HARD_STOPS = {"copyright", "byline", "bylinedate", "email", "date", "section", "url", "end"}
_SIGNOFF_KINDS = {"byline", "bylinedate", "email", "date", "copyright", "caption", "image"}
_SIGNOFF_KINDS |= {"credit"}  # a broadcast's crew credits (영상취재, 영상편집)
_HOME = {"home", "홈", "HOME", "Home", "메인"}


@dataclass(frozen=True)
class LineRole:
    """The role one input line was given, and why (``artindex ingest FILE --explain``)."""

    number: int
    text: str
    role: str
    reason: str


@dataclass
class _Line:
    number: int
    text: str
    kind: str = "text"
    why: str = ""
    role: str = ""
    reason: str = ""
    byline: Byline | None = None


@dataclass
class _Page:
    lines: list[_Line]
    source: str
    rule: SourceRule | None
    title: str = ""
    byline: Byline | None = None
    tags: tuple[str, ...] = ()
    url: str = ""
    title_index: int = -1
    date_lines: list[str] = field(default_factory=list)
    subtitle: str = ""
    signals: dict[str, tuple[int, str]] = field(default_factory=dict)  # field -> (line, why)
    body: list[str] = field(default_factory=list)


def _is_prose(text: str) -> bool:
    """A sentence: 12+ characters ending like one, with spaces (Chinese and Japanese go
    without)."""
    spaced = " " in text or bool(ph.UNSPACED_SCRIPT.search(text))
    return len(text) >= 12 and spaced and bool(ph.SENTENCE_END.search(text))


def page_fingerprint(lines: Sequence[str], k: int = SKETCH) -> frozenset[int]:
    """A page's fingerprint: the ``k`` smallest hashes of the word 4-grams of its long prose
    lines (its article, not its chrome; all lines when it has no prose). Line wrapping and
    the template around the article do not change it much."""
    prose = [t for t in lines if len(t) >= 60 and _is_prose(t)] or list(lines)
    words = " ".join(prose).split()
    grams = {" ".join(words[i : i + 4]) for i in range(max(1, len(words) - 3))}
    hashes = sorted(int.from_bytes(blake2b(g.encode(), digest_size=8).digest()) for g in grams)
    return frozenset(hashes[:k])


def resemblance(a: frozenset[int], b: frozenset[int], k: int = SKETCH) -> float:
    """Estimated Jaccard resemblance of two pages from their bottom-k fingerprints."""
    if not a or not b:
        return 0.0
    union = sorted(a | b)[:k]
    return sum(1 for h in union if h in a and h in b) / len(union)


def _byline_of(text: str) -> tuple[Byline | None, bool]:
    """A byline in the line or in one of its `` | `` segments; and whether a date sits beside."""
    if len(text) > 50 and _is_prose(text):
        return None, False  # a paragraph opening with a wire dateline is body, not a byline
    found = _before_role(text, parse_byline(text))
    if found is not None:
        return found, False
    if named := _name_and_date(text):
        return named, True
    segments = [s for s in re.split(r"\s+[|ㅣ]\s+|\s{2,}", text) if s]
    if len(segments) < 2 or ph.is_menu(text):
        return None, False
    # one-word segments are menu items, not bylines (parse_byline("글로벌") reads 글 + 로벌)
    found = next(
        (b for s in segments if " " in s and (b := _before_role(s, parse_byline(s)))), None
    )
    dated = any(parse_date(s) is not None for s in segments)
    return found, dated


def _before_role(text: str, found: Byline | None) -> Byline | None:
    """Keep the Korean names that stand right before a role word (``순천, 광양 구현모 기자`` →
    구현모); a line whose role word has no name before it (``기자 자료실``) is no byline."""
    if found is None or not found.names or not ph.KO_ROLE.search(text):
        return found
    names = tuple(n for n in found.names if re.search(rf"{re.escape(n)}{ph.KO_ROLE_AFTER}", text))
    return Byline(names, found.emails) if names else None


def _name_and_date(text: str) -> Byline | None:
    """``박상우 2024. 5. 13. 12:52``: a bare Korean name beside the publishing date."""
    match = ph.NAME_DATE.match(_bare(text))
    if not match or ph.is_menu_word(match.group("name")) or len(text) > 40:
        return None
    if parse_date(match.group("rest")) is None:
        return None
    return Byline((match.group("name"),), ())


def _section_tags(text: str, rule: SourceRule | None) -> tuple[str, ...]:
    if rule is not None and rule.section is not None:
        match = rule.section.search(text)
        if not match:
            return ()
        return split_tags(match.groupdict().get("section") or match.group(0))
    if len(text) > 30 or not re.search(r"[·・ㆍ>›»/]", text) or re.search(r"://|www\.", text):
        return ()  # a web address has slashes, not levels
    parts = [p for p in split_tags(text) if p not in _HOME]
    if not 2 <= len(parts) <= 5 or any(" " in p or len(p) > 12 for p in parts):
        return ()
    return tuple(parts)


def _kind(line: _Line, rule: SourceRule | None, repeated: dict[str, int]) -> tuple[str, str]:
    """What a line is on its own, before its position is known."""
    text = line.text
    if not text:
        return "blank", ""
    if rule is not None and (pattern := rule.dropped_by(text)):
        return "drop", f"per-source rule for {rule.site}: drop /{pattern}/"
    if ph.IMAGE_NAME.match(text):
        return "image", "an image file name"
    if ph.URL_LINE.match(text):
        return "url", "a web address"
    if ph.EMAIL_ONLY.match(text):
        return "email", "an e-mail address alone"
    if re.fullmatch(r"\[[\w.\-]+\]", text) and re.search(r"[\d_\-]", text):
        return "image", "an image as w3m prints it ([file-name_1], [0000073768])"
    if ph.CAMERA_FILE.match(text):
        return "image", "a camera's file name alone on a line"
    if signoff := ph.BROADCAST_SIGNOFF.match(text):
        line.byline = Byline((signoff.group("name"),), ())
        return "byline", f"a broadcast sign-off ({signoff.group('name')})"
    if ph.CREW_CREDIT.match(text):
        return "credit", "a broadcast crew credit (영상취재, 영상편집 …)"
    if ph.TRANSCRIPT_LABEL.match(text) and not parse_byline(text):
        return "label", "a transcript label ([앵커], ◀ 리포트 ▶, 【 기자 】)"
    if ph.PROGRAMME_INFO.match(text):
        return "label", "a programme's details (■ 방송 : …)"
    if re.search(r"\(@\w+\)", text) and ph.EMBED_CREDIT.search(text) and not _is_prose(text):
        return "caption", "an embedded post's credit (— name (@handle) date)"
    found, dated = _byline_of(text)
    if found is not None:
        line.byline = found
        names = ", ".join(found.names) or "e-mail only"
        return ("bylinedate" if dated else "byline"), f"byline grammar ({names})"
    short = len(text) <= 45 or (len(text) <= 80 and bool(ph.DATE_LABEL.search(text)))
    sentence = re.search(r"[다요]\.\s", text)  # a caption's sentence before its date and credit
    if short and not _is_prose(text) and not sentence and parse_date(text) is not None:
        return "date", "date grammar"
    if _section_tags(text, rule):
        return "section", "a short line of levels joined by ·, > or /"
    if ph.IMAGE_CREDIT.search(text) and not _is_prose(text):
        return "caption", "an image's credit (Image copyright …)"
    if ph.COPYRIGHT.search(text):
        return "copyright", "copyright or end-of-article phrase"
    if ph.COMMENTS.match(text):
        return "end", "the comments begin"
    if text in repeated:
        return "repeated", f"repeated in {repeated[text]} files of this source"
    return _phrase_kind(text)


def _phrase_kind(text: str) -> tuple[str, str]:
    if ph.NOTICE.search(text):
        return "notice", "a portal or translation notice (본문 보기를 권장, 자동 요약, 재판매 금지)"
    if ph.READER_PROMPT.search(text) and len(text) <= 60:
        return "control", "a call to the reader (좋아요를 눌러주세요, 클릭!)"
    if ph.WIDGET.search(text) and len(text) <= 60:
        return "control", "a widget (text-to-speech settings, summary button, 보러가기 link)"
    if ph.FOOTER.search(text):
        return "footer", "publisher footer phrase (address, phone, registration)"
    if ph.is_control(text):
        return "control", "page control (font size, print, share, comments)"
    prose = _is_prose(text)
    if not prose and ph.CAPTION.search(text):
        return "caption", "photo caption (credit, arrow or photo word)"
    if (ph.TAIL.search(text) and not prose) or (ph.PITCH.search(text) and len(text) <= 120):
        return "tail", "tail phrase (related, most read)"
    if prose:
        return "prose", "a sentence (ends like prose)"
    if ph.is_menu(text):
        return "menu", "a navigation menu"
    return "text", ""


class PageDumpExtractor:
    """Extracts articles from plain-text page dumps, learning each site's repeated lines."""

    def __init__(self, rules: Sequence[Path] = (), *, rule_data: Any = None) -> None:
        """``rules``: YAML rule files or folders of them; ``rule_data``: rules already parsed,
        e.g. the ``page_rules`` section of ``artindex.yaml`` (``Settings.extra``)."""
        self.rules: list[SourceRule] = load_rules(rules) + rules_from_data(rule_data, "settings")
        self._seen: dict[str, Counter[str]] = defaultdict(Counter)
        self._files: Counter[str] = Counter()
        self._prints: dict[str, list[frozenset[int]]] = defaultdict(list)

    # ---------------------------------------------------------------- learning
    def learn(self, path: Path, text: str) -> bool:
        """Count the distinct lines of one dump under its source (call for every dump first).

        Repetition is learned from distinct articles only: a copy of a page already learned
        (another encoding, another template, a second crawl: fingerprints of their prose
        resembling by NEAR_DUPLICATE or more) counts once. Returns whether it was counted."""
        lines = [line for _, line in unwrap(clean_layout(text).split("\n"))]
        source = self._site(path, lines, self._rule(path, lines))
        print_ = page_fingerprint(lines)
        if any(resemblance(print_, seen) >= NEAR_DUPLICATE for seen in self._prints[source]):
            return False
        self._prints[source].append(print_)
        self._files[source] += 1
        self._seen[source].update({line for line in lines if line})
        return True

    def _repeated(self, source: str) -> dict[str, int]:
        files = self._files[source]
        floor = max(MIN_REPEAT_FILES, 0.2 * files)
        return {line: n for line, n in self._seen[source].items() if n >= floor}

    def _rule(self, path: Path, lines: Sequence[str]) -> SourceRule | None:
        return next((rule for rule in self.rules if rule.matches(path, lines)), None)

    @staticmethod
    def _site(path: Path, lines: Sequence[str], rule: SourceRule | None) -> str:
        """The key repeated lines are learned under: a rule's site, the logo's alt text, the
        first copyright line's name, else the folder (pages of one template share it)."""
        if rule is not None:
            return rule.site
        for text in lines[:15]:
            if logo := ph.LOGO.match(text.strip()):
                return logo.group("site").strip()
        for text in lines:
            if ph.COPYRIGHT.search(text) and (named := ph.COPYRIGHT_SITE.search(text)):
                return named.group("site")
        return path.parent.name

    @staticmethod
    def _source(path: Path, lines: Sequence[str], rule: SourceRule | None) -> str:
        """The outlet: a rule's; else the first outlet the packaged table knows from a copyright
        line (the press on a portal page), a wire dateline, a reporter's e-mail domain or the
        logo; else the logo's or a copyright line's name as written; else the folder."""
        if rule is not None:
            return rule.site
        names = default_source_names()
        logo = next(
            (m.group("site").strip() for t in lines[:15] if (m := ph.LOGO.match(t.strip()))), ""
        )
        notices = [n for t in lines if ph.COPYRIGHT.search(t) for n in _copyright_names(t)]
        datelines = [m.group("press") for t in lines for m in ph.DATELINE_PRESS.finditer(t)]
        mails = [m.group("domain") for t in lines for m in ph.MAIL_DOMAIN.finditer(t)]
        for name in (*notices, *datelines, *mails, logo):
            known = names.lookup(name)
            if known and not names.is_portal(known):
                return known
        written = [n for n in (logo, *notices) if n and canonical_source(n)]
        return written[0] if written else path.parent.name

    # ---------------------------------------------------------------- public API
    def extract(self, path: Path, text: str) -> Article:
        """The article of one dump; IngestError when no body of prose can be found."""
        page = self._analyse(path, text)
        published, updated = self._dates(page)
        body = "\n\n".join(page.body)
        if not body.strip():
            raise IngestError(str(path), "no article body found: only a headline")
        return Article(
            id=make_id(
                url=page.url, source=page.source, title=page.title, date=published, body=body
            ),
            title=page.title,
            body=body,
            byline=page.byline.text() if page.byline else "",
            date=published,
            updated=updated,
            tags=page.tags,
            source=page.source,
            url=page.url,
            lang=detect_lang(page.title + "\n" + body),
            path=str(path),
            fingerprint=simhash(body),
            subtitle=page.subtitle,
        )

    def explain(self, path: Path, text: str) -> list[LineRole]:
        """Every input line with the role it was given and why; the lines that gave a field
        (title, subtitle, byline, date, section) say so and name the signal behind it."""
        page = self._analyse(path, text)
        values = {
            "title": page.title,
            "subtitle": page.subtitle.replace("\n", " / "),
            "byline": page.byline.text() if page.byline else "",
            "date": page.date_lines[0] if page.date_lines else "",
            "section": " / ".join(page.tags),
        }
        reasons = {x.number: x.reason for x in page.lines}
        chosen: dict[int, list[str]] = defaultdict(list)
        for name, (number, why) in page.signals.items():
            if values[name]:
                said = "" if why in reasons.get(number, "") else f": {why}"
                chosen[number].append(f"⇒ {name} {values[name][:30]!r}{said}")
        return [
            LineRole(x.number, x.text, x.role, "  ".join([x.reason, *chosen[x.number]]).strip())
            for x in page.lines
        ]

    @staticmethod
    def _dates(page: _Page) -> tuple[datetime | None, datetime | None]:
        info = parse_dates(page.date_lines)
        # a page that prints only its last update (`최종수정 …`) was published by then at least
        return info.published or info.updated, info.updated

    # ---------------------------------------------------------------- analysis
    def _analyse(self, path: Path, text: str) -> _Page:
        raw = clean_layout(text).split("\n")
        rule = self._rule(path, raw)
        source = self._source(path, raw, rule)
        repeated = self._repeated(self._site(path, raw, rule))
        lines = [_Line(number, ph.GLUED_NOTICE.sub("", t)) for number, t in unwrap(raw)]
        for line in lines:
            line.kind, line.why = _kind(line, rule, repeated)
        page = _Page(lines, source, rule)
        start, end = _body_span(lines, rule)
        if start < 0:
            raise IngestError(str(path), "no article body found: no run of prose lines")
        _mark_body(page, start, end)
        _mark_after(page, end + 1)
        _mark_header(page, start)
        _finish(page)
        return page


@dataclass
class _Run:
    start: int
    end: int
    after_tail: bool  # began right after a related-articles box
    chars: int = 0
    prose: int = 0
    after_box: bool = False  # only a short box without stops since the run before


def _runs(lines: list[_Line], lo: int, hi: int) -> list[_Run]:
    """Runs of prose lines, bridging up to MAX_GAP other lines; stops end a run. A run records
    whether only a related-articles box (a tail phrase and a few lines) separates it from the
    run before it, or only a short box without stops (a list of links, an advertisement)."""
    runs: list[_Run] = []
    current: _Run | None = None
    gap, since_tail, broken, since_prose, stopped = 0, TAIL_BOX + 1, False, 0, False
    for i in range(lo, hi):
        x = lines[i]
        if x.kind == "prose":
            if current is None:
                boxed = since_tail <= TAIL_BOX or (since_tail <= LIST_BOX and gap > MAX_GAP)
                current = _Run(i, i, bool(runs) and boxed and not broken)
                current.after_box = bool(runs) and not stopped and since_prose <= BOX_GAP
                runs.append(current)
            current.end, gap, since_tail, broken = i, 0, TAIL_BOX + 1, False
            since_prose, stopped = 0, False
            current.chars += len(x.text)
            current.prose += 1
        elif x.kind == "tail":
            current, gap, since_tail = None, 0, 0
            since_prose += 1
        elif x.kind in _HARD_STOPS:
            current, gap, broken, stopped = None, 0, True, True
        elif x.kind != "blank":
            gap, since_tail, since_prose = gap + 1, since_tail + 1, since_prose + 1
            listed = since_tail <= LIST_BOX and len(x.text) <= 100  # a most-read list's items
            if gap > MAX_GAP and not listed:
                current, broken = None, True
            elif gap > MAX_GAP:
                current = None
    return runs


def _anchored(lines: list[_Line], start: int, reach: int = 4) -> bool:
    """Whether a date or byline stands within ``reach`` non-blank lines above ``start``: the
    article's own header, which lists of teasers and disclaimers lack."""
    above = [x for x in reversed(lines[:start]) if x.text][:reach]
    return any(
        x.kind in ("date", "bylinedate", "byline") and not ph.EMBED_CREDIT.search(x.text)
        for x in above
    )


def _joins(run: _Run, neighbour: _Run) -> bool:
    """Whether ``run`` continues the article across the box before it (``neighbour`` is the run
    on the far side from the body found so far; both must hold two sentences or more)."""
    return (run.after_tail or run.after_box) and neighbour.prose >= 2 and run.prose >= 2


def _body_span(lines: list[_Line], rule: SourceRule | None) -> tuple[int, int]:
    """First and last index of the longest run of prose lines (by characters), joined with
    neighbouring runs of two or more sentences across a related-articles box; (-1, -1) if none."""
    lo, hi = 0, len(lines)
    if rule is not None and rule.body_start is not None:
        lo = next((i + 1 for i, x in enumerate(lines) if rule.body_start.search(x.text)), 0)
    if rule is not None and rule.body_end is not None:
        hi = next((i for i in range(lo, hi) if rule.body_end.search(lines[i].text)), hi)
    runs = _runs(lines, lo, hi)
    ends = [i for i in range(lo, hi) if lines[i].kind == "end"]
    for end in ends:  # the readers' comments begin: only an article before them counts
        before = [r for r in runs if r.end < end]
        if any(r.prose >= 2 for r in before):
            runs = before
            break
    if not runs:
        return -1, -1
    weights = [r.chars * (ANCHORED if _anchored(lines, r.start) else 1) for r in runs]
    first = last = max(range(len(runs)), key=lambda j: (weights[j], -j))
    while first > 0 and _joins(runs[first], runs[first - 1]):
        first -= 1
    while last + 1 < len(runs) and _joins(runs[last + 1], runs[last + 1]):
        last += 1
    return runs[first].start, _list_after(lines, runs[last].end, hi)


_LINK_LIST = re.compile(
    r"related|links?\b|tags?\b|share|follow|see also|more\b|관련|태그|공유|추천|바로\s*가기", re.I
)


def _list_after(lines: list[_Line], end: int, hi: int, most: int = 40) -> int:
    """Where the body ends when a line ending with a colon right after it introduces a list
    (``Tour dates:`` then one item a line): the list's last item; else ``end``."""
    j = _step(lines, end, 1)
    if not 0 <= j < hi or lines[j].kind not in ("text", "prose"):
        return end
    if not lines[j].text.endswith((":", "：")) or ph.TAIL.search(lines[j].text):
        return end
    if _LINK_LIST.search(lines[j].text):
        return end  # `Related links:`, `Tags:`, `관련 기사:`: a list of links, not the article's
    last, items = j, 0
    for k in range(j + 1, min(hi, j + 1 + most)):
        x = lines[k]
        if x.kind == "blank":
            continue
        if x.kind not in ("text", "prose") or len(x.text) > 200 or ph.is_control(x.text):
            break
        last, items = k, items + 1
    return last if items >= 2 else end


def _set(x: _Line, role: str, reason: str) -> None:
    x.role, x.reason = role, reason


def _caption_key(text: str) -> str:
    return ph.ENLARGE.sub("", text).strip()


def _twins(a: str, b: str) -> bool:
    """The same caption printed twice (image alt text, then the caption), maybe one cut short."""
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 20 and (a.startswith(b) or b.startswith(a)))


def _step(lines: list[_Line], i: int, direction: int) -> int:
    """The index of the next non-blank line from ``i`` in ``direction`` (-1 if none)."""
    j = i + direction
    while 0 <= j < len(lines) and not lines[j].text:
        j += direction
    return j if 0 <= j < len(lines) else -1


def _mark_body(page: _Page, start: int, end: int) -> None:
    lines = page.lines
    keys = [_caption_key(x.text) for x in lines]
    in_box = False
    for i in range(start, end + 1):
        x = lines[i]
        near = [j for j in (_step(lines, i, -1), _step(lines, i, 1)) if j >= 0]
        twin = any(_twins(keys[i], keys[j]) for j in near)
        in_box = x.kind == "tail" or (in_box and x.kind != "prose")
        if x.kind == "blank":
            _set(x, "blank", "")
        elif twin:
            _set(x, "caption", "printed twice in a row (image alt text and caption)")
        elif x.kind == "prose":
            _set(x, "body", "prose inside the longest run of sentences")
        elif x.kind in ("caption", "image", "label"):
            _set(x, x.kind, x.why)
        elif in_box:
            _set(x, "boilerplate", f"related-articles box inside the body; {x.why or 'not prose'}")
        elif x.kind == "text" and len(x.text) <= 40 and _after_label(lines, i):
            _set(x, "label", "the speaker's name under a transcript label ([인터뷰], [녹취])")
        elif x.kind == "text" and len(x.text) <= 40 and _beside_photo(lines, i):
            _set(x, "caption", "short line beside a photo caption or image: its alt text")
        elif x.kind == "text" and len(x.text) <= 40:
            _set(x, "subheading", "short line without a sentence end inside the body")
        elif x.kind == "text":
            _set(x, "body", "long line inside the body")
        else:
            _set(x, "boilerplate", f"{x.why} (inside the body)")


def _after_label(lines: list[_Line], i: int) -> bool:
    """Whether the line before is a transcript label such as ``[인터뷰]`` (a speaker's name)."""
    j = _step(lines, i, -1)
    return j >= 0 and lines[j].kind == "label" and not ph.PROGRAMME_INFO.match(lines[j].text)


def _beside_photo(lines: list[_Line], i: int) -> bool:
    """Whether the next line is a photo caption or an image (this one is its alt text)."""
    j = _step(lines, i, 1)
    return j >= 0 and lines[j].kind in ("caption", "image") and lines[i].text[0].isalnum()


def _signoff_byline(x: _Line) -> Byline | None:
    """``홍길동 hong@example.com`` after the body: a name beside an e-mail, without role word."""
    emails = ph.EMAIL.findall(x.text)
    rest = ph.EMAIL.sub("", x.text).strip(" ()<>[]|,")
    if emails and re.fullmatch(r"[가-힣]{2,4}|[A-Z][a-z]+(?: [A-Z][a-z'-]+){1,2}", rest):
        return Byline((rest,), tuple(emails))
    return None


def _mark_after(page: _Page, first: int) -> None:
    """The sign-off (bylines, e-mail, dates, copyright) and then the tail and footer."""
    signing = True
    for x in page.lines[first:]:
        if x.kind == "blank":
            _set(x, "blank", "")
            continue
        if signing and x.kind == "text" and (found := _signoff_byline(x)):
            x.kind, x.byline = "byline", found
        if ph.FOOTER.search(x.text):
            signing = False
            _set(x, "footer", "publisher footer phrase (address, phone, registration)")
        elif signing and x.kind in _SIGNOFF_KINDS:
            role = {"copyright": "signoff", "bylinedate": "byline+date", "email": "byline"}
            _set(x, role.get(x.kind, x.kind), f"{x.why or 'name beside an e-mail'}; sign-off")
        else:
            signing = False
            _set(x, "tail", f"after the body and sign-off; {x.why or 'not prose'}")


_ANCHORS = ("byline", "bylinedate", "date", "section")


def _bare(text: str) -> str:
    """A line without its list bullet (``• 제목``)."""
    return ph.BULLET.sub("", text).strip()


def _echo_counts(page: _Page) -> Counter[str]:
    """How often each line's text is printed in the page, bullets and site suffixes aside: a
    headline is printed again in the page title, the share box or a list of the day's news."""
    counts: Counter[str] = Counter()
    for x in page.lines:
        if x.text:
            bare = _bare(x.text)
            keys = {bare, strip_site_suffix(bare, page.source), strip_site_suffix(bare)}
            counts.update(keys)
    return counts


def _title_like(x: _Line) -> bool:
    bare = _bare(x.text)
    return (
        x.kind in ("text", "prose", "repeated")
        and 8 <= len(bare) <= 160
        and " " in bare
        and not ph.LOGO.match(bare)
        and not ph.is_menu(bare)
    )


def _title_signals(page: _Page, i: int) -> str:
    """The positive signals behind a headline choice, in words (``--explain``)."""
    lines, text = page.lines, _bare(page.lines[i].text)
    said = []
    if _above_date(lines, i):
        said.append("right above its date line")
    if _echo_counts(page)[text] >= 2 or strip_site_suffix(text, page.source) != text:
        said.append("printed again in the page (page title, share box)")
    if any(x.kind in _ANCHORS for x in _nonblank_around(lines, i, 3)):
        said.append("beside the byline, date or section")
    return ", ".join(said) or "the longest headline-shaped line near the body"


def _title_score(page: _Page, i: int, start: int, echoes: Counter[str]) -> int:
    """Headline evidence: printed again, beside the byline or date, close above the body,
    not a sentence, not chrome."""
    lines, text = page.lines, _bare(page.lines[i].text)
    score = min(len(text), 30) - max(0, len(text) - 100)
    if echoes[text] >= 2 or strip_site_suffix(text, page.source) != text:
        score += 40
    if page.lines[i].kind == "repeated":
        score -= 30  # in other pages of the site too: chrome, or a headline in their news lists
    near = [x.kind for x in _nonblank_around(lines, i, 3)]
    if any(k in _ANCHORS for k in near):
        score += 20
    if _above_date(lines, i):
        score += 35  # the headline stands right above its date line (or byline and date)
    above = next((x for x in reversed(lines[:i]) if x.text), None)
    if above is not None and _title_like(above):
        score -= 25  # under another headline-like line: a subtitle
    between = sum(1 for x in lines[i + 1 : start] if x.text)
    score -= min(between, 90) // 3
    if ph.CHROME_WORDS.search(text) or ph.is_control(text):
        score -= 60
    if ph.STATEMENT_END.search(text):
        score -= 40  # a sentence: a summary, a notice, a caption
    if text != page.lines[i].text:
        score -= 15  # a list item
    if text == page.source or re.search(r"\[[\w-]*_\w*\]", text):
        score -= 60  # the site's name; image placeholders such as [facebook_24]
    return score


def _above_date(lines: list[_Line], i: int, reach: int = 2) -> bool:
    """Whether a date line follows within ``reach`` non-blank lines (a byline may come first)."""
    after = [x for x in lines[i + 1 :] if x.text][: reach + 1]
    while after[:1] and _title_like(after[0]) and len(after) > reach:
        after = after[1:]  # a subtitle (deck) between the headline and its date
    after = after[:reach]
    return any(x.kind in ("date", "bylinedate") for x in after) and all(
        x.kind in ("date", "bylinedate", "byline", "control") for x in after[:1]
    )


def _nonblank_around(lines: list[_Line], i: int, reach: int) -> list[_Line]:
    before = [x for x in reversed(lines[:i]) if x.text][:reach]
    after = [x for x in lines[i + 1 :] if x.text][:reach]
    return before + after


def _pick_title(page: _Page, start: int) -> tuple[int, str]:
    rule = page.rule
    if rule is not None and rule.title is not None:
        for i, x in enumerate(page.lines):
            if match := rule.title.search(x.text):
                title = match.groupdict().get("title") or match.group(0)
                return i, f"per-source rule for {rule.site}: title /{rule.title.pattern}/ ({title})"
    echoes = _echo_counts(page)
    candidates = [i for i, x in enumerate(page.lines[:start]) if _title_like(x)]
    if candidates:
        scores = [_title_score(page, i, start, echoes) for i in candidates]
        scores[-1] += 10  # the candidate nearest the body
        best = max(range(len(candidates)), key=lambda k: (scores[k], k))
        said = _title_signals(page, candidates[best])
        return candidates[best], f"best headline candidate above the body: {said} ({scores[best]})"
    first = next((i for i, x in enumerate(page.lines) if x.kind != "blank"), -1)
    return first, "no headline above the body: the first line"


def _title_text(page: _Page, i: int) -> str:
    rule, text = page.rule, page.lines[i].text
    if rule is not None and rule.title is not None and (match := rule.title.search(text)):
        return (match.groupdict().get("title") or match.group(0)).strip()
    text = _bare(text)
    return strip_site_suffix(text, page.source) if page.source else text


def _mark_header(page: _Page, start: int) -> None:
    index, why = _pick_title(page, start)
    page.title_index = index
    page.title = _title_text(page, index) if index >= 0 else ""
    _signal(page, "title", page.lines[index] if index >= 0 else None, why)
    for i, x in enumerate(page.lines[:start]):
        after_title = i > index
        if x.kind == "blank":
            _set(x, "blank", "")
        elif i == index or (x.kind == "text" and _title_text(page, i) == page.title):
            _set(x, "title", why if i == index else "the headline again (page title)")
        elif x.kind in ("byline", "bylinedate", "email", "date", "section", "url"):
            role = {"bylinedate": "byline+date", "email": "byline"}.get(x.kind, x.kind)
            _set(x, role, x.why)
        elif after_title and i == _next_nonblank(page, index) and _deck_like(x):
            _set(x, "subtitle", "title-like line right under the headline")
        elif after_title:
            _set(x, "control", f"between the headline and the body; {x.why or 'not prose'}")
        else:
            _set(x, "boilerplate", f"site chrome above the headline; {x.why or 'not prose'}")
    if index >= start:  # no chrome at all: the first line was the title
        _set(page.lines[index], "title", why)
    _mark_deck(page, start)
    _pick_section(page)


def _mark_deck(page: _Page, start: int) -> None:
    """The deck: headline-shaped lines (no sentence end, no chrome) standing right above the
    body, photos aside, below the headline; they and the line under the headline are the
    subtitle."""
    for i in range(start - 1, page.title_index, -1):
        x = page.lines[i]
        if x.kind in ("blank", "caption", "image", "notice"):
            continue
        if not _deck_like(x):
            break
        _set(x, "subtitle", "a deck line (headline-shaped, no sentence end) right above the body")


def _deck_like(x: _Line) -> bool:
    """A subtitle's shape: a short headline-like line, not chrome, a caption, a credit or a
    sentence (``0 댓글달기 0``, ``박준석 기자 외 1명``, ``… 사진 확대`` are not)."""
    text = x.text
    return (
        x.kind == "text"
        and _title_like(x)
        and len(text) <= 80
        and not (ph.CHROME_WORDS.search(text) or ph.is_control(text))
        and not (ph.STATEMENT_END.search(text) or ph.CAPTION.search(text))
        and not (ph.ENLARGE.search(text) or ph.KO_ROLE.search(text) or ph.NOTICE.search(text))
        and not re.search(r"(?:^|\s)\d+(?:\s|$)|[\[(][^\])]{1,8}[\])]$", text)
    )


def _pick_section(page: _Page) -> None:
    """The tags: a per-source rule's section line, else the genre's section signals."""
    lines = page.lines
    if page.rule is not None and page.rule.section is not None:
        found = next((x for x in lines if x.role == "section"), None)
        page.tags = _section_tags(found.text, page.rule) if found else ()
        _signal(page, "section", found, f"per-source rule for {page.rule.site}")
        return
    texts = [x.text for x in lines]
    if portal := next((s for t in texts if (s := sec.portal_section(t))), ""):
        page.tags = (portal,)
        said = next(x for x in lines if sec.portal_section(x.text))
        _signal(page, "section", said, "the portal's sentence naming the outlet's section")
        return
    heads = [i for i, x in enumerate(lines) if x.text and _bare(x.text) == page.title]
    for i in _header_order(page, heads):
        x = lines[i]
        tags = _section_tags(x.text, None) if x.kind == "section" else sec.breadcrumb(x.text)
        if tags:
            _set(x, "section", x.why or "a breadcrumb near the headline")
            page.tags = tags
            _signal(page, "section", x, f"a breadcrumb near the headline ({x.reason})")
            return
    if tab := next((s for t in texts[: max(heads, default=0)] if (s := sec.selected_tab(t))), ""):
        page.tags = (tab,)
        marked = next(x for x in lines if sec.selected_tab(x.text) == tab)
        _signal(page, "section", marked, "a menu tab the page marks as the current one")
        return
    _label_section(page, heads)


def _header_order(page: _Page, heads: list[int], reach: int = 8) -> list[int]:
    """Line indexes within ``reach`` non-blank lines of a headline, nearest first."""
    near: dict[int, int] = {}
    for head in heads:
        before = [j for j in range(head - 1, -1, -1) if page.lines[j].text][:reach]
        after = [j for j in range(head + 1, len(page.lines)) if page.lines[j].text][:reach]
        for rank, j in [*enumerate(before), *enumerate(after)]:
            near[j] = min(rank, near.get(j, rank))
    return sorted(near, key=lambda j: (near[j], j))


def _label_section(page: _Page, heads: list[int]) -> None:
    """A short label right above the headline that is one of the site's menu items."""
    items = sec.menu_items([x.text for x in page.lines])
    for head in heads:
        above = next((x for x in reversed(page.lines[:head]) if x.text), None)
        if above is not None and above.role != "title" and sec.is_label(above.text, items):
            _set(above, "section", "a section label right above the headline (a menu item)")
            page.tags = (above.text,)
            _signal(page, "section", above, above.reason)
            return
    head = page.title_index
    if head >= 0 and (crumb := _crumb_above(page, head)) is not None:
        page.tags = _section_tags(crumb.text, None)
        _set(crumb, "section", "a breadcrumb (levels joined by >) above the headline")
        _signal(page, "section", crumb, crumb.reason)
        return
    ranks = [i for i in range(head - 1, -1, -1) if page.lines[i].text][:LABEL_REACH]
    for i in ranks:
        x, after = page.lines[i], _next_nonblank(page, i)
        listed = after >= 0 and _bare(page.lines[after].text) != page.lines[after].text
        alone = x.kind in ("text", "repeated") and _bare(x.text) == x.text and not listed
        if alone and sec.is_label(x.text, items):
            _set(x, "section", "a menu item printed on its own just above the headline")
            page.tags = (x.text,)
            _signal(page, "section", x, "a menu item printed on its own just above the headline")
            return


def _crumb_above(page: _Page, head: int) -> _Line | None:
    """The breadcrumb nearest above the headline (``뉴스>사회>사회일반``): levels joined by >."""
    crumbs = (x for x in reversed(page.lines[:head]) if x.kind == "section")
    return next((x for x in crumbs if re.search(r"[>›»]", x.text)), None)


def _next_nonblank(page: _Page, index: int) -> int:
    return next((j for j in range(index + 1, len(page.lines)) if page.lines[j].text), -1)


def _finish(page: _Page) -> None:
    """Collect the fields from the roles: byline, dates, tags, URL and the body paragraphs."""
    header_bylines = [x.byline for x in page.lines if x.role.startswith("byline") and x.byline]
    dated = [(i, x) for i, x in enumerate(page.lines) if x.role in ("date", "byline+date")]
    # the date nearest the headline first: a page's "today" in the chrome is farther away
    dated.sort(key=lambda ix: abs(ix[0] - page.title_index))
    page.date_lines = [x.text for _, x in dated]
    if dated:
        nearest = dated[0][1]
        _signal(page, "date", nearest, f"the date line nearest the headline ({nearest.why})")
    decks = [x for x in page.lines if x.role == "subtitle"]
    page.subtitle = "\n".join(_bare(x.text) for x in decks)
    if decks:
        _signal(page, "subtitle", decks[0], decks[0].reason)
    for x in page.lines:
        if x.role == "url" and not page.url:
            page.url = ph.URL_LINE.match(x.text).group("url")  # type: ignore[union-attr]
        elif x.role in ("body", "subheading"):
            page.body.append(x.text)
    wire = None
    first_body = next((x for x in page.lines if x.role == "body"), None)
    if first_body is not None and page.body:
        rest, wire = strip_dateline(first_body.text)
        if rest != first_body.text:
            page.body[page.body.index(first_body.text)] = rest.strip()
            first_body.reason += "; wire dateline removed"
    named = [b for b in (_without_outlet(b, page.source) for b in header_bylines) if b.names]
    wire = _without_outlet(wire, page.source) if wire else None
    top = bool(named) and _is_top(page, named[0])
    page.byline = named[0] if top else (wire or next(iter(named), None))
    if page.byline is not None:
        if wire and not top:
            source, why = first_body, "the wire dateline opening the first paragraph"
        else:
            source = _line_of(page, page.byline, header_bylines)
            first = first_body.number if first_body is not None else 1 << 30
            before = source is not None and source.number < first
            place = "above the body" if before else "the sign-off after the body"
            why = f"{place}: {source.why}" if source else place
        _signal(page, "byline", source, why)
    if page.byline is None and (boxed := _reporter_box(page)) is not None:
        page.byline = _without_outlet(boxed, page.source)
        _signal(page, "byline", _line_of(page, boxed, [boxed]), "a reporter box after the body")


def _signal(page: _Page, name: str, line: _Line | None, why: str) -> None:
    """Record which line gave a field and the signal behind it (``--explain``)."""
    page.signals[name] = (line.number if line is not None else 0, why)


def _line_of(page: _Page, byline: Byline, found: Sequence[Byline]) -> _Line | None:
    """The line a byline was read from (its names, if it was rewritten without an outlet)."""
    for x in page.lines:
        same = x.byline is not None and set(byline.names) <= set(x.byline.names)
        if same and any(x.byline is f for f in found):
            return x
    return None


def _reporter_box(page: _Page, reach: int = 12) -> Byline | None:
    """A byline printed after the sign-off: under a reporter box heading (``기자 정보``,
    ``기자 프로필``) or within ``reach`` lines of the body's end (``홍길동 기자(hong@…)``)."""
    last = max((i for i, x in enumerate(page.lines) if x.role == "body"), default=-1)
    seen, heading = 0, -1
    for i in range(last + 1, len(page.lines)):
        x = page.lines[i]
        if not x.text:
            continue
        seen += 1
        if ph.REPORTER_BOX.match(_bare(x.text)):
            heading = seen
        near = seen <= reach or (0 < seen - heading <= 6 and heading > 0)
        if x.byline is not None and x.byline.names and x.role == "tail" and near:
            x.reason += "; the byline (reporter box after the body)"
            return x.byline
        if seen > reach and heading < 0:
            return None
    return None


_OUTLET = re.compile(r"(?:일보|신문|뉴스|통신|타임스|방송|미디어|저널|닷컴)$")


def _without_outlet(byline: Byline, source: str) -> Byline:
    """Drop an outlet name read as a reporter (``[한빛일보 홍길동 기자]``) when others remain."""
    names = tuple(n for n in byline.names if n != source and not _OUTLET.search(n))
    return Byline(names, byline.emails) if names else byline


def _is_top(page: _Page, byline: Byline) -> bool:
    """Whether this byline was printed above the body (a top byline beats a wire dateline)."""
    for x in page.lines:
        if x.role == "body":
            return False
        if x.byline is byline:
            return True
    return False


def format_roles(roles: Sequence[LineRole], width: int = 60) -> str:
    """A plain-text table of line roles, one line each: number, role, text, reason."""
    rows = []
    for r in roles:
        text = r.text if len(r.text) <= width else r.text[: width - 1] + "…"
        rows.append(
            f"{r.number:>4}  {r.role:<11}  {text}" + (f"  ← {r.reason}" if r.reason else "")
        )
    return "\n".join(rows)


def _copyright_names(text: str) -> list[str]:
    """The names a copyright line gives its holder: the whole phrase after ``ⓒ``/``Copyright``
    (``CBS 노컷뉴스``), then each of its words (``공감언론 뉴시스통신사``), dots trimmed."""
    found: list[str] = []
    for match in ph.COPYRIGHT_SITE.finditer(text):
        phrase = match.group("phrase").strip(" .")
        words = [w.strip(".") for w in phrase.split()]
        found.extend(n for n in (phrase, *words) if n)
    return found
