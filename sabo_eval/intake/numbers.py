"""One grammar for every number column: how Korean offices write numbers.

:func:`parse_number` and :func:`parse_int` read one cell; ``parsing.parse_number`` and
``parsing.parse_int`` delegate here. The grammar, in the order it is applied to text:

* invisible characters (no-break, zero-width, ideographic spaces, BOM, soft hyphen) are
  removed; full-width digits, ``，``, ``．``, ``－`` and ``％`` read as their ASCII forms;
* digits separated by spaces are accepted only in groups of three (``1 234``);
* approximations (``약 2,300``, ``2,300여``, ``100 이상``, ``~50``) are refused: the
  exact number is asked for (the column's ``bad_<kind>`` rule, the reason names it);
* signs: ``-5``, ``(5)``, ``△5`` and ``▽5``/``▼5`` are -5 (office notation for a
  decrease); ``▲5`` is **+5** (▲ marks an increase), ``+5`` is 5;
* unit suffixes (``명``, ``건``, ``%``, ``원``, ``천원`` …) are dropped; the value is
  the number as written in that unit (money columns convert, see :mod:`.money`);
* Korean multipliers are exact: ``21만`` = 210,000, ``2천`` = 2,000, ``1억2천만`` =
  120,000,000, ``11.83억`` = 1,183,000,000;
* ``,`` separates thousands (groups of three, before any decimal point); in a count or
  amount column, ``1.976`` (one dot then exactly three digits, no comma) could be
  1,976 or 1.976 and is refused naming both readings (rule ``ambiguous_thousands``);
  ``1.234.567`` (dots in groups of three) can only be 1,234,567 and reads so;
* a count (an integer column) with a fractional part is refused (rule
  ``decimal_count``), naming the thousands reading when it has three decimals;
* a money unit in a count column that is not an amount (서비스실적 values, whose
  amounts are in the catalogue's unit, e.g. 백만원) is refused (rule
  ``money_unit_in_count``): ``5,000,000원`` there is not 5,000,000 of that unit.

Outside amount and count columns (성과지표 기준치/목표/실적) a non-money unit is dropped and the
number read in the unit written (``1,234명`` → 1,234): the row's 단위 column says
what it is (money units there are converted to it, see :mod:`.indicator_money`).

Values are computed in :class:`~decimal.Decimal` and turned into ``float`` once, so
``11.83억`` is exactly 1,183,000,000. :func:`format_number` writes numbers for
messages with separators, never in scientific notation.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .parsing import CellError, _short, is_blank

__all__ = ["NumberError", "parse_number", "parse_int", "read_decimal", "format_number", "clean_number_text"]


class NumberError(CellError):
    """A number cell refused for a named reason, with its own rule.

    Parameters
    ----------
    reason_ko, reason_en : str
        Why, in Korean and in English.
    rule : str
        The problem's rule (``ambiguous_thousands``, ``approximate_number`` …).
    """

    def __init__(self, reason_ko: str, reason_en: str, rule: str) -> None:
        super().__init__(reason_ko, reason_en)
        self.rule = rule


_ZERO_WIDTH = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_SPACE_LIKE = re.compile("[\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_EXCEL_ERROR = re.compile(r"#(DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)", re.I)
_RANGE = re.compile(r"\d\s*[~∼〜]\s*\d")
_APPROX_PREFIX = re.compile(r"^(약|대략|대략적으로|최소|최대|~|∼|±|\+-)")
_APPROX_SUFFIX = re.compile(r"(여|여명|여건|여개|여원|이상|이하|미만|초과|내외|정도|가량|안팎|남짓|\+|~)$")
_UNIT = re.compile(
    r"(명|건|회|개소|개|가구|세대|%|퍼센트|점|시간|일|곳|동|명분|인|호|개월|년|천원|백만원|천만원|억원|만원|원)$"
)
_GROUPED_SPACES = re.compile(r"[+\-]?\d{1,3}( \d{3})+(\.\d+)?")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_DOT_GROUPS = re.compile(r"[1-9]\d{0,2}(\.\d{3}){2,}")
_ONE_DOT_THREE = re.compile(r"[1-9]\d{0,2}\.\d{3}")
_PLAIN = re.compile(r"\d+(\.\d*)?|\.\d+")
_KOREAN_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4, "천": 1000, "백": 100, "십": 10}
_KOREAN_TOKEN = re.compile(r"(\d[\d,]*(?:\.\d+)?)?([조억만천백십])")
#: Common plain forms read without the full grammar (same results): 1234, 1,234명, -5.
_FAST_WHOLE = re.compile(r"(-?(?:\d{1,3}(?:,\d{3})+|\d{1,15}))(?:명|건|회|개|개소|가구|세대|%|점|일|시간|곳|인|호)?")
_FAST_DECIMAL = re.compile(r"-?\d{1,15}\.\d{1,15}")
_NEGATIVE = {"△": -1, "▽": -1, "▼": -1, "-": -1, "▲": 1, "+": 1}


def clean_number_text(text: str) -> str:
    """Normalise number text: invisible characters out, full-width forms to ASCII.

    Parameters
    ----------
    text : str
        The cell's text.

    Returns
    -------
    str
        Stripped text with single spaces kept (they are checked by the grammar).
    """
    text = _SPACE_LIKE.sub(" ", _ZERO_WIDTH.sub("", text)).replace("\u2212", "-")
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def read_decimal(value: object, *, count: bool = False, money: bool = False) -> tuple[Decimal, bool] | None:
    """Read a cell as an exact number: the value and whether it was written in 원.

    Parameters
    ----------
    value : object
        The cell as read.
    count : bool
        A count or amount column: ``1.976`` (ambiguous thousands) is refused.
    money : bool
        An amount column: only ``원`` is dropped, so that a money unit's multiplier
        counts (``11.83억원`` → 1,183,000,000 in 원). Elsewhere a unit is dropped
        whole and the number is read in the unit written (``1,234.5천원`` → 1,234.5).

    Returns
    -------
    tuple of (Decimal, bool) or None
        None for an empty cell. The bool is True when the text ended in ``원``, the
        value then being in 원 (in an amount column).

    Raises
    ------
    CellError
        When the cell is not a number, or could be read two ways.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("숫자가 아닙니다(참/거짓 값)", "not a number (boolean)")
    if isinstance(value, int):
        return Decimal(value), False
    if isinstance(value, float):
        if math.isinf(value):
            raise CellError("숫자가 아닙니다(무한대)", "not a number (infinite)")
        return Decimal(repr(value)), False
    if isinstance(value, dt.date | dt.datetime):
        raise CellError("숫자 대신 날짜가 입력되었습니다", "a date where a number was expected")
    text = clean_number_text(str(value))
    if is_blank(text):
        return None
    return _read_text(text, str(value), count, money)


