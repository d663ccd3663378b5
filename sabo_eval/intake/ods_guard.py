"""An ``.ods`` package inspected before python-calamine opens it.

The zip is opened with bounds (:mod:`.zip_guard`); macros (``Basic/``, ``Scripts/``)
and embedded objects other than charts are refused (``unsafe_workbook``), and
``content.xml`` is read streaming for each sheet's real rectangle: OpenDocument repeats
a row or cell with ``table:number-rows-repeated``/``table:number-columns-repeated``, so
a few bytes can claim a billion cells. Repeats of empty cells (how LibreOffice pads a
sheet to its end) are not counted; repeats of cells holding something are, against
:data:`~.limits.MAX_SHEET_CELLS` and :data:`~.limits.MAX_WORKBOOK_CELLS`
(``oversized_file``). Linked sheets, DDE links and other links out of the document are
refused too.
"""

from __future__ import annotations

from .limits import limit
from .sheet_scan import XmlScan
from .zip_guard import Budget, inflate, open_package, oversized, part_key, refuse

__all__ = ["guard_ods"]

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CELLS = ("table-cell", "covered-table-cell")
#: Elements of content.xml that link outside the document or run something.
_LINKS = {"dde-source", "dde-link", "dde-connection-decl", "table-source", "cell-range-source", "database-source-sql",
          "database-source-query", "database-source-table", "script", "event-listener", "object-ole", "applet", "plugin"}


def guard_ods(raw: bytes, file_name: str) -> None:
    """Inspect an ``.ods`` package; returns when it may be read.

    Parameters
    ----------
    raw : bytes
        The workbook's bytes.
    file_name : str
        For messages.

    Raises
    ------
    SubmissionError
        ``unsafe_workbook`` or ``oversized_file``.
    """
    archive = open_package(raw, file_name)
    budget = Budget(file_name)
    for info in archive.infolist():
        key = part_key(info.filename)
        if key.startswith(("basic/", "scripts/")) or (key.startswith("object ") and key.endswith(".bin")):
            raise _unsafe(file_name, info.filename)
    for info in archive.infolist():
        key = part_key(info.filename)
        chunks = inflate(raw, info, budget, xml=key.endswith(".xml"))
        if key == "content.xml":
            _ContentScan(file_name, budget).run(chunks)
        else:
            for _ in chunks:
                pass


def _unsafe(file_name: str, part: str):
    return refuse(
        file_name, "unsafe_workbook",
        f"통합문서에 매크로·삽입 개체·외부 연결이 들어 있습니다('{part}') — 값만 새 문서에 붙여 넣고 "
        "일반 .xlsx 또는 .ods로 저장해 제출하세요",
        f"the workbook holds macros, embedded objects or external links ('{part}'); paste the values into a new "
        "document and save it as a plain .xlsx or .ods",
    )


def _repeat(attributes: dict, name: str) -> int:
    try:
        return max(1, int(attributes.get(f"{_TABLE}{name}", "1")))
    except ValueError:
        return 1


class _ContentScan(XmlScan):
    """Each sheet's rectangle of cells holding something, repeats counted."""

    def __init__(self, file_name: str, budget: Budget) -> None:
        super().__init__(file_name, "content.xml")
        self.budget = budget
        self.sheet_most, self.book_most = limit("SABO_EVAL_MAX_SHEET_CELLS"), limit("SABO_EVAL_MAX_WORKBOOK_CELLS")
        self.total = self.rows = self.columns = self.row = self.column = 0
        self.row_repeat, self.table, self.held, self.repeat = 1, "", False, 1

    def start(self, name: str, attributes: dict) -> None:
        if name == "table":
            self.total += self.rows * self.columns
            self.rows = self.columns = self.row = 0
            self.table = attributes.get(f"{_TABLE}name", "")
        elif name == "table-row":
            self.column, self.row_repeat = 0, _repeat(attributes, "number-rows-repeated")
        elif name in _CELLS:
            self.repeat = _repeat(attributes, "number-columns-repeated")
            self.held = f"{_OFFICE}value-type" in attributes
        elif name in _LINKS:
            raise _unsafe(self.file_name, f"content.xml: {name}")
        self.capturing = name in ("p", "span", "a")

    def end(self, name: str, text: str) -> None:
        self.capturing = name != "p" and self.parent == "p"
        if name == "table-row":
            self.row += self.row_repeat
        elif name in ("p", "span", "a"):
            self.held = True
            self.budget.add_text(len(text))
        elif name in _CELLS:
            self.column += self.repeat
            if self.held:
                self._count()

    def _count(self) -> None:
        self.rows, self.columns = max(self.rows, self.row + self.row_repeat), max(self.columns, self.column)
        cells = self.rows * self.columns
        if cells > self.sheet_most:
            raise oversized(self.file_name, f"시트 '{self.table}'의 셀 범위({self.rows:,}행 × {self.columns:,}열)",
                            f"the cell range of sheet '{self.table}' ({self.rows:,} rows × {self.columns:,} columns)",
                            cells, "SABO_EVAL_MAX_SHEET_CELLS")
        if self.total + cells > self.book_most:
            raise oversized(self.file_name, "모든 시트의 셀 범위 합계", "the cell ranges of all sheets",
                            self.total + cells, "SABO_EVAL_MAX_WORKBOOK_CELLS")
