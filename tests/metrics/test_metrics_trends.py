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
    table = report._exported[next(k for k in report._exported if "연도별" in k)].set_index("지표")
    facts = report._previous_headlines
    assert table.loc["예산 집행률", "2022년"] == f"{facts['execution_rate'].iloc[0]:.1f}%"
    if code == "41110":
        assert table.loc["예산 집행률", "2022년"] == "91.9%" and table.loc["예산 집행률", "2023년"] == "78.0%"


def test_the_runs_history_file_gives_every_district_the_history_it_would_compute(tmp_path):
    """history.json (computed once per run, in DuckDB) equals each report's own reading of its earlier years."""
    import math

    from sabo_eval.metrics.year_figures import compute_headline_history
    from sabo_eval.reports.district import _district_history, _history
    from sabo_eval.run.publish import history_json
    from sabo_eval.warehouse.store import Warehouse

    path = tmp_path / "history.json"
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        history = compute_headline_history(wh, 2023)
        path.write_text(history_json(history), encoding="utf-8")
        present = wh.district_years()
        codes = sorted(present.loc[present["year"] == 2023, "district_code"])
        own = {code: _history(wh, code, 2023) for code in codes}
    assert 2023 not in history and set(history) == {2021, 2022}
    for code in codes:
        shared = _district_history(path, code)
        assert shared.keys() == own[code].keys(), code
        for year, figures in own[code].items():
            for key, value in figures.items():
                other = shared[year][key]
                assert (math.isnan(value) and math.isnan(other)) or other == pytest.approx(value, rel=1e-9), (code, year, key)
    assert _district_history(path, "41110")[2022]["execution_rate"] == pytest.approx(91.92, abs=0.01)
