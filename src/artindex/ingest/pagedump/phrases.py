"""Phrase knowledge for page dumps: the words sites use for chrome, captions, sign-offs and tails.

These lists are one signal among three (position and repetition are the others); a site that
words its chrome differently still extracts, because the body is found by position first.
"""

from __future__ import annotations

import re

# A sentence end: 다. 요. . ? ! … optionally followed by closing quotes or brackets.
SENTENCE_END = re.compile(r"(?:[.?!…。]|[.?!…][\"”’')\]」』]+)$")
UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]{4}")  # kana or Han, no spaces needed
IMAGE_NAME = re.compile(r"^[\w\-. ()]+\.(?:jpe?g|png|gif|webp|bmp|tiff?|svg)$", re.IGNORECASE)
URL_LINE = re.compile(r"^(?:URL\s*:?\s*|주소\s*:?\s*)?(?P<url>https?://\S+)$", re.IGNORECASE)
EMAIL_ONLY = re.compile(r"^[\[(<]?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[\])>]?$", re.ASCII)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)

# Photo captions: a credit, an arrow or a photo word.
CAPTION = re.compile(
    r"^[▲△▶↑]|[ⓒ©]|\[\s*사진|\(\s*사진|사진\s*(?:제공)?\s*[=:]|자료\s*사진|제공\s*[=:)\]]"
    r"|\s/\s?[가-힣A-Za-z]+(?:\s?(?:DB|제공|기자))?$|^\[?(?:photo|사진)\]?\s"
    r"|courtesy of|\bphoto(?:graph)?\s*(?:by|=|:)|\(Yonhap\)$|getty\s*images"
    # a sentence, a date, the agency (`… 있다. 2016.9.17. 연합뉴스`); a `도시=이름 기자` credit
    r"|[다요]\.\s*(?:\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?\s*)?(?:[가-힣A-Za-z]{0,8}"
    r"(?:뉴스|통신|일보|신문|뉴시스|뉴스1|DB|제공)|AP|AFP|EPA|로이터|[A-Z]{2,5}\s*=\s*\S+)$"
    r"|^[\[(]?[가-힣]{2,5}=[가-힣]{2,8}\s*(?:기자|특파원)?[\])]?$",
    re.IGNORECASE,
)

# Copyright and sign-off lines. A bare © is not enough: captions carry it too.
COPYRIGHT = re.compile(
    r"저작권|무단\s*(?:전재|복제|배포|사용)|재배포|copyright|all rights reserved|^\(끝\)$"
    r"|^(?:[©ⓒ]|\(c\))\s*[^\s]{2,20}$",
    re.IGNORECASE,
)

# A heading that opens the readers' comments: the article is over.
COMMENTS = re.compile(
    r"^\W*(?:\d+\s+comments?|(?:top\s+rated|show|view|add\s+a|post\s+a|leave\s+a|\d+)\s+"
    r"(?:comments?|reply|responses?)|comments?(?:\s*\(\d+\))?|leave\s+a\s+reply|"
    r"join\s+the\s+(?:discussion|conversation)|(?:전체\s*)?댓글\s*\d+\s*개|댓글\s*(?:쓰기|작성)|"
    r"\d+\s*개의\s*댓글)\W*$",
    re.IGNORECASE,
)
# The credit line of an embedded post (`— Dele (@dele_official) November 19, 2019`).
EMBED_CREDIT = re.compile(r"^[—–-]\s|\(@\w+\)")
# An image's credit line (`Image copyright Getty Images`): a caption, not the page's copyright.
IMAGE_CREDIT = re.compile(r"\b(?:image|photo|picture|video)\s+(?:copyright|credit|caption)\b", re.I)
# Lines that open the tail: related and popular lists, navigation back.
TAIL = re.compile(
    r"관련\s*(?:기사|뉴스)|많이\s*(?:본|읽은)|인기\s*(?:기사|뉴스|글)|가장\s*많이|함께\s*(?:보면|읽으면)"
    r"|다른\s*기사|목록\s*(?:으로|보기)|이전\s*기사|다음\s*기사|추천\s*기사|주요\s*뉴스|top\s*\d+"
    r"|most\s+(?:read|viewed|popular)|related\s+(?:articles|stories|news)|trending|read more",
    re.IGNORECASE,
)

