"""Money: amounts converted exactly to the declared unit, and unit notes checked.

The amount columns (계획예산, 변경예산, 집행액) are in the unit declared by 예산단위 in
제출정보 (천원 when not given). A cell may carry its own unit (``11.83억원``,
``5,000,000원``, ``2천만원``): it is converted exactly (in :class:`~decimal.Decimal`) to
the declared unit, so ``11.83억원`` in a 천원 table is 1,183,000.

A unit note above the table (``※ 단위: 원``, ``(단위: 천원)``) or in an amount header
(``계획예산(원)``) states the unit of the plain numbers below it:

* when 예산단위 is declared and the note names another unit, the two statements
  contradict each other and the sheet is refused naming both (rule
  ``budget_unit_mismatch``): which one is right cannot be known, so nothing is guessed;
* when 예산단위 is not declared, the note is the only statement of the unit: plain
  numbers are converted exactly from it to 천원, and a warning says so (rule
  ``budget_unit_from_note``).

A plain number written with a Korean multiplier but no 원 (``21만`` in a 천원 column)
could be 210,000 천원 or 21만원 and is refused (rule ``ambiguous_amount_unit``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import numbers
from .problems import WARNING
from .submission import RawSheet, Submission

__all__ = ["AMOUNT_COLUMNS", "UNITS", "DEFAULT_UNIT", "unit_factor", "is_unit_note", "amount_kind", "parse_amount", "sheet_money_unit"]

#: Canonical columns holding amounts of money.
AMOUNT_COLUMNS = frozenset({"planned", "revised", "executed"})
#: Money units and their size in 원.
UNITS = {"원": 1, "천원": 10**3, "만원": 10**4, "십만원": 10**5, "백만원": 10**6, "천만원": 10**7, "억원": 10**8}
DEFAULT_UNIT = "천원"
_NOTE = re.compile(r"단위\s*[:：]?\s*[(（\[]?\s*(십만원|백만원|천만원|천원|만원|억원|원)")
_HEADER_UNIT = re.compile(r"[(（\[]\s*(?:단위\s*[:：]?\s*)?(십만원|백만원|천만원|천원|만원|억원|원)\s*[)）\]]")
_MULTIPLIER = re.compile(r"[십백천만억조]")


def unit_factor(text: object) -> int | None:
    """The size in 원 of a unit written as ``천원``, ``단위: 원``, ``(백만원)``; None if unknown."""
    if text is None:
        return None
    key = re.sub(r"[^가-힣A-Za-z0-9]|단위", "", numbers.clean_number_text(str(text)))
    return UNITS.get(key)


def is_unit_note(text: object) -> bool:
    """Whether a cell is only a unit note (``※ 단위: 천원``, ``(단위 : 원)``), not a column header."""
    if not isinstance(text, str):
        return False
    cleaned = re.sub(r"^[※*\s(（\[]+|[\s)）\]]+$", "", numbers.clean_number_text(text))
    return _NOTE.fullmatch(cleaned) is not None


def amount_kind(sheet_factor: int, target_factor: int) -> str:
    """The cell kind of an amount column whose plain numbers are in ``sheet_factor`` 원."""
    return f"amount:{sheet_factor}:{target_factor}"


def parse_amount(value: object, kind: str) -> float | None:
    """Read an amount cell in the declared unit (see the module docstring).

    Parameters
    ----------
    value : object
        The cell as read.
    kind : str
        ``amount:<plain numbers' unit in 원>:<declared unit in 원>``.

    Returns
    -------
    float or None

    Raises
    ------
    CellError
        When the cell is not an amount, or its unit cannot be told.
    """
    _, sheet_factor, target_factor = kind.split(":")
    found = numbers.read_decimal(value, count=True, money=True)
    if found is None:
        return None
    number, in_won = found
    if in_won:
        number = number / Decimal(target_factor)
    else:
        if isinstance(value, str) and _MULTIPLIER.search(value):
            shown = str(value).strip()
            raise numbers.NumberError(
                f"'{shown}'의 단위를 알 수 없습니다 — 금액 단위(원, 천원 …)를 붙이거나 예산단위로 쓰세요",
                f"the unit of '{shown}' is unclear; add a money unit (원, 천원 …) or write it in the declared unit",
                "ambiguous_amount_unit",
            )
        if sheet_factor != target_factor:
            number = number * Decimal(sheet_factor) / Decimal(target_factor)
    return float(number) + 0.0  # -0 is 0


def sheet_money_unit(
    sub: Submission, sheet: RawSheet, header_row: int, header: dict[int, str], mapping: dict[int, str]
) -> str | None:
    """The amount kind of a sheet's amount columns, checking unit notes; None without amounts.

    Parameters
    ----------
    sub : Submission
        The submission (its 예산단위); problems are added.
    sheet : RawSheet
        The sheet as read.
    header_row : int
        Index of the header row (it and the rows above it are searched for a unit note).
    header : dict of int to str
        Headers as written per column index.
    mapping : dict of int to str
        Canonical column per column index.

    Returns
    -------
    str or None
        The kind for :func:`parse_amount`.
    """
    amount_columns = [j for j, name in mapping.items() if name in AMOUNT_COLUMNS]
    if not amount_columns:
        return None
    declared_text = sub.info.get("budget_unit")
    declared = unit_factor(declared_text) if declared_text else None
    if declared_text and declared is None:
        sub.problem(
            "제출정보", None, "예산단위", declared_text,
            f"예산단위를 알 수 없습니다: '{declared_text}' (가능: {', '.join(UNITS)})",
            f"unknown budget unit '{declared_text}' (accepted: {', '.join(UNITS)})",
            "bad_budget_unit",
        )
    target = declared or UNITS[DEFAULT_UNIT]
    stated = _unit_notes(sheet, header_row, header, amount_columns)
    sheet_factor = target
    for row, column, written, factor in stated:
        if declared is not None and factor != declared:
            sub.problem(
                sheet.name, row, column, written,
                f"표의 단위 표시('{written}')가 제출정보의 예산단위('{declared_text}')와 다릅니다 — 하나로 맞추세요",
                f"the unit stated on the sheet ('{written}') differs from the declared budget unit "
                f"('{declared_text}'); make them agree",
                "budget_unit_mismatch",
            )
        elif declared is None and factor != sheet_factor:
            sheet_factor = factor
            sub.problem(
                sheet.name, row, column, written,
                f"예산단위가 없어 표의 단위 표시('{written}')를 따라 {DEFAULT_UNIT}(으)로 정확히 환산했습니다",
                f"no budget unit declared: amounts read in the unit stated on the sheet ('{written}') "
                f"and converted exactly to {DEFAULT_UNIT}",
                "budget_unit_from_note", WARNING,
            )
    return amount_kind(sheet_factor, target)


def _unit_notes(
    sheet: RawSheet, header_row: int, header: dict[int, str], amount_columns: list[int]
) -> list[tuple[int, str, str, int]]:
    """Units stated above the table, beside its header or in amount headers: (Excel row, column, text, factor)."""
    stated = []
    for i, row in enumerate(sheet.rows[: header_row + 1]):
        for j, cell in enumerate(row):
            if i == header_row and j in header and j in amount_columns:
                continue  # an amount header: read below, with its column
            if isinstance(cell, str) and "단위" in cell:
                found = _NOTE.search(numbers.clean_number_text(cell))
                if found:
                    stated.append((i + 1, _letter(j) + "열", cell.strip(), UNITS[found.group(1)]))
    for j in amount_columns:
        found = _HEADER_UNIT.search(numbers.clean_number_text(header.get(j, "")))
        if found:
            stated.append((header_row + 1, header[j], header[j], UNITS[found.group(1)]))
    return stated


def _letter(j: int) -> str:
    """Excel column letter of a 0-based column index."""
    out = ""
    j += 1
    while j:
        j, rest = divmod(j - 1, 26)
        out = chr(65 + rest) + out
    return out

