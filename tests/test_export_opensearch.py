"""export: the OpenSearch index definition, bulk files and request translation, checked offline.

The type checks run TypeScript's compiler over the exported JSON assigned to the request types
that OpenSearch's JavaScript client generates from its API specification
(tools/opensearch-types, installed by ``npm ci``; see .ci/run).
"""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import artindex
from artindex import Article, Index, IndexClosedError, QueryError, Settings
from artindex.cli import main
from artindex.export import (
    article_from_source,
    article_source,
    export_opensearch,
    index_body,
    read_bulk,
    search_request,
)
from artindex.export.bulk import write_bulk
from artindex.export.nori import (
    KIWI_TO_NORI,
    NORI_TAGS,
    index_stop_tags,
    synonym_rules,
    user_dictionary_rules,
)
from artindex.export.request import ARGUMENTS
from artindex.search.request import SearchKwargs
from conftest import ROOT, SMALL_ARTICLES

TYPES_DIR = ROOT / "tools" / "opensearch-types"
TSC = TYPES_DIR / "node_modules" / "typescript" / "bin" / "tsc"
CLIENT = TYPES_DIR / "node_modules" / "@opensearch-project" / "opensearch"


@pytest.fixture(scope="module")
def dictionaries(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings with a user dictionary and a synonyms file, as a newsroom would have them."""
    folder = tmp_path_factory.mktemp("dictionaries")
    (folder / "words.yaml").write_text(
        "words:\n  - 창조경제박람회\n  - {word: 미르텔레콤, tag: NNP, score: 1}\n  - 두 단어\n",
        encoding="utf-8",
    )
    (folder / "synonyms.yaml").write_text(
        "synonyms:\n  - [산업부, 산업통상자원부]\n  - [유전자가위, 유전자 편집]\n"
        "  - [삼성전자, Samsung Electronics]\n",
        encoding="utf-8",
    )
    return Settings(
        user_dictionary=str(folder / "words.yaml"), synonyms=str(folder / "synonyms.yaml")
    )


@pytest.fixture(scope="module")
def export_index(tmp_path_factory: pytest.TempPathFactory, dictionaries: Settings) -> Path:
    path = tmp_path_factory.mktemp("export-index") / "index"
    report = artindex.build_articles(SMALL_ARTICLES, path, dictionaries)
    assert report.indexed == len(SMALL_ARTICLES)
    return path


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory, export_index: Path, dictionaries: Settings
) -> Path:
    out = tmp_path_factory.mktemp("export") / "opensearch"
    with Index.open(export_index, dictionaries) as idx:
        export_opensearch(idx.articles(), out, dictionaries, max_docs=3)
    return out


def _bulk_files(out: Path) -> list[Path]:
    return sorted(out.glob("bulk-*.ndjson"))


# ---------------------------------------------------------------- index.json


def test_stop_tags_are_nori_tags_for_everything_artindex_drops() -> None:
    """Every mapped tag is one Nori knows; particles, endings and copulas are all dropped."""
    tags = index_stop_tags()
    assert set(tags) <= NORI_TAGS
    assert {"J", "E", "VCP", "XSN", "SF", "SC"} <= set(tags)
    assert not {"NNG", "NNP", "VV", "VA", "SL", "SN", "MAG"} & set(tags)  # content is kept
    assert all(set(v) <= NORI_TAGS for v in KIWI_TO_NORI.values())


def test_user_dictionary_rules_keep_words_and_skip_spaced_ones(dictionaries: Settings) -> None:
    """Kiwi's words become Nori rules (sorted, tags dropped); a spaced word is left out."""
    assert user_dictionary_rules(dictionaries.user_dictionary) == ["미르텔레콤", "창조경제박람회"]


def test_synonym_rules_are_written_in_analyzed_form(dictionaries: Settings) -> None:
    """Members lose their particles and are lowercased; English is not stemmed by artindex."""
    rules = synonym_rules([["산업부는", "산업통상자원부가"], ["Samsung Electronics", "삼성전자"]])
    assert rules[0].startswith("산업부, ")
    assert "는" not in rules[0] and not rules[0].endswith("가")
    assert rules[1] == "samsung electronics, 삼성전자"
    assert synonym_rules([["산업부", "산업부는"]]) == []  # one member after analysis: no rule


def test_index_json_mirrors_artindex_fields_and_analysis(exported: Path) -> None:
    """Analyzed title/body with the Nori analyzers, keyword metadata, strict mapping."""
    body = json.loads((exported / "index.json").read_text(encoding="utf-8"))
    analysis = body["settings"]["analysis"]
    tokenizer = analysis["tokenizer"]["artindex_nori"]
    assert tokenizer["type"] == "nori_tokenizer" and tokenizer["decompound_mode"] == "discard"
    assert tokenizer["user_dictionary_rules"] == ["미르텔레콤", "창조경제박람회"]
    search_filters = analysis["analyzer"]["artindex_korean_search"]["filter"]
    assert "artindex_synonyms" in search_filters
    assert "artindex_synonyms" not in analysis["analyzer"]["artindex_korean"]["filter"]
    assert "산업부, 산업 통상 자원부" in analysis["filter"]["artindex_synonyms"]["synonyms"]
    props = body["mappings"]["properties"]
    assert body["mappings"]["dynamic"] == "strict"
    assert props["title"]["analyzer"] == props["body"]["analyzer"] == "artindex_korean"
    for name in ("tags", "source", "byline", "fingerprint", "url", "lang"):
        assert props[name]["type"] == "keyword", name
    assert props["date"]["type"] == "date"
    assert set(article_source(SMALL_ARTICLES[0])) <= set(props)


def test_index_body_without_dictionaries_has_no_rules() -> None:
    """Without dictionaries the index body has no user rules and no synonym filter."""
    analysis = index_body(Settings())["settings"]["analysis"]
    assert "user_dictionary_rules" not in analysis["tokenizer"]["artindex_nori"]
    assert "artindex_synonyms" not in analysis["filter"]


# ---------------------------------------------------------------- bulk files


def test_bulk_files_round_trip_to_the_indexed_articles(
    exported: Path, export_index: Path, dictionaries: Settings
) -> None:
    """Reading the bulk files back gives every stored article, field for field."""
    with Index.open(export_index, dictionaries) as idx:
        stored = list(idx.articles())
    assert len(stored) == len(SMALL_ARTICLES)
    files = _bulk_files(exported)
    assert len(files) == 3  # 7 articles, at most 3 a file
    assert list(read_bulk(files)) == stored
    originals = {a.id: a for a in SMALL_ARTICLES}
    for article in stored:
        assert (article.title, article.body, article.tags, article.date) == (
            originals[article.id].title,
            originals[article.id].body,
            originals[article.id].tags,
            originals[article.id].date,
        )


def test_articles_of_a_closed_index_is_an_index_closed_error(
    export_index: Path, dictionaries: Settings
) -> None:
    """Reading articles from a closed index raises IndexClosedError."""
    idx = Index.open(export_index, dictionaries)
    idx.close()
    with pytest.raises(IndexClosedError, match="closed"):
        next(idx.articles())


def test_bulk_lines_are_index_actions_with_the_artindex_id(exported: Path) -> None:
    """Bulk files pair an index action carrying the artindex id with the article source."""
    lines = _bulk_files(exported)[0].read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"index": {"_id": SMALL_ARTICLES[0].id}}
    assert json.loads(lines[1])["title"] == SMALL_ARTICLES[0].title


