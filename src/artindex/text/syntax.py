"""What marks query text as written in the query syntax (not plain words), without the parser:
the one pattern shared by the engine's parser and the OpenSearch translation, which must not
load Whoosh."""

from __future__ import annotations

import re

# Whoosh syntax: phrases, operators, fields, wildcards (``*`` anywhere, ``?`` inside a word),
# fuzzy terms (``word~``, ``word~2``), required and banned words (``+word``, ``-word``), boosts.
# A ``?`` ending a word is a question mark, as in every natural question.
SYNTAX = re.compile(
    r'"|(?:^|\s)(?:AND|OR|NOT|ANDNOT|ANDMAYBE)(?:\s|$)|\b[a-z_]+:\S|\w\*|\*\w|\w\?\w'
    r"|[^\W\d_]~\d?(?:/\d)?(?=\s|$)|^[+-]\w|\s[+-]\w|\^\d"
)
# A field named in the syntax (``title:예산``); 12:30 is a time, not a field.
FIELD_NAME = r"(?P<text>[A-Za-z_][A-Za-z0-9_]*):"


def is_syntax(text: str) -> bool:
    """Whether ``text`` uses the query syntax (else it is plain words)."""
    return bool(SYNTAX.search(text))
