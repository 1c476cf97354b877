"""The search page's text in Korean and English, chosen by ``?lang_ui=`` or Accept-Language."""

from __future__ import annotations

LANGUAGES = ("ko", "en")
DEFAULT = "ko"

MESSAGES: dict[str, dict[str, str]] = {
    "ko": {
        "title": "기사 검색",
        "search": "검색",
        "placeholder": "검색어를 입력하세요",
        "results": "검색 결과 {total}건 ({took} ms)",
        "no_results": "'{q}'에 대한 검색 결과가 없습니다.",
        "corrected": "검색 결과: {corrected}(으)로 검색했습니다.",
        "search_instead": "{original}(으)로 검색",
        "did_you_mean": "이것을 찾으셨나요?",
        "prev": "이전",
        "next": "다음",
        "page": "{page}쪽",
        "sort": "정렬",
        "sort_relevance": "정확도순",
        "sort_date": "최신순",
        "date": "기간",
        "since": "시작일",
        "until": "종료일",
        "apply": "적용",
        "any_time": "전체 기간",
        "today": "오늘",
        "last_week": "지난주",
        "last_month": "지난달",
        "this_year": "올해",
        "facet_tags": "태그",
        "facet_source": "출처",
        "facet_month": "월",
        "facet_lang": "언어",
        "facet_byline": "기자",
        "remove_filter": "필터 해제",
        "related": "관련 기사",
        "back": "검색으로 돌아가기",
        "original": "원문 보기",
        "tags": "태그",
        "not_found": "찾는 기사가 없습니다.",
        "error": "요청을 처리할 수 없습니다",
        "articles_in_index": "색인된 기사 {n}건",
        "language": "English",
    },
    "en": {
        "title": "Article search",
        "search": "Search",
        "placeholder": "Type your search",
        "results": "{total} results ({took} ms)",
        "no_results": "No results for '{q}'.",
        "corrected": "Showing results for {corrected}.",
        "search_instead": "Search for {original} instead",
        "did_you_mean": "Did you mean:",
        "prev": "Previous",
        "next": "Next",
        "page": "page {page}",
        "sort": "Sort",
        "sort_relevance": "Relevance",
        "sort_date": "Newest",
        "date": "Date",
        "since": "From",
        "until": "To",
        "apply": "Apply",
        "any_time": "Any time",
        "today": "Today",
        "last_week": "Past week",
        "last_month": "Past month",
        "this_year": "This year",
        "facet_tags": "Tags",
        "facet_source": "Source",
        "facet_month": "Month",
        "facet_lang": "Language",
        "facet_byline": "Byline",
        "remove_filter": "Clear filter",
        "related": "Related articles",
        "back": "Back to search",
        "original": "Original article",
        "tags": "Tags",
        "not_found": "No such article.",
        "error": "The request could not be handled",
        "articles_in_index": "{n} articles indexed",
        "language": "한국어",
    },
}


def pick_language(explicit: str | None, accept_language: str | None) -> str:
    """``lang_ui`` if it names a known language, else the best of Accept-Language, else ko."""
    if explicit in LANGUAGES:
        return str(explicit)
    best, best_q = DEFAULT, -1.0
    for part in (accept_language or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if code in LANGUAGES and weight > best_q:
            best, best_q = code, weight
    return best
