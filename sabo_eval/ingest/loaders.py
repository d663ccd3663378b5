"""Read a submission (xlsx workbook or folder of CSV files) into canonical tables.

A submission is one district × one year. Each sheet (or CSV file) is matched to a
canonical table by its name (:mod:`sabo_eval.ingest.schemas`); its header row is found even
below note rows or split over merged cells; Korean or English headers are mapped onto
canonical columns; every cell is parsed by its column's kind; published 계/합계/소계
rows are set aside (checked later against their parts, never loaded as data);
attendance rosters (one row per member, one column per month or meeting) become long
attendance records. Problems are collected with their file, sheet, Excel row and
header as written; loading never stops at the first one.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import SubmissionError
from . import parsing
from .problems import ERROR, WARNING, Problem
from .schemas import (
    ATTENDANCE_MARKS,
    CODE,
    DATE,
    DISTRICT,
    FLOAT,
    INT,
    ROSTER_SHEET_PREFIXES,
    SCHEMAS,
    SUBMISSION_INFO_FIELDS,
    SUBMISSION_INFO_SHEET,
    Column,
    TableSchema,
    normalise_header,
    schema_for_sheet,
)

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

#: Sheets that carry instructions for people, not data.
IGNORED_SHEETS = {"안내", "작성방법", "작성안내", "instructions", "readme", "코드표"}
HEADER_SEARCH_ROWS = 20
#: Rows read per sheet; a longer sheet is reported, not read (no memory blow-up).
MAX_ROWS = 100_000
#: Spreadsheet functions that reach outside the workbook (links, web, DDE, commands).
DANGEROUS_FORMULA = re.compile(r"HYPERLINK|WEBSERVICE|FILTERXML|IMPORT|CALL|REGISTER|EXEC|DDE|\||cmd", re.I)
CSV_ENCODINGS = ("utf-8-sig", "cp949")
_CONTEXT_COLUMNS = ("district_code", "year")


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
        """Record a problem located in this submission."""
        text = "" if value is None else str(value)
        if len(text) > 60:
            text = text[:59] + "…"
        self.problems.append(
            Problem(self.file_name, sheet, row, column, text, reason_ko, reason_en, rule, severity)
        )


# --------------------------------------------------------------------------- reading


def find_submissions(path: Path | str) -> list[Path]:
    """List the submissions under ``path``.

    A workbook file is one submission. A folder holding CSV files is one submission;
    a folder holding workbooks or submission folders is a collection of them.

    Parameters
    ----------
    path : path-like
        A workbook, a CSV folder or a folder of submissions.

    Returns
    -------
    list of Path
        Sorted submission paths.
    """
    path = Path(path)
    if not path.exists():
        raise SubmissionError(str(path), "경로가 없습니다", "path does not exist")
    if path.is_file():
        return [path]
    if any(p.suffix.lower() == ".csv" for p in path.iterdir() if p.is_file()):
        return [path]
    found: list[Path] = []
    for child in sorted(path.iterdir()):
        if child.name.startswith((".", "~$")):
            continue
        if child.is_file() and child.suffix.lower() in (".xlsx", ".xlsm") or child.is_dir() and any(p.suffix.lower() == ".csv" for p in child.iterdir()):
            found.append(child)
    return found


def read_raw_sheets(path: Path | str) -> tuple[list[RawSheet], bytes]:
    """Read every sheet of a workbook, or every CSV of a folder, as raw cells.

    Parameters
    ----------
    path : path-like
        ``.xlsx``/``.xlsm`` file or folder of ``.csv`` files.

    Returns
    -------
    sheets : list of RawSheet
    raw_bytes : bytes
        The submitted bytes (folders: a deterministic zip of the CSV files).

    Raises
    ------
    SubmissionError
        When the path cannot be read as a workbook or CSV folder.
    """
    path = Path(path)
    if not path.exists():
        raise SubmissionError(str(path), "파일이 없습니다", "file not found")
    if path.is_dir():
        return _read_csv_folder(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise SubmissionError(
            path.name,
            "지원하지 않는 형식입니다(.xlsx 또는 CSV 폴더만 가능)",
            "unsupported format (only .xlsx or a folder of CSV files)",
        )
    raw = path.read_bytes()
    if not raw:
        raise SubmissionError(path.name, "빈 파일입니다", "the file is empty")
    if raw.startswith(_OLE_MAGIC):
        raise SubmissionError(
            path.name,
            "암호가 걸린 통합문서이거나 옛 .xls 형식입니다 — 암호를 풀고 .xlsx로 저장하세요",
            "password-protected workbook or old .xls format; remove the password and save as .xlsx",
        )
    if not raw.startswith(b"PK"):
        raise SubmissionError(
            path.name,
            "xlsx 형식이 아닙니다(확장자만 .xlsx인 다른 형식의 파일)",
            "not an xlsx file (another format renamed .xlsx)",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise SubmissionError(
                    path.name,
                    "매크로가 들어 있는 통합문서는 받지 않습니다 — 매크로 없이 .xlsx로 저장하세요",
                    "workbooks with macros are not accepted; save as .xlsx without macros",
                )
            formulas = _formula_cells(archive, names)
    except zipfile.BadZipFile as exc:
        raise SubmissionError(path.name, f"통합문서가 손상되었습니다: {exc}", f"the workbook is damaged: {exc}") from exc
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheets = []
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            too_many = sheet.height > MAX_ROWS
            rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS if too_many else None)
            merged = []
            for rng in sheet.merged_cell_ranges or []:
                (r0, c0), (r1, c1) = rng
                merged.append((r0, c0, r1, c1))
            sheets.append(RawSheet(name, rows, merged, formulas.get(name, []), sheet.height if too_many else None))
    except Exception as exc:  # calamine raises several types for broken files
        raise SubmissionError(
            path.name, f"통합문서를 읽을 수 없습니다: {exc}", f"cannot read the workbook: {exc}"
        ) from exc
    return sheets, raw


# Header texts repeat from sheet to sheet and file to file: normalised once each.
_NORMALISED: dict[object, str] = {}
_NORMALISED_MAX = 50_000


def _normalised(cell: object) -> str:
    """:func:`normalise_header`, remembered for texts, numbers and dates.

    A pure function of the text of the cell; numbers and dates are remembered with
    their type (``1``, ``1.0`` and ``True`` apart; ``0.0`` and ``-0.0`` share a
    result, which is the same for both; only naive date-times, as equal aware ones
    may print differently).
    """
    cls = cell.__class__
    if cls is str:
        key: object = cell
    elif cls in _REMEMBERED_TYPES or (cls is dt.datetime and cell.tzinfo is None):  # type: ignore[attr-defined]
        key = (cls, cell)
    else:
        return normalise_header(cell)
    found = _NORMALISED.get(key)  # type: ignore[arg-type]
    if found is None:
        if len(_NORMALISED) >= _NORMALISED_MAX:
            _NORMALISED.clear()
        found = _NORMALISED[key] = normalise_header(cell)  # type: ignore[index]
    return found


_REMEMBERED_TYPES = frozenset({int, float, bool, dt.date})


_HEADER_MAPS: dict[str, tuple[TableSchema, dict[str, str]]] = {}
_SHEET_SCHEMAS: dict[str, tuple[dict, TableSchema | None]] = {}


def _header_map(schema: TableSchema) -> dict[str, str]:
    """``schema.header_map()``, built once per schema."""
    cached = _HEADER_MAPS.get(schema.name)
    if cached is None or cached[0] is not schema:
        cached = _HEADER_MAPS[schema.name] = (schema, schema.header_map())
    return cached[1]


def _schema_for_sheet(sheet_name: str) -> TableSchema | None:
    """:func:`schema_for_sheet`, remembered per sheet name (while ``SCHEMAS`` is unchanged)."""
    cached = _SHEET_SCHEMAS.get(sheet_name)
    if cached is None or cached[0] is not SCHEMAS or len(_SHEET_SCHEMAS) > 10_000:
        if len(_SHEET_SCHEMAS) > 10_000:
            _SHEET_SCHEMAS.clear()
        cached = _SHEET_SCHEMAS[sheet_name] = (SCHEMAS, schema_for_sheet(sheet_name))
    return cached[1]


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SHEET_ENTRY = re.compile(r"<sheet\b([^>]*)>")
_REL_ENTRY = re.compile(r"<Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
_FORMULA_CELL = re.compile(r'<c\b[^>]*\br="([A-Z]+)(\d+)"[^>]*>(.*?)</c>', re.S)
_FORMULA = re.compile(r"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
# Wherever _FORMULA can match the text, this matches its UTF-8 bytes ('<' and 'f' are
# single bytes; a byte of a non-ASCII letter after them counts as a word boundary here).
_FORMULA_START = re.compile(rb"<f\b")


def _formula_cells(archive: zipfile.ZipFile, names: set[str]) -> dict[str, list[tuple[int, str, str, bool]]]:
    """Formula cells per sheet name: (row, column letter, formula text, has a stored value)."""
    import html as _html

    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for attributes in _REL_ENTRY.findall(rels):
        found = dict(_ATTRIBUTE.findall(attributes))
        targets[found.get("Id")] = found.get("Target", "")
    out: dict[str, list[tuple[int, str, str, bool]]] = {}
    for attributes in _SHEET_ENTRY.findall(book):
        found = dict(_ATTRIBUTE.findall(attributes))
        name, target = found.get("name", ""), targets.get(found.get("r:id"), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if member not in names:
            continue
        data = archive.read(member)
        if not _FORMULA_START.search(data):  # no formula element (tested on the bytes: quicker)
            continue
        xml = data.decode("utf-8", "replace")
        cells = []
        for column, row, body in _FORMULA_CELL.findall(xml):
            formula = _FORMULA.search(body)
            if formula:
                value = re.search(r"<v\b[^>]*>(.*?)</v>", body, re.S)
                cells.append((int(row), column, _html.unescape(formula.group(1) or ""), bool(value and value.group(1))))
        out[_html.unescape(name)] = cells
    return out


def _csv_files(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not files:
        raise SubmissionError(folder.name, "CSV 파일이 없습니다", "no CSV files in the folder")
    return files


def _folder_archive(files: list[Path]) -> bytes:
    """A deterministic zip of a CSV folder: what is stored and hashed for it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.writestr(zipfile.ZipInfo(file.name, date_time=(1980, 1, 1, 0, 0, 0)), file.read_bytes())
    return buffer.getvalue()


