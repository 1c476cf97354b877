"""The search page's trend chart: inline SVG drawn on the server (no script), each bar a link
to the results of its period (the current URL with that period's ``since`` and ``until``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from .pages import href

WIDTH, HEIGHT = 600, 140  # the viewBox; the SVG scales to its column's width


def trend_svg(state: Sequence[tuple[str, str]], trend: dict[str, Any], title: str) -> Markup | None:
    """The first series of ``trend`` (``Trend.to_dict()``) as bars, or None when it has no
    dated match."""
    series = (trend.get("series") or [{}])[0]
    buckets = series.get("buckets") or []
    high = max((int(b["count"]) for b in buckets), default=0)
    if high == 0:
        return None
    step = WIDTH / len(buckets)
    gap = min(2.0, step * 0.15)
    room = HEIGHT - 2
    parts = [
        Markup('<div class="chart"><p class="chart-max">{}</p>').format(high),
        Markup(
            '<svg class="trend-chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}" '
            'xmlns="http://www.w3.org/2000/svg">'
        ).format(w=WIDTH, h=HEIGHT, label=title),
        Markup("<title>{}</title>").format(title),
        Markup('<line class="axis" x1="0" y1="{y}" x2="{w}" y2="{y}"/>').format(
            y=HEIGHT - 0.5, w=WIDTH
        ),
    ]
    for i, bucket in enumerate(buckets):
        count = int(bucket["count"])
        height = max(1.0, room * count / high) if count else 0.0
        x, y = i * step + gap / 2, HEIGHT - height
        tip = Markup("<title>{label}: {count}</title>").format(label=bucket["label"], count=count)
        rect = Markup(
            '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}">{tip}</rect>'
        ).format(x=x, y=y, w=max(0.5, step - gap), h=height, tip=tip)
        if count:
            link = href(state, since=bucket["since"], until=bucket["until"], when=None)
            rect = Markup('<a class="bar" href="{}">{}</a>').format(link, rect)
        parts.append(rect)
    parts.append(Markup('</svg><p class="chart-axis">'))
    # period labels in HTML under the bars, so they stay legible however narrow the chart
    for i in _label_positions(len(buckets)):
        parts.append(Markup("<span>{}</span>").format(buckets[i]["label"]))
    parts.append(Markup("</p></div>"))
    return Markup("").join(parts)


def _label_positions(n: int) -> list[int]:
    """The bars labelled under the axis: the first, the last and one in the middle."""
    return sorted({0, n // 2, n - 1}) if n > 2 else list(range(n))
