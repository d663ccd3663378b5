"""Validation rules across the rows and tables of a submission: keys, references, dates.

Each rule appends every failure to the submission's problems, located by sheet, Excel
row and the column header as written: rows of another district or year, an empty
submission, meeting dates outside the year or in the future, duplicate keys, references
to unknown members, meetings or plan items, impossible tenures and attendance outside a
member's tenure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .column_cache import ColumnCache, header_of
from .schemas import SCHEMAS, TableSchema
from .submission import Submission

__all__ = [
    "check_context",
    "check_has_data",
    "check_dates",
    "check_duplicate_keys",
    "check_references",
    "check_tenure",
]

#: Problems listed row by row per rule and table before a summary line takes over.
MAX_REPORTED_PER_RULE = 200


def check_context(sub: Submission, columns: ColumnCache | None = None) -> None:
    """Every row belongs to the submission's district and year; the district sheet has one row.

    Parameters
    ----------
    sub : Submission
        A loaded submission; problems are appended to it.
    columns : ColumnCache, optional
        The submission's columns (read anew when not given).
    """
    columns = columns or ColumnCache(sub)
    for name, frame in sub.tables.items():
        if frame.empty:
            continue
        for column, expected in (("district_code", sub.district_code), ("year", sub.year)):
            if column not in frame or expected is None or (name, column) not in sub.headers:
                continue
            values = columns.get(name, column)
            if values.count(expected) == len(values):
                continue  # every row holds the submission's value
            present = columns.present(name, column)
            wrong = [pos for pos, value in enumerate(values) if present[pos] and value != expected]
            if not wrong:
                continue
            sheets, rows = columns.get(name, "_sheet"), columns.get(name, "_row")
            for pos in wrong:
                label = "시군구코드" if column == "district_code" else "연도"
                sub.problem(
                    sheets[pos], rows[pos], header_of(sub, name, column), values[pos],
                    f"제출정보의 {label}({expected})와 다릅니다",
                    f"differs from the submission's {column} ({expected})",
                    f"wrong_{column}",
                )
    districts = sub.tables.get("districts")
    if districts is not None and len(districts) > 1:
        for row in districts.iloc[1:].to_dict("records"):
            sub.problem(
                row["_sheet"], row["_row"], "", "", "지역현황은 1행이어야 합니다",
                "the district sheet must hold exactly one row", "too_many_district_rows",
            )


def check_has_data(sub: Submission) -> None:
    """A submission with no data row at all is refused (nothing to replace data with).

    Parameters
    ----------
    sub : Submission
        A loaded submission; a problem is appended when it holds no row and no error.
    """
    if all(frame.empty for frame in sub.tables.values()) and not any(p.severity == "error" for p in sub.problems):
        sub.problem(
            "", None, "", "", "제출 자료에 입력된 행이 없습니다(빈 서식)", "the submission holds no data rows (an empty template)",
            "no_data",
        )


def check_dates(sub: Submission, today: dt.date | None = None, columns: ColumnCache | None = None) -> None:
    """Meetings happen in the submission's year and not in the future.

    Parameters
    ----------
    sub : Submission
        A loaded submission; problems are appended to it.
    today : date, optional
        The day after which a meeting is in the future (today when not given).
    columns : ColumnCache, optional
        The submission's columns (read anew when not given).
    """
    today = today or dt.date.today()
    meetings = sub.tables.get("meetings")
    if meetings is None or meetings.empty:
        return
    column = header_of(sub, "meetings", "held_on")
    columns = columns or ColumnCache(sub)
    for held, sheet, row in zip(
        columns.get("meetings", "held_on"), columns.get("meetings", "_sheet"), columns.get("meetings", "_row"), strict=True
    ):
        if held is None:
            continue
        if held > today:
            sub.problem(
                sheet, row, column, held, "회의일이 오늘 이후입니다", "the meeting date is in the future",
                "future_date",
            )
        elif sub.year is not None and held.year != sub.year:
            sub.problem(
                sheet, row, column, held,
                f"회의일이 제출 연도({sub.year})가 아닙니다", f"the meeting date is not in the submission's year ({sub.year})",
                "date_outside_year",
            )


def check_duplicate_keys(sub: Submission, columns: ColumnCache | None = None) -> None:
    """No two rows of a table share a key (rows lacking a required key value aside).

    Parameters
    ----------
    sub : Submission
        A loaded submission; problems are appended to it.
    columns : ColumnCache, optional
        The submission's columns (read anew when not given).
    """
    columns = columns or ColumnCache(sub)
    for name, schema in SCHEMAS.items():
        frame = sub.tables.get(name)
        if frame is None or frame.empty:
            continue
        key = [k for k in schema.key if k not in ("district_code", "year")]
        if not key:
            continue
        found = _repeated_keys(columns, name, schema, key)
        if found is not None:
            _report_duplicates(sub, columns, name, key, *found)


def _repeated_keys(
    columns: ColumnCache, name: str, schema: TableSchema, key: list[str]
) -> tuple[list[tuple], Sequence[int]] | None:
    """The key texts of every row and the positions compared, when some key repeats."""
    # Rows without a required key value are not compared.
    missing = None
    for k in key:
        if not schema.column(k).nullable:
            empty = pd.isna(columns.array(name, k))
            missing = empty if missing is None else missing | empty
    keys = list(zip(*(_texts(columns.get(name, k)) for k in key), strict=True))
    positions = range(len(keys)) if missing is None or not missing.any() else np.flatnonzero(~missing).tolist()
    if len(positions) == len(keys):
        if len(set(keys)) == len(keys):
            return None  # no key twice
    elif len({keys[pos] for pos in positions}) == len(positions):
        return None
    return keys, positions


def _report_duplicates(
    sub: Submission, columns: ColumnCache, name: str, key: list[str], keys: list[tuple], positions: Sequence[int]
) -> None:
    """Report each row repeating an earlier row's key (the first ones by row, then a count)."""
    sheets, rows = columns.get(name, "_sheet"), columns.get(name, "_row")
    first_seen: dict[tuple, int] = {}
    reported = 0
    for pos in positions:
        values_key = keys[pos]
        first = first_seen.setdefault(values_key, pos)
        if first == pos:
            continue
        reported += 1
        if reported > MAX_REPORTED_PER_RULE:
            continue
        values_text = " / ".join(values_key)
        first_sheet, first_row = sheets[first], int(rows[first])
        same_sheet = first_sheet == sheets[pos]
        where = f"{first_row}행" if same_sheet else f"'{first_sheet}' 시트 {first_row}행"
        where_en = f"row {first_row}" + ("" if same_sheet else f" of sheet '{first_sheet}'")
        sub.problem(
            sheets[pos], rows[pos], header_of(sub, name, key[-1]), values_text,
            f"중복된 키입니다({values_text}) — {where}과 같습니다",
            f"duplicate key ({values_text}); same as {where_en}",
            "duplicate_key",
        )
    if reported > MAX_REPORTED_PER_RULE:
        sub.problem(
            sub.tables[name]["_sheet"].iloc[0], None, header_of(sub, name, key[-1]), f"{reported:,}건",
            f"중복된 키가 모두 {reported:,}건입니다(처음 {MAX_REPORTED_PER_RULE}건만 행별로 표시)",
            f"{reported:,} duplicate keys in all (the first {MAX_REPORTED_PER_RULE} are listed by row)",
            "duplicate_key",
        )


