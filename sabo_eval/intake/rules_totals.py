"""Validation rules on sums: published totals and proportion indicators.

A published 계/합계/소계 row must equal the sum of the rows it totals (within
:data:`TOTAL_TOLERANCE`), and a proportion indicator's numerator may not exceed its
denominator. Sums are computed directly for the cell types loading gives and by pandas
otherwise, with the same results.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np
import pandas as pd

from .column_cache import ColumnCache, header_of
from .numbers import format_number
from .submission import Submission

__all__ = ["TOTAL_TOLERANCE", "check_totals", "check_service_proportions"]

#: Absolute difference tolerated between a published total and the sum of its parts.
TOTAL_TOLERANCE = 1e-6


def check_totals(sub: Submission, columns: ColumnCache | None = None) -> None:
    """Each published total equals the sum of the rows it totals, within :data:`TOTAL_TOLERANCE`.

    A subtotal sums the rows since the previous total or subtotal of its sheet, a total
    the rows since the previous total.

    Parameters
    ----------
    sub : Submission
        A loaded submission; problems are appended to it.
    columns : ColumnCache, optional
        The submission's columns (read anew when not given).
    """
    columns = columns or ColumnCache(sub)
    for total in sub.totals:
        frame = sub.tables.get(total.table)
        if frame is None:
            continue
        earlier = [t for t in sub.totals if t.sheet == total.sheet and t.row < total.row]
        if total.kind == "subtotal":
            start = max((t.seq for t in earlier), default=0)
        else:
            start = max((t.seq for t in earlier if t.kind == "total"), default=0)
        sums = _part_sums(total, start, frame, columns)
        if sums is None:
            sums = _part_sums_pandas(total, start, frame)
        parts = _part_positions(total, start, columns)
        invalid = columns.get(total.table, "_invalid")
        for column, published in total.values.items():
            observed = sums[column]
            if any(column in invalid[pos] for pos in parts):
                continue  # a part that did not read is reported on its own cell; no sum to check
            if abs(observed - published) > TOTAL_TOLERANCE * max(1.0, abs(published)):
                where_ko, where_en = _parts_named(total, parts, column, published - observed, columns)
                shown, summed = format_number(published), format_number(observed)
                sub.problem(
                    total.sheet, total.row, total.headers.get(column, column), shown,
                    f"'{total.label}' 행의 값이 항목 합계와 다릅니다: {shown} ≠ {summed}"
                    f" (차이 {format_number(published - observed)}){where_ko}",
                    f"the '{total.label}' row does not equal the sum of its parts: {shown} ≠ {summed}"
                    f" (difference {format_number(published - observed)}){where_en}",
                    "total_mismatch",
                )


def _part_positions(total, start: int, columns: ColumnCache) -> list[int]:
    """Positions in its table of the rows of a total's sheet read since ``start``, before it."""
    sheets, seqs = columns.get(total.table, "_sheet"), columns.get(total.table, "_seq")
    return [
        pos for pos, (sheet, seq) in enumerate(zip(sheets, seqs, strict=True))
        if sheet == total.sheet and start <= seq < total.seq
    ]


def _parts_named(total, positions: list[int], column: str, difference: float, columns: ColumnCache) -> tuple[str, str]:
    """The rows a total sums, and the part whose value equals the difference (left out or counted twice)."""
    rows, values = columns.get(total.table, "_row"), columns.get(total.table, column)
    parts = [(rows[pos], values[pos]) for pos in positions]
    if not parts:
        return "", ""
    first, last = parts[0][0], parts[-1][0]
    ko, en = f"; 더한 행: {first}–{last}행", f"; rows summed: {first}–{last}"
    same = [row for row, value in parts if value.__class__ in (int, float) and abs(abs(value) - abs(difference)) <= 1e-9]
    if len(same) == 1:
        ko += f"; {same[0]}행의 값({format_number(abs(difference))})이 빠졌거나 두 번 더해진 것으로 보입니다"
        en += f"; the value of row {same[0]} ({format_number(abs(difference))}) seems left out or counted twice"
    return ko, en


def _part_sums(total, start: int, frame: pd.DataFrame, columns: ColumnCache) -> dict[str, float] | None:
    """The sums of the parts of a published total: rows of its sheet read since ``start``.

    Rows whose context (a text such as the dong) differs from the total's are left out.
    What :func:`_part_sums_pandas` gives, for the cell types loading gives (texts and
    numbers); ``None`` otherwise.
    """
    table = total.table
    sheets, seqs = columns.get(table, "_sheet"), columns.get(table, "_seq")
    rows = [pos for pos, (sheet, seq) in enumerate(zip(sheets, seqs, strict=True)) if sheet == total.sheet and start <= seq < total.seq]
    for column, expected in total.context.items():
        if column in frame:
            values = columns.get(table, column)
            if not all(values[pos] is None or values[pos].__class__ is str for pos in rows):
                return None
            rows = [pos for pos in rows if values[pos] is not None and values[pos] == expected]
    sums = {}
    for column in total.values:
        values = columns.get(table, column)
        picked = [values[pos] for pos in rows]
        if not all(v is None or v.__class__ is float for v in picked):
            return None
        numbers = np.array([np.nan if v is None else v for v in picked], dtype=float)
        # As pandas sums a float column: empty values as 0, numpy's own order of addition.
        sums[column] = float(np.where(np.isnan(numbers), 0.0, numbers).sum())
    return sums


