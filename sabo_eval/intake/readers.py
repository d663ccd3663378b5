"""Read submitted files as raw cells: workbooks, HTML "Excel" exports and text-sheet folders.

Finds the submissions under a path, reads every sheet of a workbook (``.xlsx``/``.xlsm``
through python-calamine, with formula cells found in the workbook's XML; ``.xls`` (walked
first by :mod:`.xls_guard`) and ``.ods`` through python-calamine, which gives their stored values, with an ``.ods``'s
merged cells and formulas from :mod:`.ods_extras`), of an Excel 2003 XML workbook
(:mod:`.xml_spreadsheet`), an HTML page or web archive saved with an ``.xls`` name
(:mod:`.html_tables`, :mod:`.mhtml`), or every text sheet of a folder (:mod:`.text_sheets`), and gives the bytes that identify a submission. The kind of a
file is decided by its bytes, not its name: an ``.xlsx`` renamed ``.xls`` is read as
the workbook it is. Files that cannot be read at
all raise :class:`~sabo_eval.errors.SubmissionError`; oversized sheets, formula cells
and unsafe file names are recorded as problems of the submission.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from pathlib import Path

from ..errors import SubmissionError
from .files import entry_refusal, refuse_special, regular_file_bytes
from .formats import attach_percent_cells
from .formula_scan import unsafe_reason
from .html_tables import looks_like_html, read_html_tables
from .limits import limit
from .mhtml import looks_like_mhtml, read_mhtml
from .ods_extras import ods_extras
from .ods_guard import guard_ods
from .package_guard import guard_xlsx
from .submission import RawSheet, Submission
from .text_sheets import (
    WORKBOOK_SUFFIXES,
    decode_text,
    is_ignorable,
    is_text_folder,
    read_text_rows,
    text_sheet_files,
)
from .xls_guard import guard_xls
from .xml_spreadsheet import looks_like_spreadsheetml, read_spreadsheetml
from .zip_guard import oversized

__all__ = [
    "find_submissions",
    "read_raw_sheets",
    "submission_bytes",
    "submission_hash",
    "unsafe_file_name",
    "check_file_name",
    "check_sheet_shape",
]

#: Rows read per sheet; a longer sheet is reported, not read (no memory blow-up).
MAX_ROWS = 100_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream an encrypted (password-protected) workbook keeps inside its OLE file.
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")

def find_submissions(path: Path | str) -> list[Path]:
    """List the submissions under ``path``.

    A workbook file (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) is one submission. A
    folder of text sheets (:func:`~.text_sheets.is_text_folder`) is one submission; a
    folder holding workbooks or submission folders is a collection of them (what else
    it holds is listed by :func:`~.stray_files.stray_files`).

    Parameters
    ----------
    path : path-like
        A workbook, a CSV folder or a folder of submissions.

    Returns
    -------
    list of Path
        Sorted submission paths. Entries that resolve outside ``path`` (symbolic
        links out) and special files are left out (:func:`~.text_sheets.refused_entries`
        names them).

    Raises
    ------
    SubmissionError
        When ``path`` does not exist or is a FIFO, a device or a socket.
    """
    path = Path(path)
    if not path.exists():
        raise SubmissionError(str(path), "경로가 없습니다", "path does not exist")
    refuse_special(path)
    if path.is_file() or is_text_folder(path):
        return [path]
    found: list[Path] = []
    for child in sorted(path.iterdir()):
        if is_ignorable(child) or entry_refusal(child, path) is not None:  # listed by refused_entries
            continue
        if child.is_file() and child.suffix.lower() in WORKBOOK_SUFFIXES or child.is_dir() and is_text_folder(child):
            found.append(child)
    return found


def read_raw_sheets(path: Path | str) -> tuple[list[RawSheet], bytes]:
    """Read every sheet of a workbook, or every text sheet of a folder, as raw cells.

    Parameters
    ----------
    path : path-like
        A workbook file (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``, Excel 2003 XML, or an
        HTML page or web archive saved as a workbook) or a folder of text sheets.

    Returns
    -------
    sheets : list of RawSheet
        Names cleaned by :func:`clean_sheet_name`.
    raw_bytes : bytes
        The submitted bytes (folders: a deterministic zip of the sheet files).

    Raises
    ------
    SubmissionError
        When the path cannot be read as any of these.
    """
    sheets, raw = _read_any(Path(path))
    for sheet in sheets:
        sheet.name = clean_sheet_name(sheet.name)
    return sheets, raw


def clean_sheet_name(name: str) -> str:
    """A sheet name as meant: composed Hangul (NFC), without invisible format characters.

    File names from a Mac carry decomposed Hangul (NFD), and names pasted from web
    pages or documents can carry zero-width spaces; neither is visible, and both would
    keep a sheet from matching its table.

    Parameters
    ----------
    name : str

    Returns
    -------
    str
    """
    name = unicodedata.normalize("NFC", name)
    return "".join(ch for ch in name if unicodedata.category(ch) != "Cf")


def _read_any(path: Path) -> tuple[list[RawSheet], bytes]:
    """:func:`read_raw_sheets` before sheet names are cleaned."""
    if not path.exists():
        raise SubmissionError(str(path), "파일이 없습니다", "file not found")
    if path.is_dir():
        return _read_text_folder(path)
    raw = _workbook_bytes(path)
    if raw.startswith(b"PK") and not _is_ods(raw):
        formulas = guard_xlsx(raw, path.name)  # refuses what is unsafe or too large, before calamine
        sheets = _read_workbook(path.name, raw, formulas)
        attach_percent_cells(raw, sheets)
        return sheets, raw
    if raw.startswith(b"PK"):  # OpenDocument: merged cells and formulas from its XML
        guard_ods(raw, path.name)
        extras = ods_extras(raw)
        formulas = {name: cells for name, (_, cells) in extras.items()}
        merges = {name: ranges for name, (ranges, _) in extras.items()}
        return _read_workbook(path.name, raw, formulas, merges), raw
    if raw.startswith(_OLE_MAGIC):
        guard_xls(raw, path.name)  # refuses what is unsafe or too large, before calamine
        return _read_workbook(path.name, raw, {}), raw
    if looks_like_spreadsheetml(raw):
        return read_spreadsheetml(raw, path.name), raw
    if looks_like_mhtml(raw):
        return read_mhtml(raw, path.name, path.stem), raw
    return read_html_tables(raw, path.name, path.stem), raw


_NOT_A_WORKBOOK = (
    "지원하지 않는 형식입니다(.xlsx·.xls·.ods 통합문서 또는 CSV·텍스트 시트 폴더만 가능)",
    "unsupported format (only .xlsx, .xls or .ods workbooks, or a folder of CSV/text sheets)",
)


def _workbook_bytes(path: Path) -> bytes:
    """The bytes of a workbook file, refused when they are no workbook or HTML table export."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        raise SubmissionError(
            path.name,
            "텍스트 파일 하나는 시트 하나뿐이라 제출 형식이 아닙니다 — 시트마다 저장한 CSV·텍스트 파일을 "
            "한 폴더에 모아(제출정보 포함) 폴더를 제출하세요",
            "a single text file holds one sheet, which is not a submission; put one CSV/text file per sheet "
            "(the submission-info sheet included) in a folder and submit the folder",
        )
    if suffix not in (*WORKBOOK_SUFFIXES, ".htm", ".html", ".mht", ".mhtml"):
        raise SubmissionError(path.name, *_NOT_A_WORKBOOK)
    check_file_size(path)
    raw = regular_file_bytes(path)
    if not raw:
        raise SubmissionError(path.name, "빈 파일입니다", "the file is empty")
    if raw.startswith(_OLE_MAGIC) and _OLE_ENCRYPTED in raw:
        raise SubmissionError(
            path.name,
            "암호가 걸린 통합문서입니다 — 암호를 풀고 다시 저장하세요",
            "password-protected workbook; remove the password and save again",
        )
    if raw.startswith((b"PK", _OLE_MAGIC)) or looks_like_spreadsheetml(raw) or looks_like_mhtml(raw) or looks_like_html(raw):
        return raw
    if suffix in (".xls", ".xlsx") and _is_tab_text(raw):
        raise SubmissionError(
            path.name,
            f"통합문서가 아니라 탭으로 구분한 텍스트 파일에 {suffix} 이름을 붙인 파일입니다(시트 하나뿐) — "
            "Excel에서 열어 .xlsx로 저장하세요",
            f"not a workbook but tab-separated text named {suffix} (one sheet only); open it in Excel and save as .xlsx",
        )
    if suffix == ".xlsx":
        raise SubmissionError(
            path.name,
            "xlsx 형식이 아닙니다(확장자만 .xlsx인 다른 형식의 파일)",
            "not an xlsx file (another format renamed .xlsx)",
        )
    raise SubmissionError(path.name, *_NOT_A_WORKBOOK)