# A newsletter or subscription pitch, sentence-shaped (`Want more stories like this?`): the
# article is over.
PITCH = re.compile(
    r"want more stories|sign up (?:for|to) (?:our|the)|(?:our|free|daily) newsletter|"
    r"뉴스레터|구독\s*신청하(?:면|세요)",
    re.IGNORECASE,
)

# The publisher's footer: address, phones, registration, publisher and editor.
FOOTER = re.compile(
    r"주소\s*:|^ADD\s*:|TEL\s*:|FAX\s*:|전화\s*:?\s*\d|대표전화|팩스|등록번호|등록\s*:|발행인|편집인"
    r"|청소년\s*보호|사업자\s*등록|개인정보\s*처리|회사\s*소개|광고\s*문의|제호\s*:|통신판매",
    re.IGNORECASE,
)

# Page controls and site chrome (menus, login, search, share, font size).
CONTROL = re.compile(
    r"^(?:가[+\-]?|가\s*가(?:\s*가)*|[+\-]|글자\s*크기.*|글씨\s*(?:크게|작게)|인쇄(?:하기)?|프린트|"
    r"공유(?:하기)?|북마크|스크랩|url\s*복사|링크\s*복사|기사\s*(?:스크랩|저장|듣기|읽어주기)|"
    r"댓글\s*\d*|좋아요\s*\d*|추천\s*\d*|sns\s*공유|\[INS:|:INS\]|copy\s*(?:url|link)|bookmark|print|share|"
    r"listen|comments?\s*\d*|font\s*size)$",
    re.IGNORECASE,
)
# Korean reporter roles, and the names-then-role shape of a byline (`홍길동·김철수 기자`).
_KO_ROLES = "기자|특파원|논설위원|편집위원|전문위원|통신원|칼럼니스트|앵커"
KO_ROLE = re.compile(_KO_ROLES)
KO_ROLE_AFTER = (
    r"(?:\s*[·,ㆍ]\s*[가-힣]{2,4})*\s*(?:객원|선임|수습|인턴|전문|사진|영상|취재|대)?"
    rf"(?:{_KO_ROLES})"
)
# A bare name beside a date (`박상우 2024. 5. 13. 12:52`), as portals print the byline.
NAME_DATE = re.compile(
    r"^(?!(?:기사)?(?:입력|수정|등록|승인|송고|발행|게재|작성|업데이트|최종|일시|날짜|보도)"
    r"(?:시간|일시|일자|일|시각|수정|입력|날짜)?\s)"
    r"(?P<name>[가-힣]{2,4})\s+(?P<rest>(?:입력|등록|승인|송고)?\s*\d{4}\s*[.\-/년].*)$"
)
# A reporter box after the body (`기자 정보`, `기자 프로필`): the name in it is the byline.
REPORTER_BOX = re.compile(r"^\W*(?:기자|특파원)\s*(?:정보|프로필|소개|페이지)\W*$")
# Broadcast transcripts: speaker labels (`[앵커]`, `◀ 리포트 ▶`, `【 기자 】`, `[인터뷰]`).
TRANSCRIPT_LABEL = re.compile(
    r"^\s*[\[【〈<◀◁▶(]\s*(?:앵커|기자|리포트|인터뷰|녹취|현장음|싱크|앵커\s*멘트|기자\s*멘트|"
    r"스탠드\s*업|(?:[가-힣]{2,4}\s*)?(?:앵커|기자|리포터))(?:\s*[:/]\s*[^\]】〉>▶)]{0,30})?\s*"
    r"[\]】〉>▶▷)]\s*$"
)
# A spoken sign-off (`한빛뉴스 홍길동입니다.`, `KBS 뉴스 홍길동입니다`) and the crew credits.
BROADCAST_SIGNOFF = re.compile(
    r"^(?P<outlet>[A-Z]{2,5}|[A-Za-z가-힣 ]{1,20}?(?:뉴스|방송|라디오|TV))\s*(?P<name>[가-힣]{2,4})"
    r"(?:\s*(?:기자|앵커|특파원))?입니다\.?$"
)
CREW_CREDIT = re.compile(
    r"^\(?\s*(?:영상\s*(?:취재|편집|촬영|디자인|제공)|촬영\s*기자|그래픽|CG|자료\s*제공|편집|"
    r"취재\s*지원|화면\s*제공)\s*[:：]\s*\S.*$"
)
# A programme's details printed above a broadcast transcript (`■ 방송 : …`, `■ 진행 : …`).
PROGRAMME_INFO = re.compile(r"^[■□◆◇▣※]?\s*(?:방송|진행|출연|대담|방송일|일시|프로그램)\s*[:：]")
# Portal and machine-translation notices that open a body (`… 본문 보기를 권장합니다.`).
NOTICE = re.compile(
    r"본문\s*(?:전체\s*)?보기를\s*권장|전체\s*맥락을\s*이해|자동\s*(?:추출|요약)|기계\s*번역|"
    r"번역\s*(?:된|본|결과|서비스)|machine[- ]translat|(?:AI|인공지능)\s*(?:요약|번역)|"
    r"^\*?\s*재판매\s*(?:및|와)\s*DB\s*금지$"
    # machine-translation disclaimers of portals (zh, ja, id, vi)
    r"|机器翻译|機械翻訳|机械翻译|版权归|著作権は|terjemahan\s*mesin|dịch\s*(?:bằng\s*)?máy|bản\s*dịch",
    re.IGNORECASE,
)
# A wire photo's resale notice glued before the first paragraph (`*재판매 및 DB 금지[서울=…`).
GLUED_NOTICE = re.compile(r"^\*?\s*재판매\s*(?:및|와)\s*DB\s*금지\s*(?=\S)")
# A call to the reader (`이 기사가 마음에 들었다면, 좋아요를 눌러주세요.`, `…(클릭!)`): a control.
READER_PROMPT = re.compile(
    r"좋아요를?\s*눌러|구독(?:을|하고|해)\s*(?:주세요|눌러)|눌러\s*주세요|[(\[]\s*(?:클릭|click)\s*!?\s*[)\]]$",
    re.IGNORECASE,
)
# A camera's file name alone on a line (`5L5P3010`, `DSC_0412`, `IMG_2043`).
CAMERA_FILE = re.compile(
    r"^(?=.*[A-Z_])(?:[A-Z0-9]{4}\d{4}|(?:DSC|IMG|DSCF|DSCN|P\d{3}|_MG|MG)_?\d{3,5})$"
)
# Text-to-speech settings and other widgets printed as text (`성별 선택하기 선택된 성별남성 여성`).
WIDGET = re.compile(
    r"성별\s*(?:선택|남성)|속도\s*선택|말하기\s*속도|음성\s*(?:재생|변환|듣기)|본문\s*듣기|"
    r"보러\s*가기$|설정을\s*저장|(?:기사|뉴스)\s*요약|한\s*단계\s*(?:확대|축소)"
)

