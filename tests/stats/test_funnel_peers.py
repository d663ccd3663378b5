"""Funnel limits against the published test values of PHEindicatormethods and FunnelPlotR.

Sources (files copied to ``tests/stats/peer_data/``, see its README):

* PHEindicatormethods, ukhsa-collaboration/PHEindicatormethods at commit
  093fd288d8f8949dbcfbed70049dbbf385b6141d, ``tests/testthat/testFunnels.R`` with
  ``testdata_funnel_*.csv`` (GPL-3).
* FunnelPlotR, nhs-r-community/FunnelPlotR at commit
  9020d4972873d863e10b8a16555975f0e322adfc, ``tests/testthat/test-poisson_limits.R``,
  ``test-aggregate_fun.R`` and the ``medpar`` example printed in ``README.md`` (MIT);
  ``medpar`` from vincentarelbundock/Rdatasets ``csv/COUNT/medpar.csv`` (R package COUNT).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sabo_eval.stats import funnel as fn

DATA = Path(__file__).parent / "peer_data"
PHE_LABELS = {  # our Korean positions → PHE's significance labels
    "99.8% 상한 위 (매우 높음)": "High (0.001)", "95% 상한 위 (높음)": "High (0.025)",
    "99.8% 하한 아래 (매우 낮음)": "Low (0.001)", "95% 하한 아래 (낮음)": "Low (0.025)", "한계 안 (우연 범위)": "Not significant",
}


def _csv(name: str, **kwargs) -> pd.DataFrame:
    return pd.read_csv(DATA / name, encoding="utf-8-sig", **kwargs)


# ------------------------------------------------------------------ PHEindicatormethods: proportions


def test_phe_wilson_funnel_limits_for_proportions():
    """testFunnels.R "confidence limits calculate correctly for proportions" (multiplier 100)."""
    inputs, expected = _csv("phe_testdata_funnel_prop_inputs.csv"), _csv("phe_testdata_funnel_prop_outputs.csv")
    theta = inputs["numerator"].sum() / inputs["denominator"].sum()
    n = expected["Population"].to_numpy(float)
    assert 100 * theta == pytest.approx(expected["Baseline"].iloc[0], abs=1e-6)
    for column, p in (("Lower2s0025limit", 0.025), ("Upper2s0025limit", 0.975), ("Lower3s0001limit", 0.001), ("Upper3s0001limit", 0.999)):
        np.testing.assert_allclose(100 * fn.wilson_limit(p, n, theta), expected[column], atol=1e-6, err_msg=column)


def test_phe_significance_for_proportions():
    """testFunnels.R "Significance for proportions calculates correctly" (303 areas)."""
    inputs = _csv("phe_testdata_funnel_prop_inputs.csv")
    result = fn.funnel(inputs["Area"], inputs["numerator"], inputs["denominator"], method="wilson", overdispersion=False)
    assert list(result.table["position"].map(PHE_LABELS)) == list(inputs["significance"])


# ------------------------------------------------------------------ PHEindicatormethods: ratios and rates


def _ratio_outputs() -> pd.DataFrame:
    frame = _csv("phe_testdata_funnel_ratio_outputs.csv", skiprows=1, header=None)
    frame.columns = ["obs"] + list(_csv("phe_testdata_funnel_ratio_outputs.csv", nrows=0).columns[1:])
    return frame


def test_phe_exact_poisson_intervals_of_the_ratio_funnel():
    """The expected counts at which each observed count meets the limits (``poisson_funnel`` in R/utils.R)."""
    out = _ratio_outputs()
    obs = out["obs"].to_numpy(float)
    for prefix, level in (("2s", 0.95), ("3s", 0.998)):
        low, high = fn.poisson_interval(obs, level)
        np.testing.assert_allclose(high, out[f"lower_{prefix}_exp_events"], rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(low, out[f"upper_{prefix}_exp_events"], rtol=1e-5, atol=1e-7)  # PHE: bisection to 1e-7
        np.testing.assert_allclose(obs / high - 1, out[f"lower_{prefix}_count"], atol=1e-6)  # a difference: absolute
        # the funnel limit is the inverse: the count whose own interval touches the expectation
        tail = (1 - level) / 2
        np.testing.assert_allclose(fn.poisson_count_limit(tail, out[f"lower_{prefix}_exp_events"]), obs, rtol=1e-5)
        np.testing.assert_allclose(fn.poisson_count_limit(1 - tail, out[f"upper_{prefix}_exp_events"]), obs, rtol=1e-5)


def test_phe_significance_for_ratios():
    """testFunnels.R "Significance for ratios calculates correctly": obs ÷ expected against 1."""
    inputs = _csv("phe_testdata_funnel_ratio_inputs.csv")
    result = fn.poisson_funnel(range(len(inputs)), inputs["obs"], inputs["expected"], per=1, target=1.0, method="byar",
                               overdispersion=False)
    assert list(result.table["position"].map(PHE_LABELS)) == list(inputs["significance"])


@pytest.mark.parametrize(("column", "per", "with_zero"), [
    ("crude_per_100000_with_0", 1e5, True), ("crude_per_100_with_0", 100, True),
    ("crude_per_100000_without_0", 1e5, False), ("crude_per_100_without_0", 100, False),
])
def test_phe_significance_for_crude_rates(column, per, with_zero):
    """testFunnels.R "Significance for rates calculates correctly; crude …" (Byar from 10 events)."""
    inputs = _csv("phe_testdata_funnel_rate_dsr_inputs.csv")
    if not with_zero:
        inputs = inputs[inputs["count"] != 0]
    result = fn.poisson_funnel(range(len(inputs)), inputs["count"], inputs["pop"], per=per, method="byar", overdispersion=False)
    assert list(result.table["position"].map(PHE_LABELS)) == list(inputs[column])


@pytest.mark.parametrize("name", ["phe_testdata_funnel_rate_outputs.csv", "phe_testdata_funnel_rate_outputs_2.csv"])
def test_phe_rate_funnel_limits(name):
    """testFunnels.R "confidence limits calculate correctly for rates": per 100,000, 3 years of data."""
    out = _csv(name)
    theta = out["baseline"].iloc[0] / 1e5
    for prefix, level in (("2s", 0.95), ("3s", 0.998)):
        tail = (1 - level) / 2
        for side, p in (("lower", tail), ("upper", 1 - tail)):
            population = 3 * out[f"{side}_{prefix}_population_1_year"].to_numpy(float)
            limit = 1e5 * fn.poisson_count_limit(p, theta * population) / population
            np.testing.assert_allclose(limit, out[f"{side}_{prefix}_limit"], rtol=1e-5, err_msg=f"{side} {prefix}")  # PHE bisects v = μ ÷ (1 + x + μ) to 1e-7


# ------------------------------------------------------------------ FunnelPlotR


def test_funnelplotr_poisson_limits():
    """test-poisson_limits.R: target 1, expected 15, 20, 30."""
    expected = np.array([15.0, 20.0, 30.0])
    assert list(np.round(fn.funnelplotr_poisson_limit(0.025, expected), 7)) == [0.5596924, 0.6108260, 0.6746958]
    assert list(np.round(fn.funnelplotr_poisson_limit(0.975, expected), 6)) == [1.649348, 1.544419, 1.427562]
    assert list(np.round(fn.funnelplotr_poisson_limit(0.001, expected), 7)) == [0.3862650, 0.4479107, 0.5289724]
    assert list(np.round(fn.funnelplotr_poisson_limit(0.999, expected), 6)) == [2.082907, 1.902094, 1.702771]


def test_funnelplotr_sums_duplicate_groups_when_asked():
    """test-aggregate_fun.R: groups a, a, a, b, b, c summed; we refuse them unless told to sum."""
    groups, x, n = list("aaabbc"), [100, 150, 180, 89, 120, 225], [102, 135, 165, 95, 100, 220]
    result = fn.poisson_funnel(groups, x, n, per=1, target=1.0, duplicates="sum")
    assert list(result.table["unit"]) == ["a", "b", "c"]
    assert list(np.round(result.table["rate"], 6)) == [1.069652, 1.071795, 1.022727]
    with pytest.raises(ValueError, match="duplicate unit labels: a, b"):
        fn.poisson_funnel(groups, x, n)


@pytest.fixture(scope="module")
def medpar_providers():
    """FunnelPlotR README: Poisson GLM of length of stay, observed and expected per provider."""
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    medpar = _csv("rdatasets_COUNT_medpar.csv", dtype={"provnum": str})
    model = smf.glm("los ~ hmo + died + age80 + C(type)", data=medpar, family=sm.families.Poisson()).fit()
    medpar["prds"] = model.predict(medpar)
    providers = medpar.groupby("provnum").agg(observed=("los", "sum"), expected=("prds", "sum"))
    providers["expected"] = providers["expected"].round(2)  # SHMI_rounding = TRUE
    return providers


def test_funnelplotr_medpar_outliers(medpar_providers):
    """README.md: "54 points of which 25 are outliers" (Poisson 99.8 %), "9" after the SHMI adjustment."""
    o, e = medpar_providers["observed"].to_numpy(float), medpar_providers["expected"].to_numpy(float)
    assert len(o) == 54
    ratio = o / e
    unadjusted = (ratio < fn.funnelplotr_poisson_limit(0.001, e)) | (ratio > fn.funnelplotr_poisson_limit(0.999, e))
    assert int(unadjusted.sum()) == 25
    result = fn.poisson_funnel(medpar_providers.index, o, e, per=1, target=1.0, scale="log")
    assert result.random_effects and result.phi > 1
    assert int(result.table["outside_998"].sum()) == 9
