"""Checks across rows and tables of a loaded submission.

Cell-level problems (a value that is not a number, a date or an accepted code, an
empty required cell, a missing column) are found while loading. This module adds the
rules that need whole tables: the submission's district and year, duplicate keys,
references to unknown members, meetings or plan items, attendance outside a member's
tenure, impossible tenures, and published totals that do not equal their parts.
Every rule reports every failure, each located by file, sheet, Excel row and the
column header as written.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .loaders import Submission, load_submission
from .problems import Problem
from .schemas import SCHEMAS

__all__ = ["validate", "validate_submission", "TOTAL_TOLERANCE"]

logger = logging.getLogger(__name__)

#: Absolute difference tolerated between a published total and the sum of its parts.
TOTAL_TOLERANCE = 1e-6
#: Problems listed row by row per rule and table before a summary line takes over.
MAX_REPORTED_PER_RULE = 200


def validate(path: Path | str) -> Submission:
    """Load a submission and run every check on it.

    Parameters
    ----------
    path : path-like
        Workbook or CSV folder.

    Returns
    -------
    Submission
        With ``problems`` listing everything found (empty when valid).
    """
    sub = load_submission(path)
    validate_submission(sub)
    return sub


def validate_submission(sub: Submission) -> list[Problem]:
    """Run the cross-row and cross-table rules; append and return the problems.

    Parameters
    ----------
    sub : Submission
        A loaded submission; its ``problems`` list is extended in place.

    Returns
    -------
    list of Problem
        All problems of the submission (loading and validation).
    """
    columns = _Columns(sub)
    _check_context(sub, columns)
    _check_has_data(sub)
    _check_dates(sub, columns=columns)
    _check_duplicate_keys(sub, columns)
    _check_references(sub, columns)
    _check_tenure(sub, columns)
    _check_totals(sub, columns)
    _check_service_proportions(sub, columns)
    logger.debug("%s: %d problem(s)", sub.file_name, len(sub.problems))
    return sub.problems


class _Columns:
    """The columns of a submission's tables as lists, each read once per validation.

    The tables are not changed while they are validated; reading a column through
    pandas for every rule would cost more than the rules themselves.
    """

    def __init__(self, sub: Submission) -> None:
        self.tables = sub.tables
        self._cells: dict[str, tuple[np.ndarray, dict[str, int]]] = {}
        self._lists: dict[tuple[str, str], list] = {}
        self._present: dict[tuple[str, str], list[bool]] = {}

    def _array(self, table: str, column: str) -> np.ndarray:
        found = self._cells.get(table)
        if found is None:
            frame = self.tables[table]
            found = self._cells[table] = (
                frame.to_numpy(dtype=object), {name: k for k, name in enumerate(frame.columns)}
            )
        cells, index = found
        return cells[:, index[column]]

    def get(self, table: str, column: str) -> list:
        """The values of a column, as ``frame[column].tolist()`` gives them."""
        key = (table, column)
        found = self._lists.get(key)
        if found is None:
            found = self._lists[key] = self._array(table, column).tolist()
        return found

    def present(self, table: str, column: str) -> list[bool]:
        """Which values are not missing, as ``frame[column].notna()`` tells."""
        key = (table, column)
        found = self._present.get(key)
        if found is None:
            found = self._present[key] = (~pd.isna(self._array(table, column))).tolist()
        return found


def _header(sub: Submission, table: str, column: str) -> str:
    return sub.headers.get((table, column), SCHEMAS[table].column(column).korean)


def _check_context(sub: Submission, columns: _Columns | None = None) -> None:
    """Every row belongs to the submission's district and year."""
    columns = columns or _Columns(sub)
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
                    sheets[pos], rows[pos], _header(sub, name, column), values[pos],
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


def _check_has_data(sub: Submission) -> None:
    """A submission with no data row at all is refused (nothing to replace data with)."""
    if all(frame.empty for frame in sub.tables.values()) and not any(p.severity == "error" for p in sub.problems):
        sub.problem(
            "", None, "", "", "제출 자료에 입력된 행이 없습니다(빈 서식)", "the submission holds no data rows (an empty template)",
            "no_data",
        )


def _check_dates(sub: Submission, today: dt.date | None = None, columns: _Columns | None = None) -> None:
    """Meetings happen in the submission's year and not in the future."""
    today = today or dt.date.today()
    meetings = sub.tables.get("meetings")
    if meetings is None or meetings.empty:
        return
    column = _header(sub, "meetings", "held_on")
    columns = columns or _Columns(sub)
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