def _is_ods(raw: bytes) -> bool:
    """Whether zip bytes are an OpenDocument spreadsheet (its ``mimetype`` entry)."""
    return b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in raw[:200]


def _is_tab_text(raw: bytes) -> bool:
    """Whether bytes are tab-separated text (any encoding a text sheet may have)."""
    try:
        text = decode_text(raw[:65536], "")
    except SubmissionError:
        return False
    return "\t" in text


def _read_workbook(
    file_name: str,
    raw: bytes,
    formulas: dict[str, list[tuple[int, str, str, bool]]],
    merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
) -> list[RawSheet]:
    """Every sheet of a workbook through python-calamine, at most :data:`MAX_ROWS` rows each.

    ``merges`` gives the merged ranges of formats for which python-calamine reports
    none (``.ods``).
    """
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheets = []
        cells = 0
        for meta in workbook.sheets_metadata:
            if meta.typ == SheetTypeEnum.ChartSheet:  # a chart has no cells
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            end = sheet.end or (-1, -1)  # the last cell: to_python pads the rectangle from A1
            cells += _check_cells(file_name, meta.name, end[0] + 1, end[1] + 1, cells)
            too_many = sheet.height > MAX_ROWS
            rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS if too_many else None)
            merged = list((merges or {}).get(meta.name, []))
            for rng in sheet.merged_cell_ranges or []:
                (r0, c0), (r1, c1) = rng
                merged.append((r0, c0, r1, c1))
            hidden = meta.visible != SheetVisibleEnum.Visible
            too_long = sheet.height if too_many else None
            sheets.append(RawSheet(meta.name, rows, merged, formulas.get(meta.name, []), too_long, hidden=hidden))
    except SubmissionError:
        raise
    except Exception as exc:  # calamine raises several types for broken files
        raise SubmissionError(
            file_name, f"통합문서를 읽을 수 없습니다: {exc}", f"cannot read the workbook: {exc}"
        ) from exc
    return sheets


