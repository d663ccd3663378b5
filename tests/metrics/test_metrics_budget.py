"""Budget execution rate (DESIGN §4)."""

import numpy as np
import pandas as pd
import pytest

from sabo_eval.metrics import budget


def _budget(rows):
    return pd.DataFrame([dict(district_code="x", year=2023, item_code=i, planned=p, revised=r, executed=e) for i, p, r, e in rows])


@pytest.mark.parametrize(
    ("planned", "revised", "executed", "rate", "over"),
    [
        (1000, None, 950, 95.0, False),
        (1000, 1200, 1200, 100.0, False),  # revised is the base when present
        (1000, 800, 1000, 125.0, True),  # flagged above 100 %
        (0, None, 10, np.nan, False),
        (1000, None, None, np.nan, False),
    ],
)
def test_execution_rates(planned, revised, executed, rate, over):
    out = budget.execution_rates(_budget([("I", planned, revised, executed)])).iloc[0]
    if np.isnan(rate):
        assert np.isnan(out["execution_rate"]) and out["reason"]
    else:
        assert out["execution_rate"] == pytest.approx(rate)
    assert bool(out["over_100"]) is over


def test_total_execution_rate_skips_unreported_items():
    rate, executed, base = budget.total_execution_rate(_budget([("a", 1000, None, 500), ("b", 1000, 3000, 1500), ("c", 500, None, None)]))
    assert (executed, base) == (2000.0, 4000.0)
    assert rate == pytest.approx(50.0)


def _plan(rows):
    return pd.DataFrame(
        [dict(district_code="x", year=2023, item_code=i, item_name=f"{i} 사업", framework=f, strategy=s, department="d", change=c) for i, f, s, c in rows]
    )


def test_execution_by_strategy_and_framework_pools_items():
    plan = _plan([("a", "F1", "돌봄 강화", "kept"), ("b", "F1", "돌봄강화", "new"), ("c", "F2", "건강", "abolished")])
    spent = _budget([("a", 1000, None, 900), ("b", 1000, 500, 600), ("c", 200, None, None)])
    by_strategy = budget.execution_by(spent, plan, "strategy")
    assert by_strategy["strategy"].tolist() == ["돌봄 강화", "건강"]  # spaces ignored when grouping
    first = by_strategy.iloc[0]
    assert first["execution_rate"] == pytest.approx(1500 / 1500 * 100)
    assert (first["planned"], first["revised"], first["n_items"], first["n_over_100"]) == (2000, 1500, 2, 1)
    assert np.isnan(by_strategy.iloc[1]["execution_rate"])
    frameworks = budget.execution_by(spent, plan, "framework")
    assert frameworks["framework"].tolist() == ["F1", "F2"]
    with pytest.raises(ValueError, match="unknown level"):
        budget.execution_by(spent, plan, "team")


def test_revised_items_and_plan_changes():
    plan = _plan([("a", "F", "S", "kept"), ("b", "F", "S", "new"), ("c", "F", "S", "abolished"), ("d", "F", "S", "changed")])
    spent = _budget([("a", 1000, 1000, 900), ("b", 1000, 800, 600), ("c", 200, None, None), ("d", 100, 150, 150)])
    revised = budget.revised_items(spent, plan)
    assert revised["item_code"].tolist() == ["b", "d"]  # a's revision equals its plan
    assert revised["change_amount"].tolist() == [-200, 50]
    changes = budget.plan_changes(plan)
    assert changes["change_ko"].tolist() == ["신규", "폐지", "변경"]
