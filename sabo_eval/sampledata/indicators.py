"""성과지표 values: achievement, yearly draws and seed-001 calibration."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .anchors import SASANG_ABOLISHED_VALUES, SASANG_ADJUSTER, SASANG_FW1_TARGET, SASANG_FW2_TARGET
from .common import FW1, FW2, fmt_int_text
from .districts import SASANG, District
from .plan import IndicatorSpec, PlanItem


def achievement(direction: str, target: float, actual: float) -> float:
    """Indicator achievement in percent (DESIGN §4): up a/t·100, down t/a·100.

    Parameters
    ----------
    direction : str
        ``상향`` or ``하향``.
    target, actual : float
        Target and actual values.

    Returns
    -------
    float
    """
    return 100.0 * (actual / target if direction == "상향" else target / actual)


def indicator_values(
    rng: np.random.Generator, spec: IndicatorSpec, prev_actual: float | None, boost: float = 0.0
) -> tuple[float, float, float]:
    """Draw (baseline, target, actual) for one indicator and year.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator.
    spec : IndicatorSpec
        The indicator.
    prev_actual : float or None
        Last year's actual, used as this year's baseline.
    boost : float
        Added to the log performance ratio (사상구 2023 over-achieves).

    Returns
    -------
    tuple of float
        Integers for counts, one decimal for scores and rates.
    """
    ratio = float(np.exp(rng.normal(0.06 + boost, 0.14)))
    up = spec.direction == "상향"
    if spec.kind == "count":
        base = (
            prev_actual
            if prev_actual is not None
            else round(spec.level * (rng.uniform(0.82, 0.95) if up else rng.uniform(1.1, 1.3)))
        )
        base = max(base, 2)
        if up:
            target = max(base + 1, round(base * rng.uniform(1.02, 1.15)))
            actual = max(0, round(target * ratio))
        else:
            target = max(1, round(base * rng.uniform(0.8, 0.95)))
            actual = max(1, round(target / ratio))
        return float(base), float(target), float(actual)
    if spec.kind == "score":
        base = prev_actual if prev_actual is not None else round(rng.uniform(75, 88), 1)
        target = round(min(95.0, base + rng.uniform(1, 4)), 1)
        actual = round(min(99.0, target * float(np.exp(rng.normal(0.01 + boost / 4, 0.04)))), 1)
        return base, target, actual
    # rate
    if up:
        base = prev_actual if prev_actual is not None else round(rng.uniform(55, 75), 1)
        target = round(min(95.0, base + rng.uniform(2, 8)), 1)
        actual = round(min(100.0, target * float(np.exp(rng.normal(0.02 + boost / 4, 0.06)))), 1)
    else:
        base = prev_actual if prev_actual is not None else round(rng.uniform(10, 20), 1)
        target = round(base * rng.uniform(0.8, 0.95), 1)
        actual = round(max(1.0, target / ratio), 1)
    return base, target, actual


def calibrate_framework(
    rows: list[dict], items: Sequence[PlanItem], framework: str, target: float
) -> float:
    """Adjust actuals so the framework's mean item achievement equals ``target``.

    Counts of the ordinary items are scaled towards the target first; the designated
    adjuster item (one indicator, target 2,400) is then solved exactly, so the residual
    is below 0.005 percentage points. Abolished items already sit exactly on ``target``.

    Parameters
    ----------
    rows : list of dict
        사상구's 2023 indicator rows; actuals changed in place.
    items : sequence of PlanItem
        사상구's plan.
    framework : str
        The framework (전략체계).
    target : float
        seed 001's achievement rate, in percent.

    Returns
    -------
    float
        The resulting framework achievement.
    """
    fw_items = [it for it in items if it.framework == framework and 2023 in it.change]
    codes = {it.code for it in fw_items}
    by_item: dict[str, list[dict]] = {}
    for r in rows:
        if r["item_code"] in codes:
            by_item.setdefault(r["item_code"], []).append(r)
    adjuster = next(it.code for it in fw_items if it.name == SASANG_ADJUSTER[framework])
    fixed = {it.code for it in fw_items if it.change.get(2023) == "폐지"} | {adjuster}

    def item_ach(code: str) -> float:
        return float(
            np.mean([achievement(r["direction"], r["target"], r["actual"]) for r in by_item[code]])
        )

    free = [c for c in by_item if c not in fixed]
    for _ in range(4):
        m = np.mean([item_ach(c) for c in free])
        f = target / m
        for c in free:
            for r in by_item[c]:
                if r["kind"] != "count":
                    continue
                r["actual"] = float(
                    max(1, round(r["actual"] * f if r["direction"] == "상향" else r["actual"] / f))
                )
    others = sum(item_ach(c) for c in by_item if c != adjuster)
    need = target * len(by_item) - others
    (adj_row,) = by_item[adjuster]
    adj_row["actual"] = float(round(need * adj_row["target"] / 100.0))
    result = float(np.mean([item_ach(c) for c in by_item]))
    if abs(result - target) > 0.005:
        raise RuntimeError(f"framework {framework}: {result:.4f} != {target}")
    return result


def indicator_rows(
    d: District,
    year_items: Sequence[PlanItem],
    items: Sequence[PlanItem],
    rng: np.random.Generator,
    prev_actuals: dict[tuple[str, str], float],
    year: int,
) -> list[dict]:
    """성과지표 rows of one year: drawn values, blanks or seed 001's calibration, text.

    Parameters
    ----------
    d : District
        The district (사상구 2023 is calibrated to seed 001).
    year_items : sequence of PlanItem
        Items of the year's plan, whose indicators get values.
    items : sequence of PlanItem
        Every item of the district's plan (for the seed-001 calibration).
    rng : numpy.random.Generator
        Stream of the values, blanks and text variants.
    prev_actuals : dict
        (item code, indicator) → actual of the previous year; updated in place.
    year : int
        Year of the values.

    Returns
    -------
    list of dict
        Rows keyed by canonical column names (and ``kind``).
    """
    is_sasang23 = d.code == SASANG.code and year == 2023
    ind = _draw_rows(d, year_items, rng, prev_actuals, year, is_sasang23)
    if is_sasang23:
        calibrate_framework(ind, items, FW1, SASANG_FW1_TARGET)
        calibrate_framework(ind, items, FW2, SASANG_FW2_TARGET)
    else:
        for j, i in enumerate(rng.choice(len(ind), size=int(rng.integers(1, 3)), replace=False)):
            ind[int(i)]["actual" if j == 0 else "target"] = None
    _as_written(ind, rng)
    return ind


def _draw_rows(
    d: District,
    year_items: Sequence[PlanItem],
    rng: np.random.Generator,
    prev_actuals: dict[tuple[str, str], float],
    year: int,
    is_sasang23: bool,
) -> list[dict]:
    """Baseline, target and actual of every indicator of ``year_items``."""
    boost = {FW1: 0.12, FW2: 0.05} if is_sasang23 else {FW1: 0.0, FW2: 0.0}
    ind: list[dict] = []
    for it in year_items:
        for spec in it.indicators:
            if is_sasang23 and it.change[year] == "폐지":
                t, a = SASANG_ABOLISHED_VALUES[it.framework]
                base, target, actual = float(round(t * 0.9)), float(t), float(a)
            else:
                base, target, actual = indicator_values(
                    rng, spec, prev_actuals.get((it.code, spec.name)), boost[it.framework]
                )
            prev_actuals[(it.code, spec.name)] = actual
            ind.append(
                {
                    "district_code": d.code,
                    "year": year,
                    "item_code": it.code,
                    "indicator": spec.name,
                    "unit": spec.unit,
                    "direction": spec.direction,
                    "baseline": base,
                    "target": target,
                    "actual": actual,
                    "kind": spec.kind,
                }
            )
    return ind


def _as_written(ind: list[dict], rng: np.random.Generator) -> None:
    """Counts as integers; a few actuals as text with their unit (``12.5%``, ``1,234명``)."""
    for r in ind:
        for key in ("baseline", "target", "actual"):
            v = r[key]
            if isinstance(v, float) and r["kind"] == "count":
                r[key] = int(v)
        if rng.random() < 0.12 and r["actual"] is not None:
            v = r["actual"]
            if r["unit"] == "%":
                r["actual"] = f"{v:.1f}%"
            elif isinstance(v, int):
                r["actual"] = fmt_int_text(v, r["unit"])