def _check_cells(file_name: str, sheet_name: str, height: int, width: int, before: int) -> int:
    """A sheet's rectangle as read against the limits (a second check; :mod:`.xls_guard` counts an ``.xls`` first)."""
    cells = height * width
    if cells > limit("SABO_EVAL_MAX_SHEET_CELLS"):
        raise oversized(file_name, f"시트 '{sheet_name}'의 셀 범위({height:,}행 × {width:,}열)",
                        f"the cell range of sheet '{sheet_name}' ({height:,} rows × {width:,} columns)",
                        cells, "SABO_EVAL_MAX_SHEET_CELLS")
    if before + cells > limit("SABO_EVAL_MAX_WORKBOOK_CELLS"):
        raise oversized(file_name, "모든 시트의 셀 범위 합계", "the cell ranges of all sheets", before + cells,
                        "SABO_EVAL_MAX_WORKBOOK_CELLS")
    return cells


def check_file_size(path: Path) -> None:
    """Refuse a file over :data:`~.limits.MAX_FILE_BYTES` before reading it (``oversized_file``).

    Parameters
    ----------
    path : Path

    Raises
    ------
    SubmissionError
    """
    size = path.stat().st_size
    if size > limit("SABO_EVAL_MAX_FILE_BYTES"):
        raise oversized(path.name, "파일 크기", "the file size", size, "SABO_EVAL_MAX_FILE_BYTES")


