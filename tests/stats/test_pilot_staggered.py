"""Staggered starts: Callaway–Sant'Anna (moderndid) against the two-way fixed-effects event study."""

import numpy as np
import pandas as pd
import pytest
from pilot_simulation import simulate

from sabo_eval.stats.pilot import did, event_study, period_label
from sabo_eval.stats.pilot.staggered import staggered_did, starts_of


@pytest.fixture(scope="module")
def panel():
    return simulate(np.random.default_rng(16), n_treated=4, effect=1.5)


def _starts(panel, months):
    treated = sorted(set(panel.loc[panel["treated"] == 1, "district_code"]))
    return dict(zip(treated, months, strict=True))


def test_common_start_equals_the_twfe_event_study(panel):
    starts = _starts(panel, ["2013-03"] * 4)
    result = staggered_did(panel, "y", starts)
    es = event_study(panel, "y", "2013-03")
    ours = result.event_times.set_index("event_time")["estimate"]
    twfe = es.coefficients.set_index("event_time")["estimate"]
    assert list(ours.index) == list(twfe.index)
    assert np.allclose(ours.to_numpy(), twfe.to_numpy(), atol=1e-10)
    assert result.effect == pytest.approx(twfe[twfe.index >= 0].mean(), abs=1e-10)
    assert result.common_start and result.cohorts == {"2013-03": 4} and result.n_treated == 4
    # the static TWFE DiD uses the mean of every pre month as its base: close, not equal
    assert result.effect == pytest.approx(did(panel, "y").effect, abs=0.5)


def test_staggered_starts_recover_the_effect_where_twfe_is_biased():
    # effects that grow with time since the start: TWFE compares late with early starters
    rng = np.random.default_rng(7)
    periods = [period_label(2012 + i // 12, i % 12 + 1) for i in range(24)]
    rows = []
    starts = {"T1": 6, "T2": 12, "T3": 18}
    for u in [f"C{i}" for i in range(12)] + list(starts):
        a = rng.normal(10, 1)
        for t, p in enumerate(periods):
            k = t - starts.get(u, 99)
            effect = 0.5 * (k + 1) if k >= 0 else 0.0
            rows.append((u, p, a + 0.1 * t + effect + rng.normal(0, 0.05)))
    data = pd.DataFrame(rows, columns=["unit", "period", "y"])
    result = staggered_did(data, "y", {u: periods[s] for u, s in starts.items()}, unit="unit")
    e = result.event_times.set_index("event_time")
    assert e.loc[0, "estimate"] == pytest.approx(0.5, abs=0.1) and e.loc[5, "estimate"] == pytest.approx(3.0, abs=0.1)
    assert abs(e.loc[-3, "estimate"]) < 0.1
    assert len(result.cohorts) == 3 and not result.common_start
    assert "Callaway" in result.method


def test_starts_of_reads_the_panel_column_and_refuses_no_comparison():
    data = pd.DataFrame({"district_code": ["a", "a", "b"], "start": ["2013-03", "2013-03", None]})
    assert starts_of(data) == {"a": "2013-03"}
    frame = pd.DataFrame({"unit": ["a", "a"], "period": ["2013-02", "2013-03"], "y": [1.0, 2.0]})
    with pytest.raises(ValueError):
        staggered_did(frame, "y", {"a": "2013-03"}, unit="unit")
