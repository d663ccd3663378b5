"""The realistic-files corpus: definitions shared by the builder and the test.

A case is one sample submission changed the way a secretariat really changes it
(a renamed sheet, merged cells, a percent-formatted cell, an ``.xls`` export …),
with what must happen to it:

* :class:`Accept` — it goes in, and **every table of its district-year** in the
  warehouse equals the tables of the unchanged base file (after ``adjust``, for a
  change that really changes a value); nothing lost, nothing distorted.
* :class:`Refuse` — it is refused with this problem (rule, and where when given),
  and the warehouse is left as it was.

Cases live in the ``cases_*.py`` modules beside this file (one per family of
shapes); ``build_real_corpus.py`` writes their files to ``files/`` and the
expected-outcome table ``EXPECTED.csv``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SAMPLE = ROOT / "data" / "sample"
FILES = HERE / "files"
EXPECTED = HERE / "EXPECTED.csv"

#: Base files: a district with roster sheets (수원시), one with long-form attendance
#: (종로구), one with a 예산 unit note (수원시 2023), and a CSV folder (사상구 2022).
SUWON = "41110_2023_수원시.xlsx"
SUWON_2022 = "41110_2022_수원시.xlsx"
JONGNO = "11110_2023_종로구.xlsx"
SASANG_CSV = "26530_2022_사상구"

Tables = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Accept:
    """The case goes in; its tables equal the base's after ``adjust`` (if any)."""

    adjust: Callable[[Tables], None] | None = None
    #: Rules of warnings the case must produce (e.g. a synonym mapped, an unused service).
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refuse:
    """The case is refused with a problem of this rule (at this place, when given)."""

    rule: str
    sheet: str = ""
    row: int | None = None
    column: str = ""


@dataclass(frozen=True)
class Case:
    """One realistic file.

    Parameters
    ----------
    name : str
        File name in ``files/`` (its extension decides how it is written).
    base : str
        The sample file (or CSV folder) it is made from.
    outcome : Accept or Refuse
    edit : callable, optional
        Changes an openpyxl workbook of the base in place (xlsx cases).
    write : callable, optional
        ``write(base_path, out_path)`` for files openpyxl cannot write (xls, ods,
        HTML, UTF-16 text, CSV folders); used instead of ``edit``.
    note : str
        What a secretariat did, in a few words.
    """

    name: str
    base: str
    outcome: Accept | Refuse
    edit: Callable[[openpyxl.Workbook], None] | None = None
    write: Callable[[Path, Path], None] | None = None
    note: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def path(self) -> Path:
        return FILES / self.name


def base_path(base: str) -> Path:
    return SAMPLE / base


def build(case: Case) -> Path:
    """Write the case's file (or folder) into ``files/``; return its path."""
    from sabo_eval.sampledata.workbook import save_workbook

    FILES.mkdir(exist_ok=True)
    out = case.path
    if out.is_dir():
        shutil.rmtree(out)
    elif out.exists():
        out.unlink()
    if case.write is not None:
        case.write(base_path(case.base), out)
    else:
        wb = openpyxl.load_workbook(base_path(case.base))
        if case.edit is not None:
            case.edit(wb)
        save_workbook(wb, out)
    return out


# ----------------------------------------------------------------------------- edits


def rename_sheet(old: str, new: str) -> Callable[[openpyxl.Workbook], None]:
    """An edit renaming one sheet."""

    def edit(wb: openpyxl.Workbook) -> None:
        wb[old].title = new

    return edit


def set_cell(sheet: str, coordinate: str, value: object, number_format: str | None = None):
    """An edit writing one cell (and its number format)."""

    def edit(wb: openpyxl.Workbook) -> None:
        cell = wb[sheet][coordinate]
        cell.value = value
        if number_format is not None:
            cell.number_format = number_format

    return edit


def both(*edits: Callable[[openpyxl.Workbook], None]) -> Callable[[openpyxl.Workbook], None]:
    """Several edits in order."""

    def edit(wb: openpyxl.Workbook) -> None:
        for one in edits:
            one(wb)

    return edit


def find_column(ws, header: str, header_row: int = 1) -> int:
    """1-based column index of ``header`` in the header row."""
    for cell in ws[header_row]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)
