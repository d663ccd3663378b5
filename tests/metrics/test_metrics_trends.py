"""Years side by side: the trend window and the frame of figures per year."""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from sabo_eval.metrics.trends import MAX_YEARS, trend_frame, trend_years
from sabo_eval.reports.district import DistrictReport
from sabo_eval.reports.summary import trend_table


def test_the_window_is_at_most_five_years_ending_at_the_report_year():
    assert trend_years(2023, [2012, 2013, 2019, 2021, 2022, 2023, 2024]) == [2019, 2021, 2022, 2023]
    assert len(trend_years(2030, range(2000, 2031))) == MAX_YEARS


def test_missing_years_and_figures_are_blank_not_zero():
    frame = trend_frame({2022: {"attendance_rate": 60.0}, 2023: {"attendance_rate": 61.5, "n_meetings": 12.0}})
    table = trend_table(frame).set_index("지표")
    assert table.loc["회의 참석률(합산)", "2022년"] == "60.0%" and table.loc["회의 참석률(합산)", "2023년"] == "61.5%"
    assert table.loc["회의 수", "2022년"] == "-" and table.loc["회의 수", "2023년"] == "12회"
    assert np.isnan(frame.loc[(frame["key"] == "n_meetings") & (frame["year"] == 2022), "value"]).all()


@pytest.mark.parametrize(("code", "years"), [("41110", ["2022년", "2023년"]), ("11110", ["2021년", "2022년", "2023년"])])
def test_the_report_puts_last_year_beside_this_year(code, years):
    report = DistrictReport(code, 2023, os.environ["SABO_EVAL_DB"])
    html = report.trends().data
    for year in years:
        assert re.search(rf"<th[^>]*>{year}</th>", html)
    table = report.exported[next(k for k in report.exported if "연도별" in k)].set_index("지표")
    facts = report.previous_headlines
    assert table.loc["예산 집행률", "2022년"] == f"{facts['execution_rate'].iloc[0]:.1f}%"
    if code == "41110":
        assert table.loc["예산 집행률", "2022년"] == "91.9%" and table.loc["예산 집행률", "2023년"] == "78.0%"
