"""People, organisations and places named in an article, from Kiwi's morphemes and the text's
own patterns (a pure function of the text and its analysis, run where documents are built).

* **people**: a proper noun (Kiwi ``NNP``) shaped like a Korean name (a surname, 2-4 syllables)
  followed by a title (``장관``, ``대표``, ``교수``, ``씨``...), directly or after an affiliation
  (``이재용 삼성전자 회장``); foreign names as two or more proper nouns before a title
  (``도널드 트럼프 대통령``), or one before a head-of-state title. ``기자`` is a byline, not a
  person in the story.
* **organisations**: public bodies and parties by name (``data/orgs_ko.txt``: ``…부``, ``…청``
  are also common word endings), proper nouns ending in an organisation suffix (``…위원회``,
  ``…공사``, ``…은행``, ``…전자``, ``…그룹``, ``…대학교``...), and Latin names ending in one
  (``… Inc.``, ``… Group``).
* **places**: Korean provinces, cities, counties and districts (``data/regions_ko.tsv``) and the
  world's countries in Korean (CLDR's names through Babel), when Kiwi tags the word a proper noun;
  each under one canonical name (``서울특별시``, ``서울시`` → ``서울``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .morphology import Morpheme


def _split(words: str) -> list[str]:
    return words.split()


NOUN_TAGS = frozenset({"NNP", "NNG", "SL", "SN", "SH", "NR"})

# Titles that follow a person's name in Korean news. Longest first when matched as a suffix.
TITLES = frozenset(
    _split(
        """
    대통령 부통령 총리 국무총리 부총리 장관 차관 의원 국회의원 위원장 부위원장 위원 대표 대표이사
    공동대표 원내대표 최고위원 회장 부회장 명예회장 사장 부사장 전무 상무 이사 이사장 원장 부원장
    청장 처장 실장 국장 과장 팀장 부장 차장 소장 센터장 본부장 단장 총장 학장 교수 부교수 조교수
    명예교수 연구원 선임연구원 책임연구원 연구위원 박사 변호사 판사 검사 검사장 검찰총장 대법원장
    대법관 재판관 재판장 시장 도지사 지사 군수 구청장 교육감 의장 부의장 대변인 수석 비서관
    비서실장 주석 국가주석 총재 부총재 대사 영사 감독 코치 선수 작가 가수 배우 씨 여사 목사 신부
    스님 후보 후보자 당선인 당선자 사무총장 고문 특보 보좌관 관장 지청장 서장 경위 경감 경정 총경
    대령 중령 소령 대위 중위 장군 사령관 참모총장 의원장 총영사 사무국장 국무장관 총통 국왕 교황
    왕세자 최고경영자 창업자 창업주 CEO CFO CTO 상임위원 조합장 위원회장 노조위원장 지회장 협회장
    회장단 공동위원장 대표원장 병원장 원장대행 대행 권한대행 직무대행
    """
    )
) - {"회장단", "대행"}
# Words between a name and its title that qualify the title (전 = former, 대선 = election...).
TITLE_MODIFIERS = frozenset(
    {"전", "현", "前", "現", "신임", "초대", "차기", "대선", "수석", "공동", "상임", "명예", "당",
     "원내", "전직", "현직", "당시", "직무", "임시", "대통령", "국회", "비상대책", "비대위"}
)  # fmt: skip
# Titles that are also places (시장 = mayor or market), and the particles that make them places.
PLACE_TITLES = frozenset({"시장"})
LOCATIVE = frozenset({"에서", "에", "으로", "로", "에서는", "에는"})
# Endings of compound titles Kiwi reads as one noun (서울시장, 경기지사, 비대위원장).
COMPOUND_TITLE_ENDS = ("시장", "지사", "위원장", "구청장", "군수", "교육감", "장관", "대변인")
# Syllables common in Korean given names (for names with no title: 손제이는).
GIVEN_SYLLABLES = frozenset(
    _split(
        """
    가 각 간 갑 강 개 건 걸 검 겸 경 계 고 곤 공 관 광 교 구 국 군 권 규 균 근 금 기 길 나 난 남 내
    녀 년 노 누 늘 다 단 달 담 대 덕 도 돈 동 두 득 라 란 람 랑 래 량 련 렬 령 례 로 록 론 뢰 룡 루
    류 륜 률 리 린 림 마 만 말 매 맹 면 명 모 목 몽 묘 무 문 미 민 밀 바 박 반 방 배 백 범 법 벽
    변 별 병 보 복 본 봉 부 분 비 빈 빛 사 산 삼 상 새 색 서 석 선 설 섭 성 세 소 솔 송 수 숙 순
    술 숭 슬 승 시 식 신 실 심 아 악 안 애 야 양 언 엄 여 연 열 염 엽 영 예 오 옥 온 완 왕 요 용
    우 욱 운 웅 원 월 위 유 육 윤 율 은 을 음 응 의 이 익 인 일 임 자 작 잔 장 재 전 점 정 제 조
    종 주 준 중 지 진 찬 창 채 천 철 첨 청 초 춘 충 치 칠 탁 태 택 판 평 표 필 하 학 한 함 항 해
    행 향 헌 혁 현 협 형 혜 호 홍 화 환 활 황 회 효 후 훈 휘 휴 흠 흥 희 힘 제 이 준 엽
        """
    )
)
# Occupations written before a name (방송인 이경규).
OCCUPATIONS = frozenset(
    {"방송인", "가수", "배우", "개그맨", "개그우먼", "코미디언", "소설가", "시인", "작가", "골퍼",
     "투수", "타자", "모델", "칼럼니스트", "평론가", "유튜버", "작곡가", "화가", "피아니스트"}
)  # fmt: skip
BYLINE_TITLES = frozenset({"기자", "특파원", "앵커", "논설위원", "논설실장", "기상캐스터"})
# Titles after which one foreign proper noun alone is taken as a person (``트럼프 대통령``).
HEAD_TITLES = frozenset(
    {"대통령", "부통령", "총리", "국가주석", "주석", "총통", "국왕", "교황", "왕세자", "여사", "씨",
     "국무장관", "감독", "선수"}
)  # fmt: skip

# Common Korean surnames (one and two syllables).
SURNAMES = frozenset(
    _split(
        """
    김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노
    하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연
    위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두
    감 음 빈 동 온 호 범 좌 팽 승 간 상 갈 시 단 견 당 화 창 옹 순 빙 종 탄 라 리 롱 뢰 로 루
    """
    )
)
DOUBLE_SURNAMES = frozenset(
    {"남궁", "제갈", "황보", "선우", "독고", "사공", "서문", "동방", "망절"}
)

ORG_SUFFIXES = tuple(
    sorted(
        _split(
            """
        위원회 공사 공단 은행 전자 그룹 대학교 대학원 협회 연합회 중앙회 재단 연구원 연구소 조합
        노동조합 노조 증권 보험 생명 화재 손해보험 카드 캐피탈 건설 중공업 자동차 항공 텔레콤 제약
        홀딩스 지주 법원 지방법원 고등법원 검찰청 지검 지청 경찰청 경찰서 병원 의료원 공업 화학
        물산 상사 통신 미디어 엔터테인먼트 일보 신문 방송 통신사 기구 연맹 학회 진흥원 개발원
        평가원 정보원 공사 학교 고등학교 중학교 초등학교 대학 시청 도청 구청 군청 교육청 소방서
        사무소 본부 센터 청 처 부 당 모터스 바이오 반도체 에너지 디스플레이 제철 철강 해운 상선
        중앙회 기금 금고 저축은행 투자증권 자산운용 운용 벤처스 랩스 스튜디오
        """
        ),
        key=len,
        reverse=True,
    )
)
# Suffixes that end many common words too (정부, 본부, 내부, 사업자...): only in an org
# gazetteer entry or a single proper noun (Kiwi ``NNP``) with them.
WEAK_SUFFIXES = frozenset({"청", "처", "부", "당", "센터", "본부", "대학", "학교", "기금", "운용"})
NOT_PARTIES = ("사당", "전당", "성당", "식당", "강당", "서당", "법당", "본당", "학당", "명당")
LATIN_ORG = re.compile(
    r"\b(?:[A-Z][\w&'.-]*\s+){0,4}(?:Inc|Corp|Corporation|Ltd|LLC|Co|Group|Holdings|Bank|"
    r"Electronics|Motors|University|Institute|Foundation|Association|Agency|Commission|Council|"
    r"Organization|Organisation|Federation|Company|Technologies)\b\.?"
)
# Nouns after a place name that keep it a place (``서울 지역``, ``부산시내``).
PLACE_TAILS = frozenset(
    {"지역", "일대", "전역", "시내", "도심", "인근", "북부", "남부", "동부", "서부"}
)
# Short university names are a place or region plus 대; these stems are the common ones.
_UNIVERSITY_STEMS = frozenset(
    _split(
        """
    서울 고려 연세 성균관 한양 중앙 경희 이화여 서강 건국 동국 홍익 국민 숭실 세종 단국 인하 아주
    부산 경북 전남 전북 충남 충북 강원 경상 제주 카이스트 포항공 한국외 서울시립 숙명여 성신여
    덕성여 동덕여 광운 명지 상명 가톨릭 한림 인천 울산 영남 계명 동아 조선 원광 한남 배재 울산과기
    """
    )
)
# CLDR territory codes that are no country a news story names as a place.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ", "JE", "GG"}
)
# Korean news names some countries otherwise than CLDR: canonical name, then other forms.
_COUNTRY_ALIASES = (
    ("한국", "대한민국", "남한"),
    ("북한", "조선민주주의인민공화국"),
    ("미국", "미합중국"),
    ("호주", "오스트레일리아"),
    ("튀르키예", "터키"),
    ("대만", "타이완"),
    ("남아공", "남아프리카", "남아프리카공화국"),
    ("홍콩",),
    ("마카오",),
    ("영국",),
    ("체코", "체코공화국"),
    ("유럽",),
    ("아시아",),
    ("아프리카",),
    ("중동",),
    ("중남미",),
)


@dataclass(frozen=True, slots=True)
class Entities:
    """The distinct people, organisations and places of one text, in order of first mention."""

    people: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, list[str]]:
        return {"people": list(self.people), "orgs": list(self.orgs), "places": list(self.places)}


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named with a title in the text: ``name`` is empty for a surname alone
    (``김 장관은``), whose ``surname`` is then set. ``end`` is the end of the title; ``particle``
    the particle right after it (``은``, ``이``...), if any."""

    name: str
    title: str
    start: int
    end: int
    particle: str = ""
    surname: str = ""


