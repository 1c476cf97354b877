"""One settings object: packaged defaults, then ``artindex.yaml``, then keyword arguments."""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

CONFIG_FILE = "artindex.yaml"
SOURCES_DIR = "sources"
# Sections of the settings file that are not Settings fields but are read by a stage
# (``Settings.extra``): ``page_rules`` by page-dump ingestion.
SECTIONS = ("page_rules",)

# Ranking knobs that differ for English queries, chosen on the dev half of Cranfield (and checked
# on CISI; docs/relevance.md): English questions are long and their words are whole stems, so
# repeated words saturate later, the title counts more, missing words are not penalized, and
# feedback from the top documents helps. Korean defaults are the fields themselves.
LANGUAGE_DEFAULTS: dict[str, dict[str, Any]] = {
    "en": {
        "bm25_k1": 3.0,
        "title_boost": 3.0,
        "body_b": 0.4,
        "title_b": 0.2,
        "exact_weight": 0.0,
        "coord": 0.0,
        "feedback_docs": 10,
    },
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of artindex. Analyzer-affecting ones are recorded in the index manifest."""

    # --- analysis (changing these requires a rebuild) ---
    user_dictionary: str = ""  # YAML file of words Kiwi must keep whole
    # --- ranking (query time; safe to change without rebuilding) ---
    synonyms: str = ""  # YAML file of alias groups applied at query time
    title_boost: float = 1.5
    byline_boost: float = 1.0
    tags_boost: float = 1.5
    bigram_weight: float = 1.0
    bigram_match: str = "any"  # "any" shared syllable pair scores; "all" of a word's pairs needed
    # "parts": a word matches inside a compound only on its morpheme boundaries (예산 in 예산안,
    # not 대전 in 휴대|전화); "bigrams": any shared syllable pair matches (before issue 20)
    compound_match: str = "parts"
    exact_weight: float = 0.3
    bm25_k1: float = 1.2
    bigram_k1: float = 1.2  # term-frequency saturation of the bigram field
    body_b: float = 0.5
    title_b: float = 0.5
    coord: float = 0.3
    field_scoring: str = "bm25f"  # "bm25f": a word's fields combined; "whoosh": scored apart
    proximity_weight: float = 0.0  # bonus for query words found near each other in the body
    proximity_slop: int = 3
    feedback_docs: int = 0  # pseudo-relevance feedback: top documents read for new words
    feedback_terms: int = 10  # words added to the query from them
    feedback_weight: float = 0.2  # their total weight, relative to the query's own words
    feedback_max_df: float = 0.3  # words in more than this share of documents are not added
    feedback_rerank: int = 100  # first-pass results the feedback words reorder
    # --- ingest ---
    follow_symlinks: bool = False
    source_rules: tuple[str, ...] = ()  # YAML files of per-source extraction rules
    # outlet spellings: a YAML file {aliases: {연합: 연합뉴스}} or that mapping inline
    sources: str | dict[str, Any] = ""
    max_file_bytes: int = 50_000_000
    max_body_chars: int = 1_000_000  # longer bodies are indexed up to here, with a warning
    # --- build ---
    workers: int = 0  # 0: all cores
    lock_timeout: float = 10.0  # seconds a writer waits for another writer to finish
    # --- query ---
    # "kiwi": a query word the index's word table lacks is analyzed by Kiwi's model (loaded on
    # first need: ~1.5 s, ~500 MB); "table": it is guessed from the table's words, and plain
    # queries never load the model; "auto": "table" for a one-shot `artindex search`, "kiwi"
    # for a process that keeps its Index open (the server, an application)
    query_analysis: str = "auto"
    max_query_chars: int = 4000
    max_expansions: int = 64
    snippet_chars: int = 200
    # --- search filters, sorting, collapsing (see search_filters.py, browse.py) ---
    timezone: str = "Asia/Seoul"  # the index's days and months (date filters, month facet)
    recency_half_life_days: float = 0.0  # > 0: newer articles rank higher (--recent)
    collapse_distance: int = 6  # near-duplicates: fingerprints differing in at most these bits
    # per query language ("en": every content word Latin), overrides of the ranking knobs above
    languages: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {k: dict(v) for k, v in LANGUAGE_DEFAULTS.items()}
    )
    extra: dict[str, Any] = field(default_factory=dict)

    ANALYSIS_KEYS = ("user_dictionary",)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def for_language(self, lang: str) -> Settings:
        """These settings with ``languages[lang]``'s ranking overrides applied."""
        overrides = self.languages.get(lang)
        return dataclasses.replace(self, **overrides) if overrides else self

    def analysis_fingerprint(self) -> dict[str, str]:
        """What the index must agree on with the searcher: dictionary content hashes."""
        return {
            "user_dictionary": file_digest(self.user_dictionary),
            "synonyms": file_digest(self.synonyms),
        }


def file_digest(path: str) -> str:
    """A short content hash of a settings-side file ("" when no file is configured)."""
    if not path:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc


def read_yaml(path: str, what: str) -> Any:
    """Parse a YAML side file (user dictionary, synonyms), with one-line errors naming it."""
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what} ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: {what} is not valid YAML") from exc


# Knobs a language profile may override: the query-time ranking ones.
RANKING_KEYS = (
    "title_boost", "byline_boost", "tags_boost", "bigram_weight", "bigram_match", "exact_weight",
    "bm25_k1", "bigram_k1", "body_b", "title_b", "coord", "field_scoring", "proximity_weight",
    "proximity_slop", "feedback_docs", "feedback_terms", "feedback_weight", "feedback_max_df",
    "feedback_rerank",
)  # fmt: skip

