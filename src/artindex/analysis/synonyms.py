"""Synonym groups applied at query time, keyed by their analyzed form (so ``삼성전자`` and
``삼성 전자`` are one key)."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import ConfigError
from ..settings import read_yaml
from .morphology import analyze_morphemes, morphemes


class Synonyms:
    """Alias groups applied at query time: any member of a group also searches the others."""

    def __init__(self, groups: Sequence[Sequence[str]] = (), user_dictionary: str = "") -> None:
        self.user_dictionary = user_dictionary
        self._groups: list[list[tuple[str, ...]]] = []
        self._index: dict[tuple[str, ...], int] = {}
        for group in groups:
            keys = [k for k in (self._key(m) for m in group) if k]
            for key in keys:
                self._index.setdefault(key, len(self._groups))
            self._groups.append(keys)
        self.longest = max((len(k) for k in self._index), default=0)

    @classmethod
    def load(cls, path: str, user_dictionary: str = "") -> Synonyms:
        if not path:
            return cls()
        data = read_yaml(path, "synonyms file")
        groups = data.get("synonyms", data.get("groups", [])) if isinstance(data, dict) else data
        if not isinstance(groups, list) or not all(
            isinstance(g, list) and all(isinstance(m, str) for m in g) for g in groups
        ):
            raise ConfigError(f"{path}: synonyms must be a list of lists of words")
        return cls(groups, user_dictionary)

    def _key(self, phrase: str) -> tuple[str, ...]:
        text = phrase.strip()
        return tuple(
            t[0] for t in analyze_morphemes(text, morphemes(text, self.user_dictionary)).morph
        )

    def __len__(self) -> int:
        return len(self._groups)

    def expand(self, words: Sequence[str]) -> list[tuple[int, int, list[tuple[str, ...]]]]:
        """(start, end, alternatives) for each run of ``words`` that is a synonym-group member."""
        found = []
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                group = self._index.get(tuple(words[i : i + n]))
                if group is not None:
                    found.append((i, i + n, self._groups[group]))
                    i += n
                    break
            else:
                i += 1
        return found