def _read_text(text: str, written: str, count: bool, money: bool) -> tuple[Decimal, bool]:
    """The grammar on cleaned text (see the module docstring)."""
    shown = _short(written.strip())
    if _EXCEL_ERROR.fullmatch(text):
        raise CellError(
            f"수식 오류 값입니다: '{shown}' — 수식을 고치거나 값을 쓰세요",
            f"'{shown}' is a spreadsheet error value; fix the formula or write the value",
        )
    if _RANGE.search(text):
        raise CellError(
            f"범위는 숫자 하나로 읽을 수 없습니다: '{shown}' — 정확한 숫자를 쓰세요",
            f"'{shown}' is a range, not one number; write the exact number",
        )
    if _APPROX_PREFIX.search(text) or _APPROX_SUFFIX.search(text):
        raise CellError(
            f"어림값은 받지 않습니다: '{shown}' — 정확한 숫자를 쓰세요",
            f"'{shown}' is an approximate value; write the exact number",
        )
    sign, text = _sign(text)
    text, in_won = _strip_units(text, money)
    if in_won and count and not money:
        raise NumberError(
            f"금액 단위가 붙어 있습니다: '{shown}' — 이 열은 정해진 단위의 숫자만 받습니다(원 단위인지 알 수 없음)",
            f"'{shown}' carries a money unit; this column takes numbers in its own unit only",
            "money_unit_in_count",
        )
    text = _join_digit_groups(text, shown)
    number = _korean(text, shown) if _KOREAN_TOKEN.search(text) else _plain(text, shown, count)
    return sign * number, in_won


