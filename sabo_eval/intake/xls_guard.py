"""A binary ``.xls`` (OLE compound file, BIFF8) inspected as Excel reads it, before python-calamine opens it.

python-calamine allocates each sheet's whole rectangle from A1 to its last cell, and
reads every sheet when it opens the file, so a 6 KB ``.xls`` with a number in A1 and
another in XFD20001 asks for gigabytes before any check on what it read could run.
Here the compound file is opened with :mod:`olefile` and its ``Workbook`` stream is
walked record by record (a bounded number of records, see
:data:`~.limits.MAX_XLS_RECORDS`), the way Excel finds things in it:

* **storages**: VBA macros (``_VBA_PROJECT_CUR``, ``_VBA_PROJECT``, ``VBA``,
  ``Macros``) and embedded OLE objects (``MBD…``, ``ObjectPool``) — ``unsafe_workbook``;
* **workbook globals**: encryption (``FILEPASS``); Excel 4 macro sheets and VBA
  modules (``BOUNDSHEET`` types 1 and 6); links to other workbooks, DDE and OLE links
  (any ``SUPBOOK`` other than the workbook itself and the add-in functions);
  add-in function names (``EXTERNNAME``) other than Excel's own (the Analysis ToolPak
  functions of :data:`~.xls_formulas.ADDIN_FUNCTIONS`, ``_xlfn.`` functions that are not unsafe);
  macro names (``NAME`` flagged as a function, command or VBA procedure,
  ``Auto_Open``/``Auto_Close``) — ``unsafe_workbook``; the shared-string table's
  count against :data:`~.limits.MAX_SHARED_STRINGS` — ``oversized_file``;
* **every sheet** a ``BOUNDSHEET`` points to: the row and column of each cell record
  (``LABELSST``, ``LABEL``, ``RSTRING``, ``NUMBER``, ``RK``, ``MULRK``, ``BOOLERR``,
  ``FORMULA``, ``BLANK``, ``MULBLANK``; blank cells do not count, python-calamine
  skips them) give the rectangle, checked against :data:`~.limits.MAX_SHEET_CELLS` as
  each cell is read; the ``DIMENSIONS`` claim and all sheets together
  (:data:`~.limits.MAX_WORKBOOK_CELLS`); the text of the cells (a shared string counts
  for each cell using it) against :data:`~.limits.MAX_TEXT_CHARS` — ``oversized_file``;
* **formulas** of cells, shared and array formulas and defined names, read token by
  token (:mod:`.xls_formulas`) — ``dangerous_formula``.

Not inspected: hyperlink records (``HLINK``), data validation and conditional format
formulas (in an ``.xls`` they cannot reach another workbook once ``SUPBOOK`` links are
refused). Excel 5.0/95 workbooks (a ``Book`` stream, BIFF5) are refused: save as
``.xlsx``.
"""

from __future__ import annotations

import io
import struct
from array import array
from dataclasses import dataclass, field

from ..errors import SubmissionError
from .limits import limit
from .xls_formulas import formula_reason, name_reason
from .zip_guard import Budget, oversized, refuse

__all__ = ["guard_xls", "XlsScan"]