def test_bulk_files_stay_under_the_byte_limit(tmp_path: Path) -> None:
    """Files are cut before max_bytes; an article larger than that is alone and reported."""
    big = Article(id="big", title="큰 기사", body="가" * 3000)
    result = write_bulk([*SMALL_ARTICLES, big], tmp_path, max_bytes=1200)
    sizes = [p.stat().st_size for p in result.files]
    assert result.oversized == ["big"]
    assert all(size <= 1200 for size in sizes[:-1]) and sizes[-1] > 1200
    assert len(list(read_bulk(result.files))) == len(SMALL_ARTICLES) + 1


def test_read_bulk_names_the_broken_file(tmp_path: Path) -> None:
    """read_bulk names the file and entry of a line that is not JSON."""
    path = tmp_path / "bulk-00001.ndjson"
    path.write_text('{"index": {"_id": "a"}}\nnot json\n', encoding="utf-8")
    with pytest.raises(artindex.ArtindexError, match=r"bulk-00001\.ndjson: entry 1"):
        list(read_bulk([path]))


korean_text = st.text(
    alphabet=st.sampled_from("가나다라마바사 산업부는수출을 abcXYZ\n,.\"'\\0123"), max_size=40
)
aware = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.astimezone(timezone(timedelta(hours=9))))


