"""Constants and small helpers shared by the sample-data modules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import numpy as np

from sabo_eval.intake.schemas import SCHEMAS, SUBMISSION_INFO_FIELDS

FIXED_TIMESTAMP = datetime(2024, 1, 1)
WEEKDAYS_KO = "월화수목금토일"
SYNTHETIC_NOTE = "합성(synthetic) 예시 데이터 — 실제 통계 아님"
SYNTHETIC_NOTE_CSV = "합성(synthetic) 예시 데이터 - 실제 통계 아님"  # CP949 has no em dash

FW1 = "지자체 사회보장사업 전략체계"
FW2 = "지역사회보장 발전 전략체계"

# Sheet order of a full submission workbook (attendance is placed after meetings).
TABLE_ORDER = (
    "districts",
    "members",
    "meetings",
    "attendance",
    "plan_items",
    "indicators",
    "budget",
    "opinions",
    "services",
    "survey_items",
    "survey_responses",
    "project_ratings",
)


def korean_header(table: str, name: str) -> str:
    """Return the Korean header of ``table.name`` from the schema.

    Parameters
    ----------
    table, name : str
        Canonical table and column names.

    Returns
    -------
    str
        The header written in the workbooks.
    """
    return SCHEMAS[table].column(name).korean


def korean_headers(table: str) -> list[str]:
    """Return the Korean headers of ``table`` in schema order.

    Parameters
    ----------
    table : str
        Canonical table name.

    Returns
    -------
    list of str
    """
    return [c.korean for c in SCHEMAS[table].columns]


INFO_LABELS = {key: label for key, label, _kind, _req in SUBMISSION_INFO_FIELDS}
INFO_KEY_HEADER = "항목"
INFO_VALUE_HEADER = "값"


def month_end(year: int, month: int) -> date:
    """Return the last day of ``year``-``month``.

    Parameters
    ----------
    year, month : int
        The month.

    Returns
    -------
    datetime.date
    """
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """Return the ``nth`` (1-based) ``weekday`` (0 = Monday) of a month.

    Parameters
    ----------
    year, month : int
        The month.
    weekday : int
        0 = Monday … 6 = Sunday.
    nth : int
        1 for the first such weekday of the month.

    Returns
    -------
    datetime.date
    """
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (nth - 1))


def format_date(d: date | None, style: str) -> object:
    """Render a date the way a given office would type it.

    Parameters
    ----------
    d : datetime.date or None
        The date; ``None`` stays ``None``.
    style : str
        ``"korean"`` → ``2022. 1. 20.(목)``; ``"dot"`` → ``2022.01.20``; ``"yy"`` →
        ``22.01.20``; ``"iso"`` → ``2022-01-20``; ``"excel"`` → the date itself (written
        as a real Excel date).

    Returns
    -------
    object
        A string, or the date for ``"excel"``.
    """
    if d is None:
        return None
    if style == "korean":
        return f"{d.year}. {d.month}. {d.day}.({WEEKDAYS_KO[d.weekday()]})"
    if style == "dot":
        return f"{d:%Y.%m.%d}"
    if style == "yy":
        return f"{d:%y.%m.%d}"
    if style == "iso":
        return d.isoformat()
    return d


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split an integer ``total`` proportionally to ``weights``, summing exactly.

    Parameters
    ----------
    total : int
        Amount to split.
    weights : sequence of float
        Non-negative weights, not all zero.

    Returns
    -------
    list of int
        Floors of the quotas, plus one for the largest fractional parts (ties broken by
        position) until the sum equals ``total``.
    """
    w = np.asarray(weights, dtype=float)
    quotas = total * w / w.sum()
    base = np.floor(quotas).astype(int)
    rest = total - int(base.sum())
    order = sorted(range(len(w)), key=lambda i: (-(quotas[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return [int(x) for x in base]


def fmt_int_text(value: int, unit: str = "") -> str:
    """Return ``1,234`` or ``1,234명`` style text for an integer.

    Parameters
    ----------
    value : int
        The number.
    unit : str
        Suffix (empty for none).

    Returns
    -------
    str
    """
    return f"{value:,}{unit}"


#: ``{(program, measure): value}`` of one district and year.
ServiceValues = dict[tuple[str, str], int]
