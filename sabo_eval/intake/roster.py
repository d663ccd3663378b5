"""Reshape attendance rosters into long attendance records.

A roster sheet has one row per member (by member id or name) and one column per month,
date or meeting id, holding attendance marks (○/×/△). Each mark becomes one attendance
record of the meeting the column refers to, for the group the sheet is named after (or,
for a sheet named only 출석부, the member's own body and subcommittee). Membership comes
from the member list's tenure: a blank or ``-`` mark is "not a member then" only outside
the member's tenure; inside it, it is an error unless the 제출정보 declares what a blank
means. Summary columns and rows are checked, never loaded (:mod:`.roster_checks`); unknown
members, unreadable marks and columns that match no meeting (or several) are reported.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from . import parsing
from .headers import HEADER_SEARCH_ROWS, normalised
from .roster_checks import (
    blank_convention,
    check_summary,
    column_not_loaded,
    missing_members,
    note_not_loaded,
    rates_only,
    report_blank,
)
from .roster_layout import (
    DESCRIPTIVE_COLUMNS,
    ROW_NUMBER_HEADERS,
    SUMMARY_COLUMNS,
    SUMMARY_ROWS,
    group_text,
    is_legend,
    match_group,
)
from .roster_shape import MeetingOrder, merged_body, order_number, roster_header
from .schemas import ATTENDANCE_MARKS, SCHEMAS, normalise_header
from .submission import RawSheet, Submission

__all__ = ["RosterContext", "parse_roster", "ROSTER_COLUMNS"]

#: Columns of the attendance records read from rosters (``_column``: the header as written).
ROSTER_COLUMNS = ("district_code", "meeting_id", "member_id", "status", "_sheet", "_row", "_seq", "_column")

_MONTH_HEADER = re.compile(r"^(\d{1,2})\s*월$")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_BRACKETED = re.compile(r"[(\[（【]([^)\]）】]*)[)\]）】]")
_BODY_KO = {"representative": "대표협의체", "working": "실무협의체", "subcommittee": "분과(분과 이름 없음)", "dong": "동협의체"}
_STATUS_KO = {"attended": "참석", "absent": "불참", "proxy": "대리참석", "excused": "공가"}

#: A mark as read: (blank, status, CellError or None).
_Mark = tuple[bool, "str | None", "parsing.CellError | None"]


class RosterContext:
    """What reading rosters takes from the member and meeting lists, built once per submission.

    Parameters
    ----------
    sub : Submission
        A submission whose ``members`` and ``meetings`` tables are loaded.
    """

    def __init__(self, sub: Submission) -> None:
        members_schema = SCHEMAS["members"]
        self.identity = {
            normalise_header(h): name
            for name in ("member_id", "name")
            for h in members_schema.column(name).accepted_headers()
        }
        self.ignored_member_columns = {
            h for c in members_schema.columns if c.name not in ("member_id", "name") for h in c.accepted_headers()
        }
        members, meetings = sub.tables["members"], sub.tables["meetings"]
        rows = list(members.itertuples())
        self.by_id = {str(r.member_id): r for r in rows if r.member_id is not None}
        # Names match without their inner spaces ("김 민수" is "김민수").
        self.named: dict[str, list] = {}
        for r in rows:
            if r.name is not None:
                self.named.setdefault(_name_key(r.name), []).append(r)
        self.index = _MeetingIndex(meetings)
        self.groups = {(r.body, r.subcommittee) for r in rows} | {
            (m.body, m.subcommittee) for m in meetings.itertuples()
        }
        self.groups.discard((None, None))
        self.blank_means = blank_convention(sub)
        # Marks recorded in the long-form attendance sheet: a roster may leave them blank.
        long_form = sub.tables["attendance"]
        self.recorded = set(zip(long_form["meeting_id"].astype(str), long_form["member_id"].astype(str), strict=True))
        # When the member list's id column could not be read (already reported as a
        # missing column), identify roster rows by name so that one wrong header does not
        # turn every roster row into an "unknown member".
        self.ids_known = ("members", "member_id") in sub.headers or members.empty

    in_tenure = staticmethod(lambda member, day: _in_tenure(member, day))

    def members_of(self, group: tuple) -> list:
        """The member rows of one (body, subcommittee)."""
        return [r for r in self.by_id.values() if (r.body, r.subcommittee) == group]

    def by_name(self, name: str, group: tuple | None) -> tuple[object | None, int]:
        """The member of this name (in the sheet's group when several share it), and how many share it."""
        found = self.named.get(_name_key(name)) or self.named.get(_name_key(_BRACKETED.sub("", name)), [])
        if len(found) > 1 and group is not None:
            in_group = [r for r in found if (r.body, r.subcommittee) == group]
            if len(in_group) == 1:
                return in_group[0], 1
        return (found[0] if len(found) == 1 else None), len(found)


def _name_key(name: object) -> str:
    return "".join(str(name).split())


def parse_roster(sub: Submission, sheet: RawSheet, context: RosterContext | None = None) -> dict[str, list]:
    """Turn a roster (member × month/meeting grid of ○/×/△/-) into attendance records (as columns).

    Parameters
    ----------
    sub : Submission
        The submission: problems are added to it.
    sheet : RawSheet
        The roster sheet as read.
    context : RosterContext, optional
        Members and meetings of the submission (built when not given).

    Returns
    -------
    dict of str to list
        The :data:`ROSTER_COLUMNS`, one entry per attendance record; empty when the
        roster has no member column.
    """
    context = context or RosterContext(sub)
    header_row = next(
        (i for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]) if any(normalised(c) in context.identity for c in row)),
        None,
    )
    if header_row is None:
        if rates_only(sub, sheet):
            return {}
        sub.problem(
            sheet.name, None, "", "",
            "출석부에 '위원ID' 또는 '위원명' 열이 없습니다",
            "the roster has no member id or member name column",
            "roster_without_members",
        )
        return {}
    return _RosterReader(sub, sheet, context, header_row).read()


