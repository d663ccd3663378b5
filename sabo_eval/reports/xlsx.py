"""The report's tables as a workbook (secretariats paste them into HWP documents).

One sheet per table, Korean headers, values as shown in the report. Every text that
goes in — sheet titles, the caption row, headers, cells — passes through
:mod:`sabo_eval.intake.inert_text`: a value such as ``=HYPERLINK(…)``,
``=cmd|' /C calc'!A0`` or ``-성과지표…`` is a string cell (never an ``<f>``
formula), a sheet title is valid and unique, and the workbook holds no defined
names or comments built from submitted text.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ..intake.inert_text import FORMULA_STARTS, inert, put_text, sheet_title

__all__ = ["FORMULA_STARTS", "inert", "sheet_name", "write_tables_xlsx"]

#: Kept for callers of the former name: a valid, unique sheet title from a caption.
sheet_name = sheet_title
_HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _put_value(cell, value: object) -> None:
    """A finite number as a number; anything else as text (never a formula)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        cell.value = value
        return
    put_text(cell, value)
    if "\n" in cell.value:
        cell.alignment = _WRAP


def _write_sheet(ws, caption: str, frame: pd.DataFrame) -> None:
    put_text(ws.cell(row=1, column=1), caption)
    ws.cell(row=1, column=1).font = Font(bold=True)
    for j, column in enumerate(frame.columns, start=1):
        cell = ws.cell(row=2, column=j)
        put_text(cell, column)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
    for i, row in enumerate(frame.itertuples(index=False), start=3):
        for j, value in enumerate(row, start=1):
            if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
                continue
            _put_value(ws.cell(row=i, column=j), value)
    for j, column in enumerate(frame.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in frame.iloc[:, j - 1].head(200)])
        ws.column_dimensions[ws.cell(row=2, column=j).column_letter].width = min(60, max(8, width * 1.6))


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
    for caption, frame in tables.items():
        _write_sheet(wb.create_sheet(sheet_title(caption, taken)), caption, frame)
    if not tables:
        put_text(wb.create_sheet("표 없음").cell(row=1, column=1), "이 보고서에는 표가 없습니다")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
