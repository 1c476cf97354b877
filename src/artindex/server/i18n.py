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
        "filters": "필터·정렬",
        "trend": "기사 수 추이",
        "trend_note": "막대를 누르면 그 기간의 기사를 봅니다",
        "related_words": "연관어",
        "error_param": "{what}을(를) 이해하지 못했습니다. 고쳐서 다시 검색해 주세요.",
        "error_unavailable": "지금은 검색할 수 없습니다. 잠시 뒤 다시 시도해 주세요.",
        "param_q": "검색어",
        "param_since": "시작일",
        "param_until": "종료일",
        "param_when": "기간",
        "param_tag": "태그",
        "param_source": "출처",
        "param_byline": "기자",
        "param_lang": "언어",
        "param_page": "쪽 번호",
        "param_limit": "결과 수",
        "param_sort": "정렬",
        "param_interval": "기간 단위",
        "did_you_mean": "이것을 찾으셨나요?",
        "tips": "검색 범위를 넓혀 보세요",
        "tip_words": "검색어를 줄이거나 더 일반적인 낱말로 바꿔 보세요.",
        "tip_spelling": "맞춤법과 띄어쓰기를 확인해 보세요.",
        "tip_filters": "기간·태그·출처 조건을 풀어 보세요.",
        "clear_filters": "조건 없이 다시 검색",
        "articles_tab": "기사",
    },
    "en": {
        "title": "Article search",
        "search": "Search",
        "placeholder": "Type your search",
        "results": "{total} results ({took} ms)",
        "no_results": "No results for '{q}'.",
        "corrected": "Showing results for {corrected}.",
        "search_instead": "Search for {original} instead",
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
        "filters": "Filters & sort",
        "trend": "Articles over time",
        "trend_note": "Click a bar for that period's articles",
        "related_words": "Related words",
        "error_param": "The {what} could not be understood. Please correct it and search again.",
        "error_unavailable": "Search is not available right now. Please try again shortly.",
        "param_q": "search words",
        "param_since": "start date",
        "param_until": "end date",
        "param_when": "date range",
        "param_tag": "tag",
        "param_source": "source",
        "param_byline": "byline",
        "param_lang": "language",
        "param_page": "page number",
        "param_limit": "number of results",
        "param_sort": "sort order",
        "param_interval": "period",
        "did_you_mean": "Did you mean",
        "tips": "To widen the search",
        "tip_words": "Use fewer or more general words.",
        "tip_spelling": "Check the spelling and spacing.",
        "tip_filters": "Remove date, tag or source filters.",
        "clear_filters": "Search again without filters",
        "articles_tab": "Articles",
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