def _folder_archive(files: list[Path]) -> bytes:
    """A deterministic zip of a CSV folder: what is stored and hashed for it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.writestr(zipfile.ZipInfo(file.name, date_time=(1980, 1, 1, 0, 0, 0)), regular_file_bytes(file))
    return buffer.getvalue()


def submission_bytes(path: Path | str) -> bytes:
    """The bytes that identify a submission: the workbook file, or a folder's zip.

    Parameters
    ----------
    path : path-like
        A workbook or a CSV folder.

    Returns
    -------
    bytes
        What is stored and hashed for the submission.

    Raises
    ------
    SubmissionError
        When the path does not exist or a folder holds no CSV file.
    """
    path = Path(path)
    if not path.exists():
        raise SubmissionError(str(path), "파일이 없습니다", "file not found")
    if path.is_dir():
        return _folder_archive(text_sheet_files(path))
    return regular_file_bytes(path)


def submission_hash(path: Path | str) -> str:
    """SHA-256 of :func:`submission_bytes`; identical submissions share it.

    Parameters
    ----------
    path : path-like
        A workbook or a CSV folder.

    Returns
    -------
    str
        The hexadecimal digest.
    """
    return hashlib.sha256(submission_bytes(path)).hexdigest()


def _read_text_folder(folder: Path) -> tuple[list[RawSheet], bytes]:
    """Every text sheet of a folder, named by its file (see :mod:`.text_sheets`)."""
    files = text_sheet_files(folder)
    sheets = []
    for file in files:
        check_file_size(file)
        text = decode_text(regular_file_bytes(file), file.name)
        rows, total = read_text_rows(text, file.name, MAX_ROWS)
        sheets.append(RawSheet(file.stem, rows, too_many_rows=total if total > MAX_ROWS else None))
    return sheets, _folder_archive(files)


def unsafe_file_name(name: str) -> bool:
    """Whether a submitted file name is a path: ``/``, ``\\``, a name that is ``.``/``..``, or control characters.

    Two dots inside a name (``수원시..최종.xlsx``) are not a path component and are allowed.

    Parameters
    ----------
    name : str
        The file name as submitted.

    Returns
    -------
    bool
        True when the name must not be accepted.
    """
    return name.strip() in (".", "..") or "\\" in name or "/" in name or any(ord(ch) < 32 for ch in name)


def check_file_name(sub: Submission) -> None:
    """File names are shown and stored, never used as paths: refuse path-like names.

    Parameters
    ----------
    sub : Submission
        The submission whose ``file_name`` is checked; a problem is added to it.
    """
    name = sub.file_name
    if unsafe_file_name(name):
        sub.problem(
            "", None, "", name,
            "파일 이름에 경로 문자('..', '/', '\\')나 제어 문자가 있습니다 — 이름을 바꿔 다시 제출하세요",
            "the file name holds path characters or control characters; rename the file",
            "unsafe_file_name",
        )


def check_sheet_shape(sub: Submission, sheet: RawSheet) -> None:
    """Oversized sheets and formula cells, reported with their cell.

    Parameters
    ----------
    sub : Submission
        The submission the problems are added to.
    sheet : RawSheet
        A sheet as read, with its formula cells and row count.
    """
    if sheet.too_many_rows:
        sub.problem(
            sheet.name, MAX_ROWS + 1, "", f"{sheet.too_many_rows:,}행",
            f"시트가 너무 깁니다({sheet.too_many_rows:,}행, 최대 {MAX_ROWS:,}행) — 나누어 제출하세요",
            f"the sheet is too long ({sheet.too_many_rows:,} rows, at most {MAX_ROWS:,})",
            "too_many_rows",
        )
    for row, column, formula, has_value in sheet.formulas:
        reason = unsafe_reason(formula)
        if reason:
            sub.problem(
                sheet.name, row, f"{column}열", f"={formula[:200]}",
                f"외부 연결·명령 수식({reason})은 받지 않습니다(HYPERLINK, WEBSERVICE, IMAGE, INFO, CELL, RTD, DDE, "
                "다른 통합문서 참조 등) — 값으로 붙여 넣으세요",
                f"formulas reaching outside the workbook ({reason}) are not accepted (HYPERLINK, WEBSERVICE, IMAGE, "
                "INFO, CELL, RTD, DDE, references to other workbooks…); paste values",
                "dangerous_formula",
            )
        elif not has_value:
            sub.problem(
                sheet.name, row, f"{column}열", f"={formula}",
                "수식의 계산 결과가 저장되어 있지 않습니다 — Excel에서 열어 저장하거나 값으로 붙여 넣으세요",
                "the formula has no stored result; open and save in Excel, or paste values",
                "formula_without_value",
            )

