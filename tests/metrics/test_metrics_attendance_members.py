"""Member-level attendance on small hand-made tables: summary, excellent members, roles."""

import datetime as dt

import pandas as pd
import pytest
from fixtures.attendance_tables import MARKS
from fixtures.attendance_tables import tables as _tables

from sabo_eval.metrics import attendance as att
from sabo_eval.metrics import attendance_members as atm


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
    summary = atm.member_summary(records, mem, dt.date(2023, 11, 17))
    got = atm.excellent_candidates(summary, min_tenure_days=min_tenure, min_rate=min_rate)
    assert got["member_id"].tolist() == expected


def test_member_summary_counts_tenure_and_current():
    mem, meet, marks_df = _tables(MARKS)
    summary = atm.member_summary(att.attendance_records(mem, meet, marks_df), mem, "2023-11-17").set_index("member_id")
    assert summary.loc["A", "n_eligible"] == 3 and summary.loc["A", "n_attended"] == 2
    assert summary.loc["L", "is_current"] == False  # noqa: E712
    assert summary.loc["N", "tenure_days"] == (pd.Timestamp("2023-11-17") - pd.Timestamp("2023-02-01")).days


@pytest.mark.parametrize(("role", "rank"), [("민간분과장", 0), ("분과장", 0), ("공공분과장", 1), ("부위원장", 1), ("총무", 2), ("위원", 9), (None, 9)])
def test_role_rank(role, rank):
    assert atm.role_rank(role) == rank
