"""Run an analyzer of an exported ``index.json`` through Lucene's own Nori, offline (for
``artindex export opensearch --check``, the export tests and ``scripts/eval_nori.py``).

The analyzer's tokenizer and filters are translated into Lucene factory arguments (what
OpenSearch's analysis-nori plugin and its common filters pass to the same classes) and run by
``tools/nori-harness/NoriHarness.java``, compiled with ``javac`` into a temporary folder against
Debian's ``liblucene8-java`` jars (``/usr/share/java``, or ``$ARTINDEX_LUCENE_DIR``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]  # a source checkout: src/artindex/export/
HARNESS = Path(
    os.environ.get("ARTINDEX_NORI_HARNESS", ROOT / "tools" / "nori-harness" / "NoriHarness.java")
)
LUCENE_DIR = Path(os.environ.get("ARTINDEX_LUCENE_DIR", "/usr/share/java"))
JARS = ("lucene-core", "lucene-analyzers-common", "lucene-analyzers-nori")
BUILTIN_FILTERS: dict[str, str] = {"lowercase": "lowercase"}  # OpenSearch name: Lucene factory


@dataclass(frozen=True, slots=True)
class NoriToken:
    text: str
    start: int
    end: int
    increment: int  # position increment (0: stacked on the previous token, e.g. a synonym)
    length: int  # positions spanned (a multi-word synonym spans several)


def _jar(name: str) -> Path | None:
    found = sorted(LUCENE_DIR.glob(f"{name}-[0-9]*.jar")) or sorted(LUCENE_DIR.glob(f"{name}.jar"))
    return found[-1] if found else None


def missing() -> str:
    """Why the harness cannot run here, or "" when it can."""
    if not HARNESS.is_file():
        return f"{HARNESS} is missing (a source checkout has it; or set ARTINDEX_NORI_HARNESS)"
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: default-jdk-headless)"
    absent = [name for name in JARS if _jar(name) is None]
    if absent:
        return f"{', '.join(absent)} not in {LUCENE_DIR} (Debian: liblucene8-java)"
    return ""


def classpath() -> list[Path]:
    return [p for p in (_jar(name) for name in JARS) if p is not None]


@cache
def compiled() -> Path:
    """The folder holding NoriHarness.class, compiled once per process."""
    out = Path(tempfile.mkdtemp(prefix="nori-harness-"))
    cp = os.pathsep.join(str(p) for p in classpath())
    subprocess.run(
        ["javac", "-encoding", "UTF-8", "-cp", cp, "-d", str(out), str(HARNESS)],
        check=True,
        capture_output=True,
        text=True,
    )
    return out


def _flag(value: Any) -> str:
    return str(bool(value)).lower()


def _tokenizer_step(spec: dict[str, Any], folder: Path) -> str:
    if spec.get("type") != "nori_tokenizer":
        raise ValueError(f"the harness runs nori_tokenizer only, not {spec.get('type')!r}")
    args = {
        "decompoundMode": str(spec.get("decompound_mode", "discard")).upper(),
        "discardPunctuation": _flag(spec.get("discard_punctuation", True)),
    }
    rules = spec.get("user_dictionary_rules")
    if rules:
        (folder / "userdict.txt").write_text("\n".join(rules) + "\n", encoding="utf-8")
        args["userDictionary"] = "userdict.txt"
    return "\t".join(["tokenizer", "korean", *(f"{k}={v}" for k, v in args.items())])


def _filter_step(spec: dict[str, Any], name: str, folder: Path) -> str:
    kind = spec.get("type")
    if kind == "nori_part_of_speech":
        return f"filter\tkoreanPartOfSpeechStop\ttags={','.join(spec['stoptags'])}"
    if kind == "stop":
        words = folder / f"{name}.txt"
        words.write_text("\n".join(spec["stopwords"]) + "\n", encoding="utf-8")
        return f"filter\tstop\twords={words.name}\tignoreCase={_flag(spec.get('ignore_case'))}"
    if kind == "snowball":
        return f"filter\tsnowballPorter\tlanguage={spec['language']}"
    if kind == "synonym_graph":
        rules = folder / f"{name}.txt"
        rules.write_text("\n".join(spec.get("synonyms", [])) + "\n", encoding="utf-8")
        expand, lenient = _flag(spec.get("expand", True)), _flag(spec.get("lenient", False))
        return f"synonyms\t{rules}\texpand={expand}\tlenient={lenient}"
    raise ValueError(f"the harness does not run token filter {name!r} of type {kind!r}")


def write_spec(index_json: dict[str, Any], analyzer: str, folder: Path) -> Path:
    """The harness's step file for ``analyzer`` of ``index_json`` (plus the files it names)."""
    analysis = index_json["settings"]["analysis"]
    definition = analysis["analyzer"][analyzer]
    steps = [_tokenizer_step(analysis["tokenizer"][definition["tokenizer"]], folder)]
    for name in definition.get("filter", []):
        if name in analysis.get("filter", {}):
            steps.append(_filter_step(analysis["filter"][name], name, folder))
        elif name in BUILTIN_FILTERS:
            steps.append(f"filter\t{BUILTIN_FILTERS[name]}")
        else:
            raise ValueError(f"analyzer {analyzer!r} uses filter {name!r} the harness lacks")
    spec = folder / "chain.tsv"
    spec.write_text("\n".join(steps) + "\n", encoding="utf-8")
    return spec


def analyze(
    index_json: dict[str, Any], analyzer: str, texts: Sequence[str]
) -> list[list[NoriToken]]:
    """The tokens ``analyzer`` of ``index_json`` makes of each text, by Lucene's classes."""
    with tempfile.TemporaryDirectory(prefix="nori-chain-") as tmp:
        spec = write_spec(index_json, analyzer, Path(tmp))
        cp = os.pathsep.join(str(p) for p in [*classpath(), compiled()])
        lines = "".join(t.replace("\r", " ").replace("\n", " ") + "\n" for t in texts)
        done = subprocess.run(
            ["java", "-Xmx512m", "-cp", cp, "NoriHarness", str(spec)],
            input=lines,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
    out = done.stdout.split("\n")[: len(texts)]
    return [[_token(t) for t in line.split("\t") if t] for line in out]


def _token(field: str) -> NoriToken:
    text, start, end, inc, length = field.split("\x01")
    return NoriToken(text, int(start), int(end), int(inc), int(length))
