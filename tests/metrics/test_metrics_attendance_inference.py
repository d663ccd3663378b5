"""Attendance comparisons and models: Wilson intervals, sector difference, trend, findings."""

import numpy as np
import pandas as pd
import pytest
from fixtures.attendance_tables import D, Y

from sabo_eval.metrics import attendance as att
from sabo_eval.metrics import attendance_inference as ati


def test_subcommittee_comparison_wilson_interval_and_best():
    records = pd.DataFrame(
        [
            dict(district_code=D, year=Y, meeting_id=f"{s}{m}", body="subcommittee", subcommittee=s, held_on=pd.Timestamp(f"2023-{m:02d}-10"),
                 month=m, member_id=f"{s}{i}", name="x", sector="private", role="위원", status="attended" if ok else "absent", attended=ok)
            for s, rate in (("가분과", 0.8), ("나분과", 0.5))
            for m in (1, 2)
            for i in range(10)
            for ok in [i < rate * 10]
        ]
    )
    comparison = ati.subcommittee_comparison(records).set_index("subcommittee")
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(16, 20, method="wilson")
    assert comparison.loc["가분과", "ci_low"] == pytest.approx(100 * low)
    assert comparison.loc["가분과", "ci_high"] == pytest.approx(100 * high)
    summary = ati.comparison_summary(comparison.reset_index())
    assert summary == {"n_subcommittees": 2, "council_mean": pytest.approx(65.0), "best": "가분과", "best_rate": pytest.approx(80.0), "n_without_meetings": 0}


def _simulated_records(rng, n_members=60, n_meetings=10, private=0.7, public=0.55, member_sd=1.0, slope=0.0):
    rows = []
    for i in range(n_members):
        sector = "private" if i < n_members * 0.6 else "public"
        base = np.log(private / (1 - private)) if sector == "private" else np.log(public / (1 - public))
        effect = rng.normal(0, member_sd)
        for m in range(n_meetings):
            month = m + 1
            p = 1 / (1 + np.exp(-(base + effect + slope * (month - 1))))
            ok = bool(rng.random() < p)
            rows.append(dict(district_code=D, year=Y, meeting_id=f"M{month}", body="subcommittee", subcommittee="가분과",
                             held_on=pd.Timestamp(f"2023-{month:02d}-01"), month=month, member_id=f"P{i}", name="x",
                             sector=sector, role="위원", status="attended" if ok else "absent", attended=ok))
    return pd.DataFrame(rows)


def test_sector_difference_equals_raw_difference_with_clustered_interval():
    records = _simulated_records(np.random.default_rng(7))
    result = ati.sector_difference(records)
    raw = records.groupby("sector")["attended"].mean() * 100
    assert result["diff_pp"] == pytest.approx(raw["private"] - raw["public"])
    assert result["ci_low"] < result["diff_pp"] < result["ci_high"]
    assert result["n_members"] == 60 and result["reason"] == ""
    # Clustering by member widens the interval when members differ a lot (member_sd=1).
    clustered_width = result["ci_high"] - result["ci_low"]
    p0, p1 = raw["private"] / 100, raw["public"] / 100
    naive_width = 2 * 1.96 * 100 * np.sqrt(p0 * (1 - p0) / (records["sector"] == "private").sum() + p1 * (1 - p1) / (records["sector"] == "public").sum())
    assert clustered_width > naive_width


def test_counts_are_per_district_when_records_span_districts():
    one = _simulated_records(np.random.default_rng(11))
    two = pd.concat([one, one.assign(district_code="26530")], ignore_index=True)  # the same member ids again
    assert ati.sector_difference(two)["n_members"] == 120 and two["member_id"].nunique() == 60
    assert ati.attendance_trend(two)["n_meetings"] == 20
    assert ati.subcommittee_comparison(two)["n_members"].iloc[0] == 120


def test_sector_difference_interval_covers_the_truth_in_most_simulations():
    rng = np.random.default_rng(2024)
    truth = 100 * (0.7 - 0.55)
    covered = 0
    for _ in range(60):
        r = ati.sector_difference(_simulated_records(rng, member_sd=0.0))
        covered += r["ci_low"] <= truth <= r["ci_high"]
    assert covered >= 51  # nominal 95 %: at least 85 % of 60


@pytest.mark.parametrize(
    ("private", "public", "reason_part"),
    [(0.7, 1.0, "0% 또는 100%")],
)
def test_sector_difference_reports_why_it_cannot_fit(private, public, reason_part):
    records = _simulated_records(np.random.default_rng(1), private=private, public=0.5)
    records.loc[records["sector"] == "public", "attended"] = public == 1.0
    assert reason_part in ati.sector_difference(records)["reason"]
    lonely = records[(records["sector"] == "private") | (records["member_id"] == "P59")]
    assert "2명 이상" in ati.sector_difference(lonely)["reason"]


def test_attendance_trend_detects_a_rising_year_and_not_a_flat_one():
    rising = ati.attendance_trend(_simulated_records(np.random.default_rng(3), slope=0.25, member_sd=0.3))
    assert rising["ci_low"] > 0 and rising["pp_per_month"] > 2
    flat = ati.attendance_trend(_simulated_records(np.random.default_rng(4), slope=0.0, member_sd=0.3))
    assert flat["ci_low"] < 0 < flat["ci_high"]


@pytest.mark.parametrize(
    ("diff", "low", "high", "expected"),
    [
        (6.3, 0.9, 11.7, ["민간 위원이 6.3%p 높습니다", "우연으로 보기 어렵습니다"]),
        (-4.0, -9.0, 1.0, ["민간 위원이 4.0%p 낮습니다", "우연으로도 생길 수 있습니다"]),
    ],
)
def test_findings_sentences(diff, low, high, expected):
    summary = {"n_subcommittees": 12, "council_mean": 63.7, "best": "이주민분과", "best_rate": 81.9, "n_without_meetings": 0}
    difference = {"private_rate": 66.4, "public_rate": 66.4 - diff, "diff_pp": diff, "ci_low": low, "ci_high": high, "p_value": 0.02, "reason": ""}
    trend = {"pp_per_month": -1.24, "ci_low": -2.0, "ci_high": -0.5, "reason": ""}
    sentences = ati.findings(summary, difference, trend)
    assert sentences[0] == "12개 실무분과의 평균 참석률은 63.7%이며, 참석률이 가장 높은 분과는 이주민분과(81.9%)입니다."
    for part in expected:
        assert part in sentences[1]
    assert "한 달에 평균 1.2%p씩 낮아지는 경향" in sentences[2]
    assert "−" not in " ".join(sentences)  # ASCII minus only (NanumGothic lacks U+2212)


@pytest.mark.parametrize("code", ["41110", "26530", "11110"])
def test_subcommittee_comparison_from_precomputed_monthly_tables_is_the_same(code):
    """Passing the report's monthly tables (as the report does) changes nothing."""
    import os

    from sabo_eval.warehouse.store import Warehouse

    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        members, meetings, marks = (wh.table(name, code, 2022) for name in ("members", "meetings", "attendance"))
    records = att.attendance_records(members, meetings, marks)
    monthly = att.group_monthly_tables(records, meetings, members, include_council=True)
    direct = ati.subcommittee_comparison(records, meetings, members)
    reused = ati.subcommittee_comparison(records, meetings, members, monthly=monthly)
    pd.testing.assert_frame_equal(direct, reused)
    assert len(direct) >= 4
