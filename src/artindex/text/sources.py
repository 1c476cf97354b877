"""One spelling per outlet: ``(서울=연합뉴스)``, ``Yonhap`` and ``yna.co.kr`` are all ``연합뉴스``.

:func:`canonical_source` strips what pages put around an outlet's name (a wire dateline's
brackets and place, ``ⓒ``/``Copyright``/``저작권자``, ``| 네이버``, a trailing ``사`` of
``대전일보사``), then looks the name up in the user's aliases and the packaged table of major
Korean outlets (``data/sources.yaml``); a notice word left alone (``by``, ``belongs``) is no
outlet, and the article's URL domain is tried instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..errors import ConfigError

__all__ = ["SourceNames", "canonical_source", "default_source_names", "load_source_names"]

_TABLE = Path(__file__).resolve().parent.parent / "data" / "sources.yaml"
_NOTICE = re.compile(
    r"^(?:ⓒ|©|\(c\)|copyrights?\b|저작권자|저작권|all rights reserved)[\s:.,©ⓒ]*(?:by\s+)?|"
    r"[\s.,]*(?:무단\s*전재.*|재배포\s*금지.*|all rights reserved.*|\.)$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^[\[(【〔<]\s*(?P<head>[^=\])】〕>]{0,20}?)\s*=\s*(?P<name>[^\])】〕>]+?)\s*[\])】〕>]?$"
)
_REPORTER_ONLY = re.compile(r"^[가-힣]{2,4}\s*(?:기자|특파원|통신원|앵커)")
_REPORTER = re.compile(r"\s+[가-힣]{2,4}\s*(?:기자|특파원|통신원|앵커).*$")
_BRACKETS = re.compile(r"^[\[(【〔<]\s*(?P<name>[^\])】〕>]+?)\s*[\])】〕>]$")
_COMPANY = re.compile(r"^(?:\(주\)|㈜|주식회사)\s*|\s*(?:\(주\)|㈜|주식회사)$")
_HOUSE = re.compile(r"^(?P<name>.+(?:일보|신문|방송|통신|경제))사$")
# Words of a copyright notice or a page label, never an outlet's name.
_NOT_NAMES = {
    "by", "belongs", "belong", "to", "the", "all", "rights", "reserved", "copyright", "and",
    "of", "inc", "ltd", "co", "news", "뉴스", "기사", "언론사", "기사제공", "제공", "출처",
}  # fmt: skip


def _key(name: str) -> str:
    return "".join(unicodedata.normalize("NFC", name).split()).casefold()


@dataclass(frozen=True)
class SourceNames:
    """Spellings → canonical outlet names, and the portals (whose pages carry other outlets'
    articles)."""

    aliases: dict[str, str] = field(default_factory=dict)  # keyed by _key(spelling)
    portals: frozenset[str] = frozenset()  # canonical names

    def lookup(self, name: str) -> str:
        """The canonical spelling of ``name``, or "" when no table knows it."""
        return self.aliases.get(_key(name), "")

    def is_portal(self, name: str) -> bool:
        return bool(name) and (self.lookup(name) or name) in self.portals

    def merged(self, user: Mapping[str, str]) -> SourceNames:
        """These names with ``user``'s aliases (spelling → canonical) taking precedence."""
        aliases = dict(self.aliases)
        for spelling, canonical in user.items():
            target = aliases.get(_key(canonical), canonical)
            aliases[_key(spelling)] = target
            aliases.setdefault(_key(canonical), target)
        return SourceNames(aliases, self.portals)


def _table(data: Any, what: str) -> SourceNames:
    outlets = data.get("outlets", {}) if isinstance(data, Mapping) else None
    if not isinstance(outlets, Mapping):
        raise ConfigError(f"{what}: `outlets` must map a name to its other spellings")
    aliases: dict[str, str] = {}
    for canonical, spellings in outlets.items():
        aliases[_key(str(canonical))] = str(canonical)
        for spelling in spellings or ():
            aliases.setdefault(_key(str(spelling)), str(canonical))
    portals = frozenset(aliases.get(_key(str(p)), str(p)) for p in data.get("portals") or ())
    return SourceNames(aliases, portals)


