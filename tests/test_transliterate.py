"""One name in Latin and Hangul letters: the consonant skeleton both reduce to, and the
suggestion and search that offer the spelling the index has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import artindex
from artindex import Index, Settings, Suggestion
from artindex.cli import main
from artindex.text.transliterate import hangul_skeleton, latin_skeleton, skeleton, vowels_fit
from conftest import make_article


@pytest.mark.parametrize(
    ("latin", "hangul"),
    [
        ("Google", "구글"),
        ("Samsung", "삼성"),
        ("Facebook", "페이스북"),
        ("Microsoft", "마이크로소프트"),
        ("Qualcomm", "퀄컴"),
        ("Barcelona", "바르셀로나"),
        ("England", "잉글랜드"),
        ("Netflix", "넷플릭스"),
    ],
)
def test_one_name_has_one_skeleton(latin: str, hangul: str) -> None:
    """A name's Latin and Hangul spellings share one consonant skeleton."""
    assert skeleton(latin) and skeleton(latin) == skeleton(hangul)


def test_skeletons_keep_consonants_apart() -> None:
    """Skeletons tell different names apart; acronyms and short words get none."""
    assert latin_skeleton("google") == hangul_skeleton("구글") == "KKL"
    assert skeleton("Intel") == skeleton("인텔") == "VNTL"  # both open with a vowel
    assert skeleton("block") != skeleton("아프리카")
    assert skeleton("TRT") == ""  # an acronym is read letter by letter
    assert vowels_fit("blues", "블루스") and not vowels_fit("blues", "베르사유")
    assert vowels_fit("microsoft", "마이크로소프트")
    assert skeleton("Samsung") != skeleton("삼양")
    assert skeleton("apple") == ""  # two classes: too short to tell names apart
    assert skeleton("2024") == "" and skeleton("구글2") == ""


KOREAN = (
    make_article("chip", "삼성 반도체 투자", "삼성은 반도체 공장에 투자한다고 밝혔다."),
    make_article("phone", "삼성 새 휴대폰", "삼성이 새 휴대폰을 내놓았다. 삼성 측은 기대했다."),
    make_article("sns", "페이스북 이용자 감소", "페이스북 이용자가 줄었다고 회사가 밝혔다."),
    make_article("sns-2", "페이스북 광고", "페이스북 광고 매출이 늘었다."),
    make_article("view", "결론의 귀결", "논의는 같은 귀결에 이르렀다. 귀결은 분명했다."),
)
ENGLISH = (
    make_article("g1", "Google search", "Google launched a new search feature.", lang="en"),
    make_article("g2", "Google earnings", "Google reported higher earnings.", lang="en"),
)


@pytest.fixture(scope="module")
def korean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("translit") / "ko"
    artindex.build_articles(KOREAN, path, Settings())
    return path


def test_a_latin_name_the_index_writes_in_hangul(korean: Path) -> None:
    """A Latin name (Samsung) is corrected to the Hangul spelling the index holds."""
    with Index.open(korean, Settings()) as idx:
        assert idx.suggest("Samsung") == Suggestion("Samsung", "삼성", "transliteration")
        assert idx.suggest("Facebook 광고") == Suggestion(
            "Facebook 광고", "페이스북 광고", "transliteration"
        )
        # 귀결 shares Google's skeleton, but a common noun is no spelling of a name
        assert idx.suggest("Google") is None
        result = idx.search("Samsung")
        assert result.corrected == {"from": "Samsung", "to": "삼성", "reason": "transliteration"}
        assert {hit.id for hit in result} == {"chip", "phone"}
        assert idx.search("Samsung", correct=False).total == 0


def test_a_hangul_name_the_index_writes_in_latin(tmp_path: Path) -> None:
    """A Hangul name (구글) is corrected to the Latin spelling the index holds."""
    path = tmp_path / "en"
    artindex.build_articles(ENGLISH, path, Settings())
    with Index.open(path, Settings()) as idx:
        assert idx.suggest("구글") == Suggestion("구글", "google", "transliteration")
    result = CliRunner().invoke(main, ["search", "구글", "--index", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["corrected"] == {"from": "구글", "to": "google", "reason": "transliteration"}
    assert {hit["id"] for hit in data["hits"]} == {"g1", "g2"}