def _part_sums_pandas(total, start: int, frame: pd.DataFrame) -> dict[str, float]:
    """:func:`_part_sums` by pandas, for any cell types."""
    same_sheet = frame[frame["_sheet"] == total.sheet]
    parts = same_sheet[(same_sheet["_seq"] >= start) & (same_sheet["_seq"] < total.seq)]
    for column, expected in total.context.items():
        if column in parts:
            parts = parts[parts[column].astype("string") == expected]
    return {
        column: float(pd.to_numeric(parts[column], errors="coerce").fillna(0).sum()) for column in total.values
    }


def check_service_proportions(sub: Submission, columns: ColumnCache | None = None) -> None:
    """A proportion indicator's numerator may not exceed its denominator (seed 002 kinds).

    Checked per month and dong as the rows are given (annual rows form one group).

    Parameters
    ----------
    sub : Submission
        A loaded submission; problems are appended to it.
    columns : ColumnCache, optional
        The submission's columns (read anew when not given).
    """
    services = sub.tables.get("services")
    if services is None or services.empty:
        return
    columns = columns or ColumnCache(sub)
    if any("value" in cells for cells in columns.get("services", "_invalid")):
        return  # a value that did not read is reported on its own cell; the sums are not known
    indicators = _proportion_indicators()
    sums = _service_sums(columns or ColumnCache(sub))
    if sums is not None and not _any_above(sums, indicators):
        return
    # Problems are reported in pandas' order of (month, dong) groups: from its table.
    groups, terms, table, first_row = _service_sums_pandas(services)
    for name, indicator_id, numerator_terms, denominator_terms in indicators:
        num_cols = [term for term in numerator_terms if term in terms]
        den_cols = [term for term in denominator_terms if term in terms]
        if not num_cols or not den_cols:
            continue
        top = _row_sums(table, [terms[c] for c in num_cols])
        bottom = _row_sums(table, [terms[c] for c in den_cols])
        with np.errstate(invalid="ignore"):
            above = np.flatnonzero(top > bottom)
        for i in above:
            (month, dong), numerator, denominator = groups[i], top[i], bottom[i]
            where = first_row((month, dong, num_cols[0]))
            sub.problem(
                where[0] if where is not None else sub.sheets.get("services", ""),
                int(where[1]) if where is not None else None,
                header_of(sub, "services", "value"), f"{format_number(numerator)} > {format_number(denominator)}",
                f"비율 지표 '{name}'의 분자({format_number(numerator)})가 분모({format_number(denominator)})보다 큽니다",
                f"proportion '{indicator_id}': numerator {format_number(numerator)} exceeds denominator {format_number(denominator)}",
                "numerator_above_denominator",
            )


def _any_above(sums: _ServiceSums, indicators: list[tuple[str, str, list[str], list[str]]]) -> bool:
    """Whether some group's numerator exceeds its denominator for some indicator."""
    _groups, terms, table, _first = sums
    for _name, _id, numerator_terms, denominator_terms in indicators:
        num_cols = [terms[term] for term in numerator_terms if term in terms]
        den_cols = [terms[term] for term in denominator_terms if term in terms]
        if num_cols and den_cols:
            with np.errstate(invalid="ignore"):
                if (_row_sums(table, num_cols) > _row_sums(table, den_cols)).any():
                    return True
    return False


_ServiceSums = tuple[list[tuple], dict[str, int], np.ndarray, Callable[[tuple], "tuple[str, object] | None"]]


