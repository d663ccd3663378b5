"""Choosing rows for the analysis API: warehouses, districts, years, and masked names.

The small machinery behind :mod:`sabo_eval.analysis.data`: a warehouse given as an open
:class:`~sabo_eval.warehouse.store.Warehouse`, a path or ``None``; the ``districts`` and
``years`` arguments turned into SQL filters; person names masked with
:func:`sabo_eval.mask_name` unless the caller asks for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from ..intake.schemas import SCHEMAS
from ..reports.masking import mask_name
from ..warehouse.connection import table_columns
from ..warehouse.store import Warehouse

__all__ = ["opened", "district_list", "year_list", "read", "years_of", "with_member_key", "masked", "masked_in_text"]

#: Warehouse columns the API never returns (where a row came from).
_PROVENANCE = ("submission_id", "source_sheet", "source_row")


@contextmanager
def opened(wh: Warehouse | str | Path | None) -> Iterator[Warehouse]:
    """The warehouse ``wh`` (left open), or one opened read-only from a path (closed afterwards).

    Examples
    --------
    >>> with opened("data/demo.duckdb") as wh:  # doctest: +SKIP
    ...     wh.read_only
    True
    """
    if isinstance(wh, Warehouse):
        yield wh
        return
    inner = getattr(wh, "warehouse", None)  # a WarehouseView (open_warehouse): its storage layer
    if isinstance(inner, Warehouse):
        yield inner
        return
    own = Warehouse(wh, read_only=True)
    try:
        yield own
    finally:
        own.close()


def district_list(districts: str | Iterable[str] | None) -> list[str] | None:
    """``None`` (all), one code or several as a list of 5-digit strings.

    Examples
    --------
    >>> district_list("41110")
    ['41110']
    >>> district_list(None) is None
    True
    """
    if districts is None:
        return None
    if isinstance(districts, (str, int)):
        return [str(districts).strip()]
    return [str(d).strip() for d in districts]


def year_list(years: int | Iterable[int] | None) -> list[int] | None:
    """``None`` (all), one year, or a range/list of years as a sorted list of ints.

    Examples
    --------
    >>> year_list(range(2021, 2024))
    [2021, 2022, 2023]
    >>> year_list(2023)
    [2023]
    """
    if years is None:
        return None
    if isinstance(years, (int, str)):
        return [int(years)]
    return sorted({int(y) for y in years})


def _where(districts: list[str] | None, years: list[int] | None) -> tuple[str, list]:
    clauses, params = [], []
    if districts is not None:
        clauses.append("list_contains(?, district_code)")
        params.append(districts)
    if years is not None:
        clauses.append("list_contains(?, year)")
        params.append(years)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def read(wh: Warehouse, name: str, districts: list[str] | None, years: list[int] | None) -> pd.DataFrame:
    """A canonical table as :meth:`Warehouse.table` gives it, for the chosen districts and years.

    Examples
    --------
    >>> read(wh, "members", ["41110"], [2023]).columns[:2].tolist()  # doctest: +SKIP
    ['district_code', 'year']
    """
    columns = [c for c, _ in table_columns(name) if c not in _PROVENANCE]
    if not wh.has_table(name):  # an older warehouse, opened read-only, without this table
        return pd.DataFrame(columns=columns)
    order = list(dict.fromkeys(("district_code", "year", *SCHEMAS[name].key)))
    where, params = _where(districts, years)
    sql = f"SELECT {', '.join(columns)} FROM {name}{where} ORDER BY {', '.join(order)}"
    return wh.con.execute(sql, params).df()


def years_of(wh: Warehouse, districts: list[str] | None, years: list[int] | None) -> list[int]:
    """The years that have a current submission, among ``years`` (all when ``None``).

    Examples
    --------
    >>> years_of(wh, None, None)  # doctest: +SKIP
    [2012, 2013, 2021, 2022, 2023]
    """
    where, params = _where(districts, years)
    sql = f"SELECT DISTINCT year FROM submissions{where}{' AND' if where else ' WHERE'} is_current ORDER BY year"
    return [int(y) for (y,) in wh.con.execute(sql, params).fetchall()]


def with_member_key(frame: pd.DataFrame) -> pd.DataFrame:
    """Insert ``member_key`` = ``"<district_code>:<member_id>"`` after ``member_id``.

    Examples
    --------
    >>> with_member_key(pd.DataFrame({"district_code": ["41110"], "year": [2023], "member_id": ["M01"]}))["member_key"].tolist()
    ['41110:M01']
    """
    out = frame.copy()
    key = out["district_code"].astype(str) + ":" + out["member_id"].astype(str)
    out.insert(out.columns.get_loc("member_id") + 1, "member_key", key)
    return out


def masked(frame: pd.DataFrame, names: bool, columns: tuple[str, ...] = ("name",)) -> pd.DataFrame:
    """``frame`` with its person-name columns masked (:func:`sabo_eval.mask_name`) unless ``names``.

    Examples
    --------
    >>> masked(pd.DataFrame({"name": ["김범수"]}), names=False)["name"].tolist()
    ['김*수']
    """
    if names:
        return frame
    out = frame.copy()
    for column in columns:
        if column in out:
            values = out[column]
            shown = {value: mask_name(value) for value in values.dropna().unique()}  # each name masked once
            out[column] = values.map(shown).where(values.notna(), values)
    return out


def masked_in_text(frame: pd.DataFrame, known: Iterable[str], columns: Iterable[str], names: bool) -> pd.DataFrame:
    """Every ``known`` name written inside the text ``columns`` replaced by its mask, unless ``names``.

    Examples
    --------
    >>> frame = pd.DataFrame({"opinion": ["김범수 위원 제안"]})
    >>> masked_in_text(frame, ["김범수"], ["opinion"], names=False)["opinion"].tolist()
    ['김*수 위원 제안']
    """
    words = sorted({n.strip() for n in known if isinstance(n, str) and len(n.strip()) > 1}, key=len, reverse=True)
    if names or not words:
        return frame
    pattern = re.compile("|".join(map(re.escape, words)))
    out = frame.copy()

    def mask_in(value: object) -> object:
        return pattern.sub(lambda m: mask_name(m.group(0)), value) if isinstance(value, str) else value

    for column in columns:
        if column in out:
            out[column] = out[column].map(mask_in)
    return out
