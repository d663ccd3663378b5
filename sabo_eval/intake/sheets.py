"""Read a table sheet (or CSV file) into a table's columns.

Finds and maps the header (:mod:`.headers`), sorts the rows below it
(:mod:`.rows`), parses every column by its kind (:mod:`.cells`) and reports the
problem cells row by row, in the order of the cells. Published 계/합계/소계 rows become
:class:`~.submission.TotalRow` records, never data. Sheets read this way are then put
together into one table per schema (:func:`columns_frame`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import parsing
from .cells import CONTEXT_COLUMNS, number_kind, parse_column, parse_value
from .formats import check_percent_scales, percent_column
from .headers import find_header, header_map, map_headers
from .indicator_money import INDICATOR_VALUES, money_in_indicators
from .layout import read_body
from .money import sheet_money_unit
from .numbers import format_number
from .problems import WARNING
from .rows import TotalCells, sort_rows
from .schemas import CODE, DISTRICT, FLOAT, INT, Column, TableSchema
from .submission import RawSheet, Submission, TotalRow

__all__ = ["sheet_is_empty", "parse_table_sheet", "total_row", "columns_frame"]


@dataclass(frozen=True)
class _Layout:
    """A table sheet's columns: headers as written and canonical column per column index."""

    schema: TableSchema
    header: dict[int, str]
    mapping: dict[int, str]
    columns: dict[str, Column]
    amount: str | None = None


def sheet_is_empty(sheet: RawSheet) -> bool:
    """Whether every cell of a sheet is blank.

    Parameters
    ----------
    sheet : RawSheet
        A sheet as read.

    Returns
    -------
    bool
    """
    return all(parsing.is_blank(v) for row in sheet.rows for v in row)


def parse_table_sheet(sub: Submission, sheet: RawSheet, schema: TableSchema) -> dict[str, list]:
    """Read one sheet's data rows: canonical and provenance columns as lists.

    Parameters
    ----------
    sub : Submission
        The submission: problems, headers as written and published totals are added.
    sheet : RawSheet
        The sheet as read.
    schema : TableSchema
        The table the sheet holds.

    Returns
    -------
    dict of str to list
        Canonical columns plus ``_sheet``, ``_row``, ``_seq`` and ``_invalid``; empty
        when no header was found.
    """
    found = find_header(sheet, header_map(schema))
    if found is None:
        _report_no_header(sub, sheet, schema)
        return {}
    header_row, header, data_start = found
    mapping = map_headers(sub, sheet, schema, header, header_row + 1)
    rows = read_body(sub, sheet, schema, (header_row, header, data_start), mapping)
    # Keep reading the other columns so that every other problem is reported too.
    amount = sheet_money_unit(sub, sheet, header_row, header, mapping)
    layout = _Layout(schema, header, mapping, {c.name: c for c in schema.columns}, amount)
    text_columns = [j for j, name in mapping.items() if layout.columns[name].kind in ("text", CODE, DISTRICT)]
    # The sheet is read column by column: a column's cells share a kind, and repeated
    # texts (codes, ids, dates) are parsed once. Problems are then reported row by
    # row, in the order of the cells, as if every cell had been read in turn.
    cells, keep, totals = sort_rows(rows, data_start, [*text_columns, 0])
    table, issues = _read_columns(sheet, layout, cells, keep, data_start, sub.year)
    invalid = _report_rows(sub, sheet, layout, table["_row"], issues, totals)
    table["_invalid"] = [invalid.get(pos) or set() for pos in range(len(keep))]
    if schema.name == "indicators":
        check_percent_scales(sub, sheet.name, table)
    return table


def _report_no_header(sub: Submission, sheet: RawSheet, schema: TableSchema) -> None:
    """Report a sheet without a header row: empty, or missing the expected columns."""
    if sheet_is_empty(sheet):
        sub.problem(sheet.name, None, "", "", "빈 시트입니다", "the sheet is empty", "empty_sheet", WARNING)
        return
    expected = ", ".join(c.korean for c in schema.columns if c.required and c.name not in CONTEXT_COLUMNS)
    sub.problem(
        sheet.name, None, "", "",
        f"머리글 행을 찾을 수 없습니다(필요한 열: {expected})",
        f"no header row found (expected columns: {expected})",
        "header_not_found",
    )


