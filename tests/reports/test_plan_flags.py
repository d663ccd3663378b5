"""Flags that mean what they say, over every sample district and year (table-driven).

Each row of the item table as the report shows it: "150% 초과" only beside a rate
above 150.0 %, "50% 미만" only below 50.0 %, abolished items show 폐지 and no rate,
indicator-level flags name their count, large target changes are counted and rare.
"""

from __future__ import annotations

import os
import re

import pandas as pd
import pytest

from sabo_eval.metrics import achievement
from sabo_eval.metrics.item_flags import FLAG_LEGEND, item_flags, large_target_changes
from sabo_eval.reports.plan_flags import flag_legend_html, item_flag_table
from sabo_eval.warehouse.store import Warehouse


def _tables():
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        years = wh.district_years()
        for code, year in years[years["year"] >= 2022][["district_code", "year"]].itertuples(index=False):
            indicators = wh.table("indicators", code, year)
            previous = wh.table("indicators", code, year - 1)
            plan = wh.table("plan_items", code, year)
            scored = achievement.indicator_achievement(indicators, previous=previous)
            items = achievement.item_achievement(scored, plan)
            flagged = item_flags(scored, items, previous)
            yield f"{code}-{year}", flagged, item_flag_table(flagged)


@pytest.fixture(scope="module")
def shown():
    return list(_tables())


def _rate(text: str) -> float | None:
    match = re.fullmatch(r"(-?\d+\.\d)%", text)
    return float(match.group(1)) if match else None


def test_every_flag_agrees_with_the_rate_shown(shown):
    assert len(shown) >= 50
    n_rows = n_flagged = 0
    for name, flagged, table in shown:
        for row, n_ind in zip(table.itertuples(index=False), flagged["n_indicators"], strict=True):
            n_rows += 1
            rate, flags = _rate(row.달성률), row._6
            n_flagged += flags != "-"
            assert ("150% 초과" in flags) == (rate is not None and rate > 150.0), (name, row)
            assert ("50% 미만" in flags) == (rate is not None and rate < 50.0), (name, row)
            if row.달성률 == "폐지":
                assert flags == "폐지", (name, row)
            if "실적 없음" in flags and rate is not None:  # a rate is shown: the flag names its indicators
                assert re.search(r"지표 \d+개 중 \d+개 실적 없음", flags), (name, row)
            if "목표 없음" in flags and rate is not None:
                assert re.search(r"지표 \d+개 중 \d+개 목표 없음", flags), (name, row)
            if n_ind == 1 and "실적 없음" in flags:
                assert rate is None, (name, row)
            assert "-0.0" not in row.달성률
    assert n_rows > 1000 and n_flagged < n_rows / 4  # flags are the exception, not noise


def test_abolished_items_show_no_rate(shown):
    abolished = pd.concat([t[flagged["abolished"].to_numpy()] for _, flagged, t in shown])
    assert len(abolished) > 0
    assert (abolished["달성률"] == "폐지").all()


def test_target_changes_are_large_ones_only():
    before = pd.DataFrame({"district_code": "1", "item_code": ["a", "b", "c", "d"], "indicator": "x", "target": [100, 100, 0, 10]})
    now = before.assign(target=[149, 150, 5, None])
    assert large_target_changes(now, before).tolist() == [False, True, True, False]
    assert not large_target_changes(now, None).any()


def test_legend_explains_each_flag_once(shown):
    for _, flagged, _ in shown:
        legend = flag_legend_html(flagged)
        for key, (label, _) in FLAG_LEGEND.items():
            assert legend.count(f"<b>{label}</b>") == (1 if any(key in keys for keys in flagged["flag_keys"]) else 0)
