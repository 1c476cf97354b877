"""Private members of outside packages that artindex touches, and the check that they are
still there. Each dependency keeps its own list beside the code that uses it
(``engine/private.py`` for Whoosh, ``indexing/sent.py`` for Dask, ``server/run.py`` for
uvicorn); :func:`check` runs a list once per process when an index is opened or written (or
a server started), so an upgrade that drops or renames one fails at once, in one line naming
the member and the version artindex was written for, not deep inside a search or a build."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from .errors import ArtindexError


class DependencyError(ArtindexError, RuntimeError):
    """An outside package lacks a private member artindex uses (it was upgraded or
    replaced): install the pinned version."""


@dataclass(frozen=True, slots=True)
class Member:
    """One private member: ``owner`` (a class, or "" for the module itself) in ``module``
    has ``name``: a method or class attribute, or (``instance``) an attribute its methods
    set on an instance."""

    module: str
    owner: str
    name: str
    used_in: str  # the artindex code that relies on it
    instance: bool = False

    @property
    def label(self) -> str:
        return f"{self.module}.{self.owner + '.' if self.owner else ''}{self.name}"


_checked: set[str] = set()  # the lists found complete in this process


def check(package: str, pinned: str, members: tuple[Member, ...], *, key: str = "") -> None:
    """Raise DependencyError naming the first of ``members`` that ``package`` (pinned at
    ``pinned`` in pyproject.toml) no longer has; a complete list is not checked again."""
    key = key or package
    if key in _checked:
        return
    for member in members:
        if not has_member(member):
            raise DependencyError(
                f"{package} lacks {member.label}, a private member artindex uses "
                f"({member.used_in}); artindex was written for {package}=={pinned}: "
                f"install that version"
            )
    _checked.add(key)


def has_member(member: Member) -> bool:
    """Whether the member is there: an attribute of its owner, or (an instance attribute)
    a name one of the owner's methods, in its class hierarchy, uses on an instance."""
    try:
        owner: Any = importlib.import_module(member.module)
        if member.owner:
            owner = getattr(owner, member.owner)
    except (ImportError, AttributeError):
        return False
    if hasattr(owner, member.name):
        return True
    if not member.instance:
        return False
    for cls in getattr(owner, "__mro__", ()):
        for value in vars(cls).values():
            code = getattr(value, "__code__", None)
            if code is not None and member.name in code.co_names:
                return True
    return False
