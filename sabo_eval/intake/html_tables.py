"""HTML tables as raw sheets: the "Excel" files that government systems export.

Many systems offer an "엑셀 다운로드" that is really an HTML page saved with an
``.xls`` name; Excel opens it with a warning. Each ``<table>`` of the page becomes a
sheet. A sheet is named by the table's ``<caption>``, else by the heading (``<h1>`` …
``<h6>``) written just before it, else by the ``<x:Name>`` of Excel's own web-page
export, else — when the page holds a single table — by the file's name. A page with
several tables where one cannot be named is refused: its rows could belong to any
sheet, and guessing would put values in the wrong table.

Cells are read as the text shown (``1,234``, ``71.6%``), exactly like CSV cells,
except where Excel's own HTML keeps the stored number beside it (``x:num``): the
text shown may be rounded (``72`` for 71.6), so the stored number is read, as it is
from a workbook — unless the text is a date, whose stored number is a day count.
``colspan``/``rowspan`` become merged ranges (the value in the top-left cell), so
headers split over merged cells are read as in a workbook.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import SubmissionError
from .limits import limit
from .submission import RawSheet
from .zip_guard import oversized

__all__ = ["looks_like_html", "decode_html", "read_html_tables", "html_text_tables"]

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_EXCEL_NAME = re.compile(r"<x:Name>(.*?)</x:Name>", re.I | re.S)
_SPACES = re.compile(r"[ \t\r\n\xa0]+")
_DATE_LIKE = re.compile(r"\d{2,4}\s*[-./년]\s*\d{1,2}\s*[-./월]|\d{1,2}:\d{2}")


def looks_like_html(raw: bytes) -> bool:
    """Whether the bytes are an HTML page holding a table.

    Parameters
    ----------
    raw : bytes
        The start of a file (any length).

    Returns
    -------
    bool
    """
    head = raw[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return head.startswith(b"<") and (b"<table" in head or head.startswith((b"<html", b"<!doctype html")) or b"<html" in head[:512])


def decode_html(raw: bytes, name: str) -> str:
    """Decode an HTML page: its byte-order mark, else its declared charset, else UTF-8 or CP949.

    Parameters
    ----------
    raw : bytes
        The page.
    name : str
        The file name, for the error message.

    Returns
    -------
    str

    Raises
    ------
    SubmissionError
        When no encoding reads the page.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    encodings = ["utf-8-sig", "cp949"]
    declared = _CHARSET.search(raw[:4096])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        encodings.insert(0, "cp949" if label in ("euc-kr", "ks_c_5601-1987", "ksc5601", "x-windows-949") else label)
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise SubmissionError(
        name,
        "HTML 파일의 문자 인코딩을 알 수 없습니다(UTF-8 또는 EUC-KR로 저장하세요)",
        "unknown text encoding of the HTML file (save as UTF-8 or EUC-KR)",
    )


def _too_large(name: str, cells: int) -> SubmissionError:
    """``oversized_file`` for an HTML table whose grid is over :data:`~.limits.MAX_SHEET_CELLS`."""
    return oversized(name or "HTML", f"HTML 표 '{name}'의 셀 범위", f"the cell range of the HTML table '{name}'", cells,
                     "SABO_EVAL_MAX_SHEET_CELLS")