# "Enlarge" links glued to a photo caption (`…연합뉴스이미지 확대보기`).
ENLARGE = re.compile(
    r"\s*(?:이미지\s*|사진\s*)?(?:확대\s*보기|확대|크게\s*보기)$|\s*(?:enlarge|zoom)$", re.I
)
# Words that label a date line (a caption that mentions a date is no date line).
DATE_LABEL = re.compile(
    r"입력|수정|등록|승인|송고|발행|게재|작성|업데이트|published|updated|posted|modified|"
    r"^(?:date|on)\b",
    re.IGNORECASE,
)
# A list bullet as w3m prints <li> (and as sites type them).
BULLET = re.compile(r"^(?:[•·▪◦‣∙◆◇■□○●]\s*)+(?=\S)")
# A line that states something, as notices, summaries and captions do; headlines do not end so.
STATEMENT_END = re.compile(r"(?:[^.][.!]|니다|세요|[.!]\s?[\"”’')\]]+)$")
# Page controls with more words around them (`• 프린트출력하기`, `콘텐츠 폰트 사이즈 조절`).
_CONTROL_WORDS = re.compile(
    r"프린트|인쇄\s*하기|폰트|글자\s*크기|글씨\s*크기|스크랩|댓글\s*\d|좋아요|북마크|보내기|"
    r"공유\s*하기|복사\s*하기|닫기$|바로\s*가기|전체\s*메뉴|기사\s*듣기|읽어\s*주기|"
    r"\bprint\b|\bshare\b|font\s*size|facebook|twitter|pinterest|kakao|linkedin|whatsapp|"
    r"페이스북|트위터|카카오톡|카카오스토리|네이버\s*밴드|네이버\s*블로그|텔레그램",
    re.IGNORECASE,
)