def submission_bytes(path: Path | str) -> bytes:
    """The bytes that identify a submission: the workbook file, or a folder's zip.

    Raises
    ------
    SubmissionError
        When the path does not exist or a folder holds no CSV file.
    """
    path = Path(path)
    if not path.exists():
        raise SubmissionError(str(path), "파일이 없습니다", "file not found")
    if path.is_dir():
        return _folder_archive(_csv_files(path))
    return path.read_bytes()


def submission_hash(path: Path | str) -> str:
    """SHA-256 of :func:`submission_bytes`; identical submissions share it."""
    return hashlib.sha256(submission_bytes(path)).hexdigest()


def _read_csv_folder(folder: Path) -> tuple[list[RawSheet], bytes]:
    files = _csv_files(folder)
    sheets = []
    for file in files:
        text = decode_csv(file.read_bytes(), file.name)
        sheets.append(RawSheet(file.stem, [list(r) for r in csv.reader(io.StringIO(text))]))
    return sheets, _folder_archive(files)


def decode_csv(data: bytes, name: str) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM), else CP949.

    Raises
    ------
    SubmissionError
        When neither encoding reads the file.
    """
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SubmissionError(
        name,
        "문자 인코딩을 알 수 없습니다(UTF-8 또는 CP949로 저장하세요)",
        "unknown text encoding (save as UTF-8 or CP949)",
    )


# --------------------------------------------------------------------------- loading


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
        :func:`sabo_eval.ingest.validation.validate`) before using the tables.

    Raises
    ------
    SubmissionError
        When the file cannot be read at all.
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
    _check_file_name(sub)
    for sheet in sheets:
        _check_sheet_shape(sub, sheet)
    _read_info(sub, sheets)

    table_sheets: dict[str, list[RawSheet]] = {}
    rosters: list[RawSheet] = []
    for sheet in sheets:
        key = normalise_header(sheet.name)
        if key == normalise_header(SUBMISSION_INFO_SHEET) or key in {"submission", "제출"}:
            continue
        if key in IGNORED_SHEETS:
            continue
        if key.startswith(tuple(normalise_header(p) for p in ROSTER_SHEET_PREFIXES)):
            rosters.append(sheet)
            continue
        schema = _schema_for_sheet(sheet.name)
        if schema is None:
            if _sheet_is_empty(sheet):
                continue
            sub.problem(
                sheet.name, None, "", "", "알 수 없는 시트입니다 — 읽지 않았습니다",
                "unknown sheet name; it was not read", "unknown_sheet", WARNING,
            )
            continue
        table_sheets.setdefault(schema.name, []).append(sheet)

    for name, schema in SCHEMAS.items():
        parts = []
        for sheet in table_sheets.get(name, []):
            parts.append(_parse_table_sheet(sub, sheet, schema))
            sub.sheets.setdefault(name, sheet.name)
        sub.tables[name] = _columns_frame(parts, schema)

    if rosters:
        context = _RosterContext(sub)
        roster_parts = [_parse_roster(sub, sheet, context) for sheet in rosters]
        long_form = sub.tables["attendance"]
        roster_frame = _columns_frame(roster_parts, SCHEMAS["attendance"], extra=("_column",))
        sub.tables["attendance"] = (
            roster_frame if long_form.empty else pd.concat([long_form, roster_frame], ignore_index=True)
        )
        sub.sheets.setdefault("attendance", rosters[0].name)
    return sub


def unsafe_file_name(name: str) -> bool:
    """Whether a submitted file name holds path characters (``..``, ``/``, ``\\``) or control characters."""
    return ".." in name or "\\" in name or "/" in name or any(ord(ch) < 32 for ch in name)


def _check_file_name(sub: Submission) -> None:
    """File names are shown and stored, never used as paths: refuse path-like names."""
    name = sub.file_name
    if unsafe_file_name(name):
        sub.problem(
            "", None, "", name,
            "파일 이름에 경로 문자('..', '/', '\\')나 제어 문자가 있습니다 — 이름을 바꿔 다시 제출하세요",
            "the file name holds path characters or control characters; rename the file",
            "unsafe_file_name",
        )


def _check_sheet_shape(sub: Submission, sheet: RawSheet) -> None:
    """Oversized sheets and formula cells, reported with their cell."""
    if sheet.too_many_rows:
        sub.problem(
            sheet.name, MAX_ROWS + 1, "", f"{sheet.too_many_rows:,}행",
            f"시트가 너무 깁니다({sheet.too_many_rows:,}행, 최대 {MAX_ROWS:,}행) — 나누어 제출하세요",
            f"the sheet is too long ({sheet.too_many_rows:,} rows, at most {MAX_ROWS:,})",
            "too_many_rows",
        )
    for row, column, formula, has_value in sheet.formulas:
        if DANGEROUS_FORMULA.search(formula):
            sub.problem(
                sheet.name, row, f"{column}열", f"={formula}",
                "외부 연결·명령 수식(HYPERLINK, WEBSERVICE, DDE 등)은 받지 않습니다 — 값으로 붙여 넣으세요",
                "formulas reaching outside the workbook (HYPERLINK, WEBSERVICE, DDE…) are not accepted; paste values",
                "dangerous_formula",
            )
        elif not has_value:
            sub.problem(
                sheet.name, row, f"{column}열", f"={formula}",
                "수식의 계산 결과가 저장되어 있지 않습니다 — Excel에서 열어 저장하거나 값으로 붙여 넣으세요",
                "the formula has no stored result; open and save in Excel, or paste values",
                "formula_without_value",
            )


def _sheet_is_empty(sheet: RawSheet) -> bool:
    return all(parsing.is_blank(v) for row in sheet.rows for v in row)


def _read_info(sub: Submission, sheets: list[RawSheet]) -> None:
    """Read 제출정보 (key–value) and fix the submission's district and year."""
    labels = {}
    for key, label, kind, _required in SUBMISSION_INFO_FIELDS:
        for alias in (key, label):
            labels[normalise_header(alias)] = (key, label, kind)
    info_sheet = next(
        (s for s in sheets if normalise_header(s.name) in {normalise_header(SUBMISSION_INFO_SHEET), "submission"}),
        None,
    )
    invalid: set[str] = set()
    if info_sheet is not None:
        for i, row in enumerate(info_sheet.rows):
            # Label in the first filled cell, value in the cell right of it (by position,
            # so a note further right is never taken for an empty value).
            first = next((j for j, c in enumerate(row) if not parsing.is_blank(c)), None)
            if first is None:
                continue
            match = labels.get(normalise_header(row[first]))
            if match is None:
                continue
            key, label, kind = match
            value = row[first + 1] if first + 1 < len(row) else None
            try:
                sub.info[key] = _parse_value(value, kind, None, label)
            except parsing.CellError as err:
                invalid.add(key)
                sub.problem(info_sheet.name, i + 1, label, value, err.reason_ko, err.reason_en, "bad_info_value")
    # Fall back to a file name such as 41110_2023_수원시.xlsx.
    match = re.match(r"^(\d{5})_(\d{4})", sub.file_name)
    if "district_code" not in sub.info and match:
        sub.info["district_code"] = match.group(1)
    if "year" not in sub.info and match:
        sub.info["year"] = int(match.group(2))
    sheet_name = info_sheet.name if info_sheet else SUBMISSION_INFO_SHEET
    for key, label, _kind, required in SUBMISSION_INFO_FIELDS:
        if required and sub.info.get(key) is None and key not in invalid:
            sub.problem(
                sheet_name, None, label, "",
                f"제출정보에 '{label}'이(가) 없습니다",
                f"the submission sheet has no '{label}' ({key})",
                "missing_submission_info",
            )
    sub.district_code = sub.info.get("district_code")  # type: ignore[assignment]
    sub.year = sub.info.get("year")  # type: ignore[assignment]


