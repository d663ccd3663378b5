"""Money written in 성과지표 기준치/목표/실적 cells, read in the row's 단위.

An indicator row whose 단위 is a money unit (``천원``, ``백만원`` …) may have a cell
written with its own money unit (``11.83억원``, ``5,000,000원``). Dropping that unit
would store 11.83 where 1,183 백만원 was meant, so the cell is converted exactly (in
:class:`~decimal.Decimal`) to the row's 단위: ``11.83억원`` on a 백만원 row is 1,183.

When the row's 단위 is not a money unit (``명``, ``%``) or is empty, the amount cannot
be a value of the row and the cell is refused naming both units (rule
``unit_mismatch``). A number with a Korean multiplier but no 원 (``21만``) on a money
row could be 210,000 of the row's unit or 21만원 and is refused (rule
``ambiguous_amount_unit``). Cells without a money unit are left to the number grammar.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from . import numbers
from .money import UNITS, unit_factor
from .parsing import CellError

__all__ = ["INDICATOR_VALUES", "money_in_indicators"]

#: Indicator columns read in the row's 단위.
INDICATOR_VALUES = ("baseline", "target", "actual")
_MONEY_SUFFIX = re.compile(r"\d\s*[십백천만억조]*\s*원$")
_MULTIPLIER = re.compile(r"\d\s*[십백천만억조]")


def money_in_indicators(
    values: Sequence[object], units: Sequence[object] | None
) -> tuple[list[object], list[tuple]]:
    """A column's cells with money amounts converted to the row's 단위, and refused cells.

    Parameters
    ----------
    values : sequence
        The column's cells (기준치, 목표 or 실적).
    units : sequence or None
        The row's 단위 cells (None when the table has no 단위 column).

    Returns
    -------
    values : list
        Amounts in the row's money unit as floats; refused cells set to None; other
        cells unchanged.
    issues : list of tuple
        ``(position, "error", value, NumberError)`` for each refused cell.
    """
    out = list(values)
    issues: list[tuple] = []
    for pos, value in enumerate(values):
        if not isinstance(value, str):
            continue
        text = numbers.clean_number_text(value)
        unit = units[pos] if units is not None else None
        factor = unit_factor(unit) if unit is not None else None
        try:
            if _MONEY_SUFFIX.search(text):
                out[pos] = _convert(value, unit, factor)
            elif factor is not None and _MULTIPLIER.search(text):
                raise _ambiguous(value, unit)
        except CellError as error:
            out[pos] = None
            issues.append((pos, "error", value, error))
    return out, issues


def _convert(value: str, unit: object, factor: int | None) -> float:
    """An amount cell in the row's money unit; refused when the row's unit is not money."""
    shown = value.strip()
    if factor is None:
        written = str(unit).strip() if unit is not None and str(unit).strip() else ""
        ko_unit = f"단위('{written}')" if written else "단위(비어 있음)"
        en_unit = f"unit '{written}'" if written else "empty unit"
        raise numbers.NumberError(
            f"'{shown}'은(는) 금액인데 이 행의 {ko_unit}는 금액 단위가 아닙니다 — "
            f"단위를 금액 단위({', '.join(UNITS)})로 쓰거나 값을 행의 단위로 쓰세요",
            f"'{shown}' is an amount of money but the row's {en_unit} is not a money unit; "
            f"write the unit as a money unit ({', '.join(UNITS)}) or the value in the row's unit",
            "unit_mismatch",
        )
    found = numbers.read_decimal(value, count=True, money=True)
    number, _ = found
    return float(number / Decimal(factor))


def _ambiguous(value: str, unit: object) -> numbers.NumberError:
    """A multiplier without 원 on a money row: 21만 of the row's unit, or 21만원."""
    shown = value.strip()
    return numbers.NumberError(
        f"'{shown}'의 단위를 알 수 없습니다 — 이 행의 단위('{unit}')로 쓰거나 금액 단위(원, 천원 …)를 붙이세요",
        f"the unit of '{shown}' is unclear; write it in the row's unit ('{unit}') or add a money unit (원, 천원 …)",
        "ambiguous_amount_unit",
    )