_CHOICES = {
    "bigram_match": ("any", "all"),
    "compound_match": ("parts", "bigrams"),
    "query_analysis": ("auto", "kiwi", "table"),
    "field_scoring": ("bm25f", "whoosh"),
}


def _coerce(name: str, value: Any, default: Any) -> Any:
    if name == "languages":
        return _coerce_languages(value)
    if name == "sources" and isinstance(value, dict):
        return value  # inline aliases, checked where they are read (text/sources.py)
    if name in _CHOICES and value not in _CHOICES[name]:
        raise ConfigError(f"setting {name!r} must be one of {', '.join(_CHOICES[name])}")
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"setting {name!r} must be true or false, not {value!r}")
        return value
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"setting {name!r} must be a number, not {value!r}")
        return type(default)(value)
    if isinstance(default, tuple):
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise ConfigError(f"setting {name!r} must be a list, not {value!r}")
        return tuple(str(v) for v in value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"setting {name!r} must be text, not {value!r}")
        return value
    return value


def _coerce_languages(value: Any) -> dict[str, dict[str, Any]]:
    """Language profiles, each merged over its packaged defaults (so a file that sets one knob
    for English keeps the others)."""
    if not isinstance(value, dict):
        raise ConfigError(f"setting 'languages' must map a language to settings, not {value!r}")
    base = Settings()
    merged = {k: dict(v) for k, v in LANGUAGE_DEFAULTS.items()}
    for lang, profile in value.items():
        if not isinstance(profile, dict):
            raise ConfigError(f"setting 'languages.{lang}' must be a mapping of name: value")
        target = merged.setdefault(str(lang), {})
        for key, knob in profile.items():
            name = str(key).replace("-", "_")
            if name not in RANKING_KEYS:
                raise ConfigError(
                    f"setting 'languages.{lang}.{name}' is not a ranking knob a language can "
                    f"set{_did_you_mean(name, set(RANKING_KEYS))}"
                )
            target[name] = _coerce(name, knob, getattr(base, name))
    return merged


def load_settings(
    config: str | Path | None = None, *, cwd: str | Path | None = None, **overrides: Any
) -> Settings:
    """Defaults, then the YAML file ``config``, then keyword overrides (``None`` values are
    ignored). Relative paths in the file are resolved against the file's folder.

    Only with ``cwd`` (the command line passes its working directory) are ``cwd/artindex.yaml``
    (when ``config`` is not given) and ``cwd/sources/`` looked for, so a library call without
    settings behaves the same wherever the app was started."""
    base = Settings()
    known = {f.name for f in fields(Settings) if f.name != "extra"}
    path = Path(config) if config else (Path(cwd) / CONFIG_FILE if cwd is not None else None)
    values: dict[str, Any] = {}
    if path is not None and (config or path.exists()):
        values = _read_file(path, known, base)
    sources = Path(cwd) / SOURCES_DIR if cwd is not None else None
    if "source_rules" not in values and sources is not None and sources.is_dir():
        values["source_rules"] = (str(sources.resolve()),)  # per-site rules, by convention
    for name, value in overrides.items():
        if value is None:
            continue
        if name not in known:
            raise ConfigError(f"unknown setting {name!r}{_did_you_mean(name, known)}")
        values[name] = _coerce(name, value, getattr(base, name))
    return dataclasses.replace(base, **values)


def _read_file(path: Path, known: set[str], base: Settings) -> dict[str, Any]:
    """The settings of one YAML file, checked and coerced; unknown keys are refused."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read settings ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path}: settings must be a mapping of name: value")
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in loaded.items():
        name = str(key).replace("-", "_")
        if name in SECTIONS:
            extra[name] = value
        elif name in known:
            values[name] = _coerce(name, value, getattr(base, name))
        else:
            hint = _did_you_mean(name, known | set(SECTIONS))
            raise ConfigError(f"{path}: unknown setting {str(key)!r}{hint}")
    for name in ("user_dictionary", "synonyms", "sources"):
        if (
            isinstance(values.get(name), str)
            and values[name]
            and not Path(values[name]).is_absolute()
        ):
            values[name] = str(path.parent / values[name])
    if "source_rules" in values:
        values["source_rules"] = tuple(
            p if Path(p).is_absolute() else str(path.parent / p) for p in values["source_rules"]
        )
    values["extra"] = extra
    return values


def _did_you_mean(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return (
        f"; did you mean {close[0]!r}?"
        if close
        else f"; known settings: {', '.join(sorted(known))}"
    )


def settings_json(settings: Settings) -> str:
    data = {f.name: getattr(settings, f.name) for f in fields(Settings) if f.name != "extra"}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def dump_settings(settings: Settings) -> str:
    """``settings`` as resolved, every field included, for a process that must use exactly
    them (a server worker): :func:`undump_settings` gives them back unchanged."""
    data = {f.name: getattr(settings, f.name) for f in fields(Settings)}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def undump_settings(text: str) -> Settings:
    """The settings :func:`dump_settings` wrote (lists back to tuples where a field is one)."""
    data = json.loads(text)
    base = Settings()
    for name, value in data.items():
        if isinstance(getattr(base, name), tuple):
            data[name] = tuple(value)
    return dataclasses.replace(base, **data)
