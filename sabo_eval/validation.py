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
from pathlib import Path

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
    _check_context(sub)
    _check_has_data(sub)
    _check_dates(sub)
    _check_duplicate_keys(sub)
    _check_references(sub)
    _check_tenure(sub)
    _check_totals(sub)
    _check_service_proportions(sub)
    logger.debug("%s: %d problem(s)", sub.file_name, len(sub.problems))
    return sub.problems


def _header(sub: Submission, table: str, column: str) -> str:
    return sub.headers.get((table, column), SCHEMAS[table].column(column).korean)


def _check_context(sub: Submission) -> None:
    """Every row belongs to the submission's district and year."""
    for name, frame in sub.tables.items():
        if frame.empty:
            continue
        for column, expected in (("district_code", sub.district_code), ("year", sub.year)):
            if column not in frame or expected is None or (name, column) not in sub.headers:
                continue
            wrong = frame[frame[column].notna() & (frame[column] != expected)]
            for row in wrong.to_dict("records"):
                label = "시군구코드" if column == "district_code" else "연도"
                sub.problem(
                    row["_sheet"], row["_row"], _header(sub, name, column), row[column],
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


def _check_dates(sub: Submission, today: dt.date | None = None) -> None:
    """Meetings happen in the submission's year and not in the future."""
    today = today or dt.date.today()
    meetings = sub.tables.get("meetings")
    if meetings is None or meetings.empty:
        return
    for row in meetings.to_dict("records"):
        held = row["held_on"]
        if held is None:
            continue
        column = _header(sub, "meetings", "held_on")
        if held > today:
            sub.problem(
                row["_sheet"], row["_row"], column, held, "회의일이 오늘 이후입니다", "the meeting date is in the future",
                "future_date",
            )
        elif sub.year is not None and held.year != sub.year:
            sub.problem(
                row["_sheet"], row["_row"], column, held,
                f"회의일이 제출 연도({sub.year})가 아닙니다", f"the meeting date is not in the submission's year ({sub.year})",
                "date_outside_year",
            )


def _check_duplicate_keys(sub: Submission) -> None:
    for name, schema in SCHEMAS.items():
        frame = sub.tables.get(name)
        if frame is None or frame.empty:
            continue
        key = [k for k in schema.key if k not in ("district_code", "year")]
        if not key:
            continue
        usable = frame.dropna(subset=[k for k in key if not schema.column(k).nullable])
        first_seen: dict[tuple, dict] = {}
        reported = 0
        for row in usable.to_dict("records"):
            values_key = tuple(str(row[k]) for k in key)
            first = first_seen.setdefault(values_key, row)
            if first is row:
                continue
            reported += 1
            if reported > MAX_REPORTED_PER_RULE:
                continue
            values = " / ".join(values_key)
            where = f"{int(first['_row'])}행" if first["_sheet"] == row["_sheet"] else f"'{first['_sheet']}' 시트 {int(first['_row'])}행"
            where_en = f"row {int(first['_row'])}" + ("" if first["_sheet"] == row["_sheet"] else f" of sheet '{first['_sheet']}'")
            sub.problem(
                row["_sheet"], row["_row"], _header(sub, name, key[-1]), values,
                f"중복된 키입니다({values}) — {where}과 같습니다",
                f"duplicate key ({values}); same as {where_en}",
                "duplicate_key",
            )
        if reported > MAX_REPORTED_PER_RULE:
            sub.problem(
                frame["_sheet"].iloc[0], None, _header(sub, name, key[-1]), f"{reported:,}건",
                f"중복된 키가 모두 {reported:,}건입니다(처음 {MAX_REPORTED_PER_RULE}건만 행별로 표시)",
                f"{reported:,} duplicate keys in all (the first {MAX_REPORTED_PER_RULE} are listed by row)",
                "duplicate_key",
            )


def _check_references(sub: Submission) -> None:
    members = set(sub.tables["members"]["member_id"].dropna().astype(str))
    meetings = set(sub.tables["meetings"]["meeting_id"].dropna().astype(str))
    items = set(sub.tables["plan_items"]["item_code"].dropna().astype(str))
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
        bad = frame[frame[column].notna() & ~frame[column].astype(str).isin(known)]
        for row in bad.to_dict("records"):
            written = row.get("_column") if column == "meeting_id" else None
            sub.problem(
                row["_sheet"], row["_row"],
                written if isinstance(written, str) else _header(sub, table, column),
                row[column], reason_ko, reason_en, rule,
            )


def _check_tenure(sub: Submission) -> None:
    members = sub.tables["members"]
    for row in members.to_dict("records"):
        if row["joined_on"] is not None and row["left_on"] is not None and row["left_on"] < row["joined_on"]:
            sub.problem(
                row["_sheet"], row["_row"], _header(sub, "members", "left_on"), row["left_on"],
                "해촉일이 위촉일보다 빠릅니다", "left before joining", "left_before_joined",
            )
    attendance = sub.tables["attendance"]
    meetings = sub.tables["meetings"]
    if attendance.empty or members.empty or meetings.empty:
        return
    merged = attendance.merge(
        members[["member_id", "joined_on", "left_on", "name"]], on="member_id", how="inner"
    ).merge(meetings[["meeting_id", "held_on"]], on="meeting_id", how="inner")
    merged = merged[merged["held_on"].notna()]
    before = merged["joined_on"].notna() & (merged["held_on"] < merged["joined_on"])
    after = merged["left_on"].notna() & (merged["held_on"] > merged["left_on"])
    for row in merged[before | after].to_dict("records"):
        written = row.get("_column")
        column = written if isinstance(written, str) else _header(sub, "attendance", "status")
        sub.problem(
            row["_sheet"], row["_row"], column, f"{row['member_id']} @ {row['held_on']}",
            "임기(위촉일~해촉일) 밖의 회의에 참석이 기록되었습니다",
            "attendance recorded for a meeting outside the member's tenure",
            "outside_tenure",
        )


def _check_totals(sub: Submission) -> None:
    for total in sub.totals:
        frame = sub.tables.get(total.table)
        if frame is None:
            continue
        same_sheet = frame[frame["_sheet"] == total.sheet]
        earlier = [t for t in sub.totals if t.sheet == total.sheet and t.row < total.row]
        if total.kind == "subtotal":
            start = max((t.seq for t in earlier), default=0)
        else:
            start = max((t.seq for t in earlier if t.kind == "total"), default=0)
        parts = same_sheet[(same_sheet["_seq"] >= start) & (same_sheet["_seq"] < total.seq)]
        for column, expected in total.context.items():
            if column in parts:
                parts = parts[parts[column].astype("string") == expected]
        for column, published in total.values.items():
            observed = float(pd.to_numeric(parts[column], errors="coerce").fillna(0).sum())
            if abs(observed - published) > TOTAL_TOLERANCE * max(1.0, abs(published)):
                sub.problem(
                    total.sheet, total.row, total.headers.get(column, column), f"{published:,.6g}",
                    f"'{total.label}' 행의 값({published:,.6g})이 항목 합계({observed:,.6g})와 다릅니다",
                    f"the '{total.label}' row ({published:,.6g}) does not equal the sum of its parts ({observed:,.6g})",
                    "total_mismatch",
                )


def _check_service_proportions(sub: Submission) -> None:
    """A proportion indicator's numerator may not exceed its denominator (seed 002 kinds).

    Checked per month and dong as the rows are given (annual rows form one group).
    """
    from .metrics.services import load_catalogue, parse_terms

    services = sub.tables.get("services")
    if services is None or services.empty:
        return
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
    first_row = data.groupby(["month", "dong", "term"])[["_row", "_sheet"]].first()
    catalogue = load_catalogue()
    for row in catalogue[catalogue["kind"] == "proportion"].itertuples(index=False):
        den_terms = parse_terms(row.denominator)
        if any(t.is_population for t in den_terms):
            continue
        num_terms = parse_terms(row.numerator)
        num_cols = [f"{t.program}/{t.measure}" for t in num_terms if f"{t.program}/{t.measure}" in sums]
        den_cols = [f"{t.program}/{t.measure}" for t in den_terms if f"{t.program}/{t.measure}" in sums]
        if not num_cols or not den_cols:
            continue
        top = sums[num_cols].sum(axis=1, min_count=1)
        bottom = sums[den_cols].sum(axis=1, min_count=1)
        for (month, dong), numerator in top[top > bottom].items():
            where = first_row.loc[(month, dong, num_cols[0])] if (month, dong, num_cols[0]) in first_row.index else None
            sub.problem(
                where["_sheet"] if where is not None else sub.sheets.get("services", ""),
                int(where["_row"]) if where is not None else None,
                _header(sub, "services", "value"), f"{numerator:,.0f} > {bottom[(month, dong)]:,.0f}",
                f"비율 지표 '{row.name}'의 분자({numerator:,.0f})가 분모({bottom[(month, dong)]:,.0f})보다 큽니다",
                f"proportion '{row.id}': numerator {numerator:,.0f} exceeds denominator {bottom[(month, dong)]:,.0f}",
                "numerator_above_denominator",
            )
