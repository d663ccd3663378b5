"""Parse the cells of a table column by the column's kind.

One cell at a time (:func:`parse_value`, also used for the 제출정보 values) or a whole
column at once (:func:`parse_column`), which gives the same values and problems while
parsing each distinct text only once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from . import dates, money, numbers, parsing
from .interpret import interpret
from .notes import Note
from .schemas import CODE, DATE, DISTRICT, FLOAT, INT, Column

__all__ = ["CONTEXT_COLUMNS", "parse_value", "parse_column"]

#: Columns filled from 제출정보 when left blank: an empty cell there is no problem.
CONTEXT_COLUMNS = ("district_code", "year")

#: The kind of a summable number column that is not money (a count: 1.976 is ambiguous).
COUNT = "count"
_MISSING = object()
_DATE = dt.date
_NUMBER = (int, float)


def parse_value(value: object, kind: str, codes: dict[str, str] | None, label: str) -> object:
    """Parse one cell as a value of a column kind.

    Parameters
    ----------
    value : object
        The cell as read.
    kind : str
        The column kind (see :mod:`.schemas`).
    codes : dict or None
        Accepted codes of a code column.
    label : str
        The column's Korean name, for messages.

    Returns
    -------
    object
        The parsed value, None for an empty cell.

    Raises
    ------
    parsing.CellError
        When the cell cannot be read as the kind.
    """
    if kind == INT:
        return parsing.parse_int(value)
    if kind == FLOAT:
        return parsing.parse_number(value)
    if kind == DATE:
        return parsing.parse_date(value)
    if kind == DISTRICT:
        return parsing.parse_district_code(value)
    if kind == CODE:
        return parsing.parse_code(value, codes or {}, label)
    if kind == COUNT:
        return numbers.parse_number(value, count=True)
    if kind.startswith("amount:"):
        return money.parse_amount(value, kind)
    return parsing.clean_text(value)


def number_kind(col: Column, amount: str | None = None) -> str:
    """The kind a column's cells are parsed as: counts and amounts apart from other numbers.

    Parameters
    ----------
    col : Column
        The column.
    amount : str, optional
        The sheet's amount kind (:func:`.money.sheet_money_unit`) for money columns.
    """
    if col.kind == FLOAT and col.summable:
        return amount if amount is not None and col.name in money.AMOUNT_COLUMNS else COUNT
    return col.kind


def parse_column(
    values: Sequence[object],
    col: Column,
    amount: str | None = None,
    *,
    year: int | None = None,
    notes: list[tuple] | None = None,
) -> tuple[list[object], list[tuple]]:
    """Parse the cells of one column as :func:`_read` does cell by cell.

    Numbers and dates already typed by the workbook take a short path (giving what the
    parsers give), and each distinct text is parsed once: parsers are pure functions of
    the text, and only ``str`` values share a result, so ``1``, ``1.0``, ``True`` and
    ``-0.0`` never do.

    Parameters
    ----------
    values : sequence
        The column's cells, in row order.
    col : Column
        The column they are read as.
    amount : str, optional
        The sheet's amount kind, for money columns (see :func:`number_kind`).
    year : int, optional
        The submission's year (dates without a year, months of a year).
    notes : list, optional
        Receives ``(position, value as written, Note)`` for each warning about a cell
        that was read (a time beside a date, a synonym mapped).

    Returns
    -------
    parsed : list
        The parsed values.
    problems : list of tuple
        The problem cells, (position, flag, value as written, CellError or None) in
        order, flag one of ``error``, ``empty``, ``below`` and ``above``.
    """
    kind = number_kind(col, amount)
    found: dict[int, tuple[Note, ...]] = {}
    parsed = _typed_cells(values, kind)
    parsed, errors = _parse_texts(values, parsed, _Reading(col, kind, year), found)
    if _MISSING in parsed:
        _parse_one_by_one(values, parsed, errors, _Reading(col, kind, year), found)
    if notes is not None:
        notes.extend((pos, values[pos], note) for pos in sorted(found) for note in found[pos])
    return parsed, _flag_cells(values, parsed, errors, col)


class _Reading:
    """How the cells of one column are read: counts and amounts by the number grammar
    (:mod:`.numbers`, :mod:`.money`), everything else by :func:`~.interpret.interpret`."""

    __slots__ = ("col", "kind", "year")

    def __init__(self, col: Column, kind: str, year: int | None) -> None:
        self.col, self.kind, self.year = col, kind, year

    def __call__(self, value: object) -> tuple[object, tuple[Note, ...]]:
        if self.kind == COUNT or self.kind.startswith("amount:"):
            return parse_value(value, self.kind, self.col.codes, self.col.korean), ()
        return interpret(value, self.col, self.year)


def _typed_cells(values: Sequence[object], kind: str) -> list[object]:
    """The values of cells the workbook already typed as the kind; ``_MISSING`` elsewhere."""
    if kind in (FLOAT, COUNT) or _plain_amount(kind):  # a finite float is its own value (-0.0 is 0.0)
        return [v + 0.0 if v.__class__ is float and v - v == 0 else _MISSING for v in values]
    if kind == INT:
        return [int(v) if v.__class__ is float and v.is_integer() else _MISSING for v in values]
    if kind == DATE:  # a date out of the accepted years goes through interpret, to be refused
        first, last = dates.FIRST_YEAR, dates.last_year()
        return [v if v.__class__ is _DATE and first <= v.year <= last else _MISSING for v in values]
    return [_MISSING] * len(values)


def _plain_amount(kind: str) -> bool:
    """Whether plain numbers of an amount kind are already in the declared unit."""
    if not kind.startswith("amount:"):
        return False
    _, sheet_factor, target_factor = kind.split(":")
    return sheet_factor == target_factor


def _parse_texts(
    values: Sequence[object], parsed: list[object], read: _Reading, found: dict[int, tuple]
) -> tuple[list[object], dict[int, parsing.CellError]]:
    """Parse each distinct text cell once; the values so far and the cells that failed."""
    try:
        distinct = set(values)
    except TypeError:  # an unhashable cell: every cell on its own
        distinct = set()
    texts = [u for u in distinct if u.__class__ is str]
    if not texts:
        return parsed, {}
    kind = read.kind
    known: dict[str, object] = {}
    failed: dict[str, parsing.CellError] = {}
    noted: dict[str, tuple] = {}
    for text in texts:
        try:
            known[text], note = read(text)
        except parsing.CellError as err:
            failed[text] = err
            known[text] = None
        else:
            if note:
                noted[text] = note
    numeric = kind in (FLOAT, INT, DATE, COUNT) or kind.startswith("amount:")
    if len(texts) == len(distinct) and not numeric:
        parsed = list(map(known.__getitem__, values))  # only texts: one look-up a cell
    elif numeric:
        get = known.get
        parsed = [p if p is not _MISSING else get(v, _MISSING) for p, v in zip(parsed, values, strict=True)]
    else:
        parsed = list(map(known.get, values, [_MISSING] * len(values)))
    errors: dict[int, parsing.CellError] = {}
    if failed:
        errors = {pos: failed[v] for pos, v in enumerate(values) if v.__class__ is str and v in failed}
    if noted:
        found.update((pos, noted[v]) for pos, v in enumerate(values) if v.__class__ is str and v in noted)
    return parsed, errors


def _parse_one_by_one(
    values: Sequence[object],
    parsed: list[object],
    errors: dict[int, parsing.CellError],
    read: _Reading,
    found: dict[int, tuple],
) -> None:
    """Parse the cells still ``_MISSING`` one by one, in place."""
    for pos, p in enumerate(parsed):
        if p is _MISSING:
            try:
                parsed[pos], note = read(values[pos])
            except parsing.CellError as err:
                parsed[pos] = None
                errors[pos] = err
            else:
                if note:
                    found[pos] = note


def _flag_cells(
    values: Sequence[object], parsed: list[object], errors: dict[int, parsing.CellError], col: Column
) -> list[tuple]:
    """The problem cells of a parsed column, in position order (see :func:`parse_column`)."""
    flagged: dict[int, list[tuple]] = {pos: [(pos, "error", values[pos], err)] for pos, err in errors.items()}
    if not col.nullable and col.name not in CONTEXT_COLUMNS and None in parsed:
        for pos, p in enumerate(parsed):
            if p is None and pos not in errors:
                flagged[pos] = [(pos, "empty", values[pos], None)]
    low, high = col.minimum, col.maximum
    if low is not None or high is not None:
        for pos, p in enumerate(parsed):
            if p.__class__ in _NUMBER:
                if low is not None and p < low:
                    flagged.setdefault(pos, []).append((pos, "below", values[pos], None))
                if high is not None and p > high:
                    flagged.setdefault(pos, []).append((pos, "above", values[pos], None))
    if not flagged:
        return []
    return [issue for pos in sorted(flagged) for issue in flagged[pos]]
