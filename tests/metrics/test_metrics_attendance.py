"""Attendance metrics on small hand-made tables (DESIGN §4 definitions)."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sabo_eval.metrics import attendance as att

D, Y = "11110", 2023


def _tables(marks, members=None, meetings=None):
    members = members or [
        ("A", "가나다", "private", "2020-01-01", None, "위원"),
        ("B", "라마바", "private", "2020-01-01", None, "총무"),
        ("C", "사아자", "public", "2020-01-01", None, "공공분과장"),
        ("N", "차카타", "private", "2023-02-01", None, "위원"),  # joins after the first meeting
        ("L", "파하가", "public", "2020-01-01", "2023-01-31", "위원"),  # leaves after the first meeting
    ]
    meetings = meetings or [("M1", "2023-01-19"), ("M2", "2023-02-16"), ("M3", "2023-02-23")]
    mem = pd.DataFrame(
        [
            dict(district_code=D, year=Y, member_id=i, name=n, sector=s, body="subcommittee", subcommittee="연구기획분과",
                 role=r, joined_on=pd.Timestamp(j), left_on=pd.Timestamp(lft) if lft else pd.NaT)
            for i, n, s, j, lft, r in members
        ]
    )
    meet = pd.DataFrame(
        [dict(district_code=D, year=Y, meeting_id=m, body="subcommittee", subcommittee="연구기획분과", held_on=pd.Timestamp(h)) for m, h in meetings]
    )
    marks_df = pd.DataFrame(
        [dict(district_code=D, year=Y, meeting_id=m, member_id=i, status=s) for (m, i), s in marks.items()],
        columns=["district_code", "year", "meeting_id", "member_id", "status"],
    )
    return mem, meet, marks_df


MARKS = {
    ("M1", "A"): "attended", ("M1", "B"): "absent", ("M1", "C"): "attended", ("M1", "L"): "attended",
    ("M2", "A"): "attended", ("M2", "B"): "proxy", ("M2", "C"): "absent", ("M2", "N"): "attended",
    ("M3", "A"): "absent", ("M3", "B"): "attended", ("M3", "C"): "excused",  # N has no mark on M3
}


def test_eligibility_follows_tenure():
    records = att.attendance_records(*_tables(MARKS))
    seats = set(zip(records["meeting_id"], records["member_id"], strict=True))
    assert ("M1", "N") not in seats  # not yet a member
    assert ("M2", "L") not in seats  # already left
    assert ("M1", "L") in seats and ("M2", "N") in seats
    assert len(records) == 4 + 4 + 4


def test_missing_mark_counts_as_absent_and_proxy_only_on_request():
    records = att.attendance_records(*_tables(MARKS))
    n_m3 = records[(records["meeting_id"] == "M3") & (records["member_id"] == "N")]
    assert n_m3["attended"].tolist() == [False]
    assert records.loc[(records["meeting_id"] == "M2") & (records["member_id"] == "B"), "attended"].item() is False
    with_proxy = att.attendance_records(*_tables(MARKS), count_proxy=True)
    assert with_proxy.loc[(with_proxy["meeting_id"] == "M2") & (with_proxy["member_id"] == "B"), "attended"].item()


def test_monthly_table_pools_meetings_of_a_month_and_means_monthly_rates():
    table = att.monthly_table(att.attendance_records(*_tables(MARKS)))
    jan = table[table["label"] == "1"].iloc[0]
    feb = table[table["label"] == "2"].iloc[0]
    # January: A, C, L attended of A, B, C, L -> 3/4
    assert (jan["total_attended"], jan["total_eligible"]) == (3, 4)
    assert jan["private_rate"] == pytest.approx(50.0)  # A of A, B
    assert jan["public_rate"] == pytest.approx(100.0)  # C, L
    # February pools M2 and M3: attended A, N (M2) + B (M3) = 3 of 8 seats
    assert (feb["total_attended"], feb["total_eligible"]) == (3, 8)
    mean = table[table["label"] == att.MEAN_LABEL].iloc[0]
    assert mean["total_rate"] == pytest.approx((75.0 + 37.5) / 2)
    pooled = table[table["label"] == att.POOLED_LABEL].iloc[0]
    assert pooled["total_rate"] == pytest.approx(6 / 12 * 100)
    assert pooled["total_eligible"] == 12


def test_zero_denominator_gives_missing_rate_with_reason():
    marks = {("M1", "A"): "attended"}
    members = [("A", "가나다", "private", "2020-01-01", None, "위원")]
    table = att.monthly_table(att.attendance_records(*_tables(marks, members, [("M1", "2023-01-19")])))
    jan = table[table["label"] == "1"].iloc[0]
    assert np.isnan(jan["public_rate"])
    assert "no eligible members" in jan["reason"]
    shown = att.format_monthly_table(table)
    assert shown.loc[0, "관"] == "-"
    assert shown.loc[0, "민"] == "100.0%"


def test_format_monthly_table_rounds_once_and_labels_pooled_row():
    table = att.monthly_table(att.attendance_records(*_tables(MARKS)))
    shown = att.format_monthly_table(table)
    assert list(shown.columns) == ["월", "합", "민", "관"]
    assert shown["월"].tolist() == ["1", "2", "평균", "전체(합산) (n=12)"]
    assert shown.loc[2, "합"] == "56.2%"  # (75 + 37.5) / 2 = 56.25 -> one decimal at display
    assert "평균" in att.format_monthly_table(table, include_pooled=False)["월"].tolist()
    assert len(att.format_monthly_table(table, include_pooled=False)) == 3


@pytest.mark.parametrize(
    ("min_tenure", "min_rate", "expected"),
    [
        (365, 70.0, ["C"]),  # A has 2/3 = 66.7 %; N is too new; L has left
        (365, 60.0, ["C", "A"]),  # chairs first, then members
        (0, 70.0, ["C", "N"]),
        (365, 100.0, ["C"]),
        (365, 100.1, []),
    ],
)
def test_excellent_candidates_thresholds(min_tenure, min_rate, expected):
    marks = dict(MARKS)
    marks[("M2", "C")] = "attended"
    marks[("M3", "C")] = "attended"  # C: 3/3
    marks[("M3", "N")] = "attended"  # N: 2/2 but tenure < 1 year
    mem, meet, marks_df = _tables(marks)
    records = att.attendance_records(mem, meet, marks_df)
    summary = att.member_summary(records, mem, dt.date(2023, 11, 17))
    got = att.excellent_candidates(summary, min_tenure_days=min_tenure, min_rate=min_rate)
    assert got["member_id"].tolist() == expected


def test_member_summary_counts_tenure_and_current():
    mem, meet, marks_df = _tables(MARKS)
    summary = att.member_summary(att.attendance_records(mem, meet, marks_df), mem, "2023-11-17").set_index("member_id")
    assert summary.loc["A", "n_eligible"] == 3 and summary.loc["A", "n_attended"] == 2
    assert summary.loc["L", "is_current"] == False  # noqa: E712
    assert summary.loc["N", "tenure_days"] == (pd.Timestamp("2023-11-17") - pd.Timestamp("2023-02-01")).days


@pytest.mark.parametrize(("role", "rank"), [("민간분과장", 0), ("분과장", 0), ("공공분과장", 1), ("부위원장", 1), ("총무", 2), ("위원", 9), (None, 9)])
def test_role_rank(role, rank):
    assert att.role_rank(role) == rank


def test_inputs_are_not_modified():
    mem, meet, marks_df = _tables(MARKS)
    before = (mem.copy(), meet.copy(), marks_df.copy())
    att.attendance_records(mem, meet, marks_df)
    for a, b in zip(before, (mem, meet, marks_df), strict=True):
        pd.testing.assert_frame_equal(a, b)


# --------------------------------------------------------------------------- issue 3 edge cases


def test_meeting_with_no_eligible_member_is_missing_not_zero():
    mem, meet, marks = _tables(MARKS)
    late = pd.DataFrame([dict(district_code=D, year=Y, meeting_id="M4", body="subcommittee", subcommittee="연구기획분과", held_on=pd.Timestamp("2019-05-02"))])
    meetings = pd.concat([meet, late], ignore_index=True)  # before anyone joined
    records = att.attendance_records(mem, meetings, marks)
    rates = att.meeting_rates(records, meetings).set_index("meeting_id")
    assert rates.loc["M4", "total_eligible"] == 0
    assert np.isnan(rates.loc["M4", "total_rate"])
    assert "no eligible members" in rates.loc["M4", "reason"]
    assert rates.loc["M1", "total_rate"] == pytest.approx(75.0)
    table = att.monthly_table(records, meetings)
    may = table[table["label"] == "5"].iloc[0]
    assert may["n_meetings"] == 1 and np.isnan(may["total_rate"])
    mean = table[table["label"] == att.MEAN_LABEL].iloc[0]
    assert mean["total_rate"] == pytest.approx((75.0 + 37.5) / 2)  # the empty month is not a 0 %
    assert "5" not in att.monthly_table(records)["label"].tolist()  # without meetings it cannot be known


def test_subcommittee_without_meetings_is_listed_not_dropped():
    mem, meet, marks = _tables(MARKS)
    idle = mem.iloc[[0]].assign(member_id="Z", subcommittee="주거분과")
    members = pd.concat([mem, idle], ignore_index=True)
    records = att.attendance_records(members, meet, marks)
    tables = att.group_monthly_tables(records, meet, members)
    assert list(tables) == ["연구기획분과", "주거분과"]
    assert tables["주거분과"]["label"].tolist() == [att.NO_MEETINGS_LABEL]
    assert att.format_monthly_table(tables["주거분과"]).loc[0, "합"] == "-"
    comparison = att.subcommittee_comparison(records, meet, members).set_index("subcommittee")
    assert comparison.loc["주거분과", "n_meetings"] == 0 and np.isnan(comparison.loc["주거분과", "mean_rate"])
    summary = att.comparison_summary(comparison.reset_index())
    assert summary["n_subcommittees"] == 1 and summary["n_without_meetings"] == 1
    assert "회의가 없었던 분과가 1곳" in att.findings(summary, {"reason": "x"}, {"reason": "x"})[0]


def test_council_table_pools_every_body():
    mem, meet, marks = _tables(MARKS)
    records = att.attendance_records(mem, meet, marks)
    tables = att.group_monthly_tables(records, meet, mem, include_council=True)
    assert list(tables)[0] == att.COUNCIL_LABEL
    pooled = tables[att.COUNCIL_LABEL].set_index("label").loc[att.POOLED_LABEL]
    assert (pooled["total_attended"], pooled["total_eligible"]) == (6, 12)


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
    comparison = att.subcommittee_comparison(records).set_index("subcommittee")
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(16, 20, method="wilson")
    assert comparison.loc["가분과", "ci_low"] == pytest.approx(100 * low)
    assert comparison.loc["가분과", "ci_high"] == pytest.approx(100 * high)
    summary = att.comparison_summary(comparison.reset_index())
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
    result = att.sector_difference(records)
    raw = records.groupby("sector")["attended"].mean() * 100
    assert result["diff_pp"] == pytest.approx(raw["private"] - raw["public"])
    assert result["ci_low"] < result["diff_pp"] < result["ci_high"]
    assert result["n_members"] == 60 and result["reason"] == ""
    # Clustering by member widens the interval when members differ a lot (member_sd=1).
    clustered_width = result["ci_high"] - result["ci_low"]
    p0, p1 = raw["private"] / 100, raw["public"] / 100
    naive_width = 2 * 1.96 * 100 * np.sqrt(p0 * (1 - p0) / (records["sector"] == "private").sum() + p1 * (1 - p1) / (records["sector"] == "public").sum())
    assert clustered_width > naive_width


def test_sector_difference_interval_covers_the_truth_in_most_simulations():
    rng = np.random.default_rng(2024)
    truth = 100 * (0.7 - 0.55)
    covered = 0
    for _ in range(60):
        r = att.sector_difference(_simulated_records(rng, member_sd=0.0))
        covered += r["ci_low"] <= truth <= r["ci_high"]
    assert covered >= 51  # nominal 95 %: at least 85 % of 60


@pytest.mark.parametrize(
    ("private", "public", "reason_part"),
    [(0.7, 1.0, "0% 또는 100%")],
)
def test_sector_difference_reports_why_it_cannot_fit(private, public, reason_part):
    records = _simulated_records(np.random.default_rng(1), private=private, public=0.5)
    records.loc[records["sector"] == "public", "attended"] = public == 1.0
    assert reason_part in att.sector_difference(records)["reason"]
    lonely = records[(records["sector"] == "private") | (records["member_id"] == "P59")]
    assert "2명 이상" in att.sector_difference(lonely)["reason"]


def test_attendance_trend_detects_a_rising_year_and_not_a_flat_one():
    rising = att.attendance_trend(_simulated_records(np.random.default_rng(3), slope=0.25, member_sd=0.3))
    assert rising["ci_low"] > 0 and rising["pp_per_month"] > 2
    flat = att.attendance_trend(_simulated_records(np.random.default_rng(4), slope=0.0, member_sd=0.3))
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
    sentences = att.findings(summary, difference, trend)
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
    direct = att.subcommittee_comparison(records, meetings, members)
    reused = att.subcommittee_comparison(records, meetings, members, monthly=monthly)
    pd.testing.assert_frame_equal(direct, reused)
    assert len(direct) >= 4
