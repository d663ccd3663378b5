"""Find the worksheet cell a problem is about, from its sheet, Excel row and column header.

A problem names its column by the header as written in the file, not by a letter, so
the column is found again in the sheet: the first cell from the top (at or above the
problem's row) with that text, as headers may sit below a title.
A problem without a row but with a label that the sheet shows (a 제출정보 field such as
``연도``) is placed at the value cell right of that label. A problem whose column is
already a cell reference (``B7``) is placed there. Anything else has no cell: it is
listed without a link.
"""

from __future__ import annotations

import re

from .problems import Problem
from .schemas import normalise_header

__all__ = ["problem_cell", "HEADER_ROWS"]

#: How many rows from the top are searched for a header or a label.
HEADER_ROWS = 40

_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$")


def problem_cell(ws, problem: Problem) -> tuple[int, int] | None:
    """The (row, column) — both 1-based — of the cell ``problem`` is about in ``ws``, or None.

    Parameters
    ----------
    ws : openpyxl.worksheet.worksheet.Worksheet
        The problem's sheet.
    problem : Problem

    Returns
    -------
    tuple of int, or None
        None for a problem of the whole sheet or of a column the sheet does not hold.
    """
    reference = _CELL_REF.match(problem.column.strip().upper()) if problem.column else None
    if reference is not None:
        from openpyxl.utils import column_index_from_string

        return int(reference.group(2)), column_index_from_string(reference.group(1))
    if problem.row is None:
        return _labelled_value(ws, problem.column)
    column = _header_column(ws, problem.column, problem.row)
    if column is None:
        column = _first_filled(ws, problem.row)
    return (problem.row, column) if column is not None else None


def _text(value: object) -> str:
    return normalise_header(str(value)) if value is not None and str(value).strip() else ""


def _header_column(ws, header: str, row: int) -> int | None:
    """The column whose header (the first row from the top, at or above ``row``, that has it) reads ``header``.

    Searched from the top: a data value can read like a header (협의체 '분과' beside the
    분과 column), a header never sits below its data.
    """
    wanted = _text(header)
    if not wanted:
        return None
    for cells in ws.iter_rows(min_row=1, max_row=min(row, ws.max_row, HEADER_ROWS)):
        for cell in cells:
            if _text(cell.value) == wanted:
                return cell.column
    return None


def _first_filled(ws, row: int) -> int | None:
    """The first filled cell of a row (a problem of the whole row), or None for an empty row."""
    if row > ws.max_row:
        return None
    return next((cell.column for cell in ws[row] if cell.value is not None and str(cell.value).strip()), None)


def _labelled_value(ws, label: str) -> tuple[int, int] | None:
    """The value cell right of a label (``연도`` in 제출정보); a table's header cell itself.

    A row of label and value (two filled cells at most) is a form: its value is right of
    the label. In a row of many headers the label is a column's header: the problem is
    about that column, shown at its header.
    """
    wanted = _text(label)
    if not wanted:
        return None
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, HEADER_ROWS)):
        for cell in row:
            if _text(cell.value) == wanted:
                filled = sum(c.value is not None and str(c.value).strip() != "" for c in row)
                return (cell.row, cell.column + 1) if filled <= 2 else (cell.row, cell.column)
    return None
