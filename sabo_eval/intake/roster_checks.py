"""Checks of what a roster holds beside its marks: summary columns and rows, blank marks.

Summary columns (출석횟수, 출석률) and rows (계, 출석률) are never loaded: they are
checked against the marks of their row or column when they can be, and a 비고 note is
named as not loaded. A blank (or ``-``) mark of a member in tenure on the meeting date is
an error unless the 제출정보 declares the office's convention (``출석부 공란``).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import parsing
from .headers import HEADER_SEARCH_ROWS
from .problems import WARNING
from .roster_layout import month_like
from .schemas import normalise_header
from .submission import RawSheet, Submission

__all__ = [
    "BLANK_CONVENTIONS", "blank_convention", "check_summary", "column_not_loaded", "missing_members",
    "note_not_loaded", "rates_only", "report_blank",
]

#: Values of 제출정보 '출석부 공란': what a blank mark of a member in tenure means. Only
#: "absent" can be declared: membership comes from the member list's tenure (the
#: attendance metrics count an eligible member without a mark as absent), so "a blank
#: means not a member then" is said by correcting 위촉일/해촉일, not by a convention.
BLANK_CONVENTIONS = dict.fromkeys(("불참", "결석", "absent", "공란=불참", "공란은불참", "불참처리"), "absent")
_RATE_TOLERANCE = 0.055  # percentage points: a rate rounded to one decimal place


def blank_convention(sub: Submission) -> str | None:
    """The declared meaning of blank marks ("absent") or None; a bad value is reported."""
    value = sub.info.get("roster_blank")
    if value is None or str(value).strip() == "":
        return None
    convention = BLANK_CONVENTIONS.get(normalise_header(value))
    if convention is None:
        sub.problem(
            "제출정보", None, "출석부 공란", value,
            "'출석부 공란'에는 '불참'(위촉 기간 중 공란은 불참)만 쓸 수 있습니다 — 공란이 '위원이 아니었음'을 "
            "뜻한다면 위원명단의 위촉일·해촉일을 고쳐 주세요",
            "'출석부 공란' accepts only '불참' (a blank within tenure is an absence); if a blank means "
            "'not a member then', correct 위촉일/해촉일 in the member list instead",
            "bad_info_value",
        )
    return convention


def report_blank(sub: Submission, sheet: RawSheet, excel_row: int, column: str, cell: object, held_on) -> None:
    """Report a blank mark of a member in tenure on the meeting date."""
    sub.problem(
        sheet.name, excel_row, column, "" if cell is None else cell,
        f"출석 표시가 비어 있습니다 — 이 위원은 {held_on:%Y-%m-%d} 회의 당시 위촉 기간입니다. "
        "○/×/△로 채우거나, 공란이 불참이라면 제출정보에 '출석부 공란: 불참'을 적고, "
        "위원이 아니었다면 위원명단의 위촉일·해촉일을 고치세요",
        f"the attendance mark is blank although the member was in tenure on {held_on:%Y-%m-%d}; "
        "fill in ○/×/△, declare '출석부 공란: 불참' in the submission sheet if blanks are absences, "
        "or correct the member's 위촉일/해촉일 if they were not a member then",
        "blank_attendance_mark",
    )


def note_not_loaded(sub: Submission, sheet: RawSheet, excel_row: int, column: str, value: object) -> None:
    """Name a 비고 note of a roster, which is not loaded."""
    sub.problem(
        sheet.name, excel_row, column, value,
        "출석부의 비고는 저장하지 않습니다 — 위촉·해촉은 위원명단에 적으세요",
        "roster notes are not loaded; record appointments and departures in the member list",
        "roster_note_not_loaded", WARNING,
    )


def check_summary(
    sub: Submission, sheet: RawSheet, place: tuple[int, str], kind: str, value: object, statuses: Iterable[str]
) -> None:
    """Check a summary cell (a count or a rate) against the marks it summarises.

    Parameters
    ----------
    sub, sheet : Submission, RawSheet
        Where problems go.
    place : (int, str)
        Excel row and column header as written.
    kind : str
        ``count`` (attendances), ``absent`` (absences), ``marked`` (seats) or ``rate``.
    value : object
        The cell as written.
    statuses : iterable of str
        The marks summarised (attended, absent, proxy, excused).
    """
    if parsing.is_blank(value):
        return
    excel_row, column = place
    try:
        number = parsing.parse_number(value)
    except parsing.CellError as err:
        sub.problem(sheet.name, excel_row, column, value, err.reason_ko, err.reason_en, "bad_number")
        return
    if number is None:
        return
    statuses = list(statuses)
    if kind == "rate":
        _check_rate(sub, sheet, place, value, number, statuses)
        return
    counted = _COUNTS[kind]
    allowed = [sum(s in group for s in statuses) for group in counted["groups"]]
    if number in allowed:
        return
    ko, en, counts = counted["ko"], counted["en"], sorted(set(allowed))
    sub.problem(
        sheet.name, excel_row, column, value,
        f"{ko} {_n(number)}이(가) 출석 표시와 맞지 않습니다 (표시로 센 값: {' 또는 '.join(f'{a:,}' for a in counts)})",
        f"the {en} {_n(number)} does not match the marks (counted: {' or '.join(f'{a:,}' for a in counts)})",
        "roster_count_mismatch",
    )


#: What a count summarises: the sets of statuses it may count (either is accepted).
_COUNTS = {
    "count": {"groups": ({"attended"}, {"attended", "proxy"}), "ko": "출석 수", "en": "attendance count"},
    "absent": {"groups": ({"absent"}, {"absent", "excused"}), "ko": "불참 수", "en": "absence count"},
    "marked": {"groups": ({"attended", "absent", "proxy", "excused"},), "ko": "대상 수", "en": "number of seats"},
}


def _check_rate(sub: Submission, sheet: RawSheet, place: tuple[int, str], value: object, number: float, statuses) -> None:
    """Warn about a rate the marks do not give (as a percentage or a fraction, ○ with or without △)."""
    attended = sum(s == "attended" for s in statuses)
    with_proxy = attended + sum(s == "proxy" for s in statuses)
    marked = len(statuses)
    rates = [c / marked for c in (attended, with_proxy)] if marked else [0.0]
    if any(abs(number - 100 * r) <= _RATE_TOLERANCE or abs(number - r) <= _RATE_TOLERANCE / 100 for r in rates):
        return
    shown = ", ".join(f"{100 * r:.1f}%" for r in rates)
    sub.problem(
        sheet.name, place[0], place[1], value,
        f"출석률 {_n(number)}이(가) 출석 표시로 계산한 값({shown})과 맞지 않습니다 — 출석률은 저장하지 않고 표시로 다시 계산합니다",
        f"the rate {_n(number)} does not match the marks ({shown}); rates are recomputed from the marks, not loaded",
        "roster_rate_mismatch", WARNING,
    )


def _n(number: float) -> str:
    """A number for a message: thousands separators, no needless decimals."""
    return f"{int(number):,}" if float(number).is_integer() else f"{number:,.4f}".rstrip("0").rstrip(".")


#: Headers of a table of monthly attendance rates (as in a meeting handout), not marks.
_RATE_TABLE_HEADERS = frozenset({"합", "계", "합계", "민", "관", "민간", "공공", "전체", "출석률", "참석률", "출석인원", "참석인원"})


def rates_only(sub: Submission, sheet: RawSheet) -> bool:
    """Refuse, naming what to send instead, a roster given only as monthly rates (월 | 합 | 민 | 관).

    Returns
    -------
    bool
        True when the sheet is such a table (and the problem was reported).
    """
    labels = {normalise_header(r[0]) for r in sheet.rows if r and not parsing.is_blank(r[0])}
    for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        keys = {normalise_header(c) for c in row if not parsing.is_blank(c)}
        across = keys & {"월", "개최월", "회의월", "회차"} and len(keys & _RATE_TABLE_HEADERS) >= 2
        # Or transposed: months across, 합 | 민 | 관 down the first column.
        down = sum(month_like(c) for c in row) >= 2 and len(labels & _RATE_TABLE_HEADERS) >= 2
        if across or down:
            sub.problem(
                sheet.name, i + 1, "", sheet.name,
                "월별 출석률 표는 출석부로 읽을 수 없습니다 — 위원별·회의별 출석 표시"
                "(행: 위원ID·위원명, 열: 회의 월 또는 날짜, 칸: ○/×/△)를 보내 주세요. "
                "출석률은 그 표시로 다시 계산합니다",
                "a table of monthly attendance rates cannot be read as a roster; send the marks per member "
                "and meeting (rows: member id and name, columns: meeting month or date, cells: ○/×/△), "
                "from which the rates are recomputed",
                "roster_rates_only",
            )
            return True
    return False


def column_not_loaded(sub: Submission, sheet: RawSheet, header_row: int, column: str, values: list[object]) -> None:
    """Name a descriptive roster column (소속기관, 연락처 …), which is not loaded."""
    filled = [v for v in values if not parsing.is_blank(v)]
    if not filled:
        return
    sub.problem(
        sheet.name, header_row, column, filled[0],
        f"출석부의 '{column}' 열({len(filled):,}칸)은 출석 표시가 아니어서 저장하지 않습니다 — 위원 정보는 위원명단에 적으세요",
        f"the roster column '{column}' ({len(filled):,} cells) holds no attendance marks and is not loaded; "
        "keep member details in the member list",
        "roster_column_not_loaded", WARNING,
    )


def missing_members(sub: Submission, sheet: RawSheet, context, group: tuple, seen: set[str], meetings: set[str]) -> None:
    """Report members of the sheet's group, in tenure on one of its meetings, who have no row.

    An eligible member without a mark counts as absent in the attendance figures, so a
    missing row is a row of blanks: an error unless '출석부 공란: 불참' is declared.
    """
    if context.blank_means == "absent" or not meetings:
        return
    held = sorted(context.index.held[m] for m in meetings if context.index.held.get(m) is not None)
    for member in context.members_of(group):
        member_id = str(member.member_id)
        if member_id in seen or any((m, member_id) in context.recorded for m in meetings):
            continue
        day = next((d for d in held if context.in_tenure(member, d)), None)
        if day is None:
            continue
        sub.problem(
            sheet.name, None, "위원ID", f"{member_id} {member.name}",
            f"위원명단의 이 위원은 {day:%Y-%m-%d} 회의 당시 위촉 기간인데 출석부에 행이 없습니다 "
            "— 출석 표시를 적거나 위촉일·해촉일을 고치세요",
            f"the member list has this member in tenure on {day:%Y-%m-%d}, but the roster has no row for them; "
            "add their marks or correct 위촉일/해촉일",
            "roster_member_missing",
        )
