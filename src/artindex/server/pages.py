"""What the search page shows, computed from the URL and the JSON result.

The URL holds the whole state: every link here is the current query string with one change,
so a page can be shared, reloaded and navigated without JavaScript. Text is escaped by the
templates; the snippet's highlighted spans are escaped piece by piece here.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

PAGE_PARAMS = frozenset({"page", "lang_ui"})  # the page's own parameters, not the library's
MAX_PAGE = 100

Pairs = list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str
    active: bool = False
    count: int | None = None


def href(state: Sequence[tuple[str, str]], path: str = "/", /, **changes: str | None) -> str:
    """``path`` with the current state, each named parameter replaced (None removes it).
    Changing anything but the page goes back to page 1."""
    keep = [(k, v) for k, v in state if k not in changes and (k != "page" or "page" in changes)]
    keep += [(k, v) for k, v in changes.items() if v is not None and v != ""]
    return path + ("?" + urlencode(keep) if keep else "")


def highlight(snippet: str, spans: Iterable[Sequence[int]]) -> Markup:
    """The snippet as HTML: every piece escaped, the matched spans in <mark>."""
    out, pos = [], 0
    merged: list[tuple[int, int]] = []  # touching spans (탄소|중립) read as one mark
    for start, end in sorted((int(s[0]), int(s[1])) for s in spans):
        if merged and start == merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    for start, end in merged:
        if start < pos or end > len(snippet) or start >= end:
            continue
        out.append(escape(snippet[pos:start]))
        out.append(Markup("<mark>%s</mark>") % snippet[start:end])
        pos = end
    out.append(escape(snippet[pos:]))
    return Markup("").join(out)


def pager(state: Pairs, page: int, size: int, total: int) -> list[Link]:
    """Links to the pages around ``page`` (at most MAX_PAGE pages)."""
    last = min(MAX_PAGE, max(1, -(-total // size)))
    first = max(1, min(page - 4, last - 8))
    return [
        Link(str(n), href(state, page=str(n) if n > 1 else None), active=n == page)
        for n in range(first, min(last, first + 8) + 1)
    ]


# A facet's name in the result -> the search parameter a click sets.
FACET_PARAM = {"tags": "tag", "tag": "tag", "source": "source", "lang": "lang", "byline": "byline"}
FACET_PARAM.update(people="person", orgs="org", places="place")


def facet_counts(raw: Any) -> list[tuple[str, int]]:
    """(value, count) pairs from a facet given as {value: count}, [[value, count]] or
    [{"value": ..., "count": ...}]."""
    if isinstance(raw, dict):
        return [(str(k), int(v)) for k, v in raw.items()]
    out = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict):
            out.append((str(item.get("value", "")), int(item.get("count", 0))))
        elif isinstance(item, list | tuple) and len(item) == 2:
            out.append((str(item[0]), int(item[1])))
    return out


def month_range(value: str) -> tuple[str, str] | None:
    """ "2024-04" -> ("2024-04-01", "2024-04-30")."""
    try:
        year, month = (int(p) for p in value.split("-")[:2])
        last = calendar.monthrange(year, month)[1]
    except (ValueError, calendar.IllegalMonthError):
        return None
    return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"


def facet_links(state: Pairs, facets: Any, supported: set[str]) -> dict[str, list[Link]]:
    """Each facet's values as links that add the value as a filter (or plain counts when the
    index cannot filter by it)."""
    out: dict[str, list[Link]] = {}
    for name, raw in (facets or {}).items() if isinstance(facets, dict) else ():
        links = []
        for value, count in facet_counts(raw)[:12]:
            changes: dict[str, str | None] = {}
            param = FACET_PARAM.get(name)
            if param in supported:
                changes[param] = value
            elif name.startswith("month") and {"since", "until"} <= supported:
                span = month_range(value)
                if span:
                    changes.update(since=span[0], until=span[1], when=None)
            active = bool(changes) and all((k, v) in state for k, v in changes.items() if v)
            link = href(state, **changes) if changes else ""
            links.append(Link(value, link, active=active, count=count))
        out[name] = links
    return out


def date_presets(
    state: Pairs, supported: set[str], today: date, labels: dict[str, str]
) -> list[Link]:
    """오늘, 지난주, 지난달, 올해 and "any time": as ``when`` phrases when the index takes them
    (the URL keeps meaning "last week" tomorrow), else as a ``since`` date."""
    presets = [
        ("today", "오늘", today),
        ("last_week", "지난주", today - timedelta(days=7)),
        ("last_month", "지난달", today - timedelta(days=30)),
        ("this_year", "올해", today.replace(month=1, day=1)),
    ]
    current = dict(state)
    links = [
        Link(
            labels["any_time"],
            href(state, when=None, since=None, until=None),
            active=not ({"when", "since", "until"} & current.keys()),
        )
    ]
    for key, phrase, start in presets:
        if "when" in supported:
            links.append(
                Link(
                    labels[key],
                    href(state, when=phrase, since=None, until=None),
                    active=current.get("when") == phrase,
                )
            )
        elif "since" in supported:
            links.append(
                Link(
                    labels[key],
                    href(state, since=start.isoformat(), until=None),
                    active=current.get("since") == start.isoformat(),
                )
            )
    return links if len(links) > 1 else []


def sort_links(state: Pairs, supported: set[str], labels: dict[str, str]) -> list[Link]:
    if "sort" not in supported:
        return []
    current = dict(state).get("sort", "relevance")
    return [
        Link(labels["sort_relevance"], href(state, sort=None), active=current == "relevance"),
        Link(labels["sort_date"], href(state, sort="newest"), active=current == "newest"),
    ]


def correction(state: Pairs, data: dict[str, Any], supported: set[str]) -> dict[str, str] | None:
    """The corrected query and a link to search for the original instead, if the result
    says the query was corrected."""
    corrected = data.get("corrected") or data.get("correction")
    if isinstance(corrected, dict):  # the library's {from, to, reason}
        corrected = corrected.get("to")
    original = dict(state).get("q", "")
    if not isinstance(corrected, str) or not corrected or corrected == original:
        return None
    link = href(state, correct="false") if "correct" in supported else ""
    return {"corrected": corrected, "original": original, "href": link}


def did_you_mean(state: Pairs, data: dict[str, Any]) -> dict[str, str] | None:
    """The query the result suggests ("did you mean", hits not replaced) and a link that
    searches it, or None."""
    offered = data.get("suggestion")
    text = offered.get("text") if isinstance(offered, dict) else None
    if not isinstance(text, str) or not text:
        return None
    return {"text": text, "href": href(state, q=text)}


def active_filters(state: Pairs, labels: dict[str, str]) -> list[Link]:
    """The filters in the URL, each with a link that removes it."""
    shown = ("tag", "source", "byline", "lang", "since", "until", "when")
    out = []
    for key, value in state:
        if key in shown:
            rest = [(k, v) for k, v in state if (k, v) != (key, value) and k != "page"]
            out.append(Link(f"{key}: {value}", href(rest)))
    return out


def snippet_html(snippet: str, spans: Iterable[Sequence[int]]) -> Markup:
    """The snippet without Markdown marks (``**``, ``#``, links' brackets), its highlights
    moved onto the same words, as HTML."""
    from ..text.markup import strip_spans

    plain, moved = strip_spans(snippet, [(int(s[0]), int(s[1])) for s in spans])
    return highlight(plain, moved)


def tag_path(tag: str) -> list[str]:
    """A tag written as a path (``과학 > 의학·생명``, ``IT/모바일``) as its parts."""
    for sep in (">", "›", "/"):
        if sep in tag:
            return [p.strip() for p in tag.split(sep) if p.strip()]
    return [tag]


def article_blocks(body: str) -> list[Any]:
    """The article body's Markdown as plain-text blocks (heading, quote, item, paragraph):
    rendered as text by the template, so no markup and no HTML of the article is ever live."""
    from ..text.markup import blocks

    return list(blocks(body))


def related_links(state: Pairs, related: Any) -> list[Link]:
    """Each related word as a link that searches for it together with the query."""
    query = dict(state).get("q", "")
    terms = related.get("terms", []) if isinstance(related, dict) else []
    return [Link(str(t["term"]), href(state, q=f"{query} {t['term']}".strip())) for t in terms]


def suggestion(data: dict[str, Any]) -> str:
    """A suggested query the result carries (``suggestion``: text, ``{text: ...}`` as
    :class:`artindex.DidYouMean` writes it, or ``{to: ...}``), if any."""
    found = data.get("suggestion")
    if isinstance(found, dict):
        found = found.get("text") or found.get("to")
    return found if isinstance(found, str) else ""


ERROR_PARAMS = ("q", "since", "until", "when", "tag", "source", "byline", "lang", "page",
                "limit", "sort", "interval")  # fmt: skip


def error_text(exc: Exception, labels: dict[str, str]) -> str:
    """An error as the page's language says it, naming what the reader typed or chose, never
    an internal field or parameter name."""
    param = getattr(exc, "param", None)
    if param in ERROR_PARAMS:
        return labels["error_param"].format(what=labels.get(f"param_{param}", param))
    if param is None and exc.__class__.__name__ in ("QueryError",):
        return labels["error_param"].format(what=labels["param_q"])
    return labels["error_unavailable"]
