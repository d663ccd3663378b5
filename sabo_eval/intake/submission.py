"""The records of a loaded submission: raw sheets, published total rows and the submission.

These dataclasses are what the readers (:mod:`.readers`) produce and what the sheet,
roster and validation code fill in; they hold data only, apart from
:meth:`Submission.problem`, which records a located problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .problems import ERROR, Problem

__all__ = ["RawSheet", "TotalRow", "Submission"]


@dataclass
class RawSheet:
    """The cells of one sheet (or CSV file) as read, before any mapping.

    ``rows[i][j]`` is the cell in Excel row ``i + 1``, column ``j + 1``.
    """

    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    formulas: list[tuple[int, str, str, bool]] = field(default_factory=list)
    too_many_rows: int | None = None
    #: Cells the workbook shows as percents, (row index, column index) 0-based.
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    #: Hidden in the workbook (Excel's 숨기기): read all the same, and said so.
    hidden: bool = False


@dataclass
class TotalRow:
    """A published total (계/합계/소계) row, kept aside to check against its parts."""

    table: str
    sheet: str
    row: int
    kind: str  # "total" or "subtotal"
    label: str
    seq: int  # number of data rows of this sheet read before it
    values: dict[str, float]
    context: dict[str, str]
    headers: dict[str, str]


@dataclass
class Submission:
    """A loaded submission: canonical tables plus everything needed to trace them.

    Attributes
    ----------
    path : Path
        Where it was read from.
    file_name : str
        File (or folder) name as submitted.
    content_hash : str
        SHA-256 of the submitted bytes; identical files give identical hashes.
    raw_bytes : bytes
        The original bytes (a folder is stored as a deterministic zip of its CSVs).
    district_code, year : str, int or None
        The district-year this submission replaces.
    info : dict
        Values of the 제출정보 sheet.
    tables : dict of str to DataFrame
        Canonical tables with provenance columns ``_sheet``, ``_row`` and ``_seq``.
    totals : list of TotalRow
        Published total rows, not part of the tables.
    headers : dict
        ``(table, column) → header as written`` for messages.
    problems : list of Problem
        Problems found while reading (validation adds more).
    year_rows : set of (str, int)
        (sheet, Excel row) of service rows whose 월 was written as a year label (``계``).
    set_aside : list of (str, int, str, str)
        ``(sheet, Excel row, kind, text)`` of rows read but not loaded: totals checked
        against their parts (besides :attr:`totals`), titles and notes around a table.
    accounting : list
        Per sheet, what became of its rows (see :mod:`.accounting`).
    """

    path: Path
    file_name: str
    content_hash: str
    raw_bytes: bytes
    district_code: str | None = None
    year: int | None = None
    info: dict[str, object] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    totals: list[TotalRow] = field(default_factory=list)
    headers: dict[tuple[str, str], str] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    year_rows: set[tuple[str, int]] = field(default_factory=set)
    set_aside: list[tuple[str, int, str, str]] = field(default_factory=list)
    accounting: list = field(default_factory=list)

    def problem(
        self,
        sheet: str,
        row: int | None,
        column: str,
        value: object,
        reason_ko: str,
        reason_en: str,
        rule: str,
        severity: str = ERROR,
    ) -> None:
        """Record a problem located in this submission.

        Parameters
        ----------
        sheet : str
            Sheet name (or CSV file name); empty for the file as a whole.
        row : int or None
            Excel row, or None for the whole sheet.
        column : str
            The column header as written (or a cell reference).
        value : object
            The value as written; shortened to 60 characters.
        reason_ko, reason_en : str
            Why it is a problem, in Korean and English.
        rule : str
            The rule's identifier.
        severity : str
            ``error`` (the default) or ``warning``.
        """
        text = "" if value is None else str(value)
        if len(text) > 60:
            text = text[:59] + "…"
        self.problems.append(
            Problem(self.file_name, sheet, row, column, text, reason_ko, reason_en, rule, severity)
        )
