"""A worksheet's XML read as Excel reads it, streaming: its real extent, its claims, its formulas.

python-calamine allocates a sheet's whole rectangle from A1 to its last cell holding
something, so a 50 KB sheet with values in A1 and XFD1048576 asks for half a terabyte.
Before it runs, each worksheet part is parsed here as it is inflated, one element at a
time and forgotten once read (namespace-aware, so ``<x:c>`` is a cell as ``<c>`` is; a
row or cell without ``r=`` takes the position Excel gives it, the one after the
previous). The scan gives the sheet's rectangle, what its ``<dimension ref>`` claims,
the text its cells hold (a shared string counts for each cell using it), every formula
cell, and the formulas outside cells (data validation, conditional formats) that reach
outside the workbook. The shared-string table is counted the same way.
"""

from __future__ import annotations

import pyexpat
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import SubmissionError
from .formula_scan import unsafe_reason
from .limits import limit
from .zip_guard import Budget, oversized, refuse

__all__ = ["SheetScan", "XmlScan", "ElementScan", "scan_sheet", "scan_shared_strings", "cell_position", "column_letter"]

_REFERENCE = re.compile(r"\$?([A-Za-z]{1,4})\$?(\d{1,8})$")
#: Elements outside cells that hold formulas (data validation, conditional formats, their x14 forms).
_FORMULA_ELEMENTS = {"formula", "formula1", "formula2", "f"}
#: Elements that embed objects or controls (their parts are refused too).
_EMBEDDING = {"oleObjects", "controls", "oleObject", "control"}


@dataclass
class SheetScan:
    """What one worksheet part holds."""

    rows: int = 0
    columns: int = 0
    claimed: int = 0
    formulas: list[tuple[int, str, str, bool]] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    embedded: bool = False

    @property
    def cells(self) -> int:
        """Cells of the rectangle from A1 to the last cell holding something."""
        return self.rows * self.columns


def column_letter(index: int) -> str:
    """Excel's column letters of a 1-based column number (1 → A, 16384 → XFD)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_position(reference: str) -> tuple[int, int] | None:
    """``"XFD20000"`` → (row 20000, column 16384), 1-based; None when not a cell reference."""
    found = _REFERENCE.match(reference.strip())
    if not found:
        return None
    column = 0
    for ch in found.group(1).upper():
        column = column * 26 + ord(ch) - 64
    return int(found.group(2)), column


def _local(name: str) -> str:
    return name.rpartition("}")[2]


class XmlScan:
    """Expat driven by handlers (fast: no tree is built); subclasses override :meth:`start`, :meth:`end`.

    Text is collected only while :attr:`capturing` is true; document type and entity
    declarations are refused.
    """

    def __init__(self, file_name: str, member: str) -> None:
        self.file_name, self.member = file_name, member
        self.names: list[str] = []
        self.capturing = False
        self.text: list[str] = []

    def run(self, chunks: Iterable[bytes]) -> None:
        """Parse the chunks of one part."""
        parser = pyexpat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        try:
            for chunk in chunks:
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except pyexpat.ExpatError as exc:
            raise SubmissionError(self.file_name, f"통합문서의 '{self.member}'가 손상되었습니다: {exc}",
                                  f"the workbook's '{self.member}' is damaged: {exc}") from exc

    def _doctype(self, *args) -> None:
        raise refuse(self.file_name, "unsafe_workbook",
                     f"통합문서 안 '{self.member}'에 문서 형식·엔터티 선언이 있습니다 — Excel에서 .xlsx로 다시 저장하세요",
                     f"'{self.member}' holds a document type or entity declaration; save as .xlsx again in Excel")

    @property
    def depth(self) -> int:
        """Elements open, the current one included."""
        return len(self.names)

    @property
    def parent(self) -> str:
        """Local name of the current element's parent."""
        return self.names[-2] if len(self.names) > 1 else ""

    def _start(self, name: str, attributes: dict) -> None:
        self.names.append(_local(name))
        self.start(self.names[-1], attributes)

    def _end(self, name: str) -> None:
        text = "".join(self.text) if self.text else ""
        self.text.clear()
        self.end(self.names[-1], text)
        self.names.pop()

    def _chars(self, data: str) -> None:
        if self.capturing:
            self.text.append(data)

    def start(self, name: str, attributes: dict) -> None:  # pragma: no cover - overridden
        """An element starts (``attributes`` keyed ``uri}local`` or ``local``)."""

    def end(self, name: str, text: str) -> None:  # pragma: no cover - overridden
        """An element ends, with the text captured since the last end."""


class ElementScan(XmlScan):
    """Calls ``callback(local name, attributes by local name, text)`` as each element ends."""

    def __init__(self, file_name: str, member: str, callback) -> None:
        super().__init__(file_name, member)
        self.callback = callback
        self.capturing = True
        self.attributes: list[dict] = []

    def start(self, name: str, attributes: dict) -> None:
        self.attributes.append({_local(key): value for key, value in attributes.items()})

    def end(self, name: str, text: str) -> None:
        self.callback(name, self.attributes.pop(), text)


class _Cell:
    """The cell being read."""

    __slots__ = ("row", "column", "kind", "held", "value", "formula")

    def __init__(self, row: int, column: int, kind: str) -> None:
        self.row, self.column, self.kind = row, column, kind
        self.held, self.value, self.formula = False, "", None


