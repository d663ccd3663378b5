"""Reconciling published summary tables: every 계/합계/소계 against its parts.

Korean offices publish tables with total rows (계, 합계, 총계, 소계) and total
columns (계, 총계 — with two header rows, a total group such as 총계 over 가구/금액).
:func:`reconcile` checks each published total against the sum of its parts and
returns every mismatch with both numbers:

* a total **row** equals the sum of the data rows (a 소계 the rows since the previous
  total; a 계/합계/총계 every data row);
* a total **column** equals, in every row, the sum of the other columns (with two
  header rows: of the other groups' columns with the same lower header).

Empty cells and ``-`` count as nothing (0) in a sum; a total cell that is empty is
not checked.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import parsing
from .text_sheets import decode_text

__all__ = ["read_published_table", "reconcile"]

TOLERANCE = 1e-6


def read_published_table(path: str | Path, header_rows: int = 1) -> pd.DataFrame:
    """Read a published table from CSV (UTF-8 or CP949), first column = row labels.

    Parameters
    ----------
    path : path-like
    header_rows : int
        1, or 2 for a grouped header (category over 가구/금액); merged cells of the
        upper row may be repeated or left empty (they are filled from the left).

    Returns
    -------
    DataFrame
        Text cells as published; columns a MultiIndex when ``header_rows == 2``.
    """
    import csv
    import io

    text = decode_text(Path(path).read_bytes(), Path(path).name)
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    header, body = rows[:header_rows], rows[header_rows:]
    if header_rows == 2:
        top, last = [], ""
        for cell in header[0]:
            last = cell.strip() or last
            top.append(last)
        columns = pd.MultiIndex.from_arrays([top, [c.strip() for c in header[1]]])
    else:
        columns = pd.Index([c.strip() for c in header[0]])
    return pd.DataFrame(body, columns=columns)


def _label(column) -> str:
    return " / ".join(str(c) for c in column) if isinstance(column, tuple) else str(column)


def _number(value: object) -> float | None:
    try:
        return parsing.parse_number(value)
    except parsing.CellError:
        return None


def reconcile(table: pd.DataFrame) -> pd.DataFrame:
    """Check every total row and total column of a published table.

    Parameters
    ----------
    table : DataFrame
        First column: row labels; other columns: numbers as published (text with
        thousands separators is fine). See :func:`read_published_table`.

    Returns
    -------
    DataFrame
        One row per mismatch: ``axis`` (``행``/``열``), ``row``, ``column``,
        ``published``, ``computed`` (sum of the parts), ``difference``; empty when
        every total agrees.
    """
    labels = [str(v).strip() for v in table.iloc[:, 0]]
    columns = list(table.columns[1:])
    values = table.iloc[:, 1:].map(_number)
    values.columns = range(len(columns))
    kinds = [parsing.is_total_label(label) for label in labels]

    def top(column) -> str:
        return column[0] if isinstance(column, tuple) else column

    def sub(column):
        return column[1] if isinstance(column, tuple) else None

    total_columns = [j for j, c in enumerate(columns) if parsing.is_total_label(str(top(c)))]
    mismatches = []

    def check(axis: str, row: str, column, published: float | None, parts: list[float | None]) -> None:
        if published is None or pd.isna(published):
            return
        computed = float(sum(p for p in parts if p is not None and not pd.isna(p)))
        if abs(published - computed) > TOLERANCE * max(1.0, abs(published)):
            mismatches.append(
                {"axis": axis, "row": row, "column": _label(column), "published": published, "computed": computed,
                 "difference": published - computed}
            )

    # Total rows.
    for i, kind in enumerate(kinds):
        if not kind:
            continue
        if kind == "subtotal":
            start = max((k for k in range(i) if kinds[k]), default=-1) + 1
            part_rows = [k for k in range(start, i) if not kinds[k]]
        else:
            part_rows = [k for k in range(len(labels)) if not kinds[k]]
        for j, column in enumerate(columns):
            check("행", labels[i], column, values.iat[i, j], [values.iat[k, j] for k in part_rows])
    # Total columns.
    for j in total_columns:
        parts = [k for k, c in enumerate(columns) if k not in total_columns and sub(c) == sub(columns[j])]
        for i, label in enumerate(labels):
            check("열", label, columns[j], values.iat[i, j], [values.iat[i, k] for k in parts])
    return pd.DataFrame(mismatches, columns=["axis", "row", "column", "published", "computed", "difference"])
