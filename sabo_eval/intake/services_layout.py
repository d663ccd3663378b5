"""Service sheets (서비스실적) as secretariats write them: month labels and months as columns.

Two shapes besides the canonical long form are read here, so that no value is lost
or distorted:

* the 월 column written as ``1월``/``01월`` (read as the month) or as ``계``/``합계``/
  ``연간`` (a year row: its month is blank; :mod:`.services_years` then checks it
  against the monthly rows of the same measure);
* months laid out as columns (``사업 | 항목 | 1월 | 2월 … | 12월 | 계``): reshaped into
  one long record per month cell; the ``계`` column is checked against the sum of the
  months and set aside, or, on a row without months, is the year value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from . import parsing
from .cells import parse_column
from .headers import find_header, header_map
from .numbers import format_number
from .problems import ERROR, WARNING
from .schemas import TableSchema, normalise_header
from .sheets import _report_cell, parse_table_sheet
from .submission import RawSheet, Submission

__all__ = ["read_services_sheet", "month_of_label", "YEAR_LABELS"]

#: Labels of a year row in the 월 column, or of the year column of a months-as-columns sheet.
YEAR_LABELS = frozenset({"계", "합계", "총계", "연간", "연간계", "연간합계", "연계", "누계", "연누계", "1~12월", "1-12월", "연"})
_MONTH = re.compile(r"^0?([1-9]|1[0-2])월$")
_DATED_MONTH = re.compile(r"^(\d{4})(?:년|[-./])0?([1-9]|1[0-2])월?$")
_TOLERANCE = 1e-6


def month_of_label(cell: object, year: int | None = None) -> int | str | None:
    """The month a 월 cell written as text names: ``1``–``12``, ``"year"``, or None.

    Parameters
    ----------
    cell : object
        A cell of the 월 column (or a header cell).
    year : int, optional
        The submission's year: ``2023-01``, ``2023.1``, ``2023년 1월`` and a date on the
        first of a month name a month only in that year.

    Returns
    -------
    int, ``"year"`` or None
        None when the cell is not such a label (left for the number parser).
    """
    if isinstance(cell, dt.date):
        return cell.month if year is not None and cell.year == year and cell.day == 1 else None
    if not isinstance(cell, str):
        return None
    key = normalise_header(cell)
    found = _MONTH.match(key)
    if found:
        return int(found.group(1))
    dated = _DATED_MONTH.match(re.sub(r"\s+", "", cell).rstrip("."))
    if dated and year is not None and int(dated.group(1)) == year:
        return int(dated.group(2))
    return "year" if key in YEAR_LABELS else None


def read_services_sheet(sub: Submission, sheet: RawSheet, schema: TableSchema) -> dict[str, list]:
    """Read one service sheet, long or months-as-columns (see the module docstring).

    Parameters
    ----------
    sub : Submission
        The submission: problems, headers and set-aside rows are added.
    sheet : RawSheet
        The sheet as read.
    schema : TableSchema
        The services table.

    Returns
    -------
    dict of str to list
        As :func:`~.sheets.parse_table_sheet` returns.
    """
    found = find_header(sheet, header_map(schema))
    if found is not None:
        header_row, header, data_start = found
        months = _month_columns(header)
        mapped = {j: header_map(schema).get(normalise_header(text)) for j, text in header.items()}
        if len(months) >= 2 and "value" not in mapped.values() and "month" not in mapped.values():
            return _read_wide(sub, sheet, schema, (header_row, header, data_start), months, mapped)
        if "month" in mapped.values():
            sheet = _month_labels_read(sub, sheet, mapped, data_start)
    return parse_table_sheet(sub, sheet, schema)


def _month_columns(header: dict[int, str]) -> dict[int, int | str]:
    """Month (1–12) or ``"year"`` per column index of a header written as ``1월 … 12월 | 계``."""
    out: dict[int, int | str] = {}
    for j, text in header.items():
        month = month_of_label(text)
        if month is not None:
            out[j] = month
    return out if sum(1 for m in out.values() if m != "year") >= 2 else {}


def _month_labels_read(sub: Submission, sheet: RawSheet, mapped: dict[int, str | None], data_start: int) -> RawSheet:
    """The sheet with ``1월`` (or ``2023-01`` of the submission's year) read as 1 and
    ``계``-like labels as a blank (year) month.

    The Excel rows of year labels are remembered in ``sub.year_rows`` so that the
    year rows are checked against the monthly rows of the same measure. A ``계`` row
    without 사업 and 항목 totals the rows above it: checked, then set aside.
    """
    col = {name: j for j, name in mapped.items() if name is not None}
    j, rows = col["month"], sheet.rows
    changed: dict[int, list[object]] = {}
    since = data_start  # first row of the rows a grand total row sums
    for i in range(data_start, len(rows)):
        row = rows[i]
        if j >= len(row) or isinstance(row[j], (int, float)) or row[j] is None:
            continue
        month = month_of_label(row[j], sub.year)
        if month is None:
            continue
        copy = list(row)
        copy[j] = None if month == "year" else month
        if month == "year" and all(_blank(row, col.get(name)) for name in ("program", "measure")):
            _check_grand_total(sub, sheet, col, since, i)
            copy = [None] * len(row)  # set aside: read as a blank row
            since = i + 1
        elif month == "year":
            sub.year_rows.add((sheet.name, i + 1))
        changed[i] = copy
    if not changed:
        return sheet
    new_rows = [changed.get(i, row) for i, row in enumerate(rows)]
    return dataclasses.replace(sheet, rows=new_rows)


def _blank(row: list[object], j: int | None) -> bool:
    """Whether cell ``j`` of a row is blank (or the column is absent)."""
    return j is None or j >= len(row) or parsing.is_blank(row[j])


def _is_part(row: list[object], col: dict[str, int]) -> bool:
    """Whether a row is a part of a grand total: not itself a total or a year row."""
    for name in ("program", "measure"):
        j = col.get(name)
        if j is not None and j < len(row) and parsing.is_total_label(row[j]):
            return False
    j = col["month"]
    return not (j < len(row) and isinstance(row[j], str) and month_of_label(row[j]) == "year")


def _check_grand_total(sub: Submission, sheet: RawSheet, col: dict[str, int], start: int, i: int) -> None:
    """A ``계`` row (월 column) without 사업·항목 equals the sum of the rows above it; set aside."""
    j = col.get("value")
    cell = sheet.rows[i][j] if j is not None and j < len(sheet.rows[i]) else None
    try:
        published = parsing.parse_number(cell)
        parts = [parsing.parse_number(r[j]) for r in sheet.rows[start:i] if j < len(r) and _is_part(r, col)]
    except parsing.CellError:
        published = None  # a bad cell above is reported when it is read
    sub.set_aside.append((sheet.name, i + 1, "total", ""))
    if published is None:
        return
    observed = float(sum(p for p in parts if p is not None))
    if abs(observed - published) > _TOLERANCE * max(1.0, abs(published)):
        header = sub.headers.get(("services", "value"), "실적")
        sub.problem(
            sheet.name, i + 1, header, cell,
            f"'{sheet.rows[i][col['month']]}' 행의 값({format_number(published)})이 위 행들({start + 1}–{i}행)의 합({format_number(observed)})과 "
            "다릅니다 — 어느 쪽이 맞는지 알 수 없어 받지 않았습니다",
            f"the '{sheet.rows[i][col['month']]}' row ({format_number(published)}) does not equal the sum of the rows above it "
            f"(rows {start + 1}–{i}: {format_number(observed)}); which one is right cannot be told",
            "service_year_total_mismatch",
        )


def _read_wide(
    sub: Submission,
    sheet: RawSheet,
    schema: TableSchema,
    found: tuple[int, dict[int, str], int],
    months: dict[int, int | str],
    mapped: dict[int, str | None],
) -> dict[str, list]:
    """Reshape a months-as-columns sheet into long records, one per month cell."""
    header_row, header, data_start = found
    context = {name: j for j, name in mapped.items() if name is not None and j not in months}
    for name, j in context.items():
        sub.headers.setdefault((schema.name, name), header[j])
    sub.headers.setdefault((schema.name, "value"), "실적")
    sub.headers.setdefault((schema.name, "month"), "월")
    _report_missing(sub, sheet, schema, context, header_row + 1)
    records: list[tuple[int, int, int | None, list[object], object]] = []  # excel row, col, month, row, value
    parts: list[list[object]] = []  # data rows since the last total row
    for i in range(data_start, len(sheet.rows)):
        row = sheet.rows[i]
        if all(parsing.is_blank(c) for c in row):
            continue
        labels = [row[j] for j in context.values() if j < len(row)]
        if any(parsing.is_total_label(c) for c in labels if isinstance(c, str)):
            sub.set_aside.append((sheet.name, i + 1, "total", ""))  # a total row: checked, set aside
            if not _check_wide_total(sub, sheet, header, (months, context), parts, row, i + 1):
                parts = []  # a total of every row above (not of one 사업): a new block starts
            continue
        parts.append(row)
        records.extend(_wide_records(sub, sheet, header, months, row, i + 1))
    return _wide_table(sub, sheet, schema, context, header, records)


def _wide_records(
    sub: Submission, sheet: RawSheet, header: dict[int, str], months: dict[int, int | str], row: list[object], excel_row: int
) -> list[tuple[int, int, int | None, list[object], object]]:
    """The long records of one row of a months-as-columns sheet; its 계 cell checked."""
    cell = {j: (row[j] if j < len(row) else None) for j in months}
    monthly = [(j, m) for j, m in months.items() if m != "year" and not parsing.is_blank(cell[j])]
    years = [j for j, m in months.items() if m == "year" and not parsing.is_blank(cell[j])]
    if not monthly and not years:
        sub.problem(
            sheet.name, excel_row, "", " / ".join(str(c) for c in row if not parsing.is_blank(c)),
            "월별 값도 '계' 값도 없는 행입니다 — 읽지 않았습니다",
            "the row holds neither a month value nor a year value; it was not read",
            "service_row_without_values", WARNING,
        )
        return []
    if not monthly:
        return [(excel_row, j, None, row, cell[j]) for j in years[:1]]
    out = [(excel_row, j, m, row, cell[j]) for j, m in monthly]
    for j in years:
        try:
            published = parsing.parse_number(cell[j])
            parts = [parsing.parse_number(cell[k]) for k, _m in monthly]
        except parsing.CellError:
            continue  # the bad month cell is reported when it is read
        if published is None or any(p is None for p in parts):
            continue
        observed = float(sum(parts))
        if abs(observed - published) > _TOLERANCE * max(1.0, abs(published)):
            sub.problem(
                sheet.name, excel_row, header[j], cell[j],
                f"'{header[j]}' 값({format_number(published)})이 월별 값의 합({format_number(observed)}, {len(parts)}개월)과 다릅니다 "
                "— 어느 쪽이 맞는지 알 수 없어 받지 않았습니다",
                f"the '{header[j]}' value ({format_number(published)}) does not equal the sum of the months "
                f"({format_number(observed)}, {len(parts)} month(s)); which one is right cannot be told",
                "service_year_total_mismatch", ERROR,
            )
        else:
            sub.set_aside.append((sheet.name, excel_row, "total", ""))
    return out


def _check_wide_total(
    sub: Submission,
    sheet: RawSheet,
    header: dict[int, str],
    columns: tuple[dict[int, int | str], dict[str, int]],
    parts: list[list[object]],
    row: list[object],
    excel_row: int,
) -> bool:
    """A 계 row of a months-as-columns sheet equals, column by column, the rows it totals.

    The rows it totals are those since the previous total row of every 사업, of its
    사업 when it names one (``돌봄SOS | 계``). Returns whether it names one.
    """
    months, context = columns
    j_program = context.get("program")
    program = row[j_program] if j_program is not None and j_program < len(row) else None
    scoped = isinstance(program, str) and not parsing.is_total_label(program) and not parsing.is_blank(program)
    if scoped:
        parts = [r for r in parts if j_program < len(r) and r[j_program] == program]
    for j in months:
        try:
            published = parsing.parse_number(row[j] if j < len(row) else None)
            values = [parsing.parse_number(r[j] if j < len(r) else None) for r in parts]
        except parsing.CellError:
            continue  # a bad cell is reported when it is read
        if published is None:
            continue
        observed = float(sum(v for v in values if v is not None))
        if abs(observed - published) > _TOLERANCE * max(1.0, abs(published)):
            sub.problem(
                sheet.name, excel_row, header[j], row[j],
                f"합계 행의 '{header[j]}' 값({format_number(published)})이 위 행들의 합({format_number(observed)})과 다릅니다",
                f"the total row's '{header[j]}' ({format_number(published)}) does not equal the sum of the rows it totals ({format_number(observed)})",
                "total_mismatch",
            )
    return scoped


def _report_missing(sub: Submission, sheet: RawSheet, schema: TableSchema, context: dict[str, int], excel_row: int) -> None:
    """Report the required columns (사업, 항목) a months-as-columns sheet lacks."""
    for name in ("program", "measure"):
        if name not in context:
            col = schema.column(name)
            sub.problem(
                sheet.name, excel_row, "", "",
                f"필수 열 '{col.korean}'이(가) 없습니다", f"required column '{col.korean}' ({name}) is missing",
                "missing_column",
            )


def _wide_table(
    sub: Submission,
    sheet: RawSheet,
    schema: TableSchema,
    context: dict[str, int],
    header: dict[int, str],
    records: list[tuple[int, int, int | None, list[object], object]],
) -> dict[str, list]:
    """Parse the long records column by column; report bad cells where they are written."""
    n = len(records)
    table: dict[str, list] = {"_sheet": [sheet.name] * n, "_row": [r[0] for r in records], "_seq": list(range(n))}
    invalid: list[set[str]] = [set() for _ in range(n)]
    where: dict[str, list[int]] = {}
    for name, j in context.items():
        table[name] = [r[3][j] if j < len(r[3]) else None for r in records]
        where[name] = [j] * n
    table["month"] = [r[2] for r in records]
    table["value"] = [r[4] for r in records]
    where["value"] = [r[1] for r in records]
    for name in [*context, "value"]:
        col = schema.column(name)
        parsed, found = parse_column(table[name], col)
        table[name] = parsed
        for pos, flag, value, detail in found:
            _report_cell(sub, sheet.name, records[pos][0], header[where[name][pos]], col, flag, value, detail)
            if flag in ("error", "empty"):
                invalid[pos].add(name)
    table["_invalid"] = invalid
    return table
