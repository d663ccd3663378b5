"""Dates, years, months and district codes as secretariats really write them.

``2022년 11월 17일``, ``2023. 3. 7.(화) 오후 2시``, ``22.11.17``, ``20221117``, Excel
serials; dates without a year (``1/6``, ``1월 6일``) where the column's dates belong to
the submission's year; years ``23년``/``2023년``; months ``3월``/``2023년 3월``; the
10-digit 행정기관코드 ``1111000000`` for the 시군구 code ``11110``.

Nothing is guessed and nothing is dropped silently:

* a time of day (``14:00``, ``오후 2시``, ``14:00~16:00``) is part of a date-time
  stamp: the tables keep days (no column holds a time), so it is read and not
  stored, as the time of an Excel date-time cell always was; any other text beside
  a date (a venue, a remark) is named in a ``date_extra_text`` note (a warning);
* a weekday that disagrees with the date is a ``weekday_mismatch`` note naming both;
* a date without a year where the year is not known to be the submission's, a
  year and month without a day, and a period (``3. 7. ~ 3. 9.``) are refused as
  ``ambiguous_date``; a year before 2000 or after next year as ``year_out_of_range``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from . import parsing
from .notes import Note, RuledCellError

__all__ = [
    "FIRST_YEAR",
    "read_date",
    "parse_date",
    "last_year",
    "check_year",
    "read_year",
    "read_month",
    "read_district_code",
]

#: The earliest year a submission's values may name.
FIRST_YEAR = 2000
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_WEEKDAYS = "월화수목금토일"
_EN_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_EN_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_FULL = re.compile(
    r"(?P<y>\d{4}|\d{2})\s*(?:년\s*|[.\-/]\s*)(?P<m>\d{1,2})\s*(?:월\s*|[.\-/]\s*)(?P<d>\d{1,2})(?!\d)\s*(?:일|\.)?"
)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")
_YEARLESS = re.compile(
    r"(?P<m>\d{1,2})\s*(?:월\s*(?P<d>\d{1,2})\s*일?|/\s*(?P<d2>\d{1,2})(?!\d|\s*/)|\.\s*(?P<d3>\d{1,2})\s*\.)"
)
_YEAR_MONTH = re.compile(r"(?P<y>\d{4}|\d{2})\s*(?:년\s*(?P<m>\d{1,2})\s*월|[.\-/]\s*(?P<m2>\d{1,2})\s*\.?)\s*$")
_WEEKDAY = re.compile(
    r"\(\s*(?P<w>[월화수목금토일])(?:요일)?\s*\)|(?P<w2>[월화수목금토일])(?:요일)?(?![가-힣])"
    r"|\(?\s*(?P<w3>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*\)?",
    re.IGNORECASE,
)
_TIME = r"(?:(?:오전|오후|am|pm)\s*)?\d{1,2}\s*(?::\s*\d{2}(?::\d{2})?|시(?:\s*\d{1,2}\s*분|\s*반)?)(?:\s*(?:am|pm))?"
_TIME_RANGE = re.compile(rf"T?{_TIME}(?:\s*[~\-–]\s*{_TIME})?", re.IGNORECASE)
_PERIOD = re.compile(r"[~\-–]\s*\d")
_TRAILING_YEAR = re.compile(r"\s*[./\-]?\s*\d{2,4}(?![\d:시])")


def _text(value: object) -> str:
    """A cell's text, NFKC-normalised (full-width digits and brackets) and stripped."""
    return unicodedata.normalize("NFKC", str(value)).replace("\u3000", " ").strip()


def parse_date(value: object, *, year: int | None = None) -> dt.date | None:
    """Parse a date (see :func:`read_date`); the notes are left out.

    Parameters
    ----------
    value : object
        Raw cell value.
    year : int, optional
        The year of dates written without one (``1/6``); without it they are refused.

    Returns
    -------
    datetime.date or None
    """
    return read_date(value, year=year)[0]


def read_date(value: object, *, year: int | None = None) -> tuple[dt.date | None, tuple[Note, ...]]:
    """Parse a date in any of the office formats, with what was set aside.

    Parameters
    ----------
    value : object
        Raw cell value: a date, a datetime, an Excel serial or text.
    year : int, optional
        The year of dates written without one (``1/6``, ``1월 6일``): the submission's,
        given only for columns whose dates all fall in it.

    Returns
    -------
    date : datetime.date or None
    notes : tuple of Note
        ``date_extra_text`` (a remark beside the date, not stored) and ``weekday_mismatch``.

    Raises
    ------
    CellError
        When the value is not a date, or a date that could mean several days.
    """
    if parsing.is_blank(value):
        return None, ()
    if isinstance(value, dt.datetime):
        return value.date(), ()
    if isinstance(value, dt.date):
        return value, ()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(value), ()
    text = _text(value)
    if re.fullmatch(r"\d{5}(\.0)?", text):
        return _from_number(float(text)), ()
    if re.fullmatch(r"\d{8}", text):
        return _calendar(int(text[:4]), int(text[4:6]), int(text[6:]), text), ()
    return _from_text(text, year)