def _sign(text: str) -> tuple[int, str]:
    """The sign of a number and the text without it."""
    sign = 1
    if text[:1] in _NEGATIVE:
        sign, text = _NEGATIVE[text[0]], text[1:].strip()
    if text.startswith("(") and text.endswith(")"):
        sign, text = -sign, text[1:-1].strip()
    return sign, text


def _strip_units(text: str, money: bool) -> tuple[str, bool]:
    """Drop at most two unit suffixes (``12개소``, ``3.5%``); whether a money unit was one."""
    in_won = False
    for _ in range(2):
        found = _UNIT.search(text)
        if found is None or found.start() == 0:
            break
        unit = found.group(1)
        in_won = in_won or unit.endswith("원")
        # In an amount column the multiplier of 천원, 만원, 억원 … stays: "2천원" is 2천 in 원.
        keep = unit[:-1] if money and unit.endswith("원") else ""
        text = (text[: found.start()] + keep).strip()
    return text, in_won


def _join_digit_groups(text: str, shown: str) -> str:
    """Remove spaces; digits separated by spaces must come in groups of three."""
    if " " not in text:
        return text
    if re.search(r"\d \d", text) and not _GROUPED_SPACES.fullmatch(text):
        raise NumberError(
            f"숫자 사이에 공백이 있습니다: '{shown}' — 한 숫자인지 알 수 없습니다",
            f"spaces between digits in '{shown}': cannot tell whether it is one number",
            "ambiguous_number",
        )
    return text.replace(" ", "")


def _plain(text: str, shown: str, count: bool) -> Decimal:
    """A number without Korean multipliers: separators checked, then read exactly."""
    body = text.lstrip("+-")
    negative = text.startswith("-")
    if "," in body:
        if not _THOUSANDS.fullmatch(body):
            if re.fullmatch(r"\d+,\d{1,2}", body):
                raise CellError(
                    f"쉼표를 소수점으로 쓴 것 같습니다: '{shown}' — 소수점은 마침표(.)로 쓰세요",
                    f"'{shown}' seems to use a comma as the decimal point; write decimals with a dot (.)",
                )
            raise CellError(f"천 단위 쉼표가 잘못되었습니다: '{shown}'", f"misplaced thousands separator in '{shown}'")
        body = body.replace(",", "")
    elif _DOT_GROUPS.fullmatch(body):
        body = body.replace(".", "")  # 1.234.567 can only be 1,234,567
    elif count and _ONE_DOT_THREE.fullmatch(body):
        whole = body.replace(".", "")
        raise NumberError(
            f"'{shown}'은(는) {int(whole):,}인지 {body}인지 알 수 없습니다 — 천 단위는 쉼표(,)로 쓰세요",
            f"'{shown}' could be {int(whole):,} or {body}; write thousands with a comma (,)",
            "ambiguous_thousands",
        )
    if not _PLAIN.fullmatch(body):
        raise CellError(f"숫자로 읽을 수 없습니다: '{shown}'", f"cannot read '{shown}' as a number")
    number = Decimal(body)
    return -number if negative else number


