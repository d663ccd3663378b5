"""Reshape attendance rosters into long attendance records.

A roster sheet has one row per member (by member id or name) and one column per month,
date or meeting id, holding attendance marks (○/×/△, '-' or blank for "not a member
then"). Each mark becomes one attendance record of the meeting the column refers to for
that member's body and subcommittee; unknown members, unreadable marks and columns that
match no meeting (or several) are reported.
"""

from __future__ import annotations

import re

import pandas as pd

from . import parsing
from .headers import HEADER_SEARCH_ROWS, normalised
from .schemas import ATTENDANCE_MARKS, SCHEMAS, normalise_header
from .submission import RawSheet, Submission

__all__ = ["RosterContext", "parse_roster", "ROSTER_COLUMNS"]

#: Columns of the attendance records read from rosters (``_column``: the header as written).
ROSTER_COLUMNS = ("district_code", "meeting_id", "member_id", "status", "_sheet", "_row", "_seq", "_column")

_MONTH_HEADER = re.compile(r"^(\d{1,2})\s*월$")

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
        members = sub.tables["members"]
        rows = list(members.itertuples())
        self.by_id = {str(r.member_id): r for r in rows if r.member_id is not None}
        self.names = members["name"].value_counts()
        counts = self.names.to_dict()
        self.by_name = {str(r.name): r for r in rows if r.name is not None and counts.get(r.name) == 1}
        self.index = _MeetingIndex(sub.tables["meetings"])
        # When the member list's id column could not be read (already reported as a
        # missing column), identify roster rows by name so that one wrong header does not
        # turn every roster row into an "unknown member".
        self.ids_known = ("members", "member_id") in sub.headers or members.empty


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
        identity = context.identity
        header = self.header = sheet.rows[header_row]
        self.id_col = next((j for j, c in enumerate(header) if identity.get(normalised(c)) == "member_id"), None)
        self.name_col = next((j for j, c in enumerate(header) if identity.get(normalised(c)) == "name"), None)
        self.meeting_cols = [
            j for j, c in enumerate(header)
            if not parsing.is_blank(c) and j not in (self.id_col, self.name_col)
            and normalised(c) not in context.ignored_member_columns
        ]
        self.written_of = {j: str(header[j]).strip() for j in self.meeting_cols}
        self.marks: dict[str, _Mark] = {}
        self.resolved: dict[tuple, tuple[str | None, int]] = {}
        self.unresolved_columns: set[tuple[int, bool]] = set()
        self.out: dict[str, list] = {name: [] for name in ROSTER_COLUMNS}

    def read(self) -> dict[str, list]:
        """Read every member row; the attendance records as columns."""
        rows, is_blank = self.sheet.rows, parsing.is_blank
        for i in range(self.header_row + 1, len(rows)):
            row = rows[i]
            if all(is_blank(c) for c in row):
                continue
            excel_row = i + 1
            member = self._member(row, excel_row)
            if member is None or member.member_id is None:
                continue  # no id to record attendance under (the missing column is reported)
            self._read_marks(row, excel_row, member)
        out = self.out
        n = len(out["_row"])
        out["district_code"] = [self.sub.district_code] * n
        out["_sheet"] = [self.sheet.name] * n
        out["_seq"] = list(range(n))
        return out

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
            return member
        if name_col is not None and not is_blank(row[name_col]):
            key = parsing.clean_text(row[name_col])
            if parsing.is_total_label(key):
                return None
            member = context.by_name.get(str(key))
            if member is None:
                names = context.names
                reason = "동명이인이 있어 위원ID가 필요합니다" if names.get(key, 0) > 1 else "위원명단에 없는 위원입니다"
                reason_en = "ambiguous name; add member ids" if names.get(key, 0) > 1 else "member not in the member list"
                sub.problem(sheet.name, excel_row, str(header[name_col]).strip(), key, reason, reason_en, "unknown_member")
            return member
        return None

    def _read_marks(self, row: list[object], excel_row: int, member) -> None:
        """Record the marks of one member row, reporting unreadable marks and unknown meetings."""
        sub, sheet_name, marks, resolved = self.sub, self.sheet.name, self.marks, self.resolved
        out = self.out
        meeting_ids, member_ids, statuses = out["meeting_id"], out["member_id"], out["status"]
        excel_rows, columns = out["_row"], out["_column"]
        member_id = str(member.member_id)
        group = (member.body, member.subcommittee)
        width = len(row)
        for j in self.meeting_cols:
            cell = row[j] if j < width else None
            if cell.__class__ is str:
                mark = marks.get(cell)
                if mark is None:
                    mark = marks[cell] = _read_mark(cell)
            else:
                mark = _read_mark(cell)
            blank, status, error = mark
            if blank:
                continue
            written = self.written_of[j]
            if error is not None:
                sub.problem(sheet_name, excel_row, written, cell, error.reason_ko, error.reason_en, "bad_code")
                continue
            found = resolved.get((j, *group))
            if found is None:
                found = resolved[(j, *group)] = self.context.index.resolve(self.header[j], member, sub.year)
            meeting_id, n_candidates = found
            if meeting_id is None:
                self._report_unresolved(j, written, n_candidates)
                continue
            meeting_ids.append(meeting_id)
            member_ids.append(member_id)
            statuses.append(status)
            excel_rows.append(excel_row)
            columns.append(written)

    def _report_unresolved(self, j: int, written: str, n_candidates: int) -> None:
        """Report, once per column, a column that matches no meeting or several."""
        if (j, n_candidates > 1) in self.unresolved_columns:
            return
        self.unresolved_columns.add((j, n_candidates > 1))
        if n_candidates > 1:
            self.sub.problem(
                self.sheet.name, self.header_row + 1, written, written,
                f"이 달에 이 분과의 회의가 {n_candidates}번 있어 어느 회의인지 알 수 없습니다 "
                "— 열 제목을 회의ID나 날짜(예: 2022-03-17)로 쓰세요",
                f"{n_candidates} meetings of this group that month; use the meeting id or date as the column header",
                "ambiguous_meeting",
            )
        else:
            self.sub.problem(
                self.sheet.name, self.header_row + 1, written, written,
                "이 열에 해당하는 회의를 회의목록에서 찾을 수 없습니다",
                "no meeting in the meeting list matches this column",
                "unknown_meeting",
            )


def _read_mark(cell: object) -> _Mark:
    """(blank, status, error) of an attendance mark."""
    if parsing.is_blank(cell):
        return True, None, None  # '-' or blank: not a member at that time
    try:
        return False, parsing.parse_code(cell, ATTENDANCE_MARKS, "참석여부"), None
    except parsing.CellError as err:
        return False, None, err


class _MeetingIndex:
    """Look up meetings by (body, subcommittee) and month or date."""

    def __init__(self, meetings: pd.DataFrame) -> None:
        self.ids = set(meetings["meeting_id"].dropna().astype(str))
        self.by_month: dict[tuple, list[str]] = {}
        self.by_date: dict[tuple, list[str]] = {}
        for m in meetings.itertuples():
            if m.held_on is None or m.meeting_id is None:
                continue
            group = (m.body, m.subcommittee)
            self.by_month.setdefault((*group, m.held_on.year, m.held_on.month), []).append(str(m.meeting_id))
            self.by_date.setdefault((*group, m.held_on), []).append(str(m.meeting_id))

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
