"""artindex's analysis written as an OpenSearch analysis chain over Lucene's Korean analyzer (Nori).

Kiwi tags follow the Sejong tag set; Nori's come from mecab-ko-dic, a close relative. The tags
artindex drops are mapped onto Nori's so the ``nori_part_of_speech`` filter drops the same kinds
of morphemes. Where the sets differ:

* particles (``JKS`` ... ``JC``) are one Nori tag ``J``; endings (``EP`` ... ``ETM``) are ``E``;
* Kiwi's ``SP`` (comma, colon) is Nori's ``SC``; Nori's ``SP`` is a space;
* Kiwi's ``SO``, ``SW``, ``SB`` and emoji are Nori's ``SY`` (other symbols);
* Kiwi's ``NNB`` covers Nori's ``NNB`` and ``NNBC`` (counters, which Kiwi tags ``NNB`` too);
* Kiwi's ``XSM`` (adverb-deriving suffix) and its ``Z_`` pseudo-tags have no Nori counterpart:
  mecab-ko-dic keeps those pieces inside the word, so there is nothing to drop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..analysis.morphology import (
    _DROP_TAGS,
    ENGLISH_STOPWORDS,
    QUESTION_TAGS,
    QUESTION_WORDS,
    analyze_morphemes,
    load_user_words,
    morphemes,
)
from ..errors import ConfigError
from ..settings import read_yaml

# Kiwi (Sejong) tag -> Nori (mecab-ko-dic) tags. A Kiwi tag absent here has no Nori counterpart.
KIWI_TO_NORI: dict[str, tuple[str, ...]] = {
    **{t: ("J",) for t in ("JKS", "JKC", "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC")},
    **{t: ("E",) for t in ("EP", "EF", "EC", "ETN", "ETM")},
    **{t: (t,) for t in ("XPN", "XSN", "XSV", "XSA", "VCP", "VCN", "VX", "MAJ", "IC")},
    **{t: (t,) for t in ("NP", "MM", "SF", "SE", "SSO", "SSC")},
    "SS": ("SSO", "SSC"),
    "SP": ("SC",),
    "SO": ("SY",),
    "SW": ("SY",),
    "SB": ("SY",),
    "W_EMOJI": ("SY",),
    "NNB": ("NNB", "NNBC"),
}

# Every tag Nori's POS enum knows (Lucene 8.7 org.apache.lucene.analysis.ko.POS.Tag).
NORI_TAGS = frozenset(
    {
        "E", "IC", "J", "MAG", "MAJ", "MM", "NA", "NNB", "NNBC", "NNG", "NNP", "NP", "NR", "SC",
        "SE", "SF", "SH", "SL", "SN", "SP", "SSC", "SSO", "SY", "UNA", "UNKNOWN", "VA", "VCN",
        "VCP", "VSV", "VV", "VX", "XPN", "XR", "XSA", "XSN", "XSV",
    }
)  # fmt: skip

# decompound_mode: "discard" splits a compound into its parts and drops the whole word. That is
# what Kiwi does (창조경제박람회 -> 창조 경제 박람회), so terms agree; and it keeps one token per
# position, which synonym_graph rules and phrase queries need ("mixed" stacks the compound over
# its parts, which Lucene's synonym parser rejects, and "none" keeps compounds unsearchable by
# their parts).
DECOMPOUND_MODE = "discard"


def nori_tags(kiwi_tags: Iterable[str]) -> list[str]:
    """The Nori tags matching ``kiwi_tags``, sorted (tags without a counterpart are skipped)."""
    return sorted({n for t in kiwi_tags for n in KIWI_TO_NORI.get(t, ())})


def index_stop_tags() -> list[str]:
    """What artindex drops from every text, in Nori's tags."""
    return nori_tags(_DROP_TAGS)


def query_stop_tags() -> list[str]:
    """What artindex also drops from queries: pronouns and determiners (question words)."""
    return nori_tags(_DROP_TAGS | QUESTION_TAGS)


def query_stopwords() -> list[str]:
    """Question words and English function words artindex leaves out of a query."""
    return sorted(QUESTION_WORDS | ENGLISH_STOPWORDS)


_NORI_RULE_JUNK = re.compile(r"[#\s]")


def user_dictionary_rules(path: str) -> list[str]:
    """artindex's user dictionary as Nori ``user_dictionary_rules``: one word per rule, sorted
    and unique. Kiwi's tags and scores have no Nori equivalent (Nori gives user words a fixed
    noun tag and cost); a word with spaces cannot match Nori's space-split input and is left out.
    """
    if not path:
        return []
    words = {w for w, _, _ in load_user_words(path)}
    return sorted(w for w in words if not _NORI_RULE_JUNK.search(w))


def load_synonym_groups(path: str) -> list[list[str]]:
    """The alias groups of a synonyms file, validated like artindex's query side does."""
    if not path:
        return []
    data = read_yaml(path, "synonyms file")
    groups = data.get("synonyms", data.get("groups", [])) if isinstance(data, dict) else data
    if not isinstance(groups, list) or not all(
        isinstance(g, list) and all(isinstance(m, str) for m in g) for g in groups
    ):
        raise ConfigError(f"{path}: synonyms must be a list of lists of words")
    return groups


def analyzed_phrase(text: str, user_dictionary: str = "") -> str:
    """A synonym member in analyzed form: its content morphemes as written (lowercased, not
    stemmed), space-separated. Particles and endings are gone, so no stop filter in front of
    the synonym filter can remove a word of the rule; stemming is left to the chain, which
    applies it to rules and text alike."""
    text = text.strip()
    result = analyze_morphemes(text, morphemes(text, user_dictionary))
    return " ".join(text[s:e].lower() for _, _, s, e in result.morph)


def synonym_rules(groups: Sequence[Sequence[str]], user_dictionary: str = "") -> list[str]:
    """Solr-format equivalence rules (``a, b c, d``), one per group of two or more members."""
    rules = []
    for group in groups:
        members = dict.fromkeys(
            phrase
            for phrase in (analyzed_phrase(m, user_dictionary) for m in group)
            if phrase and "=>" not in phrase and "," not in phrase
        )
        if len(members) > 1:
            rules.append(", ".join(members))
    return rules
