"""What python-calamine does not give for an ``.ods`` workbook: merged cells and formulas.

python-calamine reads an OpenDocument spreadsheet's values but reports no merged
ranges for it; without them a header split over merged cells, or a value merged down
over several rows, would be read as blanks. This module walks the workbook's
``content.xml`` once and returns, per sheet, the merged ranges (from
``table:number-columns-spanned``/``table:number-rows-spanned``) and the formula cells
(``table:formula``), in the same shapes the ``.xlsx`` reader produces, so the same
checks (external formulas, formulas without a stored value) apply.
"""

from __future__ import annotations

import io
import logging
import zipfile
from xml.etree.ElementTree import iterparse

__all__ = ["ods_extras"]

logger = logging.getLogger(__name__)

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
#: Repeats beyond this are Excel/LibreOffice padding to the sheet's end, never data.
_MAX_REPEAT = 100_000

Merged = list[tuple[int, int, int, int]]
Formulas = list[tuple[int, str, str, bool]]


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _count(element, name: str) -> int:
    try:
        return max(1, min(int(element.get(f"{_TABLE}{name}", "1")), _MAX_REPEAT))
    except ValueError:
        return 1


def ods_extras(raw: bytes) -> dict[str, tuple[Merged, Formulas]]:
    """Merged ranges and formula cells of every sheet of an ``.ods`` workbook.

    Parameters
    ----------
    raw : bytes
        The workbook's bytes.

    Returns
    -------
    dict
        ``sheet name → (merged ranges (r0, c0, r1, c1), 0-based inclusive;
        formula cells (Excel-style row, column letter, formula, has a stored value))``;
        empty when ``content.xml`` cannot be read (python-calamine then reports the
        broken file).
    """
    out: dict[str, tuple[Merged, Formulas]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        logger.debug("no content.xml: %s", exc)
        return out
    merged: Merged = []
    formulas: Formulas = []
    row = column = 0
    row_repeat = 1
    for event, element in iterparse(io.BytesIO(content), events=("start", "end")):
        tag = element.tag
        if event == "start" and tag == f"{_TABLE}table":
            merged, formulas, row = [], [], 0
            out[element.get(f"{_TABLE}name", "")] = (merged, formulas)
        elif event == "start" and tag == f"{_TABLE}table-row":
            column, row_repeat = 0, _count(element, "number-rows-repeated")
        elif event == "end" and tag == f"{_TABLE}table-row":
            row += row_repeat
            element.clear()
        elif event == "end" and tag in _CELLS:
            repeat = _count(element, "number-columns-repeated")
            across = _count(element, "number-columns-spanned")
            down = _count(element, "number-rows-spanned")
            if tag == _CELLS[0] and (across > 1 or down > 1):
                merged.append((row, column, row + down - 1, column + across - 1))
            formula = element.get(f"{_TABLE}formula")
            if formula is not None:
                stored = element.get(f"{_OFFICE}value") is not None or bool("".join(element.itertext()).strip())
                text = formula.split(":", 1)[1] if formula.startswith(("of:", "oooc:", "msoxl:")) else formula
                formulas.append((row + 1, _letter(column), text.lstrip("="), stored))
            column += repeat
    return out