def _parse_value(value: object, kind: str, codes: dict[str, str] | None, label: str) -> object:
    if kind == INT:
        return parsing.parse_int(value)
    if kind == FLOAT:
        return parsing.parse_number(value)
    if kind == DATE:
        return parsing.parse_date(value)
    if kind == DISTRICT:
        return parsing.parse_district_code(value)
    if kind == CODE:
        return parsing.parse_code(value, codes or {}, label)
    return parsing.clean_text(value)


def _fill_merged(sheet: RawSheet, upto_row: int) -> list[list[object]]:
    """Copy merged cells' values over their range in the first ``upto_row`` rows."""
    rows = [list(r) for r in sheet.rows[:upto_row]]
    for r0, c0, r1, c1 in sheet.merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(rows[r]) and parsing.is_blank(rows[r][c]):
                    rows[r][c] = value
    return rows


def _find_header(
    sheet: RawSheet, header_map: dict[str, str]
) -> tuple[int, dict[int, str], int] | None:
    """Locate the header: its row, written header per column index and first data row.

    Headers split over two rows (merged cells) are combined: a column blank or
    unrecognised in the best row takes the recognised text of the row below or above.
    """
    top = _fill_merged(sheet, HEADER_SEARCH_ROWS + 1)
    best_row, best_hits = -1, 0
    for i, row in enumerate(top[:HEADER_SEARCH_ROWS]):
        hits = len({header_map[k] for k in map(_normalised, row) if k in header_map})
        if hits > best_hits:
            best_row, best_hits = i, hits
    if best_row < 0 or best_hits < 2:
        return None
    header = {j: str(c).strip() for j, c in enumerate(top[best_row]) if not parsing.is_blank(c)}
    data_start = best_row + 1
    for neighbour in (best_row - 1, best_row + 1):
        if not 0 <= neighbour < len(top):
            continue
        row = top[neighbour]
        if not all(isinstance(c, str) or parsing.is_blank(c) for c in row):
            continue
        used = False
        for j, cell in enumerate(row):
            key = _normalised(cell)
            if key in header_map and _normalised(header.get(j, "")) not in header_map:
                header[j] = str(cell).strip()
                used = True
        if used and neighbour > best_row:
            data_start = neighbour + 1
    return best_row, header, data_start


