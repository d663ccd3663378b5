"""Writing submissions as xlsx workbooks (stable bytes) or CP949 CSV folders."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from sabo_eval.intake.schemas import SCHEMAS, SUBMISSION_INFO_FIELDS, SUBMISSION_INFO_SHEET

from .common import (
    FIXED_TIMESTAMP,
    INFO_KEY_HEADER,
    INFO_LABELS,
    INFO_VALUE_HEADER,
    TABLE_ORDER,
    format_date,
    korean_headers,
)
from .submissions import Submission


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose members all carry the same timestamp (stable bytes)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # noqa: D102
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        return super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # noqa: D102
        data = Path(filename).read_bytes()
        return self.writestr(arcname or str(filename), data)


def save_workbook(wb: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed document properties and zip timestamps.

    ``openpyxl.Workbook.save`` stamps the current time into ``docProps/core.xml``;
    calling the writer directly keeps ``created = modified = 2024-01-01``.

    Parameters
    ----------
    wb : openpyxl.Workbook
        The workbook.
    path : pathlib.Path
        Target file.
    """
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    wb.properties.creator = "sabo_eval generate_sample_data.py"
    wb.properties.lastModifiedBy = None
    archive = _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()


_BOLD = Font(bold=True)


def _put_rows(ws, header: list[str], rows: Iterable[list], note: str | None, style: str) -> None:
    """Append an optional note row, a bold header row and the data rows to ``ws``."""
    if note:
        ws.append([note])
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = _BOLD
    for row in rows:
        ws.append([format_date(v, style) if isinstance(v, date) else v for v in row])
    for col_cells in ws.iter_cols(min_row=1, max_row=ws.max_row):
        for cell in col_cells:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and cell.value.isdigit() and len(cell.value) == 5:
                cell.number_format = "@"  # 시군구코드 stays text
    for i, h in enumerate(header, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = max(
            8, min(40, 2 * len(str(h)) + 4)
        )


def _info_rows(sub: Submission) -> list[list]:
    # The roster convention is written only when a district declares one.
    return [
        [INFO_LABELS[key], sub.info.get(key)]
        for key, *_rest in SUBMISSION_INFO_FIELDS
        if key != "roster_blank" or sub.info.get(key) is not None
    ]


def _table_rows(table: str, rows: list[dict]) -> list[list]:
    names = SCHEMAS[table].column_names
    return [[r.get(n) for n in names] for r in rows]


def write_xlsx(sub: Submission, path: Path) -> None:
    """Write one submission workbook (제출정보 first, then the tables in sheet order).

    Parameters
    ----------
    sub : Submission
        The submission.
    path : pathlib.Path
        Target ``.xlsx`` file.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SUBMISSION_INFO_SHEET
    _put_rows(ws, [INFO_KEY_HEADER, INFO_VALUE_HEADER], _info_rows(sub), None, sub.date_style)
    for table in TABLE_ORDER:
        if table == "attendance" and sub.rosters:
            for sheet, header, rows in sub.rosters:
                _put_rows(wb.create_sheet(sheet), header, rows, None, sub.date_style)
            continue
        if table not in sub.tables:
            continue
        ws = wb.create_sheet(SCHEMAS[table].korean)
        _put_rows(
            ws,
            korean_headers(table),
            _table_rows(table, sub.tables[table]),
            sub.notes.get(table),
            sub.date_style,
        )
    save_workbook(wb, path)


def write_csv_folder(sub: Submission, folder: Path) -> list[Path]:
    """Write one submission as CP949 CSV files named after the sheets.

    Parameters
    ----------
    sub : Submission
        The submission.
    folder : pathlib.Path
        Target folder (created if missing).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def dump(name: str, header: list[str], rows: list[list]) -> None:
        path = folder / f"{name}.csv"
        with path.open("w", encoding="cp949", newline="") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(header)
            for row in rows:
                w.writerow(
                    [
                        ""
                        if v is None
                        else format_date(v, sub.date_style)
                        if isinstance(v, date)
                        else v
                        for v in row
                    ]
                )
        written.append(path)

    dump(SUBMISSION_INFO_SHEET, [INFO_KEY_HEADER, INFO_VALUE_HEADER], _info_rows(sub))
    for table in TABLE_ORDER:
        if table in sub.tables:
            dump(
                SCHEMAS[table].korean, korean_headers(table), _table_rows(table, sub.tables[table])
            )
    return written
