"""Bylines: reporter names and e-mails from a byline line or a wire dateline."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .clean import dedupe
from .hangul import HANGUL_RE, SYLLABLES

__all__ = ["Byline", "parse_byline", "strip_dateline"]

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_ROLES = (
    "객원논설위원|논설위원|편집위원|전문위원|객원기자|선임기자|전문기자|수습기자|인턴기자|"
    "사진기자|영상기자|취재기자|대기자|기자|특파원|통신원|칼럼니스트|기고|PD|앵커"
)
_ROLE_RE = re.compile(rf"^(?:{_ROLES})$")
_KO_NAME = rf"[{SYLLABLES}]{{2,4}}"
_KO_NAME_RE = re.compile(rf"^{_KO_NAME}$")
_GLUED_RE = re.compile(rf"^({_KO_NAME})({_ROLES})$")
_DATELINE_HEAD = r"[\[(【〔]\s*[^\]\)】〕=\n]{1,20}=\s*[^\]\)】〕=\n]{1,20}[\])】〕]"
_DATELINE_RE = re.compile(
    rf"^\s*(?P<head>{_DATELINE_HEAD})\s*"
    rf"(?:(?P<names>{_KO_NAME}(?:\s*[·,ㆍ・ ]\s*{_KO_NAME})*)\s*(?P<role>{_ROLES})"
    r"\s*(?:\(?\s*(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s*\)?)?\s*)?=\s*"
)
_CREDIT_LABEL = r"(?:글|사진|영상|그래픽|취재|정리|편집|일러스트)"
_CREDIT_RE = re.compile(
    rf"(?:^|(?<=[\s·,/|ㆍ・])){_CREDIT_LABEL}(?:[·ㆍ・/]{_CREDIT_LABEL})*(?:\s*[:=]\s*|\s+)"
    rf"({_KO_NAME})(?=$|[\s·,/|ㆍ・])"
)
_OUTLET_RE = re.compile(
    r"(?:일보|신문|뉴스|통신|경제|방송|타임스|미디어|닷컴|저널|매일|투데이|데일리)$"
)
_EN_ROLE = re.compile(
    r"(?:,|\s+-\s+|^)[^,]*?\b(?:writer|reporter|correspondent|editor|columnist|contributor|"
    r"journalist|staff)s?\b.*$",
    re.IGNORECASE,
)
_EN_NAME_RE = re.compile(
    r"^(?:[A-Z][\w'’.-]*|[A-Z]\.)(?:\s+(?:[A-Z][\w'’.-]*|van|von|de|del|da|di|le|la|bin))"
    r"{0,3}$"
)
_MAX_BYLINE_CHARS = 40


@dataclass(frozen=True)
class Byline:
    """Reporter names (without role words) and e-mail addresses found on a byline."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()

    def text(self) -> str:
        return ", ".join(self.names)


def _korean_names(rest: str, bracketed: bool) -> tuple[str, ...] | None:
    credits = _CREDIT_RE.findall(rest)
    if credits and not _CREDIT_RE.sub("", rest).strip(" ·,/|ㆍ・"):
        return dedupe(credits)
    tokens = [t for t in re.split(r"[\s·,/ㆍ・&|]+|=", rest) if t]
    names: list[str] = []
    has_role = False
    for index, token in enumerate(tokens):
        glued = _GLUED_RE.match(token)
        if _ROLE_RE.match(token):
            has_role = True
        elif index == 0 and len(tokens) >= 3 and re.search(r"(?:부|팀|국|센터|뉴스룸)$", token):
            continue  # a desk in front: "경제부 홍길동 기자"
        elif index == 0 and len(tokens) >= 3 and _OUTLET_RE.search(token):
            continue  # an outlet in front: "[한결신문 고은비 기자]", "새날경제 백승우 기자"
        elif _KO_NAME_RE.match(token):
            names.append(token)
        elif glued:  # "홍길동기자"
            names.append(glued.group(1))
            has_role = True
        elif index == 0 and (bracketed or len(tokens) >= 3):
            continue  # an outlet in front: "[아이뉴스24 홍길동 기자]"
        else:
            return None
    if not has_role or not names:
        return None
    return dedupe(names)


def _english_names(rest: str) -> tuple[str, ...] | None:
    match = re.match(r"^\s*by\s*:?\s+(?P<names>.+)$", rest, re.IGNORECASE)
    if match:
        body = _EN_ROLE.sub("", match.group("names")).strip(" ,|")
    else:
        body = rest.strip()
        if not _EN_ROLE.search(body) or "," not in body:
            return None
        body = _EN_ROLE.sub("", body).strip(" ,|")
    parts = [p.strip() for p in re.split(r",|\band\b|&", body) if p.strip()]
    if not parts or not all(_EN_NAME_RE.match(p) for p in parts):
        return None
    return dedupe(parts)


def parse_byline(text: str) -> Byline | None:
    """A byline from a short line (``홍길동 기자 hong@example.com``, ``By Jane Doe``), else None.

    A prose sentence that merely contains ``기자`` is not a byline: the line must be short
    (≤ 40 characters besides e-mails) unless it is a wire dateline.
    """
    text = unicodedata.normalize("NFC", text).strip()
    emails = dedupe(_EMAIL_RE.findall(text))
    rest = _EMAIL_RE.sub(" ", text)
    rest = re.sub(r"\(\s*\)|\[\s*\]|<\s*>", " ", rest)
    dateline = _DATELINE_RE.match(rest + (" =" if not rest.rstrip().endswith("=") else ""))
    if dateline and dateline.group("names"):
        wire = re.split(r"\s*[·,ㆍ・ ]\s*", dateline.group("names"))
        return Byline(dedupe(wire), emails)
    rest = " ".join(rest.split())
    if not rest:
        return Byline((), emails) if emails else None
    if len(rest) > _MAX_BYLINE_CHARS:
        return None
    bracketed = bool(re.match(r"^[\[(【<]", rest))
    rest = re.sub(r"[\[\]()【】<>]", " ", rest).strip(" =-–—|")
    names = _korean_names(rest, bracketed) if HANGUL_RE.search(rest) else _english_names(rest)
    if names is None:
        return None
    return Byline(names, emails)


def strip_dateline(paragraph: str) -> tuple[str, Byline | None]:
    """Remove a leading wire dateline (``[서울=연합뉴스] 홍길동 기자 = ``) from a paragraph.

    Returns the remaining text and the byline found in the dateline (None if it names nobody).
    """
    match = _DATELINE_RE.match(paragraph)
    if match is None:
        # "[서울=뉴시스] 본문": only when the right side is an agency name, not a column title
        # such as "[엔터미디어=정덕현의 이슈공감]"
        bare = re.match(
            r"^\s*[\[(【〔]\s*[^\]\)】〕=\n]{1,20}=\s*[^\s\])】〕=]{1,12}[\])】〕]\s*", paragraph
        )
        if bare is None or len(paragraph) <= bare.end():
            return paragraph, None
        return paragraph[bare.end() :], None
    rest = paragraph[match.end() :]
    if not rest.strip():
        return paragraph, None
    if not match.group("names"):
        return rest, None
    names = tuple(re.split(r"\s*[·,ㆍ・ ]\s*", match.group("names")))
    emails = (match.group("email"),) if match.group("email") else ()
    return rest, Byline(dedupe(names), emails)
