"""Service rows across the table: year rows beside monthly rows, and items no indicator uses.

A year row (월 blank or ``계``) beside monthly rows of the same 동·사업·항목 is either
their total — checked, then set aside, never counted twice — or an error naming both
(which one is right cannot be told). A district-wide year row (동 blank) is compared
with the monthly rows of every 동 when the measure has no district-wide monthly rows.

Program/measure names that no catalogue indicator uses are loaded, with a warning per
name: usually a name written differently from the catalogue's.
"""

from __future__ import annotations

import functools
import logging

import pandas as pd

from .catalogue import load_catalogue, parse_terms
from .numbers import format_number
from .problems import WARNING
from .submission import Submission

__all__ = ["set_aside_year_rows", "check_unused_services", "unused_service_items", "catalogue_items"]

logger = logging.getLogger(__name__)

_TOLERANCE = 1e-6


def set_aside_year_rows(sub: Submission) -> None:
    """Check each year row against the monthly rows of its measure; set it aside when it is their total.

    Parameters
    ----------
    sub : Submission
        A loaded submission: its ``services`` table loses the year rows that total
        their months (recorded in ``set_aside``); a year row that does not is an error.
    """
    frame = sub.tables.get("services")
    if frame is None or frame.empty:
        return
    invalid = [bool(bad & {"month", "value", "program", "measure"}) for bad in frame["_invalid"]]
    rows = list(zip(frame["month"], frame["dong"], frame["program"], frame["measure"], frame["value"], invalid, strict=True))
    monthly: dict[tuple, list[int]] = {}
    for pos, (month, dong, program, measure, _value, bad, ) in enumerate(rows):
        if month is not None and not bad:
            monthly.setdefault((dong, program, measure), []).append(pos)
            monthly.setdefault((_ANY_DONG, program, measure), []).append(pos)
    if not monthly:
        return
    drop = []
    for pos, (month, dong, program, measure, value, bad) in enumerate(rows):
        if month is not None or bad or value is None:
            continue
        parts = monthly.get((dong, program, measure))
        if parts is None and dong is None:
            parts = monthly.get((_ANY_DONG, program, measure))
        if parts is None:
            continue
        if _is_total(sub, frame, pos, parts):
            drop.append(pos)
    if drop:
        for pos in drop:
            sub.set_aside.append((frame["_sheet"].iat[pos], int(frame["_row"].iat[pos]), "year_total", ""))
        sub.tables["services"] = frame.drop(index=frame.index[drop]).reset_index(drop=True)
        logger.debug("%s: %d year row(s) set aside as totals of their months", sub.file_name, len(drop))


_ANY_DONG = object()


def _is_total(sub: Submission, frame: pd.DataFrame, pos: int, parts: list[int]) -> bool:
    """Whether the year row at ``pos`` equals the sum of its monthly rows; report it when not."""
    values = [frame["value"].iat[k] for k in parts]
    if not all(isinstance(v, float) for v in values):
        return False
    published = float(frame["value"].iat[pos])
    observed = float(sum(values))
    if abs(observed - published) <= _TOLERANCE * max(1.0, abs(published)):
        return True
    months = sorted({int(frame["month"].iat[k]) for k in parts})
    excel_rows = sorted({int(frame["_row"].iat[k]) for k in parts})
    span = f"{excel_rows[0]}–{excel_rows[-1]}" if len(excel_rows) > 1 else f"{excel_rows[0]}"
    item = f"{frame['program'].iat[pos]}/{frame['measure'].iat[pos]}"
    header = sub.headers.get(("services", "value"), "실적")
    sub.problem(
        frame["_sheet"].iat[pos], int(frame["_row"].iat[pos]), header, format_number(published),
        f"'{item}'의 연간 행({format_number(published)})이 같은 항목의 월별 행 합계({format_number(observed)}, {len(months)}개월, "
        f"{span}행)와 다릅니다 — 둘 다 더하면 두 번 세게 되고 어느 쪽이 맞는지 알 수 없어 받지 않았습니다. "
        "월별 행만 두거나 연간 행만 두세요",
        f"the year row of '{item}' ({format_number(published)}) does not equal the sum of its monthly rows "
        f"({format_number(observed)}, {len(months)} month(s), rows {span}); counting both would double it and which one "
        "is right cannot be told — keep either the monthly rows or the year row",
        "service_year_total_mismatch",
    )
    return False


@functools.lru_cache(maxsize=4)
def catalogue_items(extra: str | None = None) -> frozenset[tuple[str, str]]:
    """Every (program, measure) a catalogue indicator uses (population terms left out).

    Parameters
    ----------
    extra : str, optional
        A user catalogue added to the default (see :func:`.catalogue.load_catalogue`).

    Returns
    -------
    frozenset of (str, str)
    """
    catalogue = load_catalogue(extra)
    items = set()
    for expression in (*catalogue["numerator"], *catalogue["denominator"]):
        items.update((t.program, t.measure) for t in parse_terms(expression) if not t.is_population)
    return frozenset(items)


def unused_service_items(services: pd.DataFrame, extra: str | None = None) -> list[tuple[str, str, int]]:
    """(program, measure, rows) of the service items no catalogue indicator uses, in order of appearance.

    Parameters
    ----------
    services : DataFrame
        A ``services`` table (``program``, ``measure``).
    extra : str, optional
        A user catalogue.

    Returns
    -------
    list of (str, str, int)
    """
    if services is None or services.empty:
        return []
    used = catalogue_items(extra)
    counts: dict[tuple[str, str], int] = {}
    for program, measure in zip(services["program"], services["measure"], strict=True):
        if isinstance(program, str) and isinstance(measure, str) and (program, measure) not in used:
            counts[(program, measure)] = counts.get((program, measure), 0) + 1
    return [(program, measure, n) for (program, measure), n in counts.items()]


def check_unused_services(sub: Submission) -> None:
    """Warn, once per name, about service items (사업/항목) that no catalogue indicator uses.

    Parameters
    ----------
    sub : Submission
        A loaded submission; warnings are appended to it.
    """
    services = sub.tables.get("services")
    items = unused_service_items(services)
    if not items:
        return
    first = {}
    for program, measure, sheet, row in zip(services["program"], services["measure"], services["_sheet"], services["_row"], strict=True):
        first.setdefault((program, measure), (sheet, int(row)))
    header = sub.headers.get(("services", "measure"), "항목")
    for program, measure, n in items:
        sheet, row = first[(program, measure)]
        sub.problem(
            sheet, row, header, f"{program}/{measure}",
            f"지표에 쓰이지 않은 서비스 항목입니다: '{program}/{measure}' ({n:,}행) — 창고에는 넣지만 어느 지표에도 "
            "쓰이지 않습니다. 사업·항목 이름이 지표 목록과 같은지 확인하세요",
            f"service item '{program}/{measure}' ({n:,} row(s)) is used by no catalogue indicator; it is loaded "
            "but no indicator counts it — check its name against the catalogue",
            "unused_service_item", WARNING,
        )