_U16 = struct.Struct("<H")
_HEADER = struct.Struct("<HH")
_BOF, _EOF, _CONTINUE, _FILEPASS = 0x0809, 0x000A, 0x003C, 0x002F
_BOUNDSHEET, _SUPBOOK, _EXTERNNAME, _NAME, _SST = 0x0085, 0x01AE, 0x0023, 0x0018, 0x00FC
_DIMENSIONS, _FORMULA, _SHRFMLA, _ARRAY, _STRING = 0x0200, 0x0006, 0x04BC, 0x0221, 0x0207
_LABELSST, _LABEL, _RSTRING, _MULRK, _MULBLANK = 0x00FD, 0x0204, 0x00D6, 0x00BD, 0x00BE
#: Records of one cell holding a value (row, column first).
_VALUE_CELLS = frozenset({_LABELSST, _LABEL, 0x0203, 0x027E, 0x0205, _FORMULA, _RSTRING})
#: Storages (lower case) that hold macros or embedded objects.
_ACTIVE_STORAGES = {
    "_vba_project_cur": ("매크로(VBA)", "macros (VBA)"), "_vba_project": ("매크로(VBA)", "macros (VBA)"),
    "vba": ("매크로(VBA)", "macros (VBA)"), "macros": ("매크로(VBA)", "macros (VBA)"),
    "objectpool": ("삽입된 개체(OLE)", "embedded (OLE) objects"),
}
#: Sheet types of ``BOUNDSHEET`` that hold code: Excel 4 macro sheet, VBA module.
_CODE_SHEETS = {1: ("Excel 4 매크로 시트", "an Excel 4 macro sheet"), 6: ("VBA 모듈", "a VBA module")}


@dataclass
class XlsScan:
    """What the scan found: sheet name → (rows, columns) of its rectangle, and the claims."""

    extents: dict[str, tuple[int, int]] = field(default_factory=dict)
    records: int = 0
    unsafe: list[str] = field(default_factory=list)


def guard_xls(raw: bytes, file_name: str) -> XlsScan:
    """Inspect a binary ``.xls``; what it holds when it may be read by python-calamine.

    Parameters
    ----------
    raw : bytes
        The file's bytes (an OLE compound file).
    file_name : str
        For messages.

    Returns
    -------
    XlsScan

    Raises
    ------
    SubmissionError
        ``unsafe_workbook``, ``dangerous_formula``, ``oversized_file`` (see the module), or
        ``unreadable_file`` for a damaged or pre-Excel-97 file.
    """
    stream = _workbook_stream(raw, file_name)
    walker = _Walker(stream, file_name)
    strings = walker.globals_()
    total = 0
    for offset, name in walker.sheets:
        rows, columns = walker.sheet(offset, name, strings)
        walker.scan.extents[name] = (rows, columns)
        total += rows * columns
        if total > limit("SABO_EVAL_MAX_WORKBOOK_CELLS"):
            raise oversized(file_name, "모든 시트의 셀 범위 합계", "the cell ranges of all sheets", total,
                            "SABO_EVAL_MAX_WORKBOOK_CELLS")
    _refuse_unsafe_formulas(walker.scan.unsafe, file_name)
    return walker.scan