def _read_columns(
    sheet: RawSheet, layout: _Layout, cells: Sequence[list[object]], keep: list[int], data_start: int, year: int | None
) -> tuple[dict[str, list], dict[int, list[tuple]]]:
    """Parse the mapped columns of the data rows; the table so far and its problem cells by row."""
    n = len(keep)
    everything = n == len(sheet.rows) - data_start
    excel_rows = [data_start + k + 1 for k in keep]
    table: dict[str, list] = {"_sheet": [sheet.name] * n, "_row": excel_rows, "_seq": list(range(n))}
    issues: dict[int, list[tuple]] = {}
    for j, name in layout.mapping.items():
        if j >= len(cells):
            values: Sequence[object] = [None] * n
        elif everything:
            values = cells[j]
        else:
            column = cells[j]
            values = [column[k] for k in keep]
        notes: list[tuple] = []
        mixed: list[tuple] = []
        if sheet.percent_cells and layout.columns[name].kind in (INT, FLOAT):
            values, mixed = percent_column(sheet, j, data_start, keep, values, _units(cells, layout, keep))
        if layout.schema.name == "indicators" and name in INDICATOR_VALUES:
            values, money_issues = money_in_indicators(values, _units(cells, layout, keep))
            mixed = [*mixed, *money_issues]
        parsed, found = parse_column(values, layout.columns[name], layout.amount, year=year, notes=notes)
        if mixed:
            found = sorted([*found, *mixed], key=lambda issue: issue[0])
        table[name] = parsed
        for pos, flag, value, detail in [*found, *((pos, "note", value, note) for pos, value, note in notes)]:
            issues.setdefault(pos, []).append((j, flag, value, detail))
    return table, issues


def _units(cells: Sequence[list[object]], layout: _Layout, keep: list[int]) -> list[object] | None:
    """The 단위 cells of the data rows, when the table has that column."""
    j = next((j for j, name in layout.mapping.items() if name == "unit"), None)
    if j is None or j >= len(cells):
        return None
    return [cells[j][k] for k in keep]


def _report_rows(
    sub: Submission,
    sheet: RawSheet,
    layout: _Layout,
    excel_rows: list[int],
    issues: dict[int, list[tuple]],
    totals: list[TotalCells],
) -> dict[int, set[str]]:
    """Report problem cells and record published totals, in row order; invalid columns per row."""
    invalid: dict[int, set[str]] = {}
    pending = iter(totals)
    total = next(pending, None)

    def add_total(found: TotalCells) -> None:
        excel_row, row, kind, label, seq = found
        sub.totals.append(
            total_row(sub, layout.schema, sheet, row, excel_row, layout.mapping, kind, label, seq, layout.amount)
        )

    for pos in sorted(issues):
        excel_row = excel_rows[pos]
        while total is not None and total[0] < excel_row:
            add_total(total)
            total = next(pending, None)
        for j, flag, value, detail in issues[pos]:
            name = layout.mapping[j]
            _report_cell(sub, sheet.name, excel_row, layout.header[j], layout.columns[name], flag, value, detail)
            if flag in ("error", "empty"):
                invalid.setdefault(pos, set()).add(name)
    while total is not None:
        add_total(total)
        total = next(pending, None)
    return invalid


