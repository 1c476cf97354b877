"""artindex's exceptions: one base class, each message a single line a user can act on."""

from __future__ import annotations


class ArtindexError(Exception):
    """Base of every error artindex raises on purpose."""


class IngestError(ArtindexError):
    """A file (or one record in it) could not be read as an article."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class ConfigError(ArtindexError):
    """A settings file or option has an invalid value."""


class IndexNotFoundError(ArtindexError):
    """There is no artindex index at the given path."""

    def __init__(self, path: str, detail: str = "") -> None:
        self.path = path
        extra = f" ({detail})" if detail else ""
        super().__init__(f"no artindex index at {path}{extra}; run `artindex build` to create one")


class IndexMismatchError(ArtindexError):
    """The index was built with other analyzer settings or another schema version."""


class IndexDamagedError(ArtindexError):
    """The index's manifest names a generation that is missing or cannot be read."""

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        super().__init__(
            f"index at {path} is damaged ({detail}); run `artindex build --force` to rebuild it"
        )


class IndexClosedError(ArtindexError):
    """A method was called on an Index after :meth:`Index.close`."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"index at {path} is closed; open it again with Index.open")


class IndexLockedError(ArtindexError):
    """Another process is writing to the index."""


class QueryError(ArtindexError):
    """The query could not be parsed or is too expensive to run. ``param`` names the search
    argument at fault when it is not the query text (``sort``, ``since``...)."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class ArticleError(ArtindexError):
    """An Article was given a field of the wrong type (from code, not from a file)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class IndexWriteError(ArtindexError):
    """Writing the index failed (a full disk, a read-only or failing device). The previous
    index is still the one served, and the partial generation has been removed."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{reason} while writing {path}; the previous index is unchanged")


class SourceError(ArtindexError):
    """A source to update or remove is not one the index knows, or none is recorded."""