def _parse_table_sheet(sub: Submission, sheet: RawSheet, schema: TableSchema) -> dict[str, list]:
    """Read one sheet's data rows: canonical and provenance columns as lists."""
    header_map = _header_map(schema)
    found = _find_header(sheet, header_map)
    if found is None:
        if _sheet_is_empty(sheet):
            sub.problem(sheet.name, None, "", "", "빈 시트입니다", "the sheet is empty", "empty_sheet", WARNING)
            return {}
        expected = ", ".join(c.korean for c in schema.columns if c.required and c.name not in _CONTEXT_COLUMNS)
        sub.problem(
            sheet.name, None, "", "",
            f"머리글 행을 찾을 수 없습니다(필요한 열: {expected})",
            f"no header row found (expected columns: {expected})",
            "header_not_found",
        )
        return {}
    header_row, header, data_start = found
    excel_header_row = header_row + 1

    mapping: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    for j, written in sorted(header.items()):
        canonical = header_map.get(_normalised(written))
        if canonical is None:
            unknown.append((j, written))
            continue
        if canonical in mapping.values():
            first = next(header[k] for k, v in mapping.items() if v == canonical)
            sub.problem(
                sheet.name, excel_header_row, written, written,
                f"같은 열이 두 번 있습니다('{first}'와 '{written}')",
                f"duplicate column: '{first}' and '{written}' both mean {canonical}",
                "duplicate_header",
            )
            continue
        mapping[j] = canonical
        sub.headers[(schema.name, canonical)] = written

    missing = [
        c for c in schema.columns
        if c.required and c.name not in mapping.values() and c.name not in _CONTEXT_COLUMNS
    ]
    for col in missing:
        culprit = unknown[0][1] if len(unknown) == 1 else ""
        hint_ko = f" (인식하지 못한 열: {', '.join(repr(u[1]) for u in unknown)})" if unknown else ""
        hint_en = f" (unrecognised: {', '.join(repr(u[1]) for u in unknown)})" if unknown else ""
        sub.problem(
            sheet.name, excel_header_row, culprit, culprit,
            f"필수 열 '{col.korean}'이(가) 없습니다{hint_ko}",
            f"required column '{col.korean}' ({col.name}) is missing{hint_en}",
            "missing_column",
        )
    for _j, written in unknown:
        if missing:
            continue  # already named in the missing-column error
        sub.problem(
            sheet.name, excel_header_row, written, written,
            "알 수 없는 열입니다 — 읽지 않았습니다",
            "unknown column; it was not read",
            "unknown_column", WARNING,
        )
    # Keep reading the other columns so that every other problem is reported too.
    columns = {c.name: c for c in schema.columns}
    text_columns = [j for j, name in mapping.items() if columns[name].kind in ("text", CODE, DISTRICT)]
    # The sheet is read column by column: a column's cells share a kind, and repeated
    # texts (codes, ids, dates) are parsed once. Problems are then reported row by
    # row, in the order of the cells, as if every cell had been read in turn.
    cells, keep, totals = _sort_rows(sheet.rows, data_start, [*text_columns, 0])
    n = len(keep)
    everything = n == len(sheet.rows) - data_start
    excel_rows = [data_start + k + 1 for k in keep]
    table: dict[str, list] = {"_sheet": [sheet.name] * n, "_row": excel_rows, "_seq": list(range(n))}
    issues: dict[int, list[tuple]] = {}
    for j, name in mapping.items():
        if j >= len(cells):
            values: Sequence[object] = [None] * n
        elif everything:
            values = cells[j]
        else:
            column = cells[j]
            values = [column[k] for k in keep]
        parsed, found = _parse_column(values, columns[name])
        table[name] = parsed
        for pos, flag, value, detail in found:
            issues.setdefault(pos, []).append((j, flag, value, detail))

    invalid: dict[int, set[str]] = {}
    pending = iter(totals)
    total = next(pending, None)
    for pos in sorted(issues):
        excel_row = excel_rows[pos]
        while total is not None and total[0] < excel_row:
            sub.totals.append(_total_row(sub, schema, sheet, total[1], total[0], mapping, total[2], total[3], total[4]))
            total = next(pending, None)
        for j, flag, value, detail in issues[pos]:
            name = mapping[j]
            col = columns[name]
            if flag == "error":
                sub.problem(sheet.name, excel_row, header[j], value, detail.reason_ko, detail.reason_en, f"bad_{col.kind}")
                invalid.setdefault(pos, set()).add(name)
            elif flag == "empty":
                sub.problem(
                    sheet.name, excel_row, header[j], "",
                    f"'{col.korean}' 값이 비어 있습니다", f"'{col.korean}' ({name}) must not be empty",
                    "empty_value",
                )
                invalid.setdefault(pos, set()).add(name)
            elif flag == "below":
                sub.problem(
                    sheet.name, excel_row, header[j], value,
                    f"'{col.korean}'은(는) {col.minimum:g} 이상이어야 합니다",
                    f"'{col.korean}' ({name}) must be at least {col.minimum:g}",
                    "below_minimum",
                )
            else:
                sub.problem(
                    sheet.name, excel_row, header[j], value,
                    f"'{col.korean}'은(는) {col.maximum:g} 이하여야 합니다",
                    f"'{col.korean}' ({name}) must be at most {col.maximum:g}",
                    "above_maximum",
                )
    while total is not None:
        sub.totals.append(_total_row(sub, schema, sheet, total[1], total[0], mapping, total[2], total[3], total[4]))
        total = next(pending, None)
    table["_invalid"] = [invalid.get(pos) or set() for pos in range(n)]
    return table