def is_control(text: str) -> bool:
    """A page-control line: short and naming a control (`• 프린트출력하기`, `스크랩 하기`),
    or a row of several (`이메일에 공유하기 카카오톡에 공유하기 …`)."""
    bare = BULLET.sub("", text).strip()
    if CONTROL.match(bare):
        return True
    found = len(_CONTROL_WORDS.findall(bare))
    return (len(bare) <= 25 and found > 0) or found >= 3


CHROME_WORDS = re.compile(
    r"로그인|회원\s*가입|검색|메뉴|구독|바로\s*가기|입력하세요|공유합니다|스크랩|읽어주기|로고|"
    r"\blog\s*in\b|sign\s*(?:in|up)|subscribe|search|\bmenu\b",
    re.IGNORECASE,
)
LOGO = re.compile(r"^(?P<site>.{1,30}?)\s*(?:로고|logo|ロゴ)$", re.IGNORECASE)
COPYRIGHT_SITE = re.compile(
    r"(?:[©ⓒ]|\(c\)|copyright|저작권자)\s*(?:[©ⓒ]|\(c\))?\s*(?:by\s+)?(?:\d{4}\s*)?"
    r"(?P<phrase>(?P<site>[^\s,.|&<>()\[\]]{2,20})(?:\.[a-z]{2,5}(?:\.[a-z]{2})?)?"
    r"(?:\s+[^\s,|&<>()\[\]]{2,20}){0,2})",
    re.IGNORECASE,
)
# A wire dateline naming its press: (서울=연합뉴스), 【서울=뉴시스】; not a photo credit (사진=…).
DATELINE_PRESS = re.compile(
    r"[(\[【]\s*(?!사진|자료|그래픽|출처|영상|제공|편집)[가-힣]{1,8}\s*=\s*(?P<press>[^\s=)\]】]{2,12})\s*[)\]】]"
)
# A reporter's address: its domain is the outlet's (kim@yna.co.kr).
MAIL_DOMAIN = re.compile(r"[\w.+-]+@(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)

# Words that make up navigation menus (a line made mostly of these is a menu, not a headline).
_MENU_TEXT = (
    "홈 전체 전체메뉴 뉴스 정치 경제 사회 국제 세계 문화 생활 스포츠 연예 오피니언 사설 칼럼 "
    "IT 과학 IT·과학 산업 금융 증권 부동산 정책 글로벌 지역 전국 교육 건강 여행 라이프 "
    "포토 영상 기획 연재 리뷰 리포트 이벤트 구독 구독신청 로그인 회원가입 검색 더보기 "
    "home news politics economy business world national society culture life sports "
    "entertainment opinion tech science reviews reports events subscribe video photos"
)
MENU_WORDS = frozenset(_MENU_TEXT.split())


def is_menu(line: str) -> bool:
    """A navigation line: several short items joined by `|`, or mostly menu words."""
    parts = [p for p in re.split(r"\s*[|ㅣ]\s*", line) if p]
    if len(parts) >= 4 and all(len(p) <= 8 for p in parts):
        return True
    tokens = [t for t in re.split(r"[\s|·/]+", line) if t]
    if len(tokens) < 3:
        return False
    known = sum(t.lower() in MENU_WORDS or t in MENU_WORDS for t in tokens)
    return known * 2 >= len(tokens) + 1


def is_menu_word(text: str) -> bool:
    """One navigation word (``경제``, ``Business``): a section name when it stands alone."""
    return text in MENU_WORDS or text.lower() in MENU_WORDS
