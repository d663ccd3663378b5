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
