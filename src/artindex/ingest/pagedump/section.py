"""Section labels in page dumps: the signals news pages share for "which desk is this".

- a portal's classification sentence (``이 기사는 언론사에서 사회 섹션으로 분류했습니다``);
- a breadcrumb near the headline (``뉴스 > 경제 > 기업·CEO``, ``HOME 식의약/미용 일반뉴스``);
- a menu tab the page marks as current (``• 사회 선택됨``);
- a short label right above the headline that is also one of the site's menu items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import phrases as ph

__all__ = ["breadcrumb", "is_label", "menu_items", "portal_section", "selected_tab"]

_PORTAL = re.compile(
    r"이 기사는 언론사에서\s*(?P<section>[^\s]{1,12}(?:\s[^\s]{1,8})?)\s*섹션으로 분류"
)
_SELECTED = re.compile(
    r"^(?P<section>[^\s•]{1,10})\s*(?:\(|\[)?(?:선택됨|현재\s*(?:메뉴|페이지|위치)|selected|current)"
    r"(?:\)|\])?$",
    re.IGNORECASE,
)
_HOME_CRUMB = re.compile(r"^(?:HOME|Home|home|홈|메인)\s*[>›»]?\s+(?P<rest>.{2,40})$")


def portal_section(text: str) -> str:
    """The section a portal says the outlet filed the article under, or ``""``."""
    match = _PORTAL.search(text)
    return match.group("section").strip() if match else ""


def selected_tab(text: str) -> str:
    """``• 사회 선택됨`` (a menu tab marked as the current one) → ``사회``; else ``""``."""
    match = _SELECTED.match(ph.BULLET.sub("", text).strip())
    return match.group("section") if match else ""


def breadcrumb(text: str) -> tuple[str, ...]:
    """``HOME 식의약/미용 일반뉴스`` → its levels after the home item; ``()`` if not one."""
    match = _HOME_CRUMB.match(text.strip())
    if not match or ph.STATEMENT_END.search(text):
        return ()
    parts = [p for p in re.split(r"\s*[>›»]\s*|\s+", match.group("rest")) if p]
    if not 1 <= len(parts) <= 5 or any(len(p) > 12 for p in parts):
        return ()
    return tuple(parts)


def menu_items(lines: Sequence[str]) -> set[str]:
    """The items of the page's menus: list items (``• 사회``) and parts of menu lines."""
    items: set[str] = set()
    for text in lines:
        bare = ph.BULLET.sub("", text).strip()
        if bare != text.strip() and 0 < len(bare) <= 12:
            items.add(bare)
        elif ph.is_menu(text):
            items.update(p for p in re.split(r"\s*[|ㅣ·]\s*|\s+", text) if p)
    return items


def is_label(text: str, items: set[str]) -> bool:
    """A section label: one or two short words, a menu item of the page or a menu word."""
    words = text.split()
    if not 1 <= len(words) <= 2 or len(text) > 12 or ph.is_control(text):
        return False
    return text in items or ph.is_menu_word(text)
