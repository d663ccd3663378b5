"""Sort the rows below a table's header into blank rows, published totals and data rows.

The body of a sheet is read column by column (a column is taken out of the rows when
first asked for). Blank rows are dropped, rows labelled 계/합계/소계 are set aside as
published totals (checked later against their parts), and the rest are data rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import parsing

__all__ = ["sort_rows"]

#: (Excel row, row, kind, label, data rows before it) of a published total row.
TotalCells = tuple[int, list[object], str, str, int]


def sort_rows(
    rows: list[list[object]], start: int, probe: list[int]
) -> tuple[Sequence[list[object]], list[int], list[TotalCells]]:
    """Sort the rows below a header into blank rows, published totals and data rows.

    Parameters
    ----------
    rows : list of list
        The sheet's rows as read.
    start : int
        Index of the first row below the header.
    probe : list of int
        Column indices looked at, in that order, for a total label.

    Returns
    -------
    columns : sequence of lists
        The cells below the header, column by column (short rows padded with None).
    keep : list of int
        Positions (from ``start``) of the data rows.
    totals : list
        (Excel row, row, kind, label, data rows before it) of each 계/합계/소계 row: a row
        is a total when a cell of ``probe`` (in that order) holds a total label.
    """
    body = rows[start:]
    if not body:
        return [], [], []
    width = max(map(len, body))
    if width == 0:
        return [], [], []
    if min(map(len, body)) < width:
        body = [row if len(row) == width else [*row, *([None] * (width - len(row)))] for row in body]
    columns = _Columns(body, width)
    blank = _blank_rows(body, columns)
    probe = [j for j in probe if j < width]
    total_rows = _total_rows(body, columns, probe, blank)
    if not blank and not total_rows:
        return columns, list(range(len(body))), []
    keep: list[int] = []
    totals = []
    for k in range(len(body)):
        if k in blank:
            continue
        found = total_rows.get(k)
        if found:
            totals.append((start + k + 1, body[k], found[0], found[1], len(keep)))
        else:
            keep.append(k)
    return columns, keep, totals


def _blank_rows(body: list[list[object]], columns: _Columns) -> set[int]:
    """Positions of the rows whose every cell is blank."""
    is_blank = parsing.is_blank
    # A blank row has a blank first cell; only those rows are read whole. Equal cells
    # are equally blank, so each distinct first cell is looked at once.
    first = columns[0]
    try:
        blank_cells = [cell for cell in set(first) if is_blank(cell)]
    except TypeError:  # an unhashable cell
        blank_cells = [cell for cell in first if is_blank(cell)]
    if not blank_cells:
        return set()
    return {k for k, cell in enumerate(first) if is_blank(cell) and all(is_blank(c) for c in body[k])}


def _total_rows(
    body: list[list[object]], columns: _Columns, probe: list[int], blank: set[int]
) -> dict[int, tuple[str, str]]:
    """(kind, label) of each row that is not blank and holds a total label in a probed column."""
    total_rows: dict[int, tuple[str, str]] = {}
    for k in _total_candidates(columns, probe):
        if k in blank:
            continue
        row = body[k]
        for j in probe:
            kind = parsing.is_total_label(row[j])
            if kind:
                total_rows[k] = (kind, str(row[j]).strip())
                break
    return total_rows


def _total_candidates(columns: _Columns, probe: list[int]) -> list[int]:
    """Sorted positions of the rows with a text holding 계 or 체 in a probed column.

    A total label holds 계 or 체 (see :func:`parsing.is_total_label`); only rows holding
    such a text in a probed column are read.
    """
    candidates: list[int] = []
    for j in probe:
        column = columns[j]
        try:
            joined = "\n".join(column)  # a column of texts: looked through at once
        except TypeError:
            pass
        else:
            if "계" not in joined and "체" not in joined:
                continue
        try:
            labels = {cell for cell in set(column) if isinstance(cell, str) and ("계" in cell or "체" in cell)}
        except TypeError:
            labels = {cell for cell in column if isinstance(cell, str) and ("계" in cell or "체" in cell)}
        if labels:
            candidates.extend(k for k, cell in enumerate(column) if isinstance(cell, str) and cell in labels)
    return sorted(set(candidates))


class _Columns:
    """The columns of equally long rows, each taken out when first asked for."""

    def __init__(self, rows: list[list[object]], width: int) -> None:
        self.rows = rows
        self.width = width
        self.taken: dict[int, list[object]] = {}

    def __len__(self) -> int:
        return self.width

    def __getitem__(self, j: int) -> list[object]:
        found = self.taken.get(j)
        if found is None:
            if not 0 <= j < self.width:
                raise IndexError(j)
            found = self.taken[j] = [row[j] for row in self.rows]
        return found
