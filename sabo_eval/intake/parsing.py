"""Parsers for the cell formats Korean offices really use.

Every parser takes one raw cell value (as read from xlsx or CSV) and returns the
canonical Python value, ``None`` for an empty cell, or raises :class:`CellError`
with a Korean and English reason. They never guess silently: text that cannot be
read as the requested kind is an error the validator reports with its location.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from .markup import html_to_text

__all__ = [
    "CellError",
    "is_blank",
    "parse_number",
    "parse_int",
    "parse_date",
    "parse_code",
    "parse_district_code",
    "clean_text",
    "html_to_text",
    "is_total_label",
    "TOTAL_LABELS",
]

#: Labels of published total rows: grand total, total, subtotal.
TOTAL_LABELS = {"계": "total", "합계": "total", "총계": "total", "전체": "total", "소계": "subtotal"}

_EMPTY_MARKS = {"", "-", "–", "—", "n/a", "na", "nan", "none", "null", "해당없음", "없음"}
#: Marks that mean "nothing" in a text column (없음 and 해당없음 are text there).
_EMPTY_TEXT_MARKS = frozenset(_EMPTY_MARKS - {"없음", "해당없음"})
#: Excel's own limit of characters in a cell.
MAX_CELL_LENGTH = 32_767
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Characters that send a text cell through the full cleaning: control characters, and
#: '<' and '&' (HTML).
_PLAIN_TEXT_EXCEPTIONS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f<&]")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_UNIT_SUFFIX = re.compile(
    r"(명|건|회|개소|개|가구|세대|원|천원|백만원|억원|만원|%|퍼센트|점|시간|일|곳|동|명분|인|호|개월|년)$"
)


class CellError(ValueError):
    """A cell value that cannot be read as the expected kind.

    Parameters
    ----------
    reason_ko, reason_en : str
        Why, in Korean and in English.
    """

    def __init__(self, reason_ko: str, reason_en: str) -> None:
        super().__init__(f"{reason_ko} / {reason_en}")
        self.reason_ko = reason_ko
        self.reason_en = reason_en


def is_blank(value: object) -> bool:
    """Return True for an empty cell: None, NaN, blank text or a lone dash.

    Parameters
    ----------
    value : object
        Raw cell value.
    """
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip().lower() in _EMPTY_MARKS
    return False


def parse_number(value: object) -> float | None:
    """Parse a number written as Korean offices write it (:func:`.numbers.parse_number`).

    Accepts ``1234``, ``"1,234"``, ``"1,234명"``, ``"71.6%"`` (gives 71.6),
    ``"△5"`` (the office notation for -5), ``"▲5"`` (an increase: 5), ``"(5)"``,
    ``"21만"`` (210,000), and ``"-"`` or blank (gives None).

    Parameters
    ----------
    value : object
        Raw cell value.

    Returns
    -------
    float or None

    Raises
    ------
    CellError
        When the text is not a number.
    """
    return _numbers.parse_number(value)


def parse_int(value: object) -> int | None:
    """Parse a whole number (a count); see :func:`.numbers.parse_int`.

    Raises
    ------
    CellError
        When the value is not a number, is ambiguous (``1.976``) or has a fractional part.
    """
    return _numbers.parse_int(value)


def parse_date(value: object, *, today: dt.date | None = None, year: int | None = None) -> dt.date | None:
    """Parse a date in any of the office formats (see :func:`sabo_eval.intake.dates.read_date`).

    Accepts ``datetime``/``date`` objects, Excel serial numbers (1900 system),
    ``"2022. 11. 17.(목)"``, ``"2022.11.17"``, ``"22.11.17"``, ``"2022-11-17"``,
    ``"2022년 11월 17일"``, ``"20221117"``, a time after the date (``오후 2시``), and
    ``"1/6"`` or ``"1월 6일"`` when ``year`` is given.

    Parameters
    ----------
    value : object
        Raw cell value.
    today : datetime.date, optional
        Unused reference kept for callers that check future dates.
    year : int, optional
        The year of a date written without one.

    Returns
    -------
    datetime.date or None

    Raises
    ------
    CellError
        When the value is not a valid calendar date, or could mean several.
    """
    from .dates import parse_date as _parse_date  # local: dates builds on this module

    del today
    return _parse_date(value, year=year)


def parse_code(value: object, codes: dict[str, str], label_ko: str) -> str | None:
    """Map a coded cell (민/관, ○/×, 상향/하향, …) onto its canonical code.

    Parameters
    ----------
    value : object
        Raw cell value.
    codes : dict
        Normalised raw value → canonical code (see :mod:`sabo_eval.intake.schemas`).
    label_ko : str
        Korean column label used in the error message.

    Raises
    ------
    CellError
        When the value is not one of the accepted codes.
    """
    from .schemas import normalise_header  # local: schemas imports nothing from here

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    key = normalise_header(value)
    if key == "":
        return None
    if key in codes:
        return codes[key]
    allowed = ", ".join(sorted({k for k in codes if not k.isascii()}) or sorted(codes))
    raise CellError(
        f"{label_ko}에 허용되지 않는 값입니다: '{_short(value)}' (허용: {allowed})",
        f"'{_short(value)}' is not an accepted code (accepted: {allowed})",
    )


def parse_district_code(value: object) -> str | None:
    """Return a 5-digit 시군구 code as text; ``41110.0`` and ``' 41110 '`` are accepted.

    Raises
    ------
    CellError
        When the value is not exactly five digits.
    """
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # NFKC turns full-width digits (４１１１０) into ASCII; other scripts' digits stay
    # non-ASCII and are rejected, so the code is always five ASCII digits.
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if re.fullmatch(r"[0-9]{5}", text):
        return text
    raise CellError(
        f"시군구코드는 5자리 숫자여야 합니다: '{_short(text)}'",
        f"district code must be five digits: '{_short(text)}'",
    )


def clean_text(value: object) -> str | None:
    """Return the text of a cell: stripped, HTML removed, None when empty.

    Numbers read from Excel as floats (``3.0``) come back as ``"3"``.

    Raises
    ------
    CellError
        When the cell holds control characters (NUL …) or more than 32,767
        characters (Excel's limit).
    """
    if value.__class__ is str and len(value) <= MAX_CELL_LENGTH and not _PLAIN_TEXT_EXCEPTIONS.search(value):
        # Plain text (no control character, tag or entity): what the steps below give.
        text = value.strip()
        return None if text.lower() in _EMPTY_TEXT_MARKS else text or None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()[:10]
    raw = str(value)
    if len(raw) > MAX_CELL_LENGTH:
        raise CellError(
            f"셀 내용이 너무 깁니다({len(raw):,}자, 최대 {MAX_CELL_LENGTH:,}자)",
            f"the cell is too long ({len(raw):,} characters, at most {MAX_CELL_LENGTH:,})",
        )
    if _CONTROL.search(raw):
        raise CellError("셀에 제어 문자(NUL 등)가 있습니다", "the cell holds control characters (NUL …)")
    text = html_to_text(raw).strip()
    if text.lower() in _EMPTY_TEXT_MARKS:
        return None  # a lone dash means "nothing" in a text column too
    return text or None


def is_total_label(value: object) -> str | None:
    """Return ``"total"`` or ``"subtotal"`` when a cell labels a published total row.

    Parameters
    ----------
    value : object
        A cell from a text column.
    """
    if not isinstance(value, str):
        return None
    # Every label holds 계 or 체: most cells are ruled out without a regex.
    if "계" not in value and "체" not in value:
        return None
    key = _SPACES.sub("", value)
    return TOTAL_LABELS.get(key)


_SPACES = re.compile(r"[\s\u3000]")


def _short(value: object, limit: int = 40) -> str:
    """Shorten a value for an error message."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


from . import numbers as _numbers  # noqa: E402  (numbers builds on the helpers above)
