"""Attendance metrics on small hand-made tables (DESIGN §4 definitions)."""

import numpy as np
import pandas as pd
import pytest
from fixtures.attendance_tables import MARKS, D, Y
from fixtures.attendance_tables import tables as _tables

from sabo_eval.metrics import attendance as att
from sabo_eval.metrics import attendance_inference as ati


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
    comparison = ati.subcommittee_comparison(records, meet, members).set_index("subcommittee")
    assert comparison.loc["주거분과", "n_meetings"] == 0 and np.isnan(comparison.loc["주거분과", "mean_rate"])
    summary = ati.comparison_summary(comparison.reset_index())
    assert summary["n_subcommittees"] == 1 and summary["n_without_meetings"] == 1
    assert "회의가 없었던 분과가 1곳" in ati.findings(summary, {"reason": "x"}, {"reason": "x"})[0]


def test_council_table_pools_every_body():
    mem, meet, marks = _tables(MARKS)
    records = att.attendance_records(mem, meet, marks)
    tables = att.group_monthly_tables(records, meet, mem, include_council=True)
    assert list(tables)[0] == att.COUNCIL_LABEL
    pooled = tables[att.COUNCIL_LABEL].set_index("label").loc[att.POOLED_LABEL]
    assert (pooled["total_attended"], pooled["total_eligible"]) == (6, 12)