@settings(max_examples=60, deadline=None)
@given(
    title=korean_text,
    body=korean_text,
    tags=st.lists(korean_text, max_size=3).map(tuple),
    published=st.none() | aware,
)
def test_any_article_survives_source_and_back(
    title: str, body: str, tags: tuple[str, ...], published: datetime | None
) -> None:
    """Any article turned into an OpenSearch source and back is unchanged."""
    article = Article(id="x:1", title=title, body=body, tags=tags, date=published, url="u")
    line = json.dumps(article_source(article), ensure_ascii=False)
    assert article_from_source("x:1", json.loads(line)) == article


# ---------------------------------------------------------------- search requests


def test_plain_query_becomes_cross_fields_with_artindex_boosts() -> None:
    """A plain question is a cross_fields multi_match with artindex's field boosts."""
    body = search_request("창조경제박람회는 어디서 열렸나", Settings(), limit=5)
    match = body["query"]["bool"]["must"][0]["multi_match"]
    assert match["type"] == "cross_fields"
    assert match["fields"] == ["title^1.5", "subtitle^1.5", "body", "byline.text", "tags.text^1.5"]
    assert body["size"] == 5 and "body" in body["highlight"]["fields"]
    assert "filter" not in body["query"]["bool"] and "sort" not in body and "aggs" not in body


def test_english_query_takes_the_english_profile_boosts() -> None:
    """An English query takes the English profile's title boost."""
    match = search_request("folding wing", Settings())["query"]["bool"]["must"][0]["multi_match"]
    assert match["fields"][0] == "title^3"


def test_query_syntax_becomes_query_string() -> None:
    """Phrases and operators go to a query_string as written."""
    must = search_request('"유전자 가위" AND 감자', Settings())["query"]["bool"]["must"][0]
    assert must["query_string"]["query"] == '"유전자 가위" AND 감자'


NOW = "2024-06-12T09:00:00+09:00"


def test_filters_sort_paging_and_facets_translate_with_artindex_semantics() -> None:
    """Dates resolve in the index's time zone with until exclusive, values match artindex's
    normalized keys (any value of a flag, every flag), pages become from, facets aggregations."""
    body = search_request(
        "예산",
        Settings(),
        5,
        since="2024-01-01",
        until="2024-03-31",
        tag=["정치", "#경제"],
        source="테스트일보",
        byline="김민수 기자",
        lang="KO",
        sort="newest",
        facets="tags,month,byline",
        page=3,
    )
    assert body["query"]["bool"]["filter"] == [
        {"range": {"date": {"gte": "2023-12-31T15:00:00Z", "lt": "2024-03-31T15:00:00Z"}}},
        {"terms": {"keys.tag": ["경제", "정치"]}},
        {"terms": {"keys.source": ["테스트일보"]}},
        {"terms": {"keys.byline": ["김민수"]}},
        {"terms": {"keys.lang": ["ko"]}},
    ]
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    assert body["aggs"]["tags"] == {"terms": {"field": "keys.tag", "size": 20}}
    assert body["aggs"]["byline"]["terms"]["field"] == "keys.byline"
    month = body["aggs"]["month"]["date_histogram"]
    assert (month["calendar_interval"], month["time_zone"]) == ("month", "Asia/Seoul")
    assert body["from"] == 10 and body["size"] == 5


def test_when_phrase_resolves_against_now() -> None:
    """--when 지난주 becomes the absolute week artindex would search, relative to --now."""
    body = search_request("예산", Settings(), when="지난주", now=NOW)
    bounds = body["query"]["bool"]["filter"][0]["range"]["date"]
    assert bounds == {"gte": "2024-06-02T15:00:00Z", "lt": "2024-06-09T15:00:00Z"}


def test_inline_filters_leave_the_query_text_for_the_mapping_fields() -> None:
    """tag:, tags:, source: and date: in the text become filters on the exported key fields;
    only the words are scored (the mapping has no tag field to send them to)."""
    body = search_request("예산 tag:경제 tags:정치 source:솔빛일보 date:2024-06", Settings())
    assert body["query"]["bool"]["must"][0]["multi_match"]["query"] == "예산"
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"keys.tag": ["경제"]}} in filters
    assert {"terms": {"keys.tag": ["정치"]}} in filters
    assert {"terms": {"keys.source": ["솔빛일보"]}} in filters
    assert {"range": {"date": {"gte": "2024-05-31T15:00:00Z", "lt": "2024-06-30T15:00:00Z"}}} in (
        filters
    )
    only_filters = search_request("tag:경제", Settings())
    assert only_filters["query"]["bool"]["must"] == [{"match_all": {}}]
    assert only_filters["sort"][0]["date"]["order"] == "desc"  # as artindex: newest first