def _check_duplicate_keys(sub: Submission, columns: _Columns | None = None) -> None:
    columns = columns or _Columns(sub)
    for name, schema in SCHEMAS.items():
        frame = sub.tables.get(name)
        if frame is None or frame.empty:
            continue
        key = [k for k in schema.key if k not in ("district_code", "year")]
        if not key:
            continue
        # Rows without a required key value are not compared.
        missing = None
        for k in key:
            if not schema.column(k).nullable:
                empty = pd.isna(columns._array(name, k))
                missing = empty if missing is None else missing | empty
        keys = list(zip(*(_texts(columns.get(name, k)) for k in key), strict=True))
        positions = range(len(keys)) if missing is None or not missing.any() else np.flatnonzero(~missing).tolist()
        if len(positions) == len(keys):
            if len(set(keys)) == len(keys):
                continue  # no key twice
        elif len({keys[pos] for pos in positions}) == len(positions):
            continue
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
                sheets[pos], rows[pos], _header(sub, name, key[-1]), values_text,
                f"중복된 키입니다({values_text}) — {where}과 같습니다",
                f"duplicate key ({values_text}); same as {where_en}",
                "duplicate_key",
            )
        if reported > MAX_REPORTED_PER_RULE:
            sub.problem(
                frame["_sheet"].iloc[0], None, _header(sub, name, key[-1]), f"{reported:,}건",
                f"중복된 키가 모두 {reported:,}건입니다(처음 {MAX_REPORTED_PER_RULE}건만 행별로 표시)",
                f"{reported:,} duplicate keys in all (the first {MAX_REPORTED_PER_RULE} are listed by row)",
                "duplicate_key",
            )


def _texts(values: list) -> list:
    """``[str(v) for v in values]``, without copying a list of texts."""
    if set(map(type, values)) <= {str}:
        return values
    return [v if v.__class__ is str else str(v) for v in values]


def _check_references(sub: Submission, columns: _Columns | None = None) -> None:
    columns = columns or _Columns(sub)

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
    for table in ("indicators", "budget", "opinions"):
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
                written if isinstance(written, str) else _header(sub, table, column),
                values[pos], reason_ko, reason_en, rule,
            )


def _check_tenure(sub: Submission, columns: _Columns | None = None) -> None:
    columns = columns or _Columns(sub)
    members = sub.tables["members"]
    column = _header(sub, "members", "left_on")
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
        column = written if isinstance(written, str) else _header(sub, "attendance", "status")
        sub.problem(
            sheets[pos], rows[pos], column, f"{member_id} @ {held}",
            "임기(위촉일~해촉일) 밖의 회의에 참석이 기록되었습니다",
            "attendance recorded for a meeting outside the member's tenure",
            "outside_tenure",
        )