def _texts(values: list) -> list:
    """``[str(v) for v in values]``, without copying a list of texts."""
    if set(map(type, values)) <= {str}:
        return values
    return [v if v.__class__ is str else str(v) for v in values]


def check_references(sub: Submission, columns: ColumnCache | None = None) -> None:
    """Attendance names known members and meetings; indicators, budget, opinions and ratings known plan items.

    Parameters
    ----------
    sub : Submission
        A loaded submission; problems are appended to it.
    columns : ColumnCache, optional
        The submission's columns (read anew when not given).
    """
    columns = columns or ColumnCache(sub)

    def known_values(table: str, column: str) -> set[str]:
        present = columns.present(table, column)
        return {str(v) for v, keep in zip(columns.get(table, column), present, strict=True) if keep}

    members = known_values("members", "member_id")
    meetings = known_values("meetings", "meeting_id")
    items = known_values("plan_items", "item_code")
    attendance = sub.tables["attendance"]
    rules = [
        ("attendance", "member_id", members, "위원명단에 없는 위원입니다", "member not in the member list", "unknown_member"),
        ("attendance", "meeting_id", meetings, "회의목록에 없는 회의입니다", "meeting not in the meeting list", "unknown_meeting"),
    ]
    for table in ("indicators", "budget", "opinions", "project_ratings"):
        rules.append(
            (table, "item_code", items, "시행계획에 없는 사업번호입니다", "item code not in the plan", "unknown_item")
        )
    referenced = {"member_id": "members", "meeting_id": "meetings", "item_code": "plan_items"}
    for table, column, known, reason_ko, reason_en, rule in rules:
        frame = attendance if table == "attendance" else sub.tables[table]
        if frame.empty:
            continue
        target = referenced[column]
        if not sub.tables[target].empty and (target, column) not in sub.headers:
            continue  # the referenced key column is missing: reported once, not per row
        if table != "attendance" and not items and sub.tables["plan_items"].empty:
            # No plan sheet at all: the item references cannot be checked.
            continue
        values = columns.get(table, column)
        if known.issuperset(values):
            continue  # every value is a known text
        present = columns.present(table, column)
        bad = [pos for pos, value in enumerate(values) if present[pos] and (value if value.__class__ is str else str(value)) not in known]
        if not bad:
            continue
        sheets, rows = columns.get(table, "_sheet"), columns.get(table, "_row")
        written_in = columns.get(table, "_column") if column == "meeting_id" and "_column" in frame else None
        for pos in bad:
            written = written_in[pos] if written_in is not None else None
            sub.problem(
                sheets[pos], rows[pos],
                written if isinstance(written, str) else header_of(sub, table, column),
                values[pos], reason_ko, reason_en, rule,
            )


