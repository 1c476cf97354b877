"""Paraphrase expansion on KorQuAD: questions with a noun replaced by a synonym or by its Latin
spelling, searched with ``expand=False`` and ``expand=True`` in the same run.

The probe is not fitted to the rule: the replacements come from hand-written lists of common
Korean synonym pairs and of Latin/Hangul name pairs below, made without looking at CoNg's
neighbours; a question is paraphrased at the first noun (as Kiwi reads it) that a list has,
and the question keeps its KorQuAD answer paragraph. Clean questions are measured too (the
expansion may not cost them anything).

    .venv/bin/python scripts/eval_expand.py [--half test|dev|all] [--stride N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evallib import artindex_run
from evallib.data import Query, load_korquad, split_halves
from evallib.metrics import mean_metric

LIMIT = 10

# Common Korean synonyms and near-paraphrases (either side may be typed). Written by hand from
# general knowledge of Korean news and encyclopedic prose, not from any model's output.
SYNONYMS = """
국가 나라 | 사망 죽음 | 출생 탄생 | 결혼 혼인 | 아버지 부친 | 어머니 모친 | 아내 부인
남편 배우자 | 아이 어린이 | 어린이 아동 | 노인 고령자 | 여자 여성 | 남자 남성 | 이름 명칭
회사 기업 | 기업 업체 | 사장 대표 | 직원 사원 | 노동자 근로자 | 직업 일자리 | 나이 연령
음반 앨범 | 노래 가요 | 가수 뮤지션 | 배우 연기자 | 영화 필름 | 감독 연출가 | 작가 저자
책 서적 | 그림 회화 | 화가 미술가 | 작곡가 작곡자 | 공연 콘서트 | 축제 페스티벌 | 방송 방영
신문 언론 | 기자 언론인 | 텔레비전 TV | 휴대폰 핸드폰 | 휴대폰 휴대전화 | 컴퓨터 PC
인터넷 온라인 | 경기 시합 | 선수 플레이어 | 팀 구단 | 우승 제패 | 군대 군 | 군인 병사
전쟁 전투 | 왕 군주 | 황제 임금 | 수도 도읍 | 종교 신앙 | 교회 성당 | 정부 당국 | 법 법률
법원 재판소 | 판사 법관 | 경찰 경찰관 | 범죄 범행 | 돈 자금 | 가격 값 | 비용 경비 | 수입 소득
회의 회담 | 질병 질환 | 병원 의료기관 | 치료 치유 | 약 의약품 | 의사 의료진 | 환자 병자
비행기 항공기 | 배 선박 | 기차 열차 | 철도 철로 | 도로 길 | 다리 교량 | 공항 비행장
항구 항만 | 건물 건축물 | 건설 건축 | 공장 제조소 | 제품 상품 | 강 하천 | 바다 해양 | 산 산악
날씨 기상 | 섬 도서 | 지역 지방 | 도시 도회지 | 마을 촌락 | 학교 학원 | 학생 제자 | 교사 선생님
대학 대학교 | 연구 조사 | 학자 연구자 | 과학자 연구자 | 언어 말 | 단어 낱말 | 문자 글자 | 시대 시기
처음 최초 | 마지막 최후 | 이유 원인 | 방법 방식 | 목적 목표 | 계획 구상 | 발표 공개 | 출시 발매
데뷔 첫선 | 인기 유명세 | 상 상패 | 문제 과제 | 사건 사고 | 시작 개시 | 끝 종료 | 설립 창립
창립 창설 | 폐지 철폐 | 선거 투표 | 대통령 국가원수 | 총리 수상 | 장관 각료 | 의원 국회의원
정당 당 | 조약 협정 | 동맹 연합 | 독립 자주 | 혁명 변혁 | 반란 봉기 | 공격 습격 | 승리 승전
패배 패전 | 점령 점거 | 무기 병기 | 군사 국방 | 경제 경기 | 산업 업계 | 무역 교역 | 수출 해외판매
농업 농사 | 음식 요리 | 식물 초목 | 동물 짐승 | 새 조류 | 물고기 어류 | 우주 우주공간 | 별 항성
지구 세계 | 나무 수목 | 꽃 화초 | 소리 음향 | 색 색깔 | 크기 규모 | 무게 중량 | 속도 빠르기
"""

# Latin and Hangul spellings of one name (brands, places, people), typed in Latin letters.
TRANSLITERATIONS = """
구글 Google | 삼성 Samsung | 마이크로소프트 Microsoft | 넷플릭스 Netflix | 페이스북 Facebook
아마존 Amazon | 인텔 Intel | 소니 Sony | 닌텐도 Nintendo | 디즈니 Disney | 유튜브 YouTube
트위터 Twitter | 야후 Yahoo | 노키아 Nokia | 퀄컴 Qualcomm | 엔비디아 Nvidia | 테슬라 Tesla
도요타 Toyota | 혼다 Honda | 보잉 Boeing | 에어버스 Airbus | 리눅스 Linux | 윈도우 Windows
안드로이드 Android | 아이폰 iPhone | 올림픽 Olympic | 바르셀로나 Barcelona | 런던 London
파리 Paris | 베를린 Berlin | 도쿄 Tokyo | 로마 Rome | 모스크바 Moscow | 워싱턴 Washington
캘리포니아 California | 텍사스 Texas | 하버드 Harvard | 옥스퍼드 Oxford | 케임브리지 Cambridge
스탠퍼드 Stanford | 나폴레옹 Napoleon | 셰익스피어 Shakespeare | 아인슈타인 Einstein
뉴턴 Newton | 다윈 Darwin | 모차르트 Mozart | 베토벤 Beethoven | 피카소 Picasso | 링컨 Lincoln
케네디 Kennedy | 오바마 Obama | 히틀러 Hitler | 스탈린 Stalin | 레닌 Lenin | 마르크스 Marx
프로이트 Freud | 플라톤 Plato | 소크라테스 Socrates | 비틀즈 Beatles | 마돈나 Madonna
스타벅스 Starbucks | 맥도날드 McDonald | 코카콜라 Coca-Cola | 포르쉐 Porsche | 폭스바겐 Volkswagen
메르세데스 Mercedes | 페라리 Ferrari | 나이키 Nike | 아디다스 Adidas | 레고 Lego | 이케아 IKEA
유니세프 UNICEF | 나토 NATO | 유네스코 UNESCO | 할리우드 Hollywood | 브로드웨이 Broadway
맨체스터 Manchester | 리버풀 Liverpool | 첼시 Chelsea | 아스널 Arsenal | 바이에른 Bayern
유벤투스 Juventus | 밀라노 Milano | 베네치아 Venezia | 시카고 Chicago | 보스턴 Boston
토론토 Toronto | 시드니 Sydney | 뭄바이 Mumbai | 베이징 Beijing | 상하이 Shanghai | 홍콩 Hongkong
"""


def _pairs(text: str) -> list[tuple[str, str]]:
    out = []
    for chunk in text.replace("\n", "|").split("|"):
        parts = chunk.split()
        if len(parts) == 2:
            out.append((parts[0], parts[1]))
    return out


def replacements(text: str, both_ways: bool) -> dict[str, str]:
    """word → its replacement; synonyms both ways (the first listed wins), names to Latin."""
    out: dict[str, str] = {}
    for a, b in _pairs(text):
        out.setdefault(a, b)
        if both_ways:
            out.setdefault(b, a)
    return out


def rewrite(q: Query, table: dict[str, str], analyze: Any) -> tuple[Query, str] | None:
    """``q`` with its first noun that ``table`` has replaced (as written in the question), and
    that noun; None if it has none."""
    for m in analyze(q.text):
        if m.tag in ("NNG", "NNP") and m.form in table and q.text[m.start : m.end] == m.form:
            text = q.text[: m.start] + table[m.form] + q.text[m.end :]
            return Query(q.id, text), m.form
    return None


def shorten(q: Query, keep: str, analyze: Any, df: Any) -> Query | None:
    """A keyword query of ``q``: the noun ``keep`` and the two least frequent other nouns of
    the question (the most specific), in the question's order; None if it has too few."""
    nouns = [m for m in analyze(q.text) if m.tag in ("NNG", "NNP") and len(m.form) >= 2]
    forms = list(dict.fromkeys(m.form for m in nouns))
    others = sorted((f for f in forms if f != keep), key=lambda f: (df(f), f))[:2]
    if keep not in forms or len(others) < 2:
        return None
    return Query(q.id, " ".join(f for f in forms if f == keep or f in others))