@lru_cache(maxsize=1)
def default_source_names() -> SourceNames:
    """The packaged table of major Korean outlets and portals."""
    return _table(yaml.safe_load(_TABLE.read_text(encoding="utf-8")), str(_TABLE))


def _user_aliases(data: Any, what: str) -> dict[str, str]:
    """``{aliases: {연합: 연합뉴스}}`` or the bare mapping, checked."""
    if isinstance(data, Mapping) and "aliases" in data:
        data = data["aliases"]
    if not isinstance(data, Mapping) or not all(
        isinstance(v, str) and v.strip() for v in data.values()
    ):
        raise ConfigError(f"{what}: source aliases must map a spelling to an outlet's name")
    return {str(k): v for k, v in data.items()}


@lru_cache(maxsize=8)
def _from_file(path: str, mtime: float) -> SourceNames:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read source aliases ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: source aliases are not valid YAML") from exc
    return default_source_names().merged(_user_aliases(data, path))


def load_source_names(spec: str | Mapping[str, Any] | None = None) -> SourceNames:
    """The packaged names with the user's: ``spec`` is a YAML file's path, an inline mapping
    (``{aliases: {...}}`` or ``{spelling: outlet}``), or empty for the packaged names alone."""
    if not spec:
        return default_source_names()
    if isinstance(spec, Mapping):
        return default_source_names().merged(_user_aliases(spec, "setting 'sources'"))
    try:
        mtime = Path(spec).stat().st_mtime
    except OSError as exc:
        raise ConfigError(f"{spec}: cannot read source aliases ({exc.strerror})") from exc
    return _from_file(str(spec), mtime)


def _undecorated(name: str, names: SourceNames) -> str:
    """The name without notice words, dateline brackets, a reporter, portal pieces."""
    pieces = [p.strip() for p in re.split(r"\s*\|\s*", name) if p.strip()]
    if len(pieces) > 1:  # "연합뉴스 | 네이버": the piece that is not the portal
        pieces = [p for p in pieces if not names.is_portal(p)] or pieces
    text = pieces[0] if pieces else ""
    for _ in range(3):
        before = text
        text = _NOTICE.sub("", text).strip()
        dateline = _DATELINE.match(text)
        if dateline:  # (서울=연합뉴스): place=outlet; [헤럴드경제=홍길동 기자]: outlet=reporter
            reporter = _REPORTER_ONLY.match(dateline.group("name"))
            text = dateline.group("head") if reporter else dateline.group("name")
        bracketed = _BRACKETS.match(text)
        text = bracketed.group("name") if bracketed else text
        text = _COMPANY.sub("", _REPORTER.sub("", text)).strip(" ,.:;·-=")
        if text == before:
            break
    return text


def _domain(url: str) -> str:
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return re.sub(r"^(?:www|m|mobile)\.", "", host)


def canonical_source(source: str, url: str = "", names: SourceNames | None = None) -> str:
    """The one spelling of the outlet ``source`` names (``(서울=연합뉴스)`` → ``연합뉴스``);
    a name no table knows is kept without its decorations; a notice word or nothing at all
    falls back to the outlet of ``url``'s domain when the tables know it, else ""."""
    names = names or default_source_names()
    text = " ".join(unicodedata.normalize("NFC", source).split())
    text = _undecorated(text, names) if text else ""
    if text and _key(text) not in _NOT_NAMES:
        found = names.lookup(text) or names.lookup(re.sub(r"^(?:www|m)\.", "", text))
        if found:
            return found
        house = _HOUSE.match(text)  # 대전일보사 → 대전일보
        return (names.lookup(house.group("name")) or house.group("name")) if house else text
    host = _domain(url)
    while host.count(".") >= 1:
        found = names.lookup(host)
        if found:
            return found
        host = host.split(".", 1)[1]
    return ""