def _workbook_stream(raw: bytes, file_name: str) -> bytes:
    """The ``Workbook`` stream, after refusing macro and object storages."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(raw))
        entries = ole.listdir(streams=True, storages=True)
    except Exception as exc:  # olefile raises several types for broken compound files
        raise SubmissionError(file_name, f"통합문서가 손상되었습니다: {exc}", f"the workbook is damaged: {exc}") from exc
    for path in entries:
        for part in path:
            key = part.lower()
            what = _ACTIVE_STORAGES.get(key) or (("삽입된 개체(OLE)", "embedded (OLE) objects")
                                                 if key.startswith("mbd") else None)
            if what:
                raise _active(file_name, "/".join(path), *what)
    names = {"/".join(path).lower() for path in entries}
    if "workbook" not in names:
        if "book" in names:
            raise SubmissionError(file_name, "Excel 5.0/95 형식의 오래된 통합문서입니다 — Excel에서 .xlsx로 다시 저장하세요",
                                  "an Excel 5.0/95 workbook (too old); save it as .xlsx in Excel")
        raise SubmissionError(file_name, "Excel 통합문서가 아닙니다(Workbook 스트림 없음)",
                              "not an Excel workbook (no Workbook stream)")
    try:
        if ole.get_size("Workbook") > len(raw):
            raise ValueError("the Workbook stream claims more bytes than the file holds")
        return ole.openstream("Workbook").read()
    except Exception as exc:
        raise SubmissionError(file_name, f"통합문서가 손상되었습니다: {exc}", f"the workbook is damaged: {exc}") from exc


class _Walker:
    """Walks the records of one ``Workbook`` stream, counting them against the limit."""

    def __init__(self, stream: bytes, file_name: str) -> None:
        self.stream, self.file_name = stream, file_name
        self.scan = XlsScan()
        self.most_records = limit("SABO_EVAL_MAX_XLS_RECORDS")
        self.cap = limit("SABO_EVAL_MAX_SHEET_CELLS")
        self.budget = Budget(file_name)
        self.sheets: list[tuple[int, str]] = []

    def records(self, pos: int):
        """(type, payload start, payload end) of each record from ``pos`` on."""
        stream, end = self.stream, len(self.stream)
        while pos + 4 <= end:
            kind, size = _HEADER.unpack_from(stream, pos)
            self.scan.records += 1
            if self.scan.records > self.most_records:
                raise oversized(self.file_name, "통합문서의 레코드 수", "the number of records of the workbook",
                                self.scan.records, "SABO_EVAL_MAX_XLS_RECORDS")
            start = pos + 4
            pos = start + size
            yield kind, start, min(pos, end)

    def damaged(self, what: str) -> SubmissionError:
        return SubmissionError(self.file_name, f"통합문서가 손상되었습니다({what})", f"the workbook is damaged ({what})")

    def globals_(self) -> array:
        """Read the workbook globals: sheets, links, names, shared strings; the strings' lengths."""
        stream = self.stream
        first = True
        addin = False
        strings, pieces = array("q"), None
        for kind, start, end in self.records(0):
            if first:
                if kind != _BOF or end - start < 4 or _U16.unpack_from(stream, start)[0] != 0x0600:
                    raise SubmissionError(self.file_name, "Excel 97-2003(BIFF8) 통합문서가 아닙니다 — .xlsx로 다시 저장하세요",
                                          "not an Excel 97-2003 (BIFF8) workbook; save it as .xlsx")
                first = False
                continue
            if pieces is not None:
                if kind == _CONTINUE:
                    pieces.append(stream[start:end])
                    continue
                strings, pieces = self.shared_strings(pieces), None
            if kind == _EOF:
                break
            if kind == _FILEPASS:
                raise SubmissionError(self.file_name, "암호가 걸린 통합문서입니다 — 암호를 풀고 다시 저장하세요",
                                      "password-protected workbook; remove the password and save again")
            if kind == _BOUNDSHEET:
                self.boundsheet(stream[start:end])
            elif kind == _SUPBOOK:
                addin = self.supbook(stream[start:end])
            elif kind == _EXTERNNAME:
                self.externname(stream[start:end], addin)
            elif kind == _NAME:
                self.defined_name(stream[start:end])
            elif kind == _SST:
                pieces = [stream[start:end]]
        if pieces is not None:
            strings = self.shared_strings(pieces)
        return strings

    def boundsheet(self, data: bytes) -> None:
        if len(data) < 8:
            raise self.damaged("BOUNDSHEET")
        offset = struct.unpack_from("<I", data)[0]
        sheet_type = data[5]
        name = _short_string(data, 6)
        if sheet_type in _CODE_SHEETS:
            raise _active(self.file_name, name, *_CODE_SHEETS[sheet_type])
        self.sheets.append((offset, name))

    def supbook(self, data: bytes) -> bool:
        """Whether a ``SUPBOOK`` is the add-in functions' one; refused unless it is that or this workbook."""
        if len(data) < 4:
            raise self.damaged("SUPBOOK")
        tabs, length = _HEADER.unpack_from(data)
        if length == 0x0401:
            return False
        if length == 0x3A01:
            return True
        path = "".join(ch if ch >= " " else "/" for ch in _string_no_cch(data, 4, length))[:200]
        if tabs == 0:  # a DDE or OLE link: server and topic
            raise _active(self.file_name, path, "DDE·OLE 연결", "a DDE or OLE link")
        raise _active(self.file_name, path, "다른 통합문서 연결", "a link to another workbook")

    def externname(self, data: bytes, addin: bool) -> None:
        if len(data) < 8:
            raise self.damaged("EXTERNNAME")
        flags = _U16.unpack_from(data)[0]
        name = _short_string(data, 6)
        reason = name_reason(name, addin=addin) if not flags & 0x0018 else "DDE/OLE"
        if reason:
            raise _active(self.file_name, name[:200], f"추가 기능·외부 이름({reason})",
                          f"an add-in or external name ({reason})")

    def defined_name(self, data: bytes) -> None:
        if len(data) < 15:
            raise self.damaged("NAME")
        flags, _, length, size = struct.unpack_from("<HBBH", data)
        name = _string_no_cch(data, 14, length)
        position = 14 + 1 + length * (2 if data[14] & 1 else 1)
        builtin = bool(flags & 0x0020)
        if builtin and name[:1] in ("\x01", "\x02", "\x0a", "\x0b"):
            raise _active(self.file_name, {"\x01": "Auto_Open", "\x02": "Auto_Close"}.get(name[:1], "Auto_Activate"),
                          "자동 실행 매크로 이름", "an auto-run macro name")
        reason = name_reason(name, addin=False) if flags & 0x8000 or name.lower().startswith("_xlfn.") else None
        if not reason and flags & 0x000E and not flags & 0x8000:
            reason = "macro"
        if not reason and not builtin and name.lower().startswith(("auto_open", "auto_close", "auto_activate")):
            reason = "auto-run macro"
        if reason:
            raise _active(self.file_name, name[:200], f"매크로·함수 이름({reason})", f"a macro or function name ({reason})")
        found = formula_reason(data[position:position + size])
        if found:
            self.scan.unsafe.append(f"이름 정의 / defined name '{name[:100]}' ({found})")

    def shared_strings(self, pieces: list[bytes]) -> array:
        from .xls_formulas import shared_string_lengths

        most = limit("SABO_EVAL_MAX_SHARED_STRINGS")
        try:
            return shared_string_lengths(pieces, most)
        except OverflowError as exc:
            raise refuse(
                self.file_name, "oversized_file",
                f"공유 문자열이 너무 많습니다({exc.args[0]:,}개, 최대 {most:,}개) — 값만 .xlsx로 다시 저장하거나 파일을 "
                "나누어 제출하세요(한도: SABO_EVAL_MAX_SHARED_STRINGS)",
                f"too many shared strings ({exc.args[0]:,}, at most {most:,}); save the values as .xlsx again or "
                "split the file (limit: SABO_EVAL_MAX_SHARED_STRINGS)",
            ) from None

    def sheet(self, offset: int, name: str, strings: array) -> tuple[int, int]:
        """The rectangle of the sheet whose BOF is at ``offset``, refusing it as soon as it is too large."""
        stream, budget, cap = self.stream, self.budget, self.cap
        rows = columns = depth = 0
        for kind, start, end in self.records(offset):
            if kind == _BOF:
                depth += 1
                continue
            if depth == 0:
                raise self.damaged(f"sheet '{name}' does not start with BOF")
            if kind == _EOF:
                depth -= 1
                if depth == 0:
                    break
                continue
            if end - start < 6:
                continue
            if kind in _VALUE_CELLS:
                row, column = _HEADER.unpack_from(stream, start)
                rows, columns = max(rows, row + 1), max(columns, column + 1)
                if kind == _LABELSST:
                    index = struct.unpack_from("<I", stream, start + 6)[0] if end - start >= 10 else -1
                    budget.add_text(strings[index] if 0 <= index < len(strings) else 0)
                elif kind in (_LABEL, _RSTRING):
                    budget.add_text(_U16.unpack_from(stream, start + 6)[0] if end - start >= 8 else 0)
                elif kind == _FORMULA:
                    self.formula(stream[start + 20:end], name, row, column)
            elif kind == _MULRK:
                row, _ = _HEADER.unpack_from(stream, start)
                last = _U16.unpack_from(stream, end - 2)[0]
                rows, columns = max(rows, row + 1), max(columns, last + 1)
            elif kind in (_SHRFMLA, _ARRAY):
                row, column = _U16.unpack_from(stream, start)[0], stream[start + 4]
                self.formula(stream[start + (8 if kind == _SHRFMLA else 12):end], name, row, column)
            elif kind == _STRING:
                budget.add_text(_U16.unpack_from(stream, start)[0])
            elif kind == _DIMENSIONS and end - start >= 12:
                _, last_row, _, last_column = struct.unpack_from("<IIHH", stream, start)
                self.claim(name, last_row, last_column)
            if rows * columns > cap:
                raise _extent(self.file_name, name, rows, columns)
        return rows, columns

    def formula(self, data: bytes, sheet: str, row: int, column: int) -> None:
        """A formula's parsed tokens (``cce`` then ``rgce``), its unsafe calls noted with its cell."""
        if len(data) < 2:
            return
        size = _U16.unpack_from(data)[0]
        self.budget.add_text(size)
        reason = formula_reason(data[2:2 + size])
        if reason:
            self.scan.unsafe.append(f"{sheet}!{_column_letter(column + 1)}{row + 1} ({reason})")

    def claim(self, name: str, rows: int, columns: int) -> None:
        if rows * columns > self.cap:
            raise oversized(self.file_name, f"시트 '{name}'가 밝힌 사용 범위(DIMENSIONS)",
                            f"the used range sheet '{name}' declares (DIMENSIONS)", rows * columns,
                            "SABO_EVAL_MAX_SHEET_CELLS")


