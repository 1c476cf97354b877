"""Per-source rules for page dumps, read from YAML: for the sites a user cares most about.

A rule file holds one rule, a list of rules, or a mapping with a ``page_rules`` (or ``sources``)
list, so the same rules can live in ``sources/*.yaml`` or in a section of ``artindex.yaml``::

    site: 한빛일보                      # the source name given to matching files
    match:                              # any one of these selects the rule
      path_glob: "*/hanbit/*.txt"       # fnmatch against the file's path (with / separators)
      line: "^한빛일보 로고$"           # a regex some line of the page matches
    drop: ["^오늘의 증시"]              # regexes: matching lines are boilerplate
    title: "^\\[속보\\] (?P<title>.+)$"   # regex of the headline line (group ``title`` if given)
    section: "^섹션: (?P<section>.+)$"  # regex of the section line (group ``section`` if given)
    body_start: "^기사 본문$"           # the body begins after the first line matching this
    body_end: "^한빛일보 기자 소개"     # the body ends before the first later line matching this

Every regex is searched in the line (``re.search``). Invalid rules raise ConfigError.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ...errors import ConfigError

__all__ = ["SourceRule", "load_rules", "rules_from_data"]

_KEYS = {"site", "match", "drop", "title", "section", "body_start", "body_end"}


@dataclass(frozen=True)
class SourceRule:
    """One site's extraction rule; every field but ``site`` is optional."""

    site: str
    path_glob: str = ""
    line: re.Pattern[str] | None = None
    drop: tuple[re.Pattern[str], ...] = ()
    title: re.Pattern[str] | None = None
    section: re.Pattern[str] | None = None
    body_start: re.Pattern[str] | None = None
    body_end: re.Pattern[str] | None = None

    def matches(self, path: Path, lines: Sequence[str]) -> bool:
        """Whether this rule is for the page at ``path`` with these lines."""
        if self.path_glob and fnmatch.fnmatch(path.as_posix(), self.path_glob):
            return True
        return self.line is not None and any(self.line.search(text) for text in lines)

    def dropped_by(self, text: str) -> str:
        """The ``drop`` pattern that matches ``text``, or ``""``."""
        return next((p.pattern for p in self.drop if p.search(text)), "")


def _regex(value: Any, where: str) -> re.Pattern[str] | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: must be a regular expression in quotes, not {value!r}")
    try:
        return re.compile(value)
    except re.error as exc:
        raise ConfigError(f"{where}: invalid regular expression {value!r} ({exc})") from exc


def _rule(data: Any, where: str) -> SourceRule:
    if not isinstance(data, dict) or not isinstance(data.get("site"), str) or not data["site"]:
        raise ConfigError(f"{where}: each page rule needs `site: <name>`")
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown page-rule keys {sorted(unknown)}; use {sorted(_KEYS)}")
    match = data.get("match") or {}
    if not isinstance(match, dict):
        raise ConfigError(f"{where}: `match` must be a mapping with path_glob and/or line")
    drop = data.get("drop") or []
    if isinstance(drop, str):
        drop = [drop]
    site = data["site"]
    return SourceRule(
        site=site,
        path_glob=str(match.get("path_glob") or ""),
        line=_regex(match.get("line"), f"{where} ({site}) match.line"),
        drop=tuple(p for i, v in enumerate(drop) if (p := _regex(v, f"{where} drop[{i}]"))),
        title=_regex(data.get("title"), f"{where} ({site}) title"),
        section=_regex(data.get("section"), f"{where} ({site}) section"),
        body_start=_regex(data.get("body_start"), f"{where} ({site}) body_start"),
        body_end=_regex(data.get("body_end"), f"{where} ({site}) body_end"),
    )


def rules_from_data(data: Any, where: str = "rules") -> list[SourceRule]:
    """Rules from parsed YAML: one rule, a list, or a mapping with ``page_rules``/``sources``."""
    if data is None:
        return []
    if isinstance(data, dict) and "site" not in data:
        data = data.get("page_rules", data.get("sources"))
        if data is None:
            return []
    items: Iterable[Any] = data if isinstance(data, list) else [data]
    return [_rule(item, f"{where}[{i}]") for i, item in enumerate(items)]


def _expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a folder (``sources/``) stands for its ``*.yaml``/``*.yml`` files, sorted."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


def load_rules(paths: Sequence[Path]) -> list[SourceRule]:
    """Every rule in the given YAML files or folders, in order (the first matching rule wins)."""
    rules: list[SourceRule] = []
    for path in _expand(paths):
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read page rules ({exc.strerror})") from exc
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: page rules are not valid YAML ({exc})") from exc
        rules.extend(rules_from_data(data, str(path)))
    return rules