def timed_run(
    idx: Any, queries: Sequence[Query], expand: bool
) -> tuple[dict[str, list[str]], float]:
    """Ranked ids per query and the median milliseconds per query."""
    run: dict[str, list[str]] = {}
    times: list[float] = []
    for q in queries:
        started = time.perf_counter()
        result = idx.search(q.text, LIMIT, snippets=False, expand=expand)
        times.append((time.perf_counter() - started) * 1000)
        run[q.id] = [h.id for h in result]
    return run, statistics.median(times) if times else 0.0


def probe(chosen: list[Query], idx: Any, analyze: Any) -> dict[str, list[Query]]:
    """The query sets: questions clean, paraphrased and transliterated, and each as a short
    keyword query (three nouns) the same way."""
    counts: dict[str, int] = {}

    def df(word: str) -> int:
        if word not in counts:
            counts[word] = idx.search(word, 1, snippets=False, correct=False, expand=False).total
        return counts[word]

    sets: dict[str, list[Query]] = {"clean questions": chosen}
    short: dict[str, list[Query]] = {"clean, 3 nouns": []}
    for name, table in (
        ("paraphrase", replacements(SYNONYMS, both_ways=True)),
        ("transliteration", replacements(TRANSLITERATIONS, both_ways=False)),
    ):
        sets[f"{name} questions"] = []
        short[f"{name}, 3 nouns"] = []
        for q in chosen:
            found = rewrite(q, table, analyze)
            if found is None:
                continue
            new, word = found
            sets[f"{name} questions"].append(new)
            clean = shorten(q, word, analyze, df)
            if clean is not None and name == "paraphrase":
                short["clean, 3 nouns"].append(clean)
            if clean is not None:
                short[f"{name}, 3 nouns"].append(Query(q.id, clean.text.replace(word, table[word])))
    return sets | short


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="test", choices=("dev", "test", "all"))
    parser.add_argument("--stride", type=int, default=1, help="every Nth question only")
    parser.add_argument("--keep", default="", help="build (or reuse) the index under this dir")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    command = " ".join(["python scripts/eval_expand.py", *(argv or sys.argv[1:])])
    print(f"`{command}` on {platform.python_implementation()} {platform.python_version()}\n")
    from artindex import Index
    from artindex.analysis.morphology import morphemes, similar_nouns

    coll = load_korquad()
    dev, test = split_halves(coll.queries)
    chosen = {"dev": dev, "test": test, "all": coll.queries}[args.half][:: args.stride]
    with tempfile.TemporaryDirectory(prefix="eval-expand-") as tmp:
        path = Path(args.keep or tmp) / coll.name
        if not (path / "manifest.json").exists():
            artindex_run.build(coll, path)
        with Index.open(path, artindex_run.default_settings()) as idx:
            sets = probe(chosen, idx, morphemes)
            idx.search("가", 1)  # Kiwi loaded before the clock starts
            similar_nouns.cache_clear()
            t0 = time.perf_counter()
            similar_nouns("사과", 10)  # the first CoNg call builds its similarity table
            first_call = (time.perf_counter() - t0) * 1000
            lines = [
                f"### KorQuAD 1.0 dev, {args.half} half"
                + (f", every {args.stride}" if args.stride > 1 else ""),
                "",
                "| queries | n | MRR@10 expand=False | **MRR@10 expand=True** | change "
                "| ms/query (median) off | on |",
                "|" + " --- |" * 7,
            ]
            for name, queries in sets.items():
                off, ms_off = timed_run(idx, queries, expand=False)
                on, ms_on = timed_run(idx, queries, expand=True)
                ids = [q.id for q in queries]
                a = mean_metric("MRR@10", off, coll.qrels, ids)
                b = mean_metric("MRR@10", on, coll.qrels, ids)
                lines.append(
                    f"| {name} | {len(ids)} | {a:.3f} | **{b:.3f}** | {b - a:+.3f} "
                    f"| {ms_off:.1f} | {ms_on:.1f} |"
                )
                print(f"  {lines[-1]}", file=sys.stderr, flush=True)
    print("\n".join(lines))
    print(
        f"\nCoNg's first similarity call (its table built once per process): {first_call:.0f} ms; "
        f"later calls are cached per word."
    )
    print(f"\n_total run time: {time.perf_counter() - started:.0f}s_")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