def _short_string(data: bytes, at: int) -> str:
    """A ShortXLUnicodeString (length byte, flags byte, characters) at ``at``."""
    if at + 2 > len(data):
        return ""
    return _string_no_cch(data, at + 1, data[at])


def _string_no_cch(data: bytes, at: int, length: int) -> str:
    """``length`` characters after a flags byte at ``at`` (bit 0: two bytes per character)."""
    if at >= len(data):
        return ""
    if data[at] & 1:
        return data[at + 1:at + 1 + 2 * length].decode("utf-16-le", "replace")
    return data[at + 1:at + 1 + length].decode("latin-1")


def _column_letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _extent(file_name: str, name: str, rows: int, columns: int) -> SubmissionError:
    return oversized(file_name, f"시트 '{name}'의 셀 범위({rows:,}행 × {columns:,}열)",
                     f"the cell range of sheet '{name}' ({rows:,} rows × {columns:,} columns)", rows * columns,
                     "SABO_EVAL_MAX_SHEET_CELLS")


def _active(file_name: str, where: str, what_ko: str, what_en: str) -> SubmissionError:
    return refuse(
        file_name, "unsafe_workbook",
        f"통합문서에 {what_ko}이(가) 들어 있습니다('{where}') — 실행되거나 밖으로 연결되는 내용은 받지 않습니다. "
        "값만 복사해 새 통합문서에 붙여 넣고 일반 .xlsx로 저장해 제출하세요",
        f"the workbook holds {what_en} ('{where}'); content that runs or links outside is not accepted — "
        "paste the values into a new workbook and save it as a plain .xlsx",
    )


def _refuse_unsafe_formulas(unsafe: list[str], file_name: str) -> None:
    if unsafe:
        listed = "; ".join(unsafe[:5])
        raise refuse(
            file_name, "dangerous_formula",
            f"외부 연결·명령 수식이 있습니다: {listed} — HYPERLINK, INFO, CELL, CALL, REGISTER, EXEC, RTD 등은 받지 "
            "않습니다. 값으로 붙여 넣고 .xlsx로 저장하세요",
            f"formulas reaching outside the workbook or running commands: {listed}; HYPERLINK, INFO, CELL, CALL, "
            "REGISTER, EXEC, RTD … are not accepted — paste values and save as .xlsx",
        )
