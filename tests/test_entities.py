"""People, organisations and places found in a text (analysis/entities.py): names with titles,
organisation suffixes and gazetteers, places under one canonical name, nothing from common
words that look like names."""

from __future__ import annotations

import pytest

from artindex.analysis.entities import Entities, extract_entities, places_gazetteer
from artindex.analysis.morphology import morphemes


def entities(text: str) -> Entities:
    return extract_entities(text, morphemes(text))


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("박지훈 부회장은 간담회를 열었다.", ("박지훈",)),
        ("이재용 삼성전자 회장과 최태원 SK그룹 회장이 만났다.", ("이재용", "최태원")),
        ("홍길동 서울대 교수가 발표했다.", ("홍길동",)),
        ("정청래 전 대표가 왔다.", ("정청래",)),
        ("주민 김철수씨는 불편을 호소했다.", ("김철수",)),
        ("도널드 트럼프 미국 대통령이 말했다.", ("도널드 트럼프",)),
        ("시진핑 중국 국가주석과 만났다.", ("시진핑",)),
        ("방송인 이경규는 웃었다.", ("이경규",)),
    ],
)
def test_a_name_with_a_title_is_a_person(text: str, people: tuple[str, ...]) -> None:
    """A proper noun shaped like a name, followed by a title (directly, after an affiliation
    or a qualifier such as 전), or after an occupation, is a person."""
    assert entities(text).people == people


@pytest.mark.parametrize(
    "text",
    [
        "김민수 기자 = 정부가 발표했다.",  # a byline, not a person in the story
        "신임 장관은 공동 대표와 만났다.",  # titles without names
        "김모 씨와 A씨가 다퉜다.",  # anonymised
        "서울 시내버스 노조 위원장이 말했다.",  # a place before a title
        "이태원 시장에서 일했다.",  # 시장 as a market
        "친박 총리 조합이 거론됐다.",  # a faction, not a foreign name
    ],
)
def test_no_person_without_a_name(text: str) -> None:
    """Bylines, bare titles, anonymised names and places before titles give no person."""
    assert entities(text).people == ()


def test_organisations_by_gazetteer_suffix_and_latin_name() -> None:
    """Ministries by name, proper nouns with an organisation suffix and Latin company names
    are organisations; a common word ending like 정부 is not."""
    text = (
        "추경호 기획재정부 장관과 국토부, LG전자, KB국민은행, 서울지방노동위원회가 모였다. "
        "정부는 Samsung Electronics Co. 와 협의했다. 내부 사정도 있다."
    )
    orgs = entities(text).orgs
    for org in ("기획재정부", "국토부", "LG전자", "KB국민은행", "서울지방노동위원회"):
        assert org in orgs
    assert "Samsung Electronics Co." in orgs
    assert "정부" not in orgs and "내부" not in orgs


def test_places_are_canonical_and_need_a_proper_noun() -> None:
    """Regions and countries under one name (서울시 → 서울), and a word that is also common
    (경기 침체) is no place unless Kiwi reads it as a proper noun."""
    found = entities("경기 침체로 서울시와 경기도 수원시, 영등포구 주민과 미국, 일본이 걱정했다.")
    assert found.places == ("서울", "경기도", "수원", "영등포구", "미국", "일본")


def test_countries_come_from_cldr_with_korean_aliases() -> None:
    """The country gazetteer holds CLDR's Korean names (through Babel) and the names Korean
    news uses otherwise (대한민국 → 한국, 터키 → 튀르키예)."""
    table = places_gazetteer()
    assert table["아르헨티나"] == "아르헨티나" and table["대한민국"] == "한국"
    assert table["터키"] == "튀르키예" and len([c for c in set(table.values())]) > 400


def test_only_the_given_spans_are_read() -> None:
    """With spans (an article's title and body), text outside them (its byline, tags) adds
    nothing."""
    text = "부산 소식\n\n김영희 시장은 웃었다."
    morphs = morphemes(text)
    assert extract_entities(text, morphs, [(0, 5)]) == Entities(places=("부산",))