def _sort_rows(
    rows: list[list[object]], start: int, probe: list[int]
) -> tuple[Sequence[list[object]], list[int], list[tuple[int, list[object], str, str, int]]]:
    """Sort the rows below a header into blank rows, published totals and data rows.

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
    is_blank, is_total_label = parsing.is_blank, parsing.is_total_label
    # A blank row has a blank first cell; only those rows are read whole. Equal cells
    # are equally blank, so each distinct first cell is looked at once.
    first = columns[0]
    try:
        blank_cells = [cell for cell in set(first) if is_blank(cell)]
    except TypeError:  # an unhashable cell
        blank_cells = [cell for cell in first if is_blank(cell)]
    blank = set()
    if blank_cells:
        blank = {k for k, cell in enumerate(first) if is_blank(cell) and all(is_blank(c) for c in body[k])}
    # A total label holds 계 or 체 (see parsing.is_total_label); only rows holding such
    # a text in a probed column are read.
    probe = [j for j in probe if j < width]
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
    candidates = sorted(set(candidates))
    total_rows: dict[int, tuple[str, str]] = {}
    for k in candidates:
        if k in blank:
            continue
        row = body[k]
        for j in probe:
            kind = is_total_label(row[j])
            if kind:
                total_rows[k] = (kind, str(row[j]).strip())
                break
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


_MISSING = object()
_DATE = dt.date


def _parse_column(values: Sequence[object], col: Column) -> tuple[list[object], list[tuple]]:
    """Parse the cells of one column as :func:`_parse_value` does cell by cell.

    Returns the parsed values and the problem cells, (position, flag, value as
    written, CellError or None) in order, flag one of ``error``, ``empty``, ``below``
    and ``above``. Numbers and dates already typed by the workbook take a short path
    (giving what the parsers give), and each distinct text is parsed once: parsers are
    pure functions of the text, and only ``str`` values share a result, so ``1``,
    ``1.0``, ``True`` and ``-0.0`` never do.
    """
    kind, codes, label = col.kind, col.codes, col.korean
    n = len(values)
    if kind == FLOAT:  # a finite float is its own value (parse_number)
        parsed = [v if v.__class__ is float and v - v == 0 else _MISSING for v in values]
    elif kind == INT:
        parsed = [int(v) if v.__class__ is float and v.is_integer() else _MISSING for v in values]
    elif kind == DATE:
        parsed = [v if v.__class__ is _DATE else _MISSING for v in values]
    else:
        parsed = [_MISSING] * n
    errors: dict[int, parsing.CellError] = {}
    try:
        distinct = set(values)
    except TypeError:  # an unhashable cell: every cell on its own
        distinct = set()
    texts = [u for u in distinct if u.__class__ is str]
    if texts:
        known: dict[str, object] = {}
        failed: dict[str, parsing.CellError] = {}
        for text in texts:
            try:
                known[text] = _parse_value(text, kind, codes, label)
            except parsing.CellError as err:
                failed[text] = err
                known[text] = None
        if len(texts) == len(distinct) and kind not in (FLOAT, INT, DATE):
            parsed = list(map(known.__getitem__, values))  # only texts: one look-up a cell
        elif kind in (FLOAT, INT, DATE):
            get = known.get
            parsed = [p if p is not _MISSING else get(v, _MISSING) for p, v in zip(parsed, values, strict=True)]
        else:
            parsed = list(map(known.get, values, [_MISSING] * n))
        if failed:
            errors = {pos: failed[v] for pos, v in enumerate(values) if v.__class__ is str and v in failed}
    if _MISSING in parsed:
        for pos, p in enumerate(parsed):
            if p is _MISSING:
                try:
                    parsed[pos] = _parse_value(values[pos], kind, codes, label)
                except parsing.CellError as err:
                    parsed[pos] = None
                    errors[pos] = err
    flagged: dict[int, list[tuple]] = {pos: [(pos, "error", values[pos], err)] for pos, err in errors.items()}
    if not col.nullable and col.name not in _CONTEXT_COLUMNS and None in parsed:
        for pos, p in enumerate(parsed):
            if p is None and pos not in errors:
                flagged[pos] = [(pos, "empty", values[pos], None)]
    low, high = col.minimum, col.maximum
    if low is not None or high is not None:
        for pos, p in enumerate(parsed):
            if p.__class__ in _NUMBER:
                if low is not None and p < low:
                    flagged.setdefault(pos, []).append((pos, "below", values[pos], None))
                if high is not None and p > high:
                    flagged.setdefault(pos, []).append((pos, "above", values[pos], None))
    if not flagged:
        return parsed, []
    return parsed, [issue for pos in sorted(flagged) for issue in flagged[pos]]


_NUMBER = (int, float)


def _total_row(
    sub: Submission,
    schema: TableSchema,
    sheet: RawSheet,
    row: list[object],
    excel_row: int,
    mapping: dict[int, str],
    kind: str,
    label: str,
    seq: int,
) -> TotalRow:
    values: dict[str, float] = {}
    context: dict[str, str] = {}
    headers: dict[str, str] = {}
    for j, name in mapping.items():
        col = schema.column(name)
        cell = row[j] if j < len(row) else None
        headers[name] = sub.headers.get((schema.name, name), name)
        if col.summable:
            try:
                number = parsing.parse_number(cell)
            except parsing.CellError as err:
                sub.problem(sheet.name, excel_row, headers[name], cell, err.reason_ko, err.reason_en, "bad_total")
                continue
            if number is not None:
                values[name] = number
        elif col.kind in ("text", CODE) and not parsing.is_total_label(cell):
            text = parsing.clean_text(cell)
            if text is not None and name not in _CONTEXT_COLUMNS:
                context[name] = text
    return TotalRow(schema.name, sheet.name, excel_row, kind, label, seq, values, context, headers)


def _columns_frame(parts: list[dict[str, list]], schema: TableSchema, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Build a table from sheets read column by column (see :func:`_parse_table_sheet`).

    Object columns, so that empty cells stay ``None`` (not NaN); a column a sheet does
    not have is ``None`` on its rows, and ``_invalid`` an empty set.
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


# --------------------------------------------------------------------------- rosters

_MONTH_HEADER = re.compile(r"^(\d{1,2})\s*월$")


class _RosterContext:
    """What reading rosters takes from the member and meeting lists, built once per submission."""

    def __init__(self, sub: Submission) -> None:
        members_schema = SCHEMAS["members"]
        self.identity = {
            normalise_header(h): name
            for name in ("member_id", "name")
            for h in members_schema.column(name).accepted_headers()
        }
        self.ignored_member_columns = {
            h for c in members_schema.columns if c.name not in ("member_id", "name") for h in c.accepted_headers()
        }
        members = sub.tables["members"]
        rows = list(members.itertuples())
        self.by_id = {str(r.member_id): r for r in rows if r.member_id is not None}
        self.names = members["name"].value_counts()
        counts = self.names.to_dict()
        self.by_name = {str(r.name): r for r in rows if r.name is not None and counts.get(r.name) == 1}
        self.index = _MeetingIndex(sub.tables["meetings"])
        # When the member list's id column could not be read (already reported as a
        # missing column), identify roster rows by name so that one wrong header does not
        # turn every roster row into an "unknown member".
        self.ids_known = ("members", "member_id") in sub.headers or members.empty


_ROSTER_COLUMNS = ("district_code", "meeting_id", "member_id", "status", "_sheet", "_row", "_seq", "_column")


def _parse_roster(sub: Submission, sheet: RawSheet, context: _RosterContext | None = None) -> dict[str, list]:
    """Turn a roster (member × month/meeting grid of ○/×/△/-) into attendance records (as columns)."""
    context = context or _RosterContext(sub)
    identity, ignored_member_columns = context.identity, context.ignored_member_columns
    header_row = None
    for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if any(_normalised(c) in identity for c in row):
            header_row = i
            break
    if header_row is None:
        sub.problem(
            sheet.name, None, "", "",
            "출석부에 '위원ID' 또는 '위원명' 열이 없습니다",
            "the roster has no member id or member name column",
            "roster_without_members",
        )
        return {}
    header = sheet.rows[header_row]
    id_col = next((j for j, c in enumerate(header) if identity.get(_normalised(c)) == "member_id"), None)
    name_col = next((j for j, c in enumerate(header) if identity.get(_normalised(c)) == "name"), None)
    meeting_cols = [
        j for j, c in enumerate(header)
        if not parsing.is_blank(c) and j not in (id_col, name_col)
        and _normalised(c) not in ignored_member_columns
    ]
    by_id, by_name, names, index, ids_known = context.by_id, context.by_name, context.names, context.index, context.ids_known
    written_of = {j: str(header[j]).strip() for j in meeting_cols}
    is_blank = parsing.is_blank
    # Marks are parsed once per distinct text, and a column resolves to a meeting once per
    # (body, subcommittee): both are pure functions of what they are given.
    marks: dict[str, tuple[bool, str | None, parsing.CellError | None]] = {}
    resolved: dict[tuple, tuple[str | None, int]] = {}

    def read_mark(cell: object) -> tuple[bool, str | None, parsing.CellError | None]:
        if is_blank(cell):
            return True, None, None  # '-' or blank: not a member at that time
        try:
            return False, parsing.parse_code(cell, ATTENDANCE_MARKS, "참석여부"), None
        except parsing.CellError as err:
            return False, None, err

    out: dict[str, list] = {name: [] for name in _ROSTER_COLUMNS}
    meeting_ids, member_ids, statuses, excel_rows, columns = (
        out["meeting_id"], out["member_id"], out["status"], out["_row"], out["_column"]
    )
    unresolved_columns: set[tuple[int, bool]] = set()
    for i in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[i]
        if all(is_blank(c) for c in row):
            continue
        excel_row = i + 1
        member = None
        if id_col is not None and ids_known and not is_blank(row[id_col]):
            key = parsing.clean_text(row[id_col])
            member = by_id.get(str(key))
            if member is None:
                sub.problem(
                    sheet.name, excel_row, str(header[id_col]).strip(), key,
                    "위원명단에 없는 위원입니다", "member not in the member list", "unknown_member",
                )
                continue
        elif name_col is not None and not is_blank(row[name_col]):
            key = parsing.clean_text(row[name_col])
            if parsing.is_total_label(key):
                continue
            member = by_name.get(str(key))
            if member is None:
                reason = "동명이인이 있어 위원ID가 필요합니다" if names.get(key, 0) > 1 else "위원명단에 없는 위원입니다"
                reason_en = "ambiguous name; add member ids" if names.get(key, 0) > 1 else "member not in the member list"
                sub.problem(sheet.name, excel_row, str(header[name_col]).strip(), key, reason, reason_en, "unknown_member")
                continue
        else:
            continue
        if member.member_id is None:
            continue  # no id to record attendance under (the missing column is reported)
        member_id = str(member.member_id)
        group = (member.body, member.subcommittee)
        width = len(row)
        for j in meeting_cols:
            cell = row[j] if j < width else None
            if cell.__class__ is str:
                mark = marks.get(cell)
                if mark is None:
                    mark = marks[cell] = read_mark(cell)
            else:
                mark = read_mark(cell)
            blank, status, error = mark
            if blank:
                continue
            written = written_of[j]
            if error is not None:
                sub.problem(sheet.name, excel_row, written, cell, error.reason_ko, error.reason_en, "bad_code")
                continue
            found = resolved.get((j, *group))
            if found is None:
                found = resolved[(j, *group)] = index.resolve(header[j], member, sub.year)
            meeting_id, n_candidates = found
            if meeting_id is None:
                if (j, n_candidates > 1) not in unresolved_columns:
                    unresolved_columns.add((j, n_candidates > 1))
                    if n_candidates > 1:
                        sub.problem(
                            sheet.name, header_row + 1, written, written,
                            f"이 달에 이 분과의 회의가 {n_candidates}번 있어 어느 회의인지 알 수 없습니다 "
                            "— 열 제목을 회의ID나 날짜(예: 2022-03-17)로 쓰세요",
                            f"{n_candidates} meetings of this group that month; use the meeting id or date as the column header",
                            "ambiguous_meeting",
                        )
                    else:
                        sub.problem(
                            sheet.name, header_row + 1, written, written,
                            "이 열에 해당하는 회의를 회의목록에서 찾을 수 없습니다",
                            "no meeting in the meeting list matches this column",
                            "unknown_meeting",
                        )
                continue
            meeting_ids.append(meeting_id)
            member_ids.append(member_id)
            statuses.append(status)
            excel_rows.append(excel_row)
            columns.append(written)
    n = len(excel_rows)
    out["district_code"] = [sub.district_code] * n
    out["_sheet"] = [sheet.name] * n
    out["_seq"] = list(range(n))
    return out


class _MeetingIndex:
    """Look up meetings by (body, subcommittee) and month or date."""

    def __init__(self, meetings: pd.DataFrame) -> None:
        self.ids = set(meetings["meeting_id"].dropna().astype(str))
        self.by_month: dict[tuple, list[str]] = {}
        self.by_date: dict[tuple, list[str]] = {}
        for m in meetings.itertuples():
            if m.held_on is None or m.meeting_id is None:
                continue
            group = (m.body, m.subcommittee)
            self.by_month.setdefault((*group, m.held_on.year, m.held_on.month), []).append(str(m.meeting_id))
            self.by_date.setdefault((*group, m.held_on), []).append(str(m.meeting_id))

    def resolve(self, header: object, member, year: int | None) -> tuple[str | None, int]:
        """Return the meeting a roster column refers to for this member, and how many matched.

        The column header may be a meeting id, a month (``3월``) or a date; months and
        dates resolve to the meeting of the member's own body and subcommittee. The
        meeting is None when none or several match (two meetings in one month).
        """
        text = parsing.clean_text(header) or ""
        if text in self.ids:
            return text, 1
        group = (member.body, member.subcommittee)
        month_match = _MONTH_HEADER.match(text)
        if month_match or re.fullmatch(r"\d{1,2}", text):
            month = int(month_match.group(1) if month_match else text)
            hits = self.by_month.get((*group, year, month), [])
        else:
            try:
                day = parsing.parse_date(header)
            except parsing.CellError:
                return None, 0
            hits = self.by_date.get((*group, day), [])
        return (hits[0] if len(hits) == 1 else None), len(hits)