class _SheetScanner(XmlScan):
    def __init__(self, member: str, shared: array, budget: Budget) -> None:
        super().__init__(budget.file_name, member)
        self.scan, self.shared, self.budget = SheetScan(), shared, budget
        self.row = self.column = 0
        self.cell: _Cell | None = None
        self.cap = limit("SABO_EVAL_MAX_SHEET_CELLS")

    def start(self, name: str, attributes: dict) -> None:
        if name == "row":
            self.row, self.column = _int(attributes.get("r"), self.row + 1), 0
        elif name == "c" and self.parent == "row":
            found = cell_position(attributes.get("r") or "")
            self.row, self.column = found if found else (self.row, self.column + 1)
            self.cell = _Cell(self.row, self.column, attributes.get("t") or "n")
        elif name == "dimension":
            self.scan.claimed = _claimed(attributes.get("ref") or "")
        elif name in _EMBEDDING:
            self.scan.embedded = True
        self.capturing = name in _CAPTURED

    def end(self, name: str, text: str) -> None:
        cell = self.cell
        self.capturing = False
        if cell is not None:
            if name in ("v", "is", "f"):
                cell.held = True
            if name == "c":
                _end_cell(self.scan, cell, self.shared, self.budget)
                self.cell = None
                if self.scan.cells > self.cap:
                    raise _extent(self.file_name, self.member, self.scan)
            elif name == "v":
                cell.value = text
            elif name == "t":
                self.budget.add_text(len(text))
            elif name == "f":
                cell.formula = text
            return
        if name in _FORMULA_ELEMENTS and text:
            self.budget.add_text(len(text))
            reason = unsafe_reason(text)
            if reason:
                self.scan.unsafe.append(f"{name}: ={text[:200]} ({reason})")


#: Elements whose text is read.
_CAPTURED = {"v", "t", "f", "formula", "formula1", "formula2"}


def _extent(file_name: str, member: str, scan: SheetScan):
    return oversized(file_name, f"'{member}'의 셀 범위({scan.rows:,}행 × {scan.columns:,}열)",
                     f"the cell range of '{member}' ({scan.rows:,} rows × {scan.columns:,} columns)", scan.cells,
                     "SABO_EVAL_MAX_SHEET_CELLS")


def scan_sheet(chunks: Iterable[bytes], member: str, shared: array, budget: Budget) -> SheetScan:
    """Scan one worksheet part.

    Parameters
    ----------
    chunks : iterable of bytes
        The inflated part (:func:`~.zip_guard.inflate`).
    member : str
        Its name in the package, for messages.
    shared : array
        Characters of each shared string (:func:`scan_shared_strings`).
    budget : Budget
        Text counted against :data:`~.limits.MAX_TEXT_CHARS`.

    Returns
    -------
    SheetScan

    Raises
    ------
    SubmissionError
        ``oversized_file`` as soon as the rectangle passes :data:`~.limits.MAX_SHEET_CELLS`.
    """
    scanner = _SheetScanner(member, shared, budget)
    scanner.run(chunks)
    return scanner.scan


def _end_cell(scan: SheetScan, cell: _Cell, shared: array, budget: Budget) -> None:
    """Count a finished cell: its extent, its text, its formula."""
    if not cell.held:
        return
    scan.rows, scan.columns = max(scan.rows, cell.row), max(scan.columns, cell.column)
    if cell.kind == "s":
        index = _int(cell.value, -1)
        if 0 <= index < len(shared):
            budget.add_text(shared[index])
    else:
        budget.add_text(len(cell.value))
    if cell.formula is not None:
        budget.add_text(len(cell.formula))
        scan.formulas.append((cell.row, column_letter(cell.column), cell.formula, bool(cell.value)))


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _claimed(reference: str) -> int:
    """Cells a ``<dimension ref>`` claims (``A1:XFD1048576`` → 17,179,869,184)."""
    found = cell_position(reference.rpartition(":")[2])
    return found[0] * found[1] if found else 0


class _StringsScanner(XmlScan):
    def __init__(self, member: str, budget: Budget, most: int) -> None:
        super().__init__(budget.file_name, member)
        self.lengths, self.current, self.most, self.budget = array("q"), 0, most, budget

    def start(self, name: str, attributes: dict) -> None:
        if name == "sst":
            claimed = max(_int(attributes.get(k), 0) for k in ("count", "uniqueCount"))
            if claimed > self.most:
                raise _too_many_strings(self.file_name, claimed, self.most)
        elif name == "si":
            self.current = 0
        self.capturing = name == "t"

    def end(self, name: str, text: str) -> None:
        self.capturing = False
        if name == "t":
            self.current += len(text)
        elif name == "si" and self.depth == 2:
            self.lengths.append(self.current)
            if len(self.lengths) > self.most:
                raise _too_many_strings(self.file_name, len(self.lengths), self.most)


def scan_shared_strings(chunks: Iterable[bytes], member: str, budget: Budget, most: int) -> array:
    """Characters of each string of the shared-string table, refusing more than ``most`` strings.

    Parameters
    ----------
    chunks : iterable of bytes
        The inflated ``sharedStrings.xml``.
    member : str
        Its name, for messages.
    budget : Budget
    most : int
        :data:`~.limits.MAX_SHARED_STRINGS` (also what ``count``/``uniqueCount`` may claim).

    Returns
    -------
    array of int
    """
    scanner = _StringsScanner(member, budget, most)
    scanner.run(chunks)
    return scanner.lengths


def _too_many_strings(file_name: str, found: int, most: int) -> SubmissionError:
    return refuse(
        file_name, "oversized_file",
        f"공유 문자열이 너무 많습니다({found:,}개, 최대 {most:,}개) — 값만 .xlsx로 다시 저장하거나 파일을 나누어 "
        "제출하세요(한도: SABO_EVAL_MAX_SHARED_STRINGS)",
        f"too many shared strings ({found:,}, at most {most:,}); save the values as .xlsx again or split the file "
        "(limit: SABO_EVAL_MAX_SHARED_STRINGS)",
    )
