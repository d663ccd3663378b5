"""Cells a workbook shows as percents, and their values read as shown.

python-calamine gives a cell's value, not its number format: a cell holding 0.716 and
formatted ``0.0%`` shows ``71.6%`` but is read as 0.716. This module finds the
percent-formatted cells in the xlsx zip (``xl/styles.xml``: ``numFmts`` and
``cellXfs``; each cell's ``s="…"`` style in the sheet XML) so that the number columns
read them as shown: 0.716 → 71.6 (exactly, in :class:`~decimal.Decimal`).

A column holding both percent-formatted cells and plain fractions (0 < x < 1, in rows
whose 단위 is a percent or not given) mixes two scales (71.6 beside 0.8 meant as 80) and
each plain fraction is refused naming the mix (rule ``percent_mixed``).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal

from .numbers import NumberError, format_number

__all__ = ["percent_cells", "attach_percent_cells", "shown_as_percent", "percent_column", "check_percent_scales"]

#: Built-in number formats that are percents (``0%``, ``0.00%``).
_BUILTIN_PERCENT = {9, 10}
_NUM_FMT = re.compile(r"<numFmt\b[^>]*?numFmtId=\"(\d+)\"[^>]*?formatCode=\"([^\"]*)\"")
_CELL_XFS = re.compile(r"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_XF = re.compile(r"<xf\b([^>]*)")
_CELL = re.compile(rb"<c\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
_REFERENCE = re.compile(r"([A-Z]+)(\d+)")
_PERCENT_UNITS = {"%", "％", "퍼센트", "백분율", "percent"}


def _is_percent_code(code: str) -> bool:
    """Whether a number format code shows a percent (a ``%`` outside quotes and escapes)."""
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", html.unescape(code))
    return "%" in code


def _percent_styles(archive: zipfile.ZipFile) -> set[str]:
    """Indexes (as written in ``s="…"``) of the cell styles that show a percent."""
    try:
        styles = archive.read("xl/styles.xml").decode("utf-8", "replace")
    except KeyError:
        return set()
    percent_formats = set(_BUILTIN_PERCENT)
    for fmt_id, code in _NUM_FMT.findall(styles):
        if _is_percent_code(code):
            percent_formats.add(int(fmt_id))
    block = _CELL_XFS.search(styles)
    if block is None:
        return set()
    found = set()
    for index, attributes in enumerate(_XF.findall(block.group(1))):
        fmt = dict(_ATTRIBUTE.findall(attributes)).get("numFmtId", "0")
        if fmt.isdigit() and int(fmt) in percent_formats:
            found.add(str(index))
    return found


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML member in the zip."""
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for attributes in re.findall(r"<Relationship\b([^>]*)>", rels):
        found = dict(_ATTRIBUTE.findall(attributes))
        targets[found.get("Id")] = found.get("Target", "")
    members = {}
    for attributes in re.findall(r"<sheet\b([^>]*)>", book):
        found = dict(_ATTRIBUTE.findall(attributes))
        target = targets.get(found.get("r:id"), "")
        members[html.unescape(found.get("name", ""))] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return members


def _column_index(letters: str) -> int:
    """0-based index of an Excel column letter."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def percent_cells(archive: zipfile.ZipFile) -> dict[str, set[tuple[int, int]]]:
    """Percent-formatted cells per sheet name, as (row index, column index), 0-based.

    Parameters
    ----------
    archive : zipfile.ZipFile
        The xlsx zip.

    Returns
    -------
    dict of str to set
        Only sheets with at least one such cell.
    """
    styles = _percent_styles(archive)
    if not styles:
        return {}
    names = set(archive.namelist())
    wanted = {s.encode() for s in styles}
    out: dict[str, set[tuple[int, int]]] = {}
    for name, member in _sheet_members(archive).items():
        if member not in names:
            continue
        cells = set()
        for attributes in _CELL.findall(archive.read(member)):
            found = dict(_ATTRIBUTE.findall(attributes.decode("utf-8", "replace")))
            if found.get("s", "").encode() in wanted:
                ref = _REFERENCE.fullmatch(found.get("r", ""))
                if ref:
                    cells.add((int(ref.group(2)) - 1, _column_index(ref.group(1))))
        if cells:
            out[name] = cells
    return out


def attach_percent_cells(raw: bytes, sheets: list) -> None:
    """Set ``percent_cells`` of each sheet read from the xlsx bytes ``raw``.

    Parameters
    ----------
    raw : bytes
        The workbook's bytes (already known to be a readable zip).
    sheets : list of RawSheet
        The sheets read from it.
    """
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        found = percent_cells(archive)
    for sheet in sheets:
        sheet.percent_cells = found.get(sheet.name, set())


def percent_column(
    sheet, j: int, data_start: int, keep: Sequence[int], values: Sequence[object], units: Sequence[object] | None
) -> tuple[Sequence[object], list[tuple]]:
    """:func:`shown_as_percent` for column ``j`` of a sheet's data rows ``keep``; unchanged without percents."""
    if not sheet.percent_cells or not any(j == col for _, col in sheet.percent_cells):
        return values, []
    return shown_as_percent(sheet.percent_cells, j, [data_start + k for k in keep], values, units)