def _from_number(value: float) -> dt.date:
    """An Excel serial (1900 system) or a number such as 20221117."""
    serial = float(value)
    if math.isfinite(serial) and serial == int(serial):
        if 20000 <= serial <= 80000:
            return _EXCEL_EPOCH + dt.timedelta(days=int(serial))
        if 19000101 <= serial <= 21001231:
            text = str(int(serial))
            return _calendar(int(text[:4]), int(text[4:6]), int(text[6:]), text)
    raise parsing.CellError(f"날짜로 읽을 수 없는 숫자입니다: {value}", f"number {value} is not a date")


def _calendar(year: int, month: int, day: int, text: str) -> dt.date:
    """``date(year, month, day)``, or the error naming a day that does not exist."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise parsing.CellError(f"존재하지 않는 날짜입니다: '{text}'", f"'{text}' is not a calendar date") from None


def _from_text(text: str, year: int | None) -> tuple[dt.date, tuple[Note, ...]]:
    """A date written as text, with its weekday, time or remark checked."""
    text = text.lstrip("'\u2018\u2019`")  # '23. 3. 7.: an apostrophe before a two-digit year
    match = _FULL.match(text)
    if match:
        y = int(match["y"])
        day = _calendar(y + 2000 if y < 100 else y, int(match["m"]), int(match["d"]), text)
    else:
        match = _YEARLESS.match(text)
        if match is None:
            _refuse_partial(text)
        if _TRAILING_YEAR.match(text, match.end()):  # 3.7.2023 / 7.3.23: day-month order unknown
            raise parsing.CellError(
                f"날짜 형식이 아닙니다: '{_short(text)}' — 연도를 앞에 적어 주세요(예: 2023. 3. 7.)",
                f"'{_short(text)}' is not a date in the year-month-day order: write e.g. 2023. 3. 7.",
            )
        month, mday = int(match["m"]), int(match["d"] or match["d2"] or match["d3"])
        if year is None:
            raise RuledCellError(
                "ambiguous_date",
                f"연도가 없는 날짜입니다: '{_short(text)}' — 이 열의 날짜는 제출 연도의 날짜라고 할 수 없으니 연도를 적어 주세요",
                f"'{_short(text)}' has no year, and dates in this column need not fall in the submission's year: "
                "write the year",
            )
        day = _calendar(year, month, mday, text)
    return day, _rest_notes(day, text, text[match.end():])


def _refuse_partial(text: str) -> None:
    """Refuse a text that is not a whole date, naming a missing day when it has a year and month."""
    match = _YEAR_MONTH.match(text)
    if match and len(match["y"]) == 2 and match["m2"]:
        raise RuledCellError(
            "ambiguous_date",
            f"'{_short(text)}'은(는) 연도와 월인지 월과 일인지 알 수 없습니다 — 연도를 네 자리로 넣어 날짜를 적어 주세요",
            f"'{_short(text)}' could be a year and month or a month and day: write the date with a four-digit year",
        )
    if match:
        raise RuledCellError(
            "ambiguous_date",
            f"날짜에 일(日)이 없습니다: '{_short(text)}' — 그 달의 어느 날인지 알 수 없습니다",
            f"the date '{_short(text)}' has a year and month but no day: which day is not known",
        )
    raise parsing.CellError(f"날짜 형식이 아닙니다: '{_short(text)}'", f"'{_short(text)}' is not a date")


def _rest_notes(day: dt.date, text: str, rest: str) -> tuple[Note, ...]:
    """Check the weekday, times and remarks after a date; refuse a period of days."""
    weekday: str | None = None
    rest = rest.strip(" ,")
    while rest:
        match = _WEEKDAY.match(rest) if weekday is None else None
        if match:
            weekday = match["w"] or match["w2"] or _WEEKDAYS[_EN_WEEKDAYS.index(match["w3"].lower())]
        else:
            match = _TIME_RANGE.match(rest)
            if match is None:
                break
        rest = rest[match.end():].strip(" ,")
    if _PERIOD.match(rest):
        raise RuledCellError(
            "ambiguous_date",
            f"기간이 적혀 있습니다: '{_short(text)}' — 하루의 날짜를 적어 주세요(회의가 여러 날이면 시작일)",
            f"'{_short(text)}' is a period of days: write one date (the first day of a meeting held over several)",
        )
    notes = []
    if weekday is not None and weekday != _WEEKDAYS[day.weekday()]:
        actual = _WEEKDAYS[day.weekday()]
        notes.append(Note(
            "weekday_mismatch",
            f"요일이 날짜와 맞지 않습니다: {day.year}. {day.month}. {day.day}.은(는) {actual}요일인데 '{weekday}'(으)로 적혀 있습니다 "
            "— 날짜대로 읽었습니다",
            f"the weekday disagrees with the date: {day.isoformat()} is a {_EN_NAMES[day.weekday()]}, "
            f"written '{weekday}' ({_EN_NAMES[_WEEKDAYS.index(weekday)]}); the date was kept",
        ))
    if rest:  # a time of day is part of a date-time stamp (as an Excel date-time is): not noted
        notes.append(_extra_note(day, rest))
    return tuple(notes)


def _extra_note(day: dt.date, extra: str) -> Note:
    """The note naming a remark written beside a date and not stored."""
    return Note(
        "date_extra_text",
        f"날짜({day.isoformat()})만 저장합니다 — 함께 적힌 '{_short(extra)}'은(는) 저장할 열이 없어 저장하지 않았습니다",
        f"only the date ({day.isoformat()}) is stored: '{_short(extra)}' written with it has no column and was not stored",
    )


def last_year(today: dt.date | None = None) -> int:
    """The latest year a value may name: next year.

    Parameters
    ----------
    today : datetime.date, optional
        Today (for tests); the system date by default.
    """
    return (today or dt.date.today()).year + 1


def check_year(year: int, written: object, label: str, today: dt.date | None = None) -> None:
    """Refuse a year before :data:`FIRST_YEAR` or after next year.

    Parameters
    ----------
    year : int
        The year read.
    written : object
        The cell as written, for the message.
    label : str
        The column's Korean name.
    today : datetime.date, optional
        Today (for tests).

    Raises
    ------
    RuledCellError
        ``year_out_of_range``.
    """
    latest = last_year(today)
    if not FIRST_YEAR <= year <= latest:
        raise RuledCellError(
            "year_out_of_range",
            f"'{label}'의 연도 {year}년은 받을 수 있는 범위({FIRST_YEAR}–{latest}년) 밖입니다: '{_short(written)}'",
            f"the year {year} of '{label}' is outside the accepted range {FIRST_YEAR}–{latest}: '{_short(written)}'",
        )


_YEAR_TEXT = re.compile(r"'?(?P<y>\d{4}|\d{2})\s*(?:년도?|年)?")


def read_year(value: object) -> int | None:
    """Parse a year: ``2023``, ``2023년``, ``2023년도``, ``23년``, ``'23``.

    Two digits are a year of this century only with ``년`` or an apostrophe; a bare
    ``23`` is read as the number 23 (and then refused by the year's bounds).

    Raises
    ------
    CellError
        When the value is not a year.
    """
    if isinstance(value, str):
        text = _text(value)
        match = _YEAR_TEXT.fullmatch(text)
        if match and (len(match["y"]) == 4 or text != match["y"]):
            y = int(match["y"])
            return y + 2000 if y < 100 else y
    return parsing.parse_int(value)


_MONTH_ONLY = re.compile(r"0?(?P<m>\d{1,2})\s*월(?:분)?")
_MONTH_OF_YEAR = re.compile(r"(?P<y>\d{4}|\d{2})\s*(?:년\s*0?(?P<m>\d{1,2})\s*월(?:분)?|[.\-/]\s*0?(?P<m2>\d{1,2})\s*\.?)")


def read_month(value: object, year: int | None) -> int | None:
    """Parse a month: ``3``, ``3월``, ``2023년 3월``, ``2023-03``.

    Parameters
    ----------
    value : object
        Raw cell value.
    year : int, optional
        The submission's year: a month of another year is refused.

    Raises
    ------
    CellError
        When the value is not a month, or names another year (``date_outside_year``).
    """
    try:
        return parsing.parse_int(value)
    except parsing.CellError as err:
        text = _text(value)
        match = _MONTH_ONLY.fullmatch(text)
        if match:
            return int(match["m"])
        match = _MONTH_OF_YEAR.fullmatch(text)
        if match is None:
            raise err from None
        y = int(match["y"])
        return _month_in(y + 2000 if y < 100 else y, int(match["m"] or match["m2"]), text, year)


def _month_in(y: int, month: int, written: object, year: int | None) -> int:
    """The month of a year-month, when the year is the submission's."""
    if year is not None and y != year:
        raise RuledCellError(
            "date_outside_year",
            f"월 '{_short(written)}'은(는) 제출 연도({year}년)가 아닌 {y}년의 달입니다",
            f"the month '{_short(written)}' is of {y}, not of the submission's year ({year})",
        )
    return month


def read_district_code(value: object) -> str | None:
    """A 5-digit 시군구 code; the 10-digit 행정기관코드 ``1111000000`` gives ``11110``.

    Raises
    ------
    CellError
        When the value is neither; a 10-digit code of a 읍면동 or of a 시도 is named.
    """
    try:
        return parsing.parse_district_code(value)
    except parsing.CellError as err:
        number = value
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        text = _text(number)
        if not re.fullmatch(r"[0-9]{10}", text):
            raise err from None
        if text[5:] == "00000" and text[2:5] != "000":
            return text[:5]
        level_ko, level_en = ("시도", "province") if text[2:] == "00000000" else ("읍면동", "town or dong")
        raise parsing.CellError(
            f"10자리 행정기관코드 '{text}'는 {level_ko} 코드입니다 — 시군구코드(5자리, 예: 41110)를 적어 주세요",
            f"the 10-digit administrative code '{text}' is a {level_en} code: write the 5-digit district code "
            "(e.g. 41110)",
        ) from None


def _short(value: object, limit: int = 40) -> str:
    """Shorten a value for a message."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