def _report_cell(
    sub: Submission,
    sheet_name: str,
    excel_row: int,
    written: str,
    col: Column,
    flag: str,
    value: object,
    detail: parsing.CellError | None,
) -> None:
    """Report one problem cell found by :func:`~.cells.parse_column`."""
    if flag == "error":
        rule = getattr(detail, "rule", None) or f"bad_{col.kind}"
        sub.problem(sheet_name, excel_row, written, value, detail.reason_ko, detail.reason_en, rule)
    elif flag == "note":
        sub.problem(sheet_name, excel_row, written, value, detail.reason_ko, detail.reason_en, detail.rule, WARNING)
    elif flag == "empty":
        sub.problem(
            sheet_name, excel_row, written, "",
            f"'{col.korean}' 값이 비어 있습니다", f"'{col.korean}' ({col.name}) must not be empty",
            "empty_value",
        )
    elif flag == "below":
        sub.problem(
            sheet_name, excel_row, written, value,
            f"'{col.korean}'은(는) {format_number(col.minimum)} 이상이어야 합니다",
            f"'{col.korean}' ({col.name}) must be at least {format_number(col.minimum)}",
            "below_minimum",
        )
    else:
        sub.problem(
            sheet_name, excel_row, written, value,
            f"'{col.korean}'은(는) {format_number(col.maximum)} 이하여야 합니다",
            f"'{col.korean}' ({col.name}) must be at most {format_number(col.maximum)}",
            "above_maximum",
        )


def total_row(
    sub: Submission,
    schema: TableSchema,
    sheet: RawSheet,
    row: list[object],
    excel_row: int,
    mapping: dict[int, str],
    kind: str,
    label: str,
    seq: int,
    amount: str | None = None,
) -> TotalRow:
    """Read a published total (계/합계/소계) row: its summable values and its context.

    Parameters
    ----------
    sub : Submission
        The submission: a total cell that is not a number is reported.
    schema : TableSchema
        The sheet's table.
    sheet : RawSheet
        The sheet, for the record and the problems' location.
    row : list
        The row's cells.
    excel_row : int
        The row's Excel row.
    mapping : dict of int to str
        Canonical column name per column index.
    kind : str
        ``total`` or ``subtotal``.
    label : str
        The label as written.
    seq : int
        Number of data rows of the sheet read before it.
    amount : str, optional
        The sheet's amount kind: money totals are read in the declared unit, as the parts.

    Returns
    -------
    TotalRow
        Values of the summable columns, and texts (such as the dong) that say which
        rows it totals.
    """
    values: dict[str, float] = {}
    context: dict[str, str] = {}
    headers: dict[str, str] = {}
    for j, name in mapping.items():
        col = schema.column(name)
        cell = row[j] if j < len(row) else None
        headers[name] = sub.headers.get((schema.name, name), name)
        if col.summable:
            try:
                number = parse_value(cell, number_kind(col, amount), None, col.korean)
            except parsing.CellError as err:
                sub.problem(sheet.name, excel_row, headers[name], cell, err.reason_ko, err.reason_en, "bad_total")
                continue
            if number is not None:
                values[name] = number
        elif col.kind in ("text", CODE) and not parsing.is_total_label(cell):
            text = parsing.clean_text(cell)
            if text is not None and name not in CONTEXT_COLUMNS:
                context[name] = text
    return TotalRow(schema.name, sheet.name, excel_row, kind, label, seq, values, context, headers)


def columns_frame(parts: list[dict[str, list]], schema: TableSchema, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Build a table from sheets read column by column (see :func:`parse_table_sheet`).

    Object columns, so that empty cells stay ``None`` (not NaN); a column a sheet does
    not have is ``None`` on its rows, and ``_invalid`` an empty set.

    Parameters
    ----------
    parts : list of dict
        Columns of each sheet read (empty dicts are skipped).
    schema : TableSchema
        The table.
    extra : tuple of str
        Further columns kept after the provenance columns.

    Returns
    -------
    DataFrame
        The canonical columns, then ``_sheet``, ``_row``, ``_seq``, ``_invalid`` and ``extra``.
    """
    columns = [*schema.column_names, "_sheet", "_row", "_seq", "_invalid", *extra]
    parts = [part for part in parts if part]
    n = sum(len(part["_row"]) for part in parts)
    cells = np.empty((len(columns), n), dtype=object)  # column by column, as pandas keeps them
    start = 0
    for part in parts:
        stop = start + len(part["_row"])
        for k, column in enumerate(columns):
            found = part.get(column)
            if found is not None:
                cells[k, start:stop] = found
            elif column == "_invalid":
                cells[k, start:stop] = [set() for _ in range(stop - start)]
        start = stop
    return pd.DataFrame(cells.T, columns=columns, dtype=object)