def check_tenure(sub: Submission, columns: ColumnCache | None = None) -> None:
    """Members leave after joining, and attend only meetings within their tenure.

    Parameters
    ----------
    sub : Submission
        A loaded submission; problems are appended to it.
    columns : ColumnCache, optional
        The submission's columns (read anew when not given).
    """
    columns = columns or ColumnCache(sub)
    members = sub.tables["members"]
    column = header_of(sub, "members", "left_on")
    for joined, left, sheet, row in zip(
        columns.get("members", "joined_on"), columns.get("members", "left_on"),
        columns.get("members", "_sheet"), columns.get("members", "_row"), strict=True,
    ):
        if joined is not None and left is not None and left < joined:
            sub.problem(sheet, row, column, left, "해촉일이 위촉일보다 빠릅니다", "left before joining", "left_before_joined")
    attendance = sub.tables["attendance"]
    meetings = sub.tables["meetings"]
    if attendance.empty or members.empty or meetings.empty:
        return
    found = _attendance_outside_tenure(attendance, members, meetings, columns)
    if not found:
        return
    written_in = columns.get("attendance", "_column") if "_column" in attendance else None
    sheets, rows = columns.get("attendance", "_sheet"), columns.get("attendance", "_row")
    for pos, member_id, held in found:
        written = written_in[pos] if written_in is not None else None
        column = written if isinstance(written, str) else header_of(sub, "attendance", "status")
        sub.problem(
            sheets[pos], rows[pos], column, f"{member_id} @ {held}",
            "임기(위촉일~해촉일) 밖의 회의에 참석이 기록되었습니다",
            "attendance recorded for a meeting outside the member's tenure",
            "outside_tenure",
        )


