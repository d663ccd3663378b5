"""Read a submission (xlsx workbook or folder of CSV files) into canonical tables.

A submission is one district × one year. Each sheet (or CSV file) is matched to a
canonical table by its name (:mod:`sabo_eval.intake.schemas`); its header row is found even
below note rows or split over merged cells; Korean or English headers are mapped onto
canonical columns; every cell is parsed by its column's kind; published 계/합계/소계
rows are set aside (checked later against their parts, never loaded as data);
attendance rosters (one row per member, one column per month or meeting) become long
attendance records. Problems are collected with their file, sheet, Excel row and
header as written; loading never stops at the first one.

This module orchestrates the steps: reading files (:mod:`.readers`), the 제출정보
sheet (:mod:`.info`), table sheets (:mod:`.sheets`), rosters (:mod:`.roster`) and wide
survey answers (:mod:`.survey_layout`).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pandas as pd

from .accounting import account_sheets
from .info import read_info
from .readers import (
    check_file_name,
    check_sheet_shape,
    find_submissions,
    read_raw_sheets,
    submission_bytes,
    submission_hash,
    unsafe_file_name,
)
from .roster import RosterContext, parse_roster
from .roster_layout import looks_like_roster
from .schemas import (
    ROSTER_SHEET_PREFIXES,
    SCHEMAS,
    SUBMISSION_INFO_SHEET,
    TableSchema,
    normalise_header,
    schema_for_sheet,
)
from .services_layout import read_services_sheet
from .services_years import set_aside_year_rows
from .sheet_checks import first_value, report_hidden_sheet, report_unknown_sheet
from .sheets import columns_frame, parse_table_sheet, sheet_is_empty
from .submission import RawSheet, Submission, TotalRow
from .survey_layout import read_survey_sheet

__all__ = [
    "RawSheet",
    "TotalRow",
    "Submission",
    "read_raw_sheets",
    "load_submission",
    "find_submissions",
    "submission_bytes",
    "submission_hash",
    "unsafe_file_name",
]

logger = logging.getLogger(__name__)

#: Sheets that carry instructions for people, the lists behind drop-downs, the template's
#: filled example (작성예시), or the problem list that ``validate --annotate`` puts first in
#: its copy (검토결과: a copy fixed and sent again still reads) — not data.
IGNORED_SHEETS = {
    "안내", "작성방법", "작성안내", "instructions", "readme", "코드표", "목록", "코드목록", "선택목록", "lists", "작성예시", "검토결과",
}

#: Tables whose sheets have a reader of their own (other layouts besides the long form).
_READERS = {"services": read_services_sheet, "survey_responses": read_survey_sheet}
#: Columns kept beside a table's provenance: the header of a wide survey answer's cell.
_EXTRA = {"survey_responses": ("_column",)}

_SHEET_SCHEMAS: dict[str, tuple[dict, TableSchema | None]] = {}


def load_submission(path: Path | str) -> Submission:
    """Load a submission into canonical tables, collecting every problem.

    Parameters
    ----------
    path : path-like
        An ``.xlsx`` workbook or a folder of CSV files.

    Returns
    -------
    Submission
        Tables and problems; check ``submission.problems`` (or run
        :func:`sabo_eval.intake.validation.validate`) before using the tables.

    Raises
    ------
    SubmissionError
        When the file cannot be read at all.

    Examples
    --------
    >>> from sabo_eval import load_submission
    >>> sub = load_submission("data/sample/41110_2023_수원시.xlsx")
    >>> sub.district_code, sub.year, len(sub.tables["members"])
    ('41110', 2023, 250)
    """
    path = Path(path)
    sheets, raw = read_raw_sheets(path)
    sub = Submission(
        path=path,
        file_name=path.name,
        content_hash=hashlib.sha256(raw).hexdigest(),
        raw_bytes=raw,
    )
    logger.debug("read %s: %d sheets", path.name, len(sheets))
    check_file_name(sub)
    for sheet in sheets:
        check_sheet_shape(sub, sheet)
    read_info(sub, sheets)
    skipped: dict[str, str] = {}
    table_sheets, rosters = _sort_sheets(sub, sheets, skipped)
    for name, schema in SCHEMAS.items():
        parts = []
        read = _READERS.get(name, parse_table_sheet)
        for sheet in table_sheets.get(name, []):
            parts.append(read(sub, sheet, schema))
            sub.sheets.setdefault(name, sheet.name)
        sub.tables[name] = columns_frame(parts, schema, _EXTRA.get(name, ()))
    if rosters:
        _add_rosters(sub, rosters)
    set_aside_year_rows(sub)
    account_sheets(sub, sheets, skipped)
    return sub


def _sort_sheets(
    sub: Submission, sheets: list[RawSheet], skipped: dict[str, str]
) -> tuple[dict[str, list[RawSheet]], list[RawSheet]]:
    """Table sheets per table name, and roster sheets; unknown and hidden sheets are reported.

    Sheets not read as tables are recorded in ``skipped`` (``info``, ``instructions``
    or ``unknown``) for the accounting.
    """
    table_sheets: dict[str, list[RawSheet]] = {}
    rosters: list[RawSheet] = []
    for sheet in sheets:
        key = normalise_header(sheet.name)
        if key in IGNORED_SHEETS:
            skipped[sheet.name] = "instructions"
            continue
        schema = _schema_for_sheet(sheet.name)
        if key == normalise_header(SUBMISSION_INFO_SHEET) or key in {"submission", "제출"}:
            skipped[sheet.name] = "info"
        elif key.startswith(tuple(normalise_header(p) for p in ROSTER_SHEET_PREFIXES)):
            rosters.append(sheet)
        elif schema is not None:
            table_sheets.setdefault(schema.name, []).append(sheet)
        elif not sheet_is_empty(sheet) and looks_like_roster(sheet):
            rosters.append(sheet)  # 연구기획분과 출석부, 연구기획분과_출석, 연구기획분과 …
        else:
            skipped[sheet.name] = "unknown"
            found = first_value(sheet)
            if found is not None:
                report_unknown_sheet(sub, sheet, found)
            continue
        if sheet.hidden:
            report_hidden_sheet(sub, sheet)
    return table_sheets, rosters


def _add_rosters(sub: Submission, rosters: list[RawSheet]) -> None:
    """Append the attendance records of the roster sheets to the attendance table."""
    context = RosterContext(sub)
    roster_parts = [parse_roster(sub, sheet, context) for sheet in rosters]
    long_form = sub.tables["attendance"]
    roster_frame = columns_frame(roster_parts, SCHEMAS["attendance"], extra=("_column",))
    sub.tables["attendance"] = (
        roster_frame if long_form.empty else pd.concat([long_form, roster_frame], ignore_index=True)
    )
    sub.sheets.setdefault("attendance", rosters[0].name)


def _schema_for_sheet(sheet_name: str) -> TableSchema | None:
    """:func:`schema_for_sheet`, remembered per sheet name (while ``SCHEMAS`` is unchanged)."""
    cached = _SHEET_SCHEMAS.get(sheet_name)
    if cached is None or cached[0] is not SCHEMAS or len(_SHEET_SCHEMAS) > 10_000:
        if len(_SHEET_SCHEMAS) > 10_000:
            _SHEET_SCHEMAS.clear()
        cached = _SHEET_SCHEMAS[sheet_name] = (SCHEMAS, schema_for_sheet(sheet_name))
    return cached[1]