@dataclass(slots=True)
class _Word:
    """One space-delimited word: its morphemes, and its leading run of nouns."""

    morphs: list[Morpheme]
    nouns: list[Morpheme]
    text: str  # the nouns' text (empty: the word starts with no noun)

    @property
    def start(self) -> int:
        return self.morphs[0].start

    @property
    def rest(self) -> list[Morpheme]:
        return self.morphs[len(self.nouns) :]


# --------------------------------------------------------------------------- gazetteers


@lru_cache(maxsize=1)
def places_gazetteer() -> dict[str, str]:
    """Every written form of a Korean region or a country → its canonical name."""
    table: dict[str, str] = {}
    for code, name in _babel_territories().items():
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
            plain = re.sub(r"\(.*?\)", "", name).strip()
            if " " not in plain:
                table[plain] = plain
    for canonical, *others in _COUNTRY_ALIASES:
        for form in (canonical, *others):
            table[form] = canonical
    text = resources.files("artindex").joinpath("data/regions_ko.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            canonical, *others = line.strip().split("\t")
            for form in (canonical, *others):
                table[form] = canonical
    return table


def _babel_territories() -> dict[str, str]:
    from babel import Locale  # CLDR's Korean country names, kept up to date by Babel

    return dict(Locale("ko").territories)


@lru_cache(maxsize=1)
def orgs_gazetteer() -> frozenset[str]:
    text = resources.files("artindex").joinpath("data/orgs_ko.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


# --------------------------------------------------------------------------- words


def words_of(text: str, morphs: Sequence[Morpheme]) -> list[_Word]:
    """``morphs`` grouped into words, to hand to :func:`mentions` and :func:`bare_mentions`."""
    return _words(text, morphs)


def _words(text: str, morphs: Sequence[Morpheme]) -> list[_Word]:
    """Morphemes grouped into space-delimited words; punctuation ends a word too."""
    words: list[_Word] = []
    current: list[Morpheme] = []
    for m in morphs:
        if m.tag.startswith("S") and m.tag not in ("SL", "SN", "SH"):
            _close(text, current, words)
            current = []
            continue
        if current and m.start > current[-1].end:
            _close(text, current, words)
            current = []
        current.append(m)
    _close(text, current, words)
    return words


def _close(text: str, morphs: list[Morpheme], words: list[_Word]) -> None:
    if not morphs:
        return
    nouns: list[Morpheme] = []
    for m in morphs:
        if m.tag not in NOUN_TAGS or (nouns and m.start != nouns[-1].end):
            break
        nouns.append(m)
    noun_text = text[nouns[0].start : nouns[-1].end] if nouns else ""
    words.append(_Word(morphs, nouns, noun_text))


def _is_korean_name(name: str) -> bool:
    """A Korean full name: Hangul, a known surname, 2 or 3 syllables (3 or 4 with a
    two-syllable surname)."""
    if not re.fullmatch(r"[가-힣]{2,4}", name):
        return False
    if name[:2] in DOUBLE_SURNAMES and len(name) in (3, 4):
        return True
    if name[0] not in SURNAMES:
        return False
    return len(name) in (2, 3)


def _is_thing(word: str) -> bool:
    """A place or an organisation, never a person's name."""
    if word in places_gazetteer() or word in orgs_gazetteer():
        return True
    return _org_suffix(word) is not None or _university(word)


def _university(word: str) -> bool:
    """A university by its short name (``서울대``, ``고려대``)."""
    return len(word) in (3, 4) and word.endswith("대") and word[:-1] in _UNIVERSITY_STEMS


_SUFFIX_LENGTHS = sorted({len(s) for s in ORG_SUFFIXES}, reverse=True)
_SUFFIX_SET = frozenset(ORG_SUFFIXES)


@lru_cache(maxsize=65536)
def _org_suffix(word: str) -> str | None:
    """The longest organisation suffix of ``word`` with at least two characters before it."""
    for n in _SUFFIX_LENGTHS:
        if len(word) >= n + 2 and word[-n:] in _SUFFIX_SET:
            return word[-n:]
    return None


def _title_of(word: _Word) -> str | None:
    """The title a word starts or ends with (``장관은`` → 장관, ``문화재사업단장`` → 단장), or
    None."""
    if word.nouns:
        first, last = word.nouns[0].form, word.nouns[-1].form
        if word.text in TITLES or word.text in BYLINE_TITLES:
            return word.text
        if first in TITLES or first in BYLINE_TITLES:
            return first
        if last in TITLES and len(word.nouns) > 1:
            return word.text
        if any(word.text.endswith(t) for t in COMPOUND_TITLE_ENDS):
            return word.text  # 서울시장, 경기지사 (one noun to Kiwi)
    if word.morphs[0].form == "씨":
        return "씨"
    return None


def _is_affiliation(word: _Word) -> bool:
    """A word naming where a person works, or qualifying the title, between name and title
    (``삼성전자``, ``서울대``, ``전 … 대표``, ``… 대선 후보``)."""
    if word.morphs[0].form in TITLE_MODIFIERS and len(word.morphs) == 1:
        return True
    return (
        not word.rest
        and bool(word.nouns)
        and (_is_thing(word.text) or word.text in TITLE_MODIFIERS)
    )


def _particle(word: _Word) -> str:
    """The particle right after the title in its word (``장관은`` → 은)."""
    after = [m for m in word.morphs if m.tag.startswith("J")]
    return after[0].form if after else ""


def mentions(
    text: str, morphs: Sequence[Morpheme], words: list[_Word] | None = None
) -> list[Mention]:
    """Every person named with a title, with spans (what quotes attribute speakers from);
    ``words`` are ``morphs`` grouped by :func:`words_of`, when already made."""
    words = words if words is not None else _words(text, morphs)
    found: list[Mention] = []
    for i in range(len(words)):
        mention = (
            _mention_at(text, words, i) or _occupation_at(text, words, i) or _joined_at(words, i)
        )
        if mention is not None:
            if found and found[-1].start < mention.start < found[-1].end:
                continue  # 정청래 전 대표: 전 is "former" here, not a surname
            if found and found[-1].start >= mention.start:
                found.pop()  # 도널드 트럼프 대통령: the longer name wins
            found.append(mention)
    return found


def bare_mentions(
    text: str, morphs: Sequence[Morpheme], known: dict[str, str], words: list[_Word] | None = None
) -> list[Mention]:
    """A ``known`` person of the text (name → title) named again without a title, with a particle
    (``이경규는``); not when a proper noun stands right before (``에릭 트럼프는`` is not
    ``트럼프``)."""
    found: list[Mention] = []
    words = words if words is not None else _words(text, morphs)
    for i, word in enumerate(words):
        if len(word.nouns) != 1 or word.nouns[0].tag != "NNP" or len(word.rest) != 1:
            continue
        name, first = word.text, word.rest[0]
        before = words[i - 1] if i else None
        joined = before is not None and text[before.morphs[-1].end : word.start] == " "
        if before is not None and joined and before.nouns and before.nouns[-1].tag == "NNP":
            continue
        if not first.tag.startswith("J"):
            continue
        if name in known:
            found.append(Mention(name, known[name], word.start, word.nouns[0].end, first.form))
        elif first.form in ("은", "는") and _looks_like_a_name(name):
            found.append(Mention(name, "", word.start, word.nouns[0].end, first.form))
    return found


def _looks_like_a_name(name: str) -> bool:
    """A Korean full name by its syllables: a surname, then two common given-name syllables
    (``손제이``, not ``이마트`` or ``현대차``); no place or organisation."""
    if len(name) != 3 or name[0] not in SURNAMES or _is_thing(name):
        return False
    return name[1] in GIVEN_SYLLABLES and name[2] in GIVEN_SYLLABLES


def _occupation_at(text: str, words: list[_Word], i: int) -> Mention | None:
    """An occupation before a name (``방송인 이경규``, ``가수 아이유``)."""
    word = words[i]
    if i == 0 or len(word.nouns) != 1 or word.nouns[0].tag != "NNP":
        return None
    before = words[i - 1]
    if before.rest or before.text not in OCCUPATIONS:
        return None
    if text[before.morphs[-1].end : word.start] != " " or not _is_korean_name(word.nouns[0].form):
        return None
    if _is_thing(word.nouns[0].form):
        return None
    tail = word.rest
    particle = tail[0].form if tail and tail[0].tag.startswith("J") else ""
    return Mention(word.nouns[0].form, before.text, before.start, word.nouns[0].end, particle)


def _title_after(text: str, words: list[_Word], i: int) -> tuple[int, str] | None:
    """The word and title after ``words[i]``, directly or after up to two affiliations."""
    for k in range(i + 1, min(i + 4, len(words))):
        if not text[words[k - 1].morphs[-1].end : words[k].start].isspace():
            return None  # punctuation between: 이재용, 삼성전자 회장
        title = _title_of(words[k])
        if title is not None:
            return _title_chain(text, words, k, title)
        if not _is_affiliation(words[k]):
            return None
    return None


def _title_chain(text: str, words: list[_Word], k: int, title: str) -> tuple[int, str]:
    """A title followed by another (``대통령 당선인은``, ``서울시장 후보는``): the last one,
    which carries the particle."""
    while k + 1 < len(words) and not words[k].rest:
        if not text[words[k].morphs[-1].end : words[k + 1].start].isspace():
            break
        following = _title_of(words[k + 1])
        if following is None or following in BYLINE_TITLES:
            break
        k, title = k + 1, following
    return k, title


def _joined_at(words: list[_Word], i: int) -> Mention | None:
    """A name and its title written as one word (``전주혜의원은``)."""
    word = words[i]
    if len(word.nouns) != 2 or word.nouns[0].tag != "NNP":
        return None
    name, title = word.nouns[0].form, word.nouns[1].form
    if title not in TITLES or not _is_korean_name(name) or _is_thing(name):
        return None
    return Mention(name, title, word.start, word.nouns[1].end, _particle(word))


def _mention_at(text: str, words: list[_Word], i: int) -> Mention | None:
    word = words[i]
    first = word.morphs[0]
    if (
        len(word.morphs) == 1
        and first.form in SURNAMES
        and (first.tag != "MM" or first.form == "이")
    ):
        return _surname_at(text, words, i)  # 김 장관, 이 후보 (Kiwi: 이 may be "this")
    if len(word.nouns) != 1 or word.nouns[0].tag != "NNP":
        return None
    name = word.nouns[0].form
    if word.rest:  # 김철수씨는: the title inside the name's word
        if word.rest[0].form == "씨" and _is_korean_name(name) and not _is_thing(name):
            tail = word.morphs[len(word.nouns) + 1 :]
            particle = tail[0].form if tail and tail[0].tag.startswith("J") else ""
            return Mention(name, "씨", word.start, word.rest[0].end, particle)
        return None
    found = _title_after(text, words, i)
    if found is None:
        return None
    k, title = found
    if title in PLACE_TITLES and _particle(words[k]) in LOCATIVE:
        return None  # 이태원 시장에서: a market, not a mayor
    end = words[k].nouns[-1].end if words[k].nouns else words[k].morphs[0].end
    particle = _particle(words[k])
    if _is_thing(name):
        return None
    if _is_korean_name(name):
        return Mention(name, title, word.start, end, particle)
    if not re.fullmatch(r"[가-힣]{2,8}", name):
        return None
    between = words[i + 1 : k]
    if any(w.text not in places_gazetteer() for w in between):
        return None  # a foreign name's affiliation is its country: 시진핑 중국 국가주석
    given = _foreign_given_names(text, words, i)
    if len(given) > 1:
        return None  # 블라디미르 테네브 로빈후드 CEO: the last word may be the company
    if given:
        return Mention(" ".join([*given, name]), title, words[i - len(given)].start, end, particle)
    if title in HEAD_TITLES and len(name) >= 3:  # 트럼프 대통령 (but not 친박 총리)
        return Mention(name, title, word.start, end, particle)
    return None


def _surname_at(text: str, words: list[_Word], i: int) -> Mention | None:
    """A surname and a title, maybe qualified (``김 장관은``, ``정 전 대표는``): a mention with
    only ``surname`` set, for quotes to resolve to a full name of the same text."""
    found = _title_after(text, words, i)
    if found is None or found[1] in BYLINE_TITLES:
        return None
    k, title = found
    between = words[i + 1 : k]
    if any(w.text not in TITLE_MODIFIERS and w.morphs[0].form not in TITLE_MODIFIERS
           for w in between):  # fmt: skip
        return None
    end = words[k].nouns[-1].end if words[k].nouns else words[k].morphs[0].end
    surname = words[i].morphs[0].form
    return Mention("", title, words[i].start, end, _particle(words[k]), surname=surname)


def _foreign_given_names(text: str, words: list[_Word], i: int) -> list[str]:
    """Proper nouns right before ``words[i]`` (``도널드`` of ``도널드 트럼프``), up to two."""
    given: list[str] = []
    j = i - 1
    while j >= 0 and len(given) < 2:
        w = words[j]
        gap = text[w.morphs[-1].end : words[j + 1].start]
        if w.rest or len(w.nouns) != 1 or w.nouns[0].tag != "NNP" or gap != " ":
            break
        if _is_thing(w.text) or not re.fullmatch(r"[가-힣]{1,6}", w.text):
            break
        given.insert(0, w.text)
        j -= 1
    return given


# --------------------------------------------------------------------------- extraction


def extract_entities(
    text: str, morphs: Sequence[Morpheme], spans: Iterable[tuple[int, int]] | None = None
) -> Entities:
    """The people, organisations and places of ``text`` (``morphs`` are Kiwi's morphemes of it,
    offsets into ``text``); only inside ``spans`` when given (an article's title and body)."""
    if spans is not None:
        bounds = list(spans)
        morphs = [m for m in morphs if any(lo <= m.start and m.end <= hi for lo, hi in bounds)]
    words = _words(text, morphs)
    people = [
        m.name for m in mentions(text, morphs, words) if m.name and m.title not in BYLINE_TITLES
    ]
    orgs = list(_orgs(words))
    for lo, hi in spans if spans is not None else [(0, len(text))]:
        orgs.extend(" ".join(m.group(0).split()) for m in LATIN_ORG.finditer(text, lo, hi))
    places = list(_places(words))
    return Entities(_unique(people), _unique(orgs), _unique(places))


def _orgs(words: list[_Word]) -> Iterator[str]:
    known = orgs_gazetteer()
    for word in words:
        name = word.text
        if not name or name in places_gazetteer():
            continue
        if name in known or (_university(name) and word.nouns[0].tag == "NNP"):
            yield name
            continue
        suffix = _org_suffix(name)
        if suffix is None or name in TITLES:
            continue
        first = word.nouns[0].tag
        whole = len(word.nouns) == 1 and first == "NNP"
        if suffix in WEAK_SUFFIXES and not whole:
            continue
        if name.endswith(NOT_PARTIES):
            continue
        if first in ("NNP", "SL") and not _ends_with_title(name):
            yield name


def _ends_with_title(name: str) -> bool:
    return any(name.endswith(t) and len(t) >= 2 for t in TITLES)


def _places(words: list[_Word]) -> Iterator[str]:
    table = places_gazetteer()
    for word in words:
        if not word.nouns or word.nouns[0].tag != "NNP":
            continue
        if word.text in table:
            yield table[word.text]
            continue
        head = word.nouns[0].form
        tails = {m.form for m in word.nouns[1:]}
        if head in table and tails and tails <= PLACE_TAILS:
            yield table[head]


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
