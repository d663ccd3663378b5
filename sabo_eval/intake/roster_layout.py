"""The shape of an attendance roster: which sheets are rosters, whose meetings they hold,
and what each header column and label row is.

Secretariats name roster sheets in several ways (``출석부_연구기획분과``,
``연구기획분과 출석부``, ``연구기획분과_출석``, or the 분과 name alone) and put more
than marks in them: a leading 번호 column, summary columns (출석횟수, 출석률, 비고) and
summary rows (계, 출석률). This module recognises those shapes so that the roster reader
loads only marks, and checks or names everything else.
"""

from __future__ import annotations

import datetime as dt
import re

from . import parsing
from .headers import HEADER_SEARCH_ROWS, normalised
from .schemas import BODY_CODES, ROSTER_SHEET_PREFIXES, SCHEMAS, normalise_header
from .submission import RawSheet

__all__ = [
    "DESCRIPTIVE_COLUMNS",
    "ROW_NUMBER_HEADERS",
    "SUMMARY_COLUMNS",
    "SUMMARY_ROWS",
    "group_text",
    "is_legend",
    "looks_like_roster",
    "match_group",
    "month_like",
    "subcommittee_stem",
]

#: Words that make a sheet name a roster's name, at its start or its end (longest first).
_ROSTER_WORDS = (
    "출석현황", "참석현황", "출결현황", "출석부", "참석부", "출석표", "참석표", "출결부", "출석", "참석", "출결", "roster",
)
#: Words in a sheet name that say it is about attendance.
_ATTENDANCE_WORDS = ("출석", "참석", "출결")
_YEAR = re.compile(r"^(?:19|20)\d{2}년?|(?:19|20)\d{2}년?$")
#: Leading columns that number the rows (not member ids when another id or name column exists).
ROW_NUMBER_HEADERS = frozenset({"번호", "연번", "순번", "no", "순"})
#: Summary columns: normalised header → kind (count of attendances, rate, free note).
SUMMARY_COLUMNS = {
    **dict.fromkeys(
        ("출석횟수", "참석횟수", "출석수", "참석수", "출석일수", "참석일수", "출석회수", "참석회수", "계", "합계", "총계"),
        "count",
    ),
    **dict.fromkeys(("불참횟수", "결석횟수", "불참수", "결석수", "불참", "결석"), "absent"),
    **dict.fromkeys(("출석률", "참석률", "출석율", "참석율"), "rate"),
    **dict.fromkeys(("대상회의", "대상회의수", "회의수", "대상횟수"), "marked"),
    **dict.fromkeys(("비고", "메모", "특이사항", "참고", "사유", "불참사유"), "note"),
}
#: Columns that describe the member (not meetings) and are not in the member list's schema.
DESCRIPTIVE_COLUMNS = frozenset(
    {"소속기관", "기관", "기관명", "단체", "단체명", "성별", "연락처", "전화번호", "휴대전화", "분야", "추천기관", "임기", "직업"}
)
#: Summary rows: normalised label → kind (count of attendances per meeting, rate per meeting).
SUMMARY_ROWS = {
    **dict.fromkeys(("계", "합계", "총계", "소계", "출석인원", "참석인원", "출석자수", "참석자수", "출석", "참석"), "count"),
    **dict.fromkeys(("불참인원", "결석인원", "불참자수", "결석자수", "불참", "결석"), "absent"),
    **dict.fromkeys(("재적", "재적인원", "재적위원", "대상인원", "위원수"), "marked"),
    **dict.fromkeys(("출석률", "참석률", "출석율", "참석율"), "rate"),
}
#: Marks that start a legend or footnote line below a roster (※ ○: 참석, ×: 불참).
_LEGEND_STARTS = ("※", "*", "주)", "주1)", "범례", "참고")
_MONTH = re.compile(r"^\d{1,2}월$")


def month_like(header: object) -> bool:
    """True for a header that names a month (``3월``) or a date."""
    text = normalise_header(header)
    if _MONTH.match(text):
        return True
    try:
        if isinstance(header, (dt.date, str)) and any(ch.isdigit() for ch in str(header)):
            return parsing.parse_date(header) is not None
        return False
    except parsing.CellError:
        return False


def group_text(sheet_name: str) -> str:
    """The 분과 (or body) a roster sheet's name refers to, without the roster word; "" for none."""
    key = _YEAR.sub("", normalise_header(sheet_name))
    for word in (*ROSTER_SHEET_PREFIXES, *_ROSTER_WORDS):
        word = normalise_header(word)
        if key.startswith(word):
            return _YEAR.sub("", key[len(word):])
        if key.endswith(word):
            return _YEAR.sub("", key[: -len(word)])
    return key


def is_legend(row: list[object]) -> str | None:
    """The text of a legend or footnote line (one filled cell starting with ※, * …), else None."""
    filled = [c for c in row if not parsing.is_blank(c)]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return None
    text = filled[0].strip()
    return text if text.startswith(_LEGEND_STARTS) else None


def looks_like_roster(sheet: RawSheet) -> bool:
    """True for a sheet that no table claims but that is a roster by its name or its header.

    Named ``<분과> 출석부``, ``<분과>_출석``, or the 분과/협의체 name alone; or a header
    row with a member column (위원ID, 위원명) and at least two month or date columns.
    """
    key = normalise_header(sheet.name)
    meeting_id = {normalise_header(h) for h in SCHEMAS["attendance"].column("meeting_id").accepted_headers()}
    if any(normalised(c) in meeting_id for row in sheet.rows[:HEADER_SEARCH_ROWS] for c in row):
        return False  # a long-form attendance table under another name, not a roster
    if any(word in key for word in _ATTENDANCE_WORDS):
        return True
    identity = _identity_headers()
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        has_member = any(normalised(c) in identity for c in row)
        if has_member and (key.endswith(("분과", "협의체")) or key in BODY_CODES):
            return True  # the 분과 name alone, over a member column
        if has_member and sum(month_like(c) for c in row) >= 2:
            return True
    return False


def _identity_headers() -> set[str]:
    members = SCHEMAS["members"]
    return {normalise_header(h) for name in ("member_id", "name") for h in members.column(name).accepted_headers()}


def match_group(text: str, groups: set[tuple]) -> tuple[list[tuple | None], list[str]]:
    """The (body, subcommittee) groups a roster name refers to, and every 분과 name there is.

    Parameters
    ----------
    text : str
        The normalised group text of the sheet name (:func:`group_text`).
    groups : set of tuple
        The (body, subcommittee) pairs of the member and meeting lists.

    Returns
    -------
    (list of tuple, list of str)
        The matching groups (one when the name is clear; ``None`` for "each member's
        own group") and the names that exist.
    """
    names = sorted({str(s) for _b, s in groups if s is not None})
    body = BODY_CODES.get(text)
    if body is not None:
        # A body word alone (대표협의체, 실무, 분과): that body; the members' own
        # subcommittees when the body has several (a sheet of every 분과's members).
        subs = {g[1] for g in groups if g[0] == body}
        return ([(body, None)] if subs <= {None} else [None]), names
    stem = subcommittee_stem(text)
    hits = [g for g in groups if g[1] is not None and subcommittee_stem(normalise_header(g[1])) == stem and stem]
    return sorted(set(hits), key=str), names


def subcommittee_stem(text: str) -> str:
    """A 분과 name without its trailing 분과 word (``연구기획분과`` → ``연구기획``)."""
    return text[: -len("분과")] if text.endswith("분과") and len(text) > 2 else text
