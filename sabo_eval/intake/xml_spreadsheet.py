"""Excel 2003 XML workbooks ("XML 스프레드시트 2003"), often exported with an ``.xls`` name.

Many administrative systems write their "엑셀 다운로드" as SpreadsheetML: an XML file
with one ``<Worksheet ss:Name=…>`` per sheet. python-calamine does not read it, so
this module does, giving the same raw sheets as a workbook: typed values (numbers
as floats, ``DateTime`` as datetimes, text as text), merged ranges from
``ss:MergeAcross``/``ss:MergeDown``, formula cells from ``ss:Formula`` (so the
formula checks apply) and hidden sheets.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree

from ..errors import SubmissionError
from .formula_scan import unsafe_reason
from .limits import limit
from .submission import RawSheet
from .zip_guard import oversized

__all__ = ["looks_like_spreadsheetml", "read_spreadsheetml"]

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_X = "{urn:schemas-microsoft-com:office:excel}"
_DECLARATION = re.compile(rb"<!DOCTYPE", re.I)


def looks_like_spreadsheetml(raw: bytes) -> bool:
    """Whether the bytes are an Excel 2003 XML workbook.

    Parameters
    ----------
    raw : bytes

    Returns
    -------
    bool
    """
    head = raw[:4096]
    return b"urn:schemas-microsoft-com:office:spreadsheet" in head and b"<Workbook" in head


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _value(data: ElementTree.Element | None) -> object:
    """A cell's ``<Data>`` as a Python value."""
    if data is None:
        return None
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type", "String")
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(re.sub(r"\.\d+$", "", text.strip()))
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE")
    return text if text != "" else None


def _index(element: ElementTree.Element, default: int) -> int:
    """``ss:Index`` (1-based) as a 0-based position, else ``default``."""
    try:
        return max(0, int(element.get(f"{_SS}Index", default + 1)) - 1)
    except ValueError:
        return default


def _count(text: str | None) -> int:
    """``ss:MergeAcross``/``ss:MergeDown`` as a count of extra cells (0 when absent or unreadable)."""
    try:
        return max(0, int(text or 0))
    except ValueError:
        return 0


def _sheet(worksheet: ElementTree.Element, file_name: str) -> RawSheet:
    """One ``<Worksheet>`` as a raw sheet."""
    cells: dict[tuple[int, int], object] = {}
    merged: list[tuple[int, int, int, int]] = []
    formulas: list[tuple[int, str, str, bool]] = []
    height = width = 0
    table = worksheet.find(f"{_SS}Table")
    r = -1
    for row in table.iter(f"{_SS}Row") if table is not None else ():
        r = _index(row, r + 1)
        c = -1
        for cell in row.iter(f"{_SS}Cell"):
            c = _index(cell, c + 1)
            across, down = (_count(cell.get(f"{_SS}{k}")) for k in ("MergeAcross", "MergeDown"))
            data = cell.find(f"{_SS}Data")
            value = _value(data)
            if value is not None:
                cells[(r, c)] = value
            if across or down:
                merged.append((r, c, r + down, c + across))
            formula = cell.get(f"{_SS}Formula")
            if formula is not None:
                formulas.append((r + 1, _letter(c), formula.lstrip("="), data is not None and value is not None))
            height, width = max(height, r + down + 1), max(width, c + across + 1)
            c += across
    if height * width > limit("SABO_EVAL_MAX_SHEET_CELLS"):
        name = worksheet.get(f"{_SS}Name", "")
        raise oversized(file_name, f"시트 '{name}'의 셀 범위({height:,}행 × {width:,}열)",
                        f"the cell range of sheet '{name}' ({height:,} rows × {width:,} columns)", height * width,
                        "SABO_EVAL_MAX_SHEET_CELLS")
    rows: list[list[object]] = [[None] * width for _ in range(height)]
    for (r, c), value in cells.items():
        rows[r][c] = value
    options = worksheet.find(f"{_X}WorksheetOptions")
    visible = options.findtext(f"{_X}Visible", "") if options is not None else ""
    return RawSheet(worksheet.get(f"{_SS}Name", ""), rows, merged, formulas, None, hidden=visible in ("SheetHidden", "SheetVeryHidden"))


def read_spreadsheetml(raw: bytes, file_name: str) -> list[RawSheet]:
    """Every worksheet of an Excel 2003 XML workbook.

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    file_name : str
        The file's name, for messages.

    Returns
    -------
    list of RawSheet

    Raises
    ------
    SubmissionError
        When the XML is broken.
    """
    if _DECLARATION.search(raw[:65536]) or b"<!ENTITY" in raw:
        raise SubmissionError(
            file_name,
            "XML 통합문서에 문서 형식·엔터티 선언(<!DOCTYPE>, <!ENTITY>)이 있습니다 — Excel이 쓰지 않는 내용이라 "
            "받지 않습니다. Excel에서 열어 .xlsx로 저장하세요",
            "the XML workbook holds a document type or entity declaration (<!DOCTYPE>, <!ENTITY>), which Excel "
            "never writes; open it in Excel and save as .xlsx",
            rule="unsafe_workbook",
        )
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise SubmissionError(
            file_name, f"XML 통합문서가 손상되었습니다: {exc}", f"the XML workbook is damaged: {exc}"
        ) from exc
    _check_names(root, file_name)
    sheets, cells = [], 0
    for worksheet in root.iter(f"{_SS}Worksheet"):
        sheets.append(_sheet(worksheet, file_name))
        cells += len(sheets[-1].rows) * max((len(r) for r in sheets[-1].rows), default=0)
        if cells > limit("SABO_EVAL_MAX_WORKBOOK_CELLS"):
            raise oversized(file_name, "모든 시트의 셀 범위 합계", "the cell ranges of all sheets", cells,
                            "SABO_EVAL_MAX_WORKBOOK_CELLS")
    return sheets


def _check_names(root: ElementTree.Element, file_name: str) -> None:
    """Named ranges (``<NamedRange ss:RefersTo>``) that reach outside the workbook are refused."""
    for named in root.iter(f"{_SS}NamedRange"):
        formula = named.get(f"{_SS}RefersTo", "")
        reason = unsafe_reason(formula.lstrip("="))
        if reason:
            raise SubmissionError(
                file_name,
                f"이름 정의 '{named.get(f'{_SS}Name', '')}'에 외부 연결·명령 수식이 있습니다({reason}) — 지우고 .xlsx로 저장하세요",
                f"the defined name '{named.get(f'{_SS}Name', '')}' reaches outside the workbook ({reason}); "
                "delete it and save as .xlsx",
                rule="dangerous_formula",
            )