class _RosterReader:
    """The rows of one roster sheet below its header, read into attendance columns.

    Marks are parsed once per distinct text, and a column resolves to a meeting once per
    (body, subcommittee): both are pure functions of what they are given.
    """

    def __init__(self, sub: Submission, sheet: RawSheet, context: RosterContext, header_row: int) -> None:
        self.sub, self.sheet, self.context, self.header_row = sub, sheet, context, header_row
        header, self.data_start = roster_header(sheet, header_row, set(context.identity), context.index.ids)
        self.header = header
        kinds = {j: normalised(c) for j, c in enumerate(header) if not parsing.is_blank(c)}
        self.id_col, self.name_col, numbering = self._identity_columns(kinds)
        self.summary_cols = {j: SUMMARY_COLUMNS[k] for j, k in kinds.items() if k in SUMMARY_COLUMNS}
        # Columns describing the member (소속기관, or the member list's own 구분/직위/위촉일 …)
        # are not loaded from a roster; they are named in a warning, never dropped silently.
        described = DESCRIPTIVE_COLUMNS | context.ignored_member_columns
        self.described = [j for j, k in kinds.items() if k in described and j not in (self.id_col, self.name_col)]
        self.meeting_cols = [
            j for j, k in kinds.items()
            if j not in (self.id_col, self.name_col) and j not in numbering and j not in self.summary_cols
            and k not in context.ignored_member_columns and j not in self.described
        ]
        self.written_of = {j: str(header[j]).strip() for j in kinds}
        # The member column that identifies rows: a merged name beside distinct ids is only shown.
        identifying = self.id_col if self.id_col is not None and context.ids_known else self.name_col
        self.skip, self.label_rows = merged_body(
            sub, sheet, self.data_start, ([identifying] if identifying is not None else [], self.meeting_cols),
            self.written_of,
        )
        orders = {j: n for j in self.meeting_cols if (n := order_number(header[j])) is not None}
        others = [self.written_of[j] for j in self.meeting_cols if j not in orders]
        self.order = MeetingOrder(sub, sheet, orders, self.written_of, others, self.data_start) if orders else None
        self.group = self._sheet_group()
        self.marks: dict[str, _Mark] = {}
        self.resolved: dict[tuple, tuple[str | None, int]] = {}
        self.unresolved_columns: set[tuple[int, bool]] = set()
        self.groupless: set[str] = set()  # members with a blank 분과, reported once each
        self.tally: dict[int, list[str]] = {j: [] for j in self.meeting_cols}
        self.summary_rows: list[tuple[int, str, list[object]]] = []
        self.seen: set[str] = set()
        self.zero_marks: list[tuple[int, str]] = []  # where '0' was read (absent, or a circle?)
        self.one_used = False
        self.out: dict[str, list] = {name: [] for name in ROSTER_COLUMNS}

    def _identity_columns(self, kinds: dict[int, str]) -> tuple[int | None, int | None, set[int]]:
        """The member id and name columns, and the columns that only number the rows."""
        identity = self.context.identity
        ids = [j for j, k in kinds.items() if identity.get(k) == "member_id"]
        names = [j for j, k in kinds.items() if identity.get(k) == "name"]
        numbering = {j for j, k in kinds.items() if k in ROW_NUMBER_HEADERS}
        # A 번호 column beside a real id or name column numbers the rows, unless its
        # values are the member list's ids.
        real_ids = [j for j in ids if j not in numbering]
        if real_ids or names:
            numbering = {j for j in numbering if real_ids or not self._holds_member_ids(j)}
            ids = real_ids or [j for j in ids if j not in numbering]
        else:
            numbering = set()
        return (ids[0] if ids else None), (names[0] if names else None), numbering

    def _holds_member_ids(self, j: int) -> bool:
        values = [parsing.clean_text(r[j]) for r in self.sheet.rows[self.data_start:] if j < len(r)]
        values = [v for v in values if v is not None]
        return bool(values) and all(v in self.context.by_id for v in values)

    def _sheet_group(self) -> tuple | None:
        """The (body, subcommittee) the sheet's name refers to; None for a plain 출석부 (reported when unknown)."""
        text = group_text(self.sheet.name)
        if not text or not self.context.groups or not _HANGUL.search(text):
            return None  # a plain 출석부, or a label in another script (roster_research): members' own groups
        hits, names = match_group(text, self.context.groups)
        if len(hits) == 1:
            return hits[0]
        listed = ", ".join(names) if names else "(없음)"
        self.sub.problem(
            self.sheet.name, None, "", self.sheet.name,
            f"출석부 시트 이름의 분과를 회의목록·위원명단에서 찾을 수 없습니다 (있는 분과: {listed}) "
            "— 시트 이름을 '출석부_<분과명>'으로 쓰세요",
            f"the roster sheet's subcommittee matches none in the meeting and member lists (they are: {listed}); "
            "name the sheet '출석부_<subcommittee>'",
            "roster_unknown_group",
        )
        return None

    def read(self) -> dict[str, list]:
        """Read every member row; the attendance records as columns."""
        rows, is_blank = self.sheet.rows, parsing.is_blank
        for i in range(self.data_start, len(rows)):
            row = rows[i]
            if i in self.label_rows or all(is_blank(c) for c in row):
                continue  # a merged section label (named) or an empty row
            excel_row = i + 1
            legend = is_legend(row)
            if legend is not None:
                note_not_loaded(self.sub, self.sheet, excel_row, "", legend)
                continue
            if self._summary_row(row, excel_row):
                continue
            member = self._member(row, excel_row)
            if member is None or member.member_id is None:
                continue  # no id to record attendance under (the missing column is reported)
            self.seen.add(str(member.member_id))
            statuses = self._read_marks(row, i, member)
            self._check_row_summaries(row, excel_row, statuses)
        self._after_rows()
        out = self.out
        n = len(out["_row"])
        out["district_code"] = [self.sub.district_code] * n
        out["_sheet"] = [self.sheet.name] * n
        out["_seq"] = list(range(n))
        return out

    def _summary_row(self, row: list[object], excel_row: int) -> bool:
        """Set aside a 계/출석률 row (checked after every member row is read)."""
        labels = [row[j] for j in (self.id_col, self.name_col, 0) if j is not None and j < len(row)]
        label = next((normalise_header(c) for c in labels if not parsing.is_blank(c)), None)
        if label not in SUMMARY_ROWS or (label in self.context.named and self.id_col is None):
            return False
        self.summary_rows.append((excel_row, SUMMARY_ROWS[label], row))
        return True

    def _check_row_summaries(self, row: list[object], excel_row: int, statuses: list[str]) -> None:
        for j, kind in self.summary_cols.items():
            value = row[j] if j < len(row) else None
            if kind == "note":
                if not parsing.is_blank(value):
                    note_not_loaded(self.sub, self.sheet, excel_row, self.written_of[j], value)
                continue
            check_summary(self.sub, self.sheet, (excel_row, self.written_of[j]), kind, value, statuses)

    def _after_rows(self) -> None:
        """Checks over the whole sheet: summary rows, described columns, '0' marks, missing members."""
        rows = self.sheet.rows[self.data_start:]
        for j in self.described:
            values = [r[j] for r in rows if j < len(r)]
            column_not_loaded(self.sub, self.sheet, self.data_start, self.written_of[j], values)
        if self.zero_marks and not self.one_used and len(self.tally) and any(
            "attended" in statuses for statuses in self.tally.values()
        ):
            excel_row, column = self.zero_marks[0]
            self.sub.problem(
                self.sheet.name, excel_row, column, "0",
                f"'0'이 {len(self.zero_marks):,}칸 있는데 '1'은 없어, 0이 불참(×)인지 참석(○)을 잘못 친 것인지 알 수 없습니다 "
                "— ○/×로 쓰세요",
                f"'0' appears in {len(self.zero_marks):,} cells with no '1' beside ○ marks: it may mean absent (×) "
                "or be a mistyped ○; write ○/×",
                "ambiguous_mark",
            )
        if self.group is not None:
            probe = _Group(*self.group)
            found = (self._resolve(j, probe)[0] for j in self.meeting_cols)
            meetings = {m for m in found if m is not None}
            missing_members(self.sub, self.sheet, self.context, self.group, self.seen, meetings)
        self._check_summary_rows()

    def _check_summary_rows(self) -> None:
        for excel_row, kind, row in self.summary_rows:
            for j in self.meeting_cols:
                value = row[j] if j < len(row) else None
                check_summary(self.sub, self.sheet, (excel_row, self.written_of[j]), kind, value, self.tally[j])

    def _member(self, row: list[object], excel_row: int):
        """The member a row is about (by id, else by name); None (reported) when unknown."""
        sub, sheet, header, context = self.sub, self.sheet, self.header, self.context
        id_col, name_col, is_blank = self.id_col, self.name_col, parsing.is_blank
        if id_col is not None and context.ids_known and not is_blank(row[id_col]):
            key = parsing.clean_text(row[id_col])
            member = context.by_id.get(str(key))
            if member is None:
                sub.problem(
                    sheet.name, excel_row, str(header[id_col]).strip(), key,
                    "위원명단에 없는 위원입니다", "member not in the member list", "unknown_member",
                )
            return self._in_group(member, excel_row, str(header[id_col]).strip(), key)
        if name_col is not None and not is_blank(row[name_col]):
            key = parsing.clean_text(row[name_col])
            if parsing.is_total_label(key):
                return None
            member, n_named = context.by_name(str(key), self.group)
            if member is None:
                reason = "동명이인이 있어 위원ID가 필요합니다" if n_named > 1 else "위원명단에 없는 위원입니다"
                reason_en = "ambiguous name; add member ids" if n_named > 1 else "member not in the member list"
                sub.problem(sheet.name, excel_row, str(header[name_col]).strip(), key, reason, reason_en, "unknown_member")
            return self._in_group(member, excel_row, str(header[name_col]).strip(), key)
        self._marks_without_member(row, excel_row)
        return None

    def _marks_without_member(self, row: list[object], excel_row: int) -> None:
        """Marks on a row that names no member are an error, never dropped."""
        filled = [j for j in self.meeting_cols if j < len(row) and not parsing.is_blank(row[j])]
        if filled:
            self.sub.problem(
                self.sheet.name, excel_row, self.written_of.get(filled[0], ""), row[filled[0]],
                f"출석 표시 {len(filled):,}개가 있는데 위원ID와 위원명이 비어 있습니다 — 어느 위원의 출석인지 알 수 없습니다",
                f"{len(filled):,} attendance mark(s) on a row with no member id and no name: whose they are cannot be told",
                "roster_row_without_member",
            )

    def _in_group(self, member, excel_row: int, column: str, key: object):
        """The member when the sheet's group is theirs; else None, reported."""
        if member is None or self.group is None or (member.body, member.subcommittee) == self.group:
            return member
        own = member.subcommittee or _BODY_KO.get(member.body, member.body)
        self.sub.problem(
            self.sheet.name, excel_row, column, key,
            f"위원명단에서 이 위원의 소속은 '{own}'입니다 — 이 출석부의 분과와 다릅니다. "
            "두 곳에 속한 위원은 위원명단에 소속마다 한 행(다른 위원ID)으로 적으세요",
            f"the member list puts this member in '{own}', not this roster's group; "
            "list a member of two bodies once per body (with separate member ids)",
            "roster_member_other_group",
        )
        return None

    def _resolve(self, j: int, member) -> tuple[str | None, int]:
        """The meeting of column ``j`` for the member's group, and how many matched (-1: refused)."""
        group = (member.body, member.subcommittee)
        if self.order is not None and j in self.order.orders:
            return self.order.resolve(j, group, self.context.index.in_order(self.sub.year))
        return self.context.index.resolve(self.header[j], member, self.sub.year)

    def _read_marks(self, row: list[object], i: int, member) -> list[str]:
        """Record the marks of row index ``i``; the statuses recorded (for the summary checks)."""
        sub, sheet_name, marks, resolved = self.sub, self.sheet.name, self.marks, self.resolved
        out = self.out
        member_id = str(member.member_id)
        group = (member.body, member.subcommittee)
        width = len(row)
        recorded: list[str] = []
        excel_row, skip = i + 1, self.skip
        for j in self.meeting_cols:
            if (i, j) in skip:
                continue  # a merged mark (refused)
            cell = row[j] if j < width else None
            if cell.__class__ is str:
                mark = marks.get(cell)
                if mark is None:
                    mark = marks[cell] = _read_mark(cell)
            else:
                mark = _read_mark(cell)
            blank, status, error = mark
            written = self.written_of[j]
            if error is not None:
                rule = "ambiguous_mark" if error.reason_en.startswith("ambiguous") else "bad_code"
                sub.problem(sheet_name, excel_row, written, cell, error.reason_ko, error.reason_en, rule)
                continue
            if not blank and status in ("attended", "absent"):
                digit = _digit(cell)
                if digit == "1":
                    self.one_used = True
                elif digit == "0":
                    self.zero_marks.append((excel_row, written))
            found = resolved.get((j, *group))
            if found is None:
                found = resolved[(j, *group)] = self._resolve(j, member)
            meeting_id, n_candidates = found
            if blank:
                status = self._blank_status(member, meeting_id, (excel_row, written), cell)
                if status is None:
                    continue
            if meeting_id is None:
                if n_candidates == 0 and member.body == "subcommittee" and member.subcommittee is None:
                    self._report_groupless(member, excel_row)  # its cause, once; not every column
                elif n_candidates >= 0:
                    self._report_unresolved(j, written, n_candidates)
                continue
            out["meeting_id"].append(meeting_id)
            out["member_id"].append(member_id)
            out["status"].append(status)
            out["_row"].append(excel_row)
            out["_column"].append(written)
            self.tally[j].append(status)
            recorded.append(status)
        return recorded

    def _blank_status(self, member, meeting_id: str | None, place: tuple[int, str], cell: object) -> str | None:
        """The status of a blank mark: "absent" when so declared; None outside tenure (reported inside)."""
        held = self.context.index.held.get(meeting_id) if meeting_id is not None else None
        if held is None or not _in_tenure(member, held) or (meeting_id, str(member.member_id)) in self.context.recorded:
            return None  # not a member then, no meeting that month, or recorded in the long-form sheet
        if self.context.blank_means == "absent":
            return "absent"
        report_blank(self.sub, self.sheet, place[0], place[1], cell, held)
        return None

    def _report_groupless(self, member, excel_row: int) -> None:
        """Report, once per member, marks that cannot be matched: the member list gives no 분과."""
        if str(member.member_id) in self.groupless:
            return
        self.groupless.add(str(member.member_id))
        column = str(self.header[self.id_col]).strip() if self.id_col is not None else ""
        self.sub.problem(
            self.sheet.name, excel_row, column, member.member_id,
            "위원명단에 이 위원의 분과가 비어 있어 출석 표시를 어느 분과 회의에 넣을지 알 수 없습니다",
            "the member list gives this member no subcommittee: the marks match no meeting",
            "roster_member_without_subcommittee",
        )

    def _report_unresolved(self, j: int, written: str, n_candidates: int) -> None:
        """Report, once per column, a column that matches no meeting or several."""
        if (j, n_candidates > 1) in self.unresolved_columns:
            return
        self.unresolved_columns.add((j, n_candidates > 1))
        if n_candidates > 1:
            self.sub.problem(
                self.sheet.name, self.data_start, written, written,
                f"이 달에 이 분과의 회의가 {n_candidates}번 있어 어느 회의인지 알 수 없습니다 "
                "— 열 제목을 회의ID나 날짜(예: 2022-03-17)로 쓰세요",
                f"{n_candidates} meetings of this group that month; use the meeting id or date as the column header",
                "ambiguous_meeting",
            )
        else:
            self.sub.problem(
                self.sheet.name, self.data_start, written, written,
                "이 열에 해당하는 회의를 회의목록에서 찾을 수 없습니다",
                "no meeting in the meeting list matches this column",
                "unknown_meeting",
            )


