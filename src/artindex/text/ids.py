"""Article ids: the canonical URL (tracking parameters dropped) or a content hash."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .clean import collapse

__all__ = ["make_id"]

_TRACKING = re.compile(
    r"^(?:utm_\w*|fbclid|gclid|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl|ref_src|"
    r"cmpid|ncid|spm|sr_share|share|from|src|ref|ocid|rss)$",
    re.IGNORECASE,
)


def _canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = sorted((k, v) for k, v in query if not _TRACKING.match(k))
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def make_id(
    *,
    url: str = "",
    source: str = "",
    title: str = "",
    date: datetime | None = None,
    body: str = "",
) -> str:
    """The canonical URL when known, else ``sha1:`` + 16 hex digits of source|title|date|body."""
    if url.strip():
        parts = urlsplit(url.strip())
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            try:
                return _canonical_url(url)
            except ValueError:  # a malformed port
                pass
        else:
            return url.strip()
    key = "\x1f".join(
        [collapse(source), collapse(title), date.isoformat() if date else "", collapse(body)]
    )
    return "sha1:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