def _attendance_outside_tenure(
    attendance: pd.DataFrame, members: pd.DataFrame, meetings: pd.DataFrame, columns: ColumnCache
) -> list[tuple[int, object, object]]:
    """(attendance position, member id, meeting date) of records outside the member's tenure.

    Records in attendance order, as the inner joins of attendance with members and
    meetings give them. Member and meeting ids are looked up in dictionaries when they
    are unique and present (always so in a submission that can be stored); otherwise
    the joins are left to pandas, whose handling of repeated or empty keys this keeps.
    """
    member_ids, meeting_ids = columns.get("members", "member_id"), columns.get("meetings", "meeting_id")
    if (
        not all(columns.present("members", "member_id")) or not all(columns.present("meetings", "meeting_id"))
        or not _unique(member_ids) or not _unique(meeting_ids)
    ):
        return _outside_tenure_pandas(attendance, members, meetings)
    joined_on, left_on = columns.get("members", "joined_on"), columns.get("members", "left_on")
    held_days = columns.get("meetings", "held_on")
    tenure = dict(zip(member_ids, zip(joined_on, left_on, strict=True), strict=True))
    held_on = dict(zip(meeting_ids, held_days, strict=True))
    attended = columns.get("attendance", "member_id")
    positions: Iterable[int] = range(len(attended))
    dates = [day for day in held_days if day is not None]
    if dates and all(day.__class__ is dt.date for day in dates) and all(
        day is None or day.__class__ is dt.date for day in (*joined_on, *left_on)
    ):
        # Only members whose tenure does not span every meeting can be outside it.
        first, last = min(dates), max(dates)
        partial = {
            member_id for member_id, (joined, left) in tenure.items()
            if (joined is not None and joined > first) or (left is not None and left < last)
        }
        positions = [pos for pos, member_id in enumerate(attended) if member_id in partial] if partial else []
    meetings_of = columns.get("attendance", "meeting_id")
    out = []
    for pos in positions:
        member_id, meeting_id = attended[pos], meetings_of[pos]
        span = tenure.get(member_id, _ABSENT) if member_id is not None else _ABSENT
        held = held_on.get(meeting_id, _ABSENT) if meeting_id is not None else _ABSENT
        if span is _ABSENT or held is _ABSENT or held is None:
            continue
        joined, left = span
        if (joined is not None and held < joined) or (left is not None and held > left):
            out.append((pos, member_id, held))
    return out


def _outside_tenure_pandas(
    attendance: pd.DataFrame, members: pd.DataFrame, meetings: pd.DataFrame
) -> list[tuple[int, object, object]]:
    """:func:`_attendance_outside_tenure` by pandas joins, for any ids."""
    merged = (
        attendance.reset_index(drop=True).rename_axis("_pos").reset_index()
        .merge(members[["member_id", "joined_on", "left_on", "name"]], on="member_id", how="inner")
        .merge(meetings[["meeting_id", "held_on"]], on="meeting_id", how="inner")
    )
    merged = merged[merged["held_on"].notna()]
    before = merged["joined_on"].notna() & (merged["held_on"] < merged["joined_on"])
    after = merged["left_on"].notna() & (merged["held_on"] > merged["left_on"])
    hits = merged[before | after]
    return list(zip(hits["_pos"].tolist(), hits["member_id"].tolist(), hits["held_on"].tolist(), strict=True))


_ABSENT = object()


def _unique(values: list) -> bool:
    """Whether no value repeats (``Series.is_unique``), for hashable values."""
    try:
        return len(set(values)) == len(values)
    except TypeError:
        return pd.Series(values, dtype=object).is_unique
