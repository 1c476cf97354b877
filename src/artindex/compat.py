"""Whether an index and a process agree on analysis: the signature written into the manifest
and the check made before searching or updating. Apart from the indexer, so that opening an
index for search does not import the ingest stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .analysis.morphology import ANALYZER_VERSION, kiwi_version
from .engine.schema import SCHEMA_VERSION
from .errors import IndexMismatchError
from .settings import Settings
from .store import FORMAT_VERSION


def analysis_signature(settings: Settings) -> dict[str, Any]:
    """What must match between an index and the process searching or updating it: versions,
    and the user dictionary by content digest (editing the file changes the signature)."""
    digests = settings.analysis_fingerprint()
    return {
        "analyzer_version": ANALYZER_VERSION,
        "schema_version": SCHEMA_VERSION,
        "kiwi_version": kiwi_version(),
        "user_dictionary": digests["user_dictionary"],
    }


def check_compatible(manifest: dict[str, Any], settings: Settings, root: Path) -> None:
    """Raise IndexMismatchError when the index was analyzed differently from ``settings``."""
    expected = analysis_signature(settings)
    found = manifest.get("analysis", {})
    diffs = [k for k, v in expected.items() if found.get(k) != v]
    if manifest.get("format_version") != FORMAT_VERSION:
        diffs.insert(0, "format_version")
    if diffs:
        raise IndexMismatchError(
            f"index at {root} was built with other analysis settings ({', '.join(diffs)} "
            "differ); run `artindex build` to rebuild it"
        )
