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