class _Table:
    """One table being read: its grid, merged ranges and name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[tuple[int, int], str] = {}
        self.merged: list[tuple[int, int, int, int]] = []
        self.taken: set[tuple[int, int]] = set()
        self.row = -1

    def place(self, text: str, colspan: int, rowspan: int) -> None:
        """Put a cell at the next free column of the current row."""
        column = 0
        while (self.row, column) in self.taken:
            column += 1
        if len(self.taken) + colspan * rowspan > limit("SABO_EVAL_MAX_SHEET_CELLS"):
            raise _too_large(self.name, len(self.taken) + colspan * rowspan)
        for r in range(self.row, self.row + rowspan):
            for c in range(column, column + colspan):
                self.taken.add((r, c))
        if text:
            self.cells[(self.row, column)] = text
        if colspan > 1 or rowspan > 1:
            self.merged.append((self.row, column, self.row + rowspan - 1, column + colspan - 1))

    def rows(self) -> list[list[object]]:
        """The grid as rows of cells (None where empty)."""
        if not self.taken:
            return []
        height = max(r for r, _ in self.taken) + 1
        width = max(c for _, c in self.taken) + 1
        if height * width > limit("SABO_EVAL_MAX_SHEET_CELLS"):
            raise _too_large(self.name, height * width)
        grid: list[list[object]] = [[None] * width for _ in range(height)]
        for (r, c), text in self.cells.items():
            grid[r][c] = text
        return grid


class _Parser(HTMLParser):
    """Collects the tables of a page (a nested table's text stays in its outer cell)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self.excel_names: list[str] = []
        self._depth = 0
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._stored: str | None = None  # Excel's x:num of the cell being read
        self._text: list[str] | None = None  # caption or heading being read
        self._heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append(_Table(self._heading))
                self._heading = ""
        elif self._depth == 1 and tag == "tr":
            self.tables[-1].row += 1
        elif self._depth == 1 and tag in ("td", "th"):
            self._close_cell()
            found = dict(attrs)
            self._span = (_span(found.get("colspan")), _span(found.get("rowspan")))
            self._stored = (found.get("x:num") or "").strip() or None
            self._cell = []
            if self.tables[-1].row < 0:
                self.tables[-1].row = 0
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        elif tag in _HEADINGS or (self._depth == 1 and tag == "caption"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            if self._depth == 1:
                self._close_cell()
            self._depth -= 1
        elif self._depth == 1 and tag in ("td", "th", "tr"):
            self._close_cell()
        elif self._text is not None and (tag in _HEADINGS or tag == "caption"):
            text = _clean("".join(self._text))
            self._text = None
            if tag == "caption" and self._depth == 1 and text:
                self.tables[-1].name = text
            elif self._depth == 0:
                self._heading = text

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._text is not None:
            self._text.append(data)

    def handle_comment(self, data: str) -> None:
        self.excel_names.extend(_clean(n) for n in _EXCEL_NAME.findall(data))

    def _close_cell(self) -> None:
        if self._cell is not None:
            text = "\n".join(_clean(part) for part in "".join(self._cell).split("\n")).strip()
            if self._stored is not None and text and not _DATE_LIKE.search(text):
                text = self._stored
            self.tables[-1].place(text, *self._span)
            self._cell = None


def _span(value: str | None) -> int:
    """A colspan/rowspan attribute as a count (1 when absent or unreadable)."""
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except ValueError:
        return 1


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def read_html_tables(raw: bytes, file_name: str, stem: str) -> list[RawSheet]:
    """Every table of an HTML page as a sheet.

    Parameters
    ----------
    raw : bytes
        The page's bytes.
    file_name : str
        The file's name, for messages.
    stem : str
        The name a page's only table takes when nothing else names it.

    Returns
    -------
    list of RawSheet

    Raises
    ------
    SubmissionError
        When the page holds no table, or several tables of which one has no name.
    """
    return html_text_tables(decode_html(raw, file_name), file_name, stem)


def html_text_tables(text: str, file_name: str, stem: str) -> list[RawSheet]:
    """:func:`read_html_tables` of a page already decoded.

    Parameters
    ----------
    text : str
        The page.
    file_name : str
        The file's name, for messages.
    stem : str
        The name a page's only table takes when nothing else names it.

    Returns
    -------
    list of RawSheet
    """
    parser = _Parser()
    parser.feed(text)
    parser.close()
    tables = [t for t in parser.tables if t.taken]
    if not tables:
        raise SubmissionError(file_name, "HTML 파일에 표가 없습니다", "the HTML file holds no table")
    if len(parser.excel_names) == len(tables):
        for table, name in zip(tables, parser.excel_names, strict=True):
            table.name = table.name or name
    if len(tables) == 1 and not tables[0].name:
        tables[0].name = stem
    unnamed = [str(i) for i, t in enumerate(tables, 1) if not t.name]
    if unnamed:
        listed = ", ".join(unnamed)
        raise SubmissionError(
            file_name,
            f"HTML 표 {len(tables)}개 중 이름이 없는 표가 있습니다({listed}번째) — 어느 시트인지 알 수 없습니다. "
            "표마다 제목(<caption>)을 붙이거나 .xlsx로 저장하세요",
            f"of the {len(tables)} HTML tables, table(s) {listed} have no name, so their sheet is unknown; "
            "give each table a <caption> or save as .xlsx",
        )
    return [RawSheet(t.name, t.rows(), t.merged) for t in tables]