def test_collapse_explain_snippets_and_correction_are_carried() -> None:
    """Near-duplicate collapsing, explanations, highlights and the correction offer each
    appear in the body, and go when switched off."""
    on = search_request("고객 사과", Settings(), explain=True)
    assert on["collapse"] == {"field": "keys.fingerprint"} and on["explain"] is True
    assert "highlight" in on and on["suggest"]["correction"]["text"] == "고객 사과"
    off = search_request("고객 사과", Settings(), collapse=False, snippets=False, correct=False)
    assert not {"collapse", "explain", "highlight", "suggest"} & set(off)


def test_every_index_search_argument_is_translated_or_refused() -> None:
    """Each parameter of Index.search (its own and SearchKwargs) has a row in ARGUMENTS, so
    one added later without a translation fails here and is refused at run time."""
    own = set(inspect.signature(Index.search).parameters) - {"self", "options"}
    names = own | set(SearchKwargs.__annotations__)
    assert names == set(ARGUMENTS), names ^ set(ARGUMENTS)
    documented = (ROOT / "docs" / "scale-out.md").read_text(encoding="utf-8")
    for name, arg in ARGUMENTS.items():
        assert f"| `{arg.flag}` |" in documented, f"{name} ({arg.flag}) not in scale-out.md"


def test_an_argument_without_a_translation_is_refused_not_dropped() -> None:
    """A search argument the table does not know (one added to Index.search later) is an
    error naming it, and so is a refused one asking for something."""
    with pytest.raises(QueryError, match="'future_filter' has no OpenSearch translation"):
        search_request("예산", Settings(), future_filter="x")
    with pytest.raises(QueryError, match="--expand cannot be translated"):
        search_request("예산", Settings(), expand=True)
    assert search_request("예산", Settings(), url="https://example.com/a")["query"]["bool"][
        "filter"
    ] == [{"terms": {"keys.url": ["example.com/a"]}}]
    with pytest.raises(QueryError, match="--recent cannot be translated"):
        search_request("예산", Settings(), recent=True)
    with pytest.raises(QueryError, match="recency_half_life_days"):
        search_request("예산", Settings(recency_half_life_days=14))
    assert "sort" not in search_request("예산", Settings(), recent=None)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"query": "  "}, "empty query"),
        ({"sort": "title"}, "unknown sort 'title'"),
        ({"facets": "author"}, "unknown facet 'author'"),
        ({"since": "2024-13-01"}, "since"),
        ({"limit": 0}, "limit must be at least 1"),
        ({"query": "예산 color:red"}, "names field 'color'"),
        ({"query": "예산 tag:경제", "when": "언젠가"}, "언젠가"),
    ],
)
def test_bad_search_arguments_raise_one_line_errors(kwargs: dict[str, Any], message: str) -> None:
    """What artindex refuses, the translation refuses with the same one-line message."""
    args = {"query": "예산", **kwargs}
    with pytest.raises(QueryError, match=re.escape(message)) as caught:
        search_request(args.pop("query"), Settings(), **args)
    assert "\n" not in str(caught.value)


