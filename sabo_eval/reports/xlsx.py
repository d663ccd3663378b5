"""The report's tables as a workbook (secretariats paste them into HWP documents).

One sheet per table, Korean headers, values as shown in the report. Text cells are
written as text cells, so a value such as ``=HYPERLINK(…)`` or ``-성과지표…`` is never
evaluated as a formula (formula injection); :func:`inert` does the same for CSV.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

__all__ = ["FORMULA_STARTS", "inert", "sheet_name", "write_tables_xlsx"]

#: A cell starting with one of these may be run as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\']")


def inert(value: object) -> object:
    """Make a text value safe for CSV: prefix ``'`` when it could start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, no ``[]:*?/\\'``) from a caption."""
    base = _INVALID_SHEET.sub(" ", title).strip()[:31] or "표"
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def write_tables_xlsx(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write each table to its own sheet, headers bold, text never read as formulas.

    Parameters
    ----------
    tables : dict
        Caption → table (as displayed: Korean headers, formatted values).
    path : path-like

    Returns
    -------
    Path
    """
    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    header_fill = PatternFill("solid", fgColor="EEF2F7")
    for caption, frame in tables.items():
        ws = wb.create_sheet(sheet_name(caption, taken))
        ws.append([caption])
        ws["A1"].font = Font(bold=True)
        for j, column in enumerate(frame.columns, start=1):
            cell = ws.cell(row=2, column=j, value=str(column))
            cell.font, cell.fill = Font(bold=True), header_fill
            cell.data_type = "s"
        for i, row in enumerate(frame.itertuples(index=False), start=3):
            for j, value in enumerate(row, start=1):
                if value is None or (isinstance(value, float) and pd.isna(value)):
                    continue
                cell = ws.cell(row=i, column=j)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell.value = value
                else:
                    cell.value = str(value)
                    cell.data_type = "s"  # text, never a formula
                    if "\n" in cell.value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for j, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame.iloc[:, j - 1].head(200)])
            ws.column_dimensions[ws.cell(row=2, column=j).column_letter].width = min(60, max(8, width * 1.6))
    if not tables:
        wb.create_sheet("표 없음").append(["이 보고서에는 표가 없습니다"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