def _attendance_outside_tenure(
    attendance: pd.DataFrame, members: pd.DataFrame, meetings: pd.DataFrame, columns: _Columns
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


_ABSENT = object()


def _unique(values: list) -> bool:
    """Whether no value repeats (``Series.is_unique``), for hashable values."""
    try:
        return len(set(values)) == len(values)
    except TypeError:
        return pd.Series(values, dtype=object).is_unique


def _check_totals(sub: Submission, columns: _Columns | None = None) -> None:
    columns = columns or _Columns(sub)
    for total in sub.totals:
        frame = sub.tables.get(total.table)
        if frame is None:
            continue
        earlier = [t for t in sub.totals if t.sheet == total.sheet and t.row < total.row]
        if total.kind == "subtotal":
            start = max((t.seq for t in earlier), default=0)
        else:
            start = max((t.seq for t in earlier if t.kind == "total"), default=0)
        sums = _part_sums(total, start, frame, columns)
        if sums is None:
            sums = _part_sums_pandas(total, start, frame)
        for column, published in total.values.items():
            observed = sums[column]
            if abs(observed - published) > TOTAL_TOLERANCE * max(1.0, abs(published)):
                sub.problem(
                    total.sheet, total.row, total.headers.get(column, column), f"{published:,.6g}",
                    f"'{total.label}' 행의 값({published:,.6g})이 항목 합계({observed:,.6g})와 다릅니다",
                    f"the '{total.label}' row ({published:,.6g}) does not equal the sum of its parts ({observed:,.6g})",
                    "total_mismatch",
                )


def _part_sums(total, start: int, frame: pd.DataFrame, columns: _Columns) -> dict[str, float] | None:
    """The sums of the parts of a published total: rows of its sheet read since ``start``.

    Rows whose context (a text such as the dong) differs from the total's are left out.
    What :func:`_part_sums_pandas` gives, for the cell types loading gives (texts and
    numbers); ``None`` otherwise.
    """
    table = total.table
    sheets, seqs = columns.get(table, "_sheet"), columns.get(table, "_seq")
    rows = [pos for pos, (sheet, seq) in enumerate(zip(sheets, seqs, strict=True)) if sheet == total.sheet and start <= seq < total.seq]
    for column, expected in total.context.items():
        if column in frame:
            values = columns.get(table, column)
            if not all(values[pos] is None or values[pos].__class__ is str for pos in rows):
                return None
            rows = [pos for pos in rows if values[pos] is not None and values[pos] == expected]
    sums = {}
    for column in total.values:
        values = columns.get(table, column)
        picked = [values[pos] for pos in rows]
        if not all(v is None or v.__class__ is float for v in picked):
            return None
        numbers = np.array([np.nan if v is None else v for v in picked], dtype=float)
        # As pandas sums a float column: empty values as 0, numpy's own order of addition.
        sums[column] = float(np.where(np.isnan(numbers), 0.0, numbers).sum())
    return sums


def _part_sums_pandas(total, start: int, frame: pd.DataFrame) -> dict[str, float]:
    """:func:`_part_sums` by pandas, for any cell types."""
    same_sheet = frame[frame["_sheet"] == total.sheet]
    parts = same_sheet[(same_sheet["_seq"] >= start) & (same_sheet["_seq"] < total.seq)]
    for column, expected in total.context.items():
        if column in parts:
            parts = parts[parts[column].astype("string") == expected]
    return {
        column: float(pd.to_numeric(parts[column], errors="coerce").fillna(0).sum()) for column in total.values
    }


def _check_service_proportions(sub: Submission, columns: _Columns | None = None) -> None:
    """A proportion indicator's numerator may not exceed its denominator (seed 002 kinds).

    Checked per month and dong as the rows are given (annual rows form one group).
    """
    services = sub.tables.get("services")
    if services is None or services.empty:
        return
    indicators = _proportion_indicators()
    sums = _service_sums(columns or _Columns(sub))
    if sums is not None and not _any_above(sums, indicators):
        return
    # Problems are reported in pandas' order of (month, dong) groups: from its table.
    groups, terms, table, first_row = _service_sums_pandas(services)
    for name, indicator_id, numerator_terms, denominator_terms in indicators:
        num_cols = [term for term in numerator_terms if term in terms]
        den_cols = [term for term in denominator_terms if term in terms]
        if not num_cols or not den_cols:
            continue
        top = _row_sums(table, [terms[c] for c in num_cols])
        bottom = _row_sums(table, [terms[c] for c in den_cols])
        with np.errstate(invalid="ignore"):
            above = np.flatnonzero(top > bottom)
        for i in above:
            (month, dong), numerator, denominator = groups[i], top[i], bottom[i]
            where = first_row((month, dong, num_cols[0]))
            sub.problem(
                where[0] if where is not None else sub.sheets.get("services", ""),
                int(where[1]) if where is not None else None,
                _header(sub, "services", "value"), f"{numerator:,.0f} > {denominator:,.0f}",
                f"비율 지표 '{name}'의 분자({numerator:,.0f})가 분모({denominator:,.0f})보다 큽니다",
                f"proportion '{indicator_id}': numerator {numerator:,.0f} exceeds denominator {denominator:,.0f}",
                "numerator_above_denominator",
            )


def _any_above(sums: _ServiceSums, indicators: list[tuple[str, str, list[str], list[str]]]) -> bool:
    """Whether some group's numerator exceeds its denominator for some indicator."""
    _groups, terms, table, _first = sums
    for _name, _id, numerator_terms, denominator_terms in indicators:
        num_cols = [terms[term] for term in numerator_terms if term in terms]
        den_cols = [terms[term] for term in denominator_terms if term in terms]
        if num_cols and den_cols:
            with np.errstate(invalid="ignore"):
                if (_row_sums(table, num_cols) > _row_sums(table, den_cols)).any():
                    return True
    return False


_ServiceSums = tuple[list[tuple], dict[str, int], np.ndarray, Callable[[tuple], "tuple[str, object] | None"]]


def _service_sums(columns: _Columns) -> _ServiceSums | None:
    """Service values summed per (month, dong) and ``program/measure`` term.

    The same sums as :func:`_service_sums_pandas` (NaN for a term a group lacks, a
    group's values added with pandas' compensated sum, empty values skipped, rows
    without program or measure left out; groups in sorted order, which may differ from
    pandas'), computed directly for the cell types loading gives: ``None`` otherwise.
    """
    months, dongs = columns.get("services", "month"), columns.get("services", "dong")
    programs, measures = columns.get("services", "program"), columns.get("services", "measure")
    values = columns.get("services", "value")
    rows, sheets = columns.get("services", "_row"), columns.get("services", "_sheet")
    if not (
        all(m is None or m.__class__ is int for m in months)
        and all(d is None or d.__class__ is str for d in dongs)
        and all(t is None or t.__class__ is str for t in programs)
        and all(t is None or t.__class__ is str for t in measures)
        and all(v is None or v.__class__ is float for v in values)
    ):
        return None
    sums: dict[tuple, list[float]] = {}  # (month, dong, term) → [sum, compensation]
    first: dict[tuple, tuple[str, object]] = {}
    for month, dong, program, measure, value, row, sheet in zip(months, dongs, programs, measures, values, rows, sheets, strict=True):
        if program is None or measure is None:
            continue  # no term: left out, as pandas leaves out a missing group key
        key = (-1 if month is None else month, "" if dong is None else dong, f"{program}/{measure}")
        acc = sums.get(key)
        if acc is None:
            acc = sums[key] = [0.0, 0.0]
            first[key] = (sheet, row)
        if value is None or value != value:
            continue
        # pandas' group_sum (Kahan summation), step by step.
        y = value - acc[1]
        t = acc[0] + y
        acc[1] = t - acc[0] - y
        if acc[1] != acc[1]:
            acc[1] = 0.0
        acc[0] = t
    groups = sorted({key[:2] for key in sums})
    term_list = sorted({key[2] for key in sums})
    terms = {term: j for j, term in enumerate(term_list)}
    group_index = {group: i for i, group in enumerate(groups)}
    table = np.full((len(groups), len(term_list)), np.nan)
    for (month, dong, term), acc in sums.items():
        table[group_index[(month, dong)], terms[term]] = acc[0]
    return groups, terms, table, first.get


def _service_sums_pandas(services: pd.DataFrame) -> _ServiceSums:
    """:func:`_service_sums` by ``pivot_table``, for any cell types."""
    data = pd.DataFrame(
        {
            "month": services["month"].astype(object).where(services["month"].notna(), -1),
            "dong": services["dong"].astype(object).where(services["dong"].notna(), ""),
            "term": services["program"].astype(str) + "/" + services["measure"].astype(str),
            "value": pd.to_numeric(services["value"], errors="coerce"),
            "_row": services["_row"],
            "_sheet": services["_sheet"],
        }
    )
    sums = data.pivot_table(index=["month", "dong"], columns="term", values="value", aggfunc="sum")
    first_row = None

    def where(key: tuple) -> tuple[str, object] | None:
        nonlocal first_row
        if first_row is None:
            first_row = data.groupby(["month", "dong", "term"])[["_row", "_sheet"]].first()
        if key not in first_row.index:
            return None
        found = first_row.loc[key]
        return found["_sheet"], found["_row"]

    terms = {term: j for j, term in enumerate(sums.columns)}
    return list(sums.index), terms, sums.to_numpy(dtype=float), where


def _row_sums(table: np.ndarray, columns: list[int]) -> np.ndarray:
    """Row sums of some columns skipping NaN, NaN where all are NaN.

    What ``DataFrame.sum(axis=1, min_count=1)`` gives: for fewer than 8 columns numpy
    adds them in order either way; for more, pandas is asked.
    """
    block = table[:, columns]
    if len(columns) >= 8:
        return pd.DataFrame(block).sum(axis=1, min_count=1).to_numpy()
    missing = np.isnan(block)
    out = np.where(missing, 0.0, block).sum(axis=1)
    out[missing.all(axis=1)] = np.nan
    return out


_CATALOGUE_CACHE: dict[object, list[tuple[str, str, list[str], list[str]]]] = {}


def _proportion_indicators() -> list[tuple[str, str, list[str], list[str]]]:
    """(name, id, numerator terms, denominator terms) of the catalogue's proportions.

    Population terms are left out (their denominators are not service rows). The
    catalogue is read once per process and again only when its file changes.
    """
    from importlib import resources

    from ..metrics.services import load_catalogue, parse_terms

    try:
        stat = os.stat(str(resources.files("sabo_eval").joinpath("data/service_indicators.csv")))
        key: object = (load_catalogue, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    cached = _CATALOGUE_CACHE.get(key) if key is not None else None
    if cached is not None:
        return cached
    catalogue = load_catalogue()
    out = []
    for row in catalogue[catalogue["kind"] == "proportion"].itertuples(index=False):
        den_terms = parse_terms(row.denominator)
        if any(t.is_population for t in den_terms):
            continue
        num_terms = parse_terms(row.numerator)
        out.append((row.name, row.id, [f"{t.program}/{t.measure}" for t in num_terms], [f"{t.program}/{t.measure}" for t in den_terms]))
    if key is not None:
        _CATALOGUE_CACHE.clear()
        _CATALOGUE_CACHE[key] = out
    return out