def _service_sums(columns: ColumnCache) -> _ServiceSums | None:
    """Service values summed per (month, dong) and ``program/measure`` term.

    The same sums as :func:`_service_sums_pandas` (NaN for a term a group lacks, a
    group's values added with pandas' compensated sum, empty values skipped, rows
    without program or measure left out; groups in sorted order, which may differ from
    pandas'), computed directly for the cell types loading gives: ``None`` otherwise.
    """
    months, dongs = columns.get("services", "month"), columns.get("services", "dong")
    programs, measures = columns.get("services", "program"), columns.get("services", "measure")
    values = columns.get("services", "value")
    rows, sheets = columns.get("services", "_row"), columns.get("services", "_sheet")
    if not (
        all(m is None or m.__class__ is int for m in months)
        and all(d is None or d.__class__ is str for d in dongs)
        and all(t is None or t.__class__ is str for t in programs)
        and all(t is None or t.__class__ is str for t in measures)
        and all(v is None or v.__class__ is float for v in values)
    ):
        return None
    sums: dict[tuple, list[float]] = {}  # (month, dong, term) → [sum, compensation]
    first: dict[tuple, tuple[str, object]] = {}
    for month, dong, program, measure, value, row, sheet in zip(months, dongs, programs, measures, values, rows, sheets, strict=True):
        if program is None or measure is None:
            continue  # no term: left out, as pandas leaves out a missing group key
        key = (-1 if month is None else month, "" if dong is None else dong, f"{program}/{measure}")
        acc = sums.get(key)
        if acc is None:
            acc = sums[key] = [0.0, 0.0]
            first[key] = (sheet, row)
        if value is None or value != value:
            continue
        # pandas' group_sum (Kahan summation), step by step.
        y = value - acc[1]
        t = acc[0] + y
        acc[1] = t - acc[0] - y
        if acc[1] != acc[1]:
            acc[1] = 0.0
        acc[0] = t
    groups = sorted({key[:2] for key in sums})
    term_list = sorted({key[2] for key in sums})
    terms = {term: j for j, term in enumerate(term_list)}
    group_index = {group: i for i, group in enumerate(groups)}
    table = np.full((len(groups), len(term_list)), np.nan)
    for (month, dong, term), acc in sums.items():
        table[group_index[(month, dong)], terms[term]] = acc[0]
    return groups, terms, table, first.get


def _service_sums_pandas(services: pd.DataFrame) -> _ServiceSums:
    """:func:`_service_sums` by ``pivot_table``, for any cell types."""
    data = pd.DataFrame(
        {
            "month": services["month"].astype(object).where(services["month"].notna(), -1),
            "dong": services["dong"].astype(object).where(services["dong"].notna(), ""),
            "term": services["program"].astype(str) + "/" + services["measure"].astype(str),
            "value": pd.to_numeric(services["value"], errors="coerce"),
            "_row": services["_row"],
            "_sheet": services["_sheet"],
        }
    )
    sums = data.pivot_table(index=["month", "dong"], columns="term", values="value", aggfunc="sum")
    first_row = None

    def where(key: tuple) -> tuple[str, object] | None:
        nonlocal first_row
        if first_row is None:
            first_row = data.groupby(["month", "dong", "term"])[["_row", "_sheet"]].first()
        if key not in first_row.index:
            return None
        found = first_row.loc[key]
        return found["_sheet"], found["_row"]

    terms = {term: j for j, term in enumerate(sums.columns)}
    return list(sums.index), terms, sums.to_numpy(dtype=float), where


def _row_sums(table: np.ndarray, columns: list[int]) -> np.ndarray:
    """Row sums of some columns skipping NaN, NaN where all are NaN.

    What ``DataFrame.sum(axis=1, min_count=1)`` gives: for fewer than 8 columns numpy
    adds them in order either way; for more, pandas is asked.
    """
    block = table[:, columns]
    if len(columns) >= 8:
        return pd.DataFrame(block).sum(axis=1, min_count=1).to_numpy()
    missing = np.isnan(block)
    out = np.where(missing, 0.0, block).sum(axis=1)
    out[missing.all(axis=1)] = np.nan
    return out


_CATALOGUE_CACHE: dict[object, list[tuple[str, str, list[str], list[str]]]] = {}


def _proportion_indicators() -> list[tuple[str, str, list[str], list[str]]]:
    """(name, id, numerator terms, denominator terms) of the catalogue's proportions.

    Population terms are left out (their denominators are not service rows). The
    catalogue is read once per process and again only when its file changes.
    """
    from importlib import resources

    from .catalogue import load_catalogue, parse_terms

    try:
        stat = os.stat(str(resources.files("sabo_eval").joinpath("data/service_indicators.csv")))
        key: object = (load_catalogue, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    cached = _CATALOGUE_CACHE.get(key) if key is not None else None
    if cached is not None:
        return cached
    catalogue = load_catalogue()
    out = []
    for row in catalogue[catalogue["kind"] == "proportion"].itertuples(index=False):
        den_terms = parse_terms(row.denominator)
        if any(t.is_population for t in den_terms):
            continue
        num_terms = parse_terms(row.numerator)
        out.append((row.name, row.id, [f"{t.program}/{t.measure}" for t in num_terms], [f"{t.program}/{t.measure}" for t in den_terms]))
    if key is not None:
        _CATALOGUE_CACHE.clear()
        _CATALOGUE_CACHE[key] = out
    return out
