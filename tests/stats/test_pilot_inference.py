"""Pilot inference: the pre-trend test (by simulation with fixed seeds) and the
Newey–West lag rule (panels from ``pilot_simulation``)."""

import numpy as np
import pytest
from pilot_simulation import simulate

from sabo_eval.stats.pilot import event_study, newey_west_lags, pretrend_test

pytestmark = pytest.mark.usefixtures("one_blas_thread")


# --------------------------------------------------------------------------- pre-trend test


def test_pretrend_check_catches_a_broken_parallel_trend():
    # Treated units drift 0.3 error-SDs per month faster: over the 14 pre-period months
    # the gap grows by about 4 SDs.
    rng = np.random.default_rng(20130304)
    p = np.array([pretrend_test(simulate(rng, trend_gap=0.3), "y").p_value for _ in range(100)])
    assert np.mean(p < 0.05) >= 0.8, np.mean(p < 0.05)


def test_pretrend_check_rarely_flags_parallel_trends_even_with_three_treated_units():
    # A cluster-robust Wald test on 13 leads with 3 treated clusters rejects a true
    # null almost always; the pooled Hotelling test keeps its 5 % level.
    rng = np.random.default_rng(20130305)
    results = [pretrend_test(simulate(rng, n_units=23, n_treated=3, effect=1.0), "y") for _ in range(200)]
    rate = np.mean([r.p_value < 0.05 for r in results])
    assert rate <= 0.10, rate
    assert {r.df for r in results} == {(13, 9)} and {r.units for r in results} == {23}


def test_event_study_reports_the_pretrend_test():
    data = simulate(np.random.default_rng(12), n_treated=5, trend_gap=0.2)
    result, test = event_study(data, "y"), pretrend_test(data, "y")
    assert (result.pretrend_f, result.pretrend_p, result.pretrend_df) == (test.f, test.p_value, test.df)
    assert result.pretrend_leads == test.leads == 13 and "Hotelling" in result.method


def test_pretrend_test_uses_the_most_recent_leads_when_units_are_few():
    data = simulate(np.random.default_rng(13), n_units=10, n_treated=3)
    test = pretrend_test(data, "y")
    assert (test.leads, test.units, test.df) == (7, 10, (7, 2)) and 0 <= test.p_value <= 1


# --------------------------------------------------------------------------- Newey–West lags


@pytest.mark.parametrize(("n", "lags"), [(24, 2), (100, 4), (120, 4), (500, 5)])
def test_newey_west_rule_of_thumb(n, lags):
    assert newey_west_lags(n) == lags
