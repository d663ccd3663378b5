"""Read one cell of a known column the way its column needs, with notes.

:func:`~.cells.parse_value` reads a cell by its kind alone; :func:`~.cells.parse_column`
reads through :func:`interpret`. Some columns need more:
the meeting date may omit the year (the submission's), the ``year`` column takes
``23년``, the ``month`` column takes ``3월`` and ``2023년 3월``, a code column falls back
on the synonym table (:mod:`.synonyms`), a district code may be the 10-digit
행정기관코드, and every date and year must lie between 2000 and next year. What was set
aside on the way comes back as :class:`~.notes.Note` values (warnings).
"""

from __future__ import annotations

from . import dates, parsing
from .district_names import read_code_with_name
from .notes import Note
from .schemas import CODE, DATE, DISTRICT, FLOAT, INT, Column
from .synonyms import bracket_note, read_synonym

__all__ = ["YEARLESS_DATE_COLUMNS", "interpret", "interpret_info"]

#: Date columns whose dates all fall in the submission's year, so that a date written
#: without a year (``1/6``, ``1월 6일``) is of that year. A member's 위촉일 or 해촉일 may
#: be of any year: there a date without a year is refused as ambiguous. The dates of
#: these columns are checked against the submission's year by :func:`~.rules.check_dates`
#: (``date_outside_year``, ``future_date``); the other dates here, between 2000 and next year.
YEARLESS_DATE_COLUMNS = frozenset({"held_on"})
_NO_NOTES: tuple[Note, ...] = ()


def interpret(value: object, col: Column, year: int | None) -> tuple[object, tuple[Note, ...]]:
    """Read one cell of a column, with the notes on what was set aside or mapped.

    Parameters
    ----------
    value : object
        The cell as read.
    col : Column
        Its column.
    year : int or None
        The submission's year (from 제출정보), when known.

    Returns
    -------
    value : object
        The parsed value, None for an empty cell.
    notes : tuple of Note
        Warnings to report at the cell.

    Raises
    ------
    parsing.CellError
        When the cell cannot be read (a :class:`~.notes.RuledCellError` names its rule).
    """
    kind = col.kind
    if kind == DATE:
        in_year = col.name in YEARLESS_DATE_COLUMNS
        day, notes = dates.read_date(value, year=year if in_year else None)
        if day is not None and not in_year:  # in_year: the date rules name its year precisely
            dates.check_year(day.year, value, col.korean)
        return day, notes
    if kind == INT and col.name == "year":
        return dates.read_year(value), _NO_NOTES
    if kind == INT and col.name == "month":
        return dates.read_month(value, year), _NO_NOTES
    if kind == DISTRICT:
        return read_code_with_name(value)
    if kind == CODE:
        try:
            code = parsing.parse_code(value, col.codes or {}, col.korean)
        except parsing.CellError as err:
            code, note = read_synonym(value, col.codes, col.korean, col.nullable, err)
            return code, (note,)
        note = bracket_note(value, col.codes, code, col.korean)
        return code, (note,) if note else _NO_NOTES
    return _plain(value, kind), _NO_NOTES


def interpret_info(value: object, key: str, kind: str, label: str) -> tuple[object, tuple[Note, ...]]:
    """Read one 제출정보 value, its year (연도, dates) between 2000 and next year.

    Parameters
    ----------
    value : object
        The value cell as read.
    key : str
        The canonical key (``year``, ``district_code``, ``prepared_on`` …).
    kind : str
        Its kind.
    label : str
        Its Korean label.

    Returns
    -------
    value : object
    notes : tuple of Note

    Raises
    ------
    parsing.CellError
        When the value cannot be read, or its year is out of range.
    """
    if key == "year":
        year = dates.read_year(value)
        if year is not None:
            dates.check_year(year, value, label)
        return year, _NO_NOTES
    if kind == DATE:
        day, notes = dates.read_date(value)
        if day is not None:
            dates.check_year(day.year, value, label)
        return day, notes
    if kind == DISTRICT:
        return read_code_with_name(value)
    return _plain(value, kind), _NO_NOTES


def _plain(value: object, kind: str) -> object:
    """A number or a text, as :func:`~.cells.parse_value` reads it."""
    if kind == INT:
        return parsing.parse_int(value)
    if kind == FLOAT:
        return parsing.parse_number(value)
    return parsing.clean_text(value)