def shown_as_percent(
    percent: set[tuple[int, int]], j: int, rows: Sequence[int], values: Sequence[object], units: Sequence[object] | None
) -> tuple[list[object], list[tuple]]:
    """A column's values with percent-formatted numbers read as shown, and the mixed cells.

    Parameters
    ----------
    percent : set of (int, int)
        The sheet's percent-formatted cells (0-based row, column).
    j : int
        The column's index.
    rows : sequence of int
        The 0-based sheet row of each value.
    values : sequence
        The column's cells.
    units : sequence or None
        The row's 단위 cells, when the table has that column.

    Returns
    -------
    values : list
        Percent-formatted numbers times 100 (0.716 → 71.6); other cells unchanged.
    mixed : list of tuple
        ``(position, "error", value, NumberError)`` for each plain fraction in a column
        that also has percent-formatted cells.
    """
    out = list(values)
    shown = []
    for pos, (row, value) in enumerate(zip(rows, values, strict=True)):
        if (row, j) in percent and value.__class__ in (int, float):
            out[pos] = float(Decimal(repr(value)) * 100)
            shown.append(pos)
    if not shown:
        return out, []
    mixed = []
    for pos, value in enumerate(values):
        if (rows[pos], j) in percent or value.__class__ not in (int, float) or not 0 < abs(value) < 1:
            continue
        unit = str(units[pos]).strip().lower() if units is not None and units[pos] is not None else ""
        if unit and unit not in _PERCENT_UNITS:
            continue
        example = format_number(out[shown[0]])
        mixed.append((pos, "error", value, NumberError(
            f"이 열은 백분율 서식 셀({example}%)과 소수({format_number(value)})가 섞여 있습니다 — "
            f"{format_number(value)}이(가) {format_number(Decimal(repr(value)) * 100)}%인지 알 수 없습니다",
            f"the column mixes percent-formatted cells ({example}%) with fractions ({format_number(value)}); "
            f"cannot tell whether {format_number(value)} means {format_number(Decimal(repr(value)) * 100)}%",
            "percent_mixed",
        )))
    return out, mixed


#: Indicator columns that share a row's 단위.
_SCALED = ("baseline", "target", "actual")


def check_percent_scales(sub, sheet_name: str, table: dict[str, list]) -> None:
    """In a row whose 단위 is a percent, a fraction beside percents is refused.

    기준치 86.2, 목표 91.3 and 실적 0.959 on a ``%`` row mix two scales (0.959 is
    95.9 % written as a fraction, or a rate of 0.959 %): each fraction is refused
    naming the row's other values (rule ``percent_scale_mixed``).

    Parameters
    ----------
    sub : Submission
        The submission: problems are added, headers as written are read.
    sheet_name : str
        The sheet.
    table : dict of str to list
        The sheet's columns as read (see :func:`.sheets.parse_table_sheet`).
    """
    units = table.get("unit")
    if not units or not any(c in table for c in _SCALED):
        return
    for pos, unit in enumerate(units):
        if unit is None or str(unit).strip().lower() not in _PERCENT_UNITS:
            continue
        values = {c: table[c][pos] for c in _SCALED if c in table and table[c][pos].__class__ in (int, float)}
        wholes = [f"{sub.headers.get(('indicators', c), c)} {format_number(v)}" for c, v in values.items() if abs(v) > 1]
        if not wholes:
            continue
        for column, value in values.items():
            if 0 < abs(value) < 1:
                written = sub.headers.get(("indicators", column), column)
                percent = format_number(Decimal(repr(float(value))) * 100)
                sub.problem(
                    sheet_name, table["_row"][pos], written, format_number(value),
                    f"단위가 %인 행에 소수({format_number(value)})와 백분율({', '.join(wholes)})이 섞여 있습니다 — "
                    f"{percent}%인지 {format_number(value)}%인지 알 수 없습니다",
                    f"a % row mixes a fraction ({format_number(value)}) with percents ({', '.join(wholes)}); "
                    f"cannot tell whether it means {percent}% or {format_number(value)}%",
                    "percent_scale_mixed",
                )
