"""예산 rows: planned, revised and executed amounts (천원) with a 합계 row."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .anchors import SASANG_REVISED_ITEMS
from .common import FW1, fmt_int_text
from .districts import SASANG, SEOUL_INDEX, SUWON, District
from .plan import PlanItem

BUDGET_TOTAL_LABEL = "합계"


def budget_rows(
    d: District, year_items: Sequence[PlanItem], rng: np.random.Generator, year: int
) -> list[dict]:
    """예산 rows of one year, one per item and a last 합계 row.

    Parameters
    ----------
    d : District
        The district (사상구 2023 revises seed 001's four items; a few Seoul files
        over-execute one item or write amounts as text).
    year_items : sequence of PlanItem
        Items of the year's plan, one budget row each.
    rng : numpy.random.Generator
        Stream the amounts are drawn from (after the indicators).
    year : int
        Budget year.

    Returns
    -------
    list of dict
        Rows by canonical column name, the 합계 row last.
    """
    budget = _item_rows(d, year_items, rng, year)
    revised_vals = [r["revised"] for r in budget if r["revised"] is not None]
    budget.append(
        {
            "district_code": None,
            "year": None,
            "item_code": BUDGET_TOTAL_LABEL,
            "planned": sum(r["planned"] for r in budget),
            "revised": sum(revised_vals) if revised_vals else None,
            "executed": sum(r["executed"] for r in budget),
        }
    )
    if (d.code, year) in {("11200", 2023), ("11620", 2022)}:
        for r in budget:
            for key in ("planned", "revised", "executed"):
                if r[key] is not None:
                    r[key] = fmt_int_text(r[key])
    return budget


def _item_rows(
    d: District, year_items: Sequence[PlanItem], rng: np.random.Generator, year: int
) -> list[dict]:
    """One budget row per item (before the 합계 row)."""
    is_sasang23 = d.code == SASANG.code and year == 2023
    idx = SEOUL_INDEX.get(d.code, -1)
    scale = 2.5 if d.code == SUWON.code else 1.0
    budget: list[dict] = []
    over_done = not (idx >= 0 and idx % 4 == 2)  # a few Seoul files over-execute one item
    for it in year_items:
        hi = 1_500 if it.framework == FW1 else 200
        planned = int(round(int(rng.integers(20, hi)) * 1_000 * scale, -3))
        revised = None
        if is_sasang23:
            if it.name in SASANG_REVISED_ITEMS:
                revised = int(
                    round(
                        planned
                        * float(rng.choice([rng.uniform(0.7, 0.92), rng.uniform(1.08, 1.3)])),
                        -3,
                    )
                )
        elif rng.random() < 0.1:
            revised = int(round(planned * rng.uniform(0.8, 1.2), -3))
        base = revised if revised is not None else planned
        executed = int(round(base * rng.uniform(0.78, 0.995)))
        if it.change.get(year) == "폐지":
            executed = int(round(base * rng.uniform(0.2, 0.5)))
        if not over_done and it.change.get(year) == "유지":
            executed = int(round(base * 1.04))
            over_done = True
        budget.append(
            {
                "district_code": d.code,
                "year": year,
                "item_code": it.code,
                "planned": planned,
                "revised": revised,
                "executed": executed,
            }
        )
    return budget