def test_translating_a_request_loads_neither_whoosh_nor_kiwi() -> None:
    """search --as opensearch stays light: a fresh interpreter translating a filtered,
    faceted search has imported no Whoosh, Kiwi or numpy module."""
    code = (
        "import sys; from artindex.cli import main\n"
        "from click.testing import CliRunner\n"
        "r = CliRunner().invoke(main, ['search', '고객 tag:경제', '--as', 'opensearch',"
        " '--facets', 'month', '--since', '2024-01-01', '--index', 'none'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'whoosh', 'kiwipiepy', 'numpy'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------- CLI


def test_cli_export_writes_index_bulk_and_readme(
    tmp_path: Path, export_index: Path, dictionaries: Settings
) -> None:
    """`export opensearch` writes bulk files of every article and a README on loading them."""
    config = tmp_path / "artindex.yaml"
    config.write_text(
        f"user_dictionary: {dictionaries.user_dictionary}\nsynonyms: {dictionaries.synonyms}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["--config", str(config), "export", "opensearch", str(out), "--index", str(export_index)],
    )
    assert result.exit_code == 0, result.output
    assert f"exported {len(SMALL_ARTICLES)} articles in 1 bulk files" in result.stdout
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "_bulk" in readme and "client.indices.create" in readme
    assert len(list(read_bulk(_bulk_files(out)))) == len(SMALL_ARTICLES)


def test_cli_export_without_an_index_is_a_one_line_error(tmp_path: Path) -> None:
    """`export opensearch` without an index fails with a one-line message."""
    result = CliRunner().invoke(
        main, ["export", "opensearch", str(tmp_path / "out"), "--index", str(tmp_path / "none")]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("artindex: no artindex index at")


def test_cli_search_as_opensearch_prints_the_request_without_an_index(tmp_path: Path) -> None:
    """`search --as opensearch` prints the query DSL request without opening an index."""
    result = CliRunner().invoke(
        main, ["search", "유전자가위 감자", "--as", "opensearch", "-n", "3", "--index", "none"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == search_request("유전자가위 감자", Settings(), limit=3)


CLI_FLAGS = [
    (["--since", "2024-01-01"], "query.bool.filter"),
    (["--until", "2024-01-01"], "query.bool.filter"),
    (["--when", "2024-06"], "query.bool.filter"),
    (["--tag", "경제"], "query.bool.filter"),
    (["--source", "솔빛일보"], "query.bool.filter"),
    (["--byline", "강태오"], "query.bool.filter"),
    (["--lang", "ko"], "query.bool.filter"),
    (["--person", "김민수"], "query.bool.filter"),
    (["--org", "기획재정부"], "query.bool.filter"),
    (["--place", "부산"], "query.bool.filter"),
    (["--url", "https://news.example/a"], "query.bool.filter"),
    (["--sort", "oldest"], "sort"),
    (["--offset", "3"], "from"),
    (["--page", "2"], "from"),
    (["--facets", "source"], "aggs"),
    (["--explain"], "explain"),
    (["--no-collapse"], "-collapse"),
    (["--no-correct"], "-suggest"),
]


@pytest.mark.parametrize(("flags", "where"), CLI_FLAGS, ids=lambda v: str(v))
def test_cli_search_as_opensearch_carries_each_flag(flags: list[str], where: str) -> None:
    """Each search flag changes the printed request where its translation goes (a flag the
    translation dropped would leave the body as without it)."""

    def body(*extra: str) -> dict[str, Any]:
        args = ["search", "고객 사과", "--as", "opensearch", "--index", "none", *extra]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        return dict(json.loads(result.stdout))

    plain, flagged = body(), body(*flags)
    if where.startswith("-"):
        assert where[1:] in plain and where[1:] not in flagged
        return
    path = where.split(".")
    for key in path[:-1]:
        plain, flagged = plain[key], flagged[key]
    assert flagged.get(path[-1]) and flagged.get(path[-1]) != plain.get(path[-1])


def test_cli_search_flags_are_all_in_the_carried_list() -> None:
    """Every option of `artindex search` is exercised above, or is not a search argument."""
    command = main.commands["search"]
    options = {o for p in command.params for o in p.opts if o.startswith("--")}
    tested = {f[0] for f, _ in CLI_FLAGS} | {"--recent", "--now", "--expand", "--no-expand"}
    outputs = {"--json", "--as", "--format", "--all", "--output"}  # how, not what, to search
    assert options - tested == {"--index", "--limit"} | outputs


@pytest.mark.parametrize("flag", ["--recent", "--expand"])
def test_cli_search_as_opensearch_refuses_recent_and_expand_in_one_line(flag: str) -> None:
    """--recent and --expand have no faithful OpenSearch form: the command says so and exits 1
    (--no-expand, the default, translates)."""
    result = CliRunner().invoke(
        main, ["search", "고객", "--as", "opensearch", flag, "--index", "none"]
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and f"{flag} cannot be translated" in result.stderr
    plain = ["search", "고객", "--as", "opensearch", "--no-expand", "--index", "none"]
    assert CliRunner().invoke(main, plain).exit_code == 0


# ---------------------------------------------------------------- TypeScript types


def _tsc(tmp_path: Path, consts: dict[str, tuple[str, Any]]) -> subprocess.CompletedProcess[str]:
    """Type-check ``const NAME: TYPE = JSON`` lines (one per line) with tsc --strict."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (needed for the OpenSearch type check)")
    if not (TSC.is_file() and CLIENT.is_dir()):
        pytest.skip("OpenSearch client types missing: run `npm ci` in tools/opensearch-types")
    (tmp_path / "node_modules").symlink_to(TYPES_DIR / "node_modules")
    lines = ["import type { API, Types } from '@opensearch-project/opensearch';"]
    for name, (type_name, value) in consts.items():
        lines.append(f"export const {name}: {type_name} = {json.dumps(value, ensure_ascii=False)};")
    (tmp_path / "check.ts").write_text("\n".join(lines) + "\n", encoding="utf-8")
    flags = ["--noEmit", "--strict", "--skipLibCheck", "--target", "es2020", "--module", "commonjs"]
    return subprocess.run(
        [node, str(TSC), *flags, "--moduleResolution", "node", "check.ts"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NODE_OPTIONS": "--max-old-space-size=1024"},
    )


CREATE = "API.Indices_Create_Request['body']"
SEARCH = "API.Search_Request['body']"
ACTION = "Types.Core_Bulk.OperationContainer"


def _requests() -> dict[str, dict[str, Any]]:
    base = Settings()
    return {
        "plain": search_request("창조경제박람회는 어디서 열렸나?", base),
        "syntax": search_request('"유전자 가위" AND NOT 감자', base, limit=3),
        "english": search_request("folding wing", base),
        "filtered": search_request(
            "예산 tag:경제",
            base,
            since=date(2024, 1, 1),
            until=datetime(2024, 3, 31, 12, tzinfo=UTC),
            tag=("정치",),
            source=("테스트일보", "가온뉴스"),
            byline="김민수 기자",
            lang="ko",
            sort="oldest",
            facets=("tags", "source", "byline", "month"),
            offset=20,
            explain=True,
        ),
        "filters_only": search_request("date:2024-06 source:솔빛일보", base, when="2024"),
    }


def test_exported_index_and_requests_type_check_against_opensearch_client(
    tmp_path: Path, exported: Path
) -> None:
    """index.json is an Indices_Create body, every translated request a Search body, every
    bulk action line a bulk operation."""
    consts = {"index_json": (CREATE, json.loads((exported / "index.json").read_text("utf-8")))}
    consts["index_default"] = (CREATE, index_body(Settings()))
    consts.update({name: (SEARCH, body) for name, body in _requests().items()})
    lines = _bulk_files(exported)[0].read_text(encoding="utf-8").splitlines()
    consts["bulk_actions"] = (f"{ACTION}[]", [json.loads(line) for line in lines[0::2]])
    result = _tsc(tmp_path, consts)
    assert result.returncode == 0, result.stdout + result.stderr


def test_type_check_rejects_misspelled_keys_and_wrong_types(tmp_path: Path) -> None:
    """The gate has teeth: each broken copy of a real request is reported on its own line."""
    index = index_body(Settings())
    broken_mapping = json.loads(json.dumps(index))
    title = broken_mapping["mappings"]["properties"]["title"]
    title["analyser"] = title.pop("analyzer")
    broken_mode = json.loads(json.dumps(index))
    broken_mode["settings"]["analysis"]["tokenizer"]["artindex_nori"]["decompound_mode"] = "split"
    search = search_request("예산", Settings(), facets="tags")
    misspelled = json.loads(json.dumps(search).replace('"multi_match"', '"multi_macth"'))
    wrong_type = {**search, "size": "10"}
    consts = {
        "broken_mapping": (CREATE, broken_mapping),
        "broken_mode": (CREATE, broken_mode),
        "misspelled": (SEARCH, misspelled),
        "wrong_type": (SEARCH, wrong_type),
        "bad_action": (f"{ACTION}[]", [{"index": {"id": "ko-expo"}}]),
    }
    result = _tsc(tmp_path, consts)
    assert result.returncode != 0
    errors = result.stdout
    needles = ["'\"analyser\"'", "'\"split\"'", "'\"multi_macth\"'", "to type 'number'"]
    needles.append("'\"id\"' does not exist in type 'IndexOperation'")
    for line, needle in enumerate(needles, start=2):
        pattern = rf"check\.ts\({line},\d+\): error TS\d+: .*{re.escape(needle)}"
        assert re.search(pattern, errors), errors