def _korean(text: str, shown: str) -> Decimal:
    """A number with Korean multipliers: 21만, 2천, 1억2천만, 3만5천, 11.83억."""
    total, section, pos, last_big, last_small = Decimal(0), Decimal(0), 0, 10**16, 10**4
    for token in _KOREAN_TOKEN.finditer(text):
        if token.start() != pos:
            break
        digits, unit = token.groups()
        size = _KOREAN_UNITS[unit]
        n = _plain(digits, shown, False) if digits else Decimal(0 if section and size >= 10**4 else 1)
        if size >= 10**4:
            if size >= last_big:
                break
            total += (section + n) * size
            section, last_big, last_small = Decimal(0), size, 10**4
        else:
            if size >= last_small:
                break
            section += n * size
            last_small = size
        pos = token.end()
    else:
        rest = text[pos:]
        if rest == "":
            return total + section
        if _PLAIN.fullmatch(rest.replace(",", "")) and "." not in rest:
            return total + section + _plain(rest, shown, False)
    raise CellError(f"숫자로 읽을 수 없습니다: '{shown}'", f"cannot read '{shown}' as a number")


def parse_number(value: object, *, count: bool = False) -> float | None:
    """Parse a number cell (see the module docstring for the grammar).

    Parameters
    ----------
    value : object
        The cell as read.
    count : bool
        A count or amount column (refuses the ambiguous ``1.976``).

    Returns
    -------
    float or None

    Raises
    ------
    CellError
        When the cell is not a number or could be read two ways.
    """
    if value.__class__ is str:
        fast = _FAST_WHOLE.fullmatch(value)
        if fast is not None:
            return float(fast.group(1).replace(",", "")) + 0.0  # + 0.0: -0 is 0
        if not count and _FAST_DECIMAL.fullmatch(value):
            return float(value) + 0.0
    found = read_decimal(value, count=count)
    if found is None:
        return None
    try:
        number = float(found[0])
    except (OverflowError, InvalidOperation):
        number = math.inf
    if math.isnan(number) or math.isinf(number):
        raise CellError("숫자가 아닙니다", "not a finite number")
    return number + 0.0  # -0 (written "-0", "△0" or typed) is 0: never a -inf after a division


def parse_int(value: object) -> int | None:
    """Parse a whole number (a count); a count with decimals is refused.

    Raises
    ------
    CellError
        When the value is not a number, is ambiguous, or has a fractional part.
    """
    if value.__class__ is str:
        fast = _FAST_WHOLE.fullmatch(value)
        if fast is not None:
            return int(fast.group(1).replace(",", ""))
    found = read_decimal(value, count=True)
    if found is None:
        return None
    number = found[0]
    if number != number.to_integral_value():
        raise _decimal_count(value, number)
    return int(number)


def _decimal_count(value: object, number: Decimal) -> CellError:
    """The error for a count with decimals; names 1,976 when 1.976 may have meant it."""
    text = format_number(number)
    if isinstance(value, float) and _ONE_DOT_THREE.fullmatch(text.lstrip("-")):
        whole = int(text.replace(".", "").lstrip("-"))
        return NumberError(
            f"정수가 아닙니다: {text} — 개수에 소수가 있습니다({whole:,}을(를) 쓰려 했다면 쉼표(,)로 쓰세요)",
            f"not a whole number: {text}; a count with decimals (if {whole:,} was meant, write it with a comma)",
            "decimal_count",
        )
    return NumberError(
        f"정수가 아닙니다: {text} — 개수에 소수가 있습니다",
        f"not a whole number: {text}; a count with decimals",
        "decimal_count",
    )


#: Numbers of this many integer digits or more are shown in scientific notation by
#: :func:`format_number` (rounding them to decimals would exceed the decimal context).
_PLAIN_DIGITS = 20


def format_number(value: object, decimals: int = 6) -> str:
    """A number for a message: thousands separators, no scientific notation.

    Parameters
    ----------
    value : object
        A number (int, float, Decimal).
    decimals : int
        At most this many decimals; trailing zeros are dropped.

    Returns
    -------
    str
        ``10129000`` → ``"10,129,000"``; ``1234.5`` → ``"1,234.5"``.
    """
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(operator.index(value))  # int, numpy integers
        except TypeError:
            as_float = float(value)
            if not math.isfinite(as_float):
                return str(as_float)
            number = Decimal(repr(as_float))
    if number.is_finite() and number.adjusted() >= _PLAIN_DIGITS:  # 1e300: far beyond any range
        return f"{number:.6e}"
    text = f"{round(number, decimals):,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