def _in_tenure(member, day) -> bool:
    """True when the member list's tenure (위촉일–해촉일, both included) holds the day."""
    joined, left = member.joined_on, member.left_on
    try:
        return (joined is None or joined <= day) and (left is None or left >= day)
    except TypeError:
        return False  # an unreadable date (already reported)


def _digit(cell: object) -> str | None:
    """'0' or '1' for a mark written as that digit (text or number), else None."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and cell in (0, 1):
        return str(int(cell))
    return cell.strip() if isinstance(cell, str) and cell.strip() in ("0", "1") else None


class _Group(NamedTuple):
    """A (body, subcommittee) standing in for a member when resolving a column."""

    body: object
    subcommittee: object


def _read_mark(cell: object) -> _Mark:
    """(blank, status, error) of an attendance mark; a mark whose note is another mark is ambiguous."""
    if parsing.is_blank(cell):
        return True, None, None  # '-' or blank: absent or not a member, decided by tenure
    try:
        status = parsing.parse_code(cell, ATTENDANCE_MARKS, "참석여부")
    except parsing.CellError as err:
        return False, None, err
    inner = _BRACKETED.search(str(cell))
    other = ATTENDANCE_MARKS.get(normalise_header(inner.group(1))) if inner else None
    if other is not None and other != status:
        return False, None, parsing.CellError(
            f"표시 '{cell}'는 {_STATUS_KO[status]}과(와) {_STATUS_KO[other]} 중 어느 것인지 알 수 없습니다 "
            "— ○ 참석 / × 불참 / △ 대리 / ◇ 공가 중 하나만 쓰세요",
            f"ambiguous mark '{cell}': {status} or {other}; write one of ○ × △ ◇",
        )
    return False, status, None


class _MeetingIndex:
    """Look up meetings by (body, subcommittee) and month or date."""

    def __init__(self, meetings: pd.DataFrame) -> None:
        self.ids = set(meetings["meeting_id"].dropna().astype(str))
        self.by_month: dict[tuple, list[str]] = {}
        self.by_date: dict[tuple, list[str]] = {}
        self.held: dict[str, object] = {}
        for m in meetings.itertuples():
            if m.held_on is None or m.meeting_id is None:
                continue
            group = (m.body, m.subcommittee)
            self.held[str(m.meeting_id)] = m.held_on
            self.by_month.setdefault((*group, m.held_on.year, m.held_on.month), []).append(str(m.meeting_id))
            self.by_date.setdefault((*group, m.held_on), []).append(str(m.meeting_id))

    def in_order(self, year: int | None) -> dict[tuple, list[tuple]]:
        """(held_on, meeting id) of each (body, subcommittee)'s meetings of the year, in date order."""
        out: dict[tuple, list[tuple]] = {}
        for (body, subcommittee, *_rest), ids in self.by_date.items():
            for meeting_id in ids:
                day = self.held[meeting_id]
                if year is None or day.year == year:
                    out.setdefault((body, subcommittee), []).append((day, meeting_id))
        return {g: sorted(v) for g, v in out.items()}

    def resolve(self, header: object, member, year: int | None) -> tuple[str | None, int]:
        """Return the meeting a roster column refers to for this member, and how many matched.

        The column header may be a meeting id, a month (``3월``) or a date; months and
        dates resolve to the meeting of the member's own body and subcommittee. The
        meeting is None when none or several match (two meetings in one month).
        """
        text = parsing.clean_text(header) or ""
        if text in self.ids:
            return text, 1
        group = (member.body, member.subcommittee)
        month_match = _MONTH_HEADER.match(text)
        if month_match or re.fullmatch(r"\d{1,2}", text):
            month = int(month_match.group(1) if month_match else text)
            hits = self.by_month.get((*group, year, month), [])
        else:
            try:
                day = parsing.parse_date(header, year=year)
            except parsing.CellError:
                return None, 0
            hits = self.by_date.get((*group, day), [])
        return (hits[0] if len(hits) == 1 else None), len(hits)
