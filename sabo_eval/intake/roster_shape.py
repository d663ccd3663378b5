"""Roster shapes beyond a single header row: two-row headers, merged cells, 회차 columns.

* A two-row header: a label (``회의 개최월``, ``2023년``) merged over the meeting
  columns, the months (or dates, or ``1차``) in the row below, and 위원ID/위원명 merged
  down over both rows. The meeting columns take their headers from the second row; the
  marks start below it.
* Merged cells below the header: a mark merged over several meeting columns (or several
  members) could be one mark for each cell or one mark for the meetings together, and a
  위원ID/위원명 merged down over several rows could be one member written twice or a
  row left unnamed: both are refused with the ambiguity named, never guessed.
* Meeting columns headed by their order (``1차``, ``제1회``, ``1회``): the n-th column is
  the n-th meeting of the sheet's group in date order, only when the counts agree.
"""

from __future__ import annotations

import re

from . import parsing
from .headers import normalised
from .problems import WARNING
from .roster_layout import SUMMARY_COLUMNS, month_like
from .submission import RawSheet, Submission

__all__ = ["MeetingOrder", "merged_body", "order_number", "roster_header"]

_ORDER = re.compile(r"^제?\s*(\d{1,2})\s*(?:차|회)(?:\s*회의)?$")


def order_number(header: object) -> int | None:
    """The n of a meeting column headed by its order (``1차``, ``제1회``, ``1회 회의``), else None."""
    if not isinstance(header, str):
        return None
    match = _ORDER.match(header.strip())
    return int(match.group(1)) if match else None


def _meeting_header(cell: object, ids: set[str]) -> bool:
    """True for a cell that heads a meeting column (month, date, order or meeting id) or a summary."""
    text = parsing.clean_text(cell)
    if text is None:
        return False
    return (
        month_like(cell) or order_number(cell) is not None or str(text) in ids
        or normalised(cell) in SUMMARY_COLUMNS or bool(re.fullmatch(r"\d{1,2}", str(text)))
    )


def roster_header(sheet: RawSheet, header_row: int, identity: set[str], ids: set[str]) -> tuple[list[object], int]:
    """The roster's header (one cell per column) and the index of its first data row.

    Parameters
    ----------
    sheet : RawSheet
        The roster as read.
    header_row : int
        The row holding 위원ID or 위원명.
    identity : set of str
        Normalised member id and name headers.
    ids : set of str
        The meeting ids of the meeting list.

    Returns
    -------
    (list, int)
        When the row below has nothing under the member columns and only meeting headers
        elsewhere (a two-row header), the header with the second row's cells in place of
        the label above them, and the row after both; else the header row itself.
    """
    rows = sheet.rows
    header = list(rows[header_row])
    if header_row + 1 >= len(rows):
        return header, header_row + 1
    below = list(rows[header_row + 1])
    member_cols = [j for j, c in enumerate(header) if normalised(c) in identity]
    filled = [j for j, c in enumerate(below) if not parsing.is_blank(c)]
    if (
        not filled
        or any(j < len(below) and not parsing.is_blank(below[j]) for j in member_cols)
        or not all(_meeting_header(below[j], ids) for j in filled)
        or not any(month_like(below[j]) or order_number(below[j]) or str(below[j]).strip() in ids for j in filled)
    ):
        return header, header_row + 1
    width = max(len(header), len(below))
    header += [None] * (width - len(header))
    for j in filled:
        header[j] = below[j]
    return header, header_row + 2


def merged_body(
    sub: Submission, sheet: RawSheet, data_start: int, columns: tuple[list[int], list[int]], written: dict[int, str]
) -> tuple[set[tuple[int, int]], set[int]]:
    """Refuse merged marks and merged member cells below the header; the cells and rows not to read.

    Parameters
    ----------
    sub, sheet : Submission, RawSheet
        Where problems go; ``sheet.merged`` holds 0-based inclusive (r0, c0, r1, c1).
    data_start : int
        Index of the first row below the header.
    columns : (list of int, list of int)
        The 위원ID and 위원명 columns, and the meeting columns.
    written : dict of int to str
        The header of each column as written.

    Returns
    -------
    (set of (int, int), set of int)
        (row index, column index) of meeting cells covered by a refused merged mark, and
        the row indexes of label rows (one text merged across the member and meeting
        columns, such as ``민간위원``), which are named in a warning.
    """
    member_cols, meeting_cols = columns
    skip: set[tuple[int, int]] = set()
    labels: set[int] = set()
    for r0, c0, r1, c1 in sheet.merged:
        if r1 < data_start or (r0 == r1 and c0 == c1):
            continue
        value = sheet.rows[r0][c0] if r0 < len(sheet.rows) and c0 < len(sheet.rows[r0]) else None
        members = [j for j in member_cols if c0 <= j <= c1]
        if r0 == r1 and r0 >= data_start and members and any(c0 <= j <= c1 for j in meeting_cols):
            labels.add(r0)
            _report_label(sub, sheet, r0, written.get(members[0], ""), value)
            continue
        if r1 > r0 and members and r0 >= data_start:
            _report_member(sub, sheet, (r0, r1), written.get(members[0], ""), value)
        marks = [j for j in meeting_cols if c0 <= j <= c1]
        if marks and r0 >= data_start and (len(marks) > 1 or r1 > r0):
            skip |= {(r, j) for r in range(r0, r1 + 1) for j in marks}
            _report_mark(sub, sheet, (r0, r1), [written[j] for j in marks], value)
    return skip, labels


def _report_label(sub: Submission, sheet: RawSheet, r0: int, column: str, value: object) -> None:
    sub.problem(
        sheet.name, r0 + 1, column, "" if value is None else value,
        "위원 칸부터 출석 칸까지 병합된 행은 구분 제목으로 보아 저장하지 않습니다",
        "a row merged from the member cell across the marks is read as a section label and is not loaded",
        "roster_label_row", WARNING,
    )


def _report_member(sub: Submission, sheet: RawSheet, rows: tuple[int, int], column: str, value: object) -> None:
    r0, r1 = rows
    sub.problem(
        sheet.name, r0 + 1, column, "" if value is None else value,
        f"위원 칸이 {r0 + 1:,}~{r1 + 1:,}행에 병합되어 있어, 한 위원의 행이 여럿인지 이름을 적지 않은 행인지 알 수 없습니다 "
        "— 병합을 풀고 위원마다 한 행에 위원ID·위원명을 적으세요",
        f"a member cell is merged over rows {r0 + 1:,} to {r1 + 1:,}: it is unclear whether one member has several rows "
        "or a row has no member; unmerge it and write each member's id and name on their own row",
        "roster_merged_member",
    )


def _report_mark(sub: Submission, sheet: RawSheet, rows: tuple[int, int], columns: list[str], value: object) -> None:
    r0, r1 = rows
    listed = ", ".join(columns)
    where = f"{r0 + 1:,}행" if r0 == r1 else f"{r0 + 1:,}~{r1 + 1:,}행"
    where_en = f"row {r0 + 1:,}" if r0 == r1 else f"rows {r0 + 1:,} to {r1 + 1:,}"
    sub.problem(
        sheet.name, r0 + 1, columns[0], "" if value is None else value,
        f"출석 표시가 {where}의 여러 칸({listed})에 병합되어 있어, 칸마다의 표시인지 한 번의 표시인지 알 수 없습니다 "
        "— 병합을 풀고 회의마다 ○/×/△를 적으세요",
        f"an attendance mark is merged over several cells ({where_en}, columns {listed}): it is unclear whether it "
        "is the mark of each cell or one mark for them together; unmerge it and write ○/×/△ for each meeting",
        "roster_merged_mark",
    )


class MeetingOrder:
    """Meeting columns headed by their order (``1차`` …), resolved per group in date order.

    Parameters
    ----------
    sub, sheet : Submission, RawSheet
        Where problems go.
    orders : dict of int to int
        Column index → order number n, for the columns headed by an order.
    written : dict of int to str
        Column index → header as written.
    others : list of str
        Headers of the other meeting columns (months, dates): mixing both is refused.
    header_row : int
        Excel row of the header, for the problem.
    """

    def __init__(self, sub: Submission, sheet: RawSheet, orders: dict[int, int], written: dict[int, str],
                 others: list[str], header_row: int) -> None:
        self.sub, self.sheet, self.orders, self.written = sub, sheet, orders, written
        self.others, self.header_row = others, header_row
        self.done: dict[tuple, dict[int, str] | None] = {}

    def resolve(self, j: int, group: tuple, held: dict[tuple, list[tuple]]) -> tuple[str | None, int]:
        """The meeting of column ``j`` for this (body, subcommittee); (None, -1) when refused (reported once)."""
        if group not in self.done:
            self.done[group] = self._map(group, sorted(held.get(group, [])))
        mapping = self.done[group]
        if mapping is None:
            return None, -1
        return mapping[j], 1

    def _map(self, group: tuple, meetings: list[tuple]) -> dict[int, str] | None:
        numbers = sorted(self.orders.values())
        if not self.others and numbers == list(range(1, len(meetings) + 1)):
            by_n = {n: meeting_id for n, (_day, meeting_id) in enumerate(meetings, start=1)}
            return {j: by_n[n] for j, n in self.orders.items()}
        name = group[1] or group[0]
        first = min(self.orders, key=self.orders.get)
        listed = ", ".join(self.written[j] for j in sorted(self.orders))
        extra_ko = f" (월·날짜 열 {', '.join(self.others)}도 함께 있습니다)" if self.others else ""
        extra_en = f" (besides month or date columns {', '.join(self.others)})" if self.others else ""
        self.sub.problem(
            self.sheet.name, self.header_row, self.written[first], listed,
            f"회차 열 {len(numbers):,}개({listed})와 회의목록의 '{name}' 회의 {len(meetings):,}개가 맞지 않습니다{extra_ko} "
            "— 회차 열은 회의목록의 회의를 날짜순으로 1차부터 빠짐없이 가리켜야 합니다. 열 제목을 회의ID나 날짜로 쓰세요",
            f"{len(numbers):,} order columns ({listed}) do not match the {len(meetings):,} meetings of '{name}' in the "
            f"meeting list{extra_en}; order columns must number every meeting from 1 in date order — "
            "head the columns with meeting ids or dates",
            "roster_meeting_order",
        )
        return None
