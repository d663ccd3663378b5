"""The pilot report on awkward data: excluded districts named, no IndexError, staggered starts."""

import os

import pandas as pd
import pytest

from sabo_eval.errors import ReportError
from sabo_eval.reports.pilot import PilotReport
from sabo_eval.warehouse.store import Warehouse

PILOT = ["11290", "11320", "11545"]


@pytest.fixture(scope="module")
def frames():
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        services = wh.query(
            "SELECT district_code, year, month, dong, program, measure, value FROM services "
            "WHERE program = '복지상담' AND measure = '상담건수' AND month IS NOT NULL"
        )
        return services, wh.table("districts"), wh.table("submissions")


def _report(frames, start="2013-03", services=None, districts=None, **kw):
    s, d, sub = frames
    return PilotReport("복지상담/상담건수", kw.pop("pilot", PILOT), start, kw.pop("end", None),
                       frames=(s if services is None else services, d if districts is None else districts, sub), **kw)


def test_zero_missing_population_and_missing_rows_are_named_with_months_lost(frames):
    _s, districts, _sub = frames
    d = districts.copy()
    d.loc[d["district_code"] == "11110", "population"] = 0  # 종로구: every month
    d.loc[(d["district_code"] == "11140") & (d["year"] == 2013), "population"] = None  # 중구: 2013
    d = d[~((d["district_code"] == "11320") & (d["year"] == 2012))]  # 도봉구 (pilot): no 2012 row
    report = _report(frames, districts=d)
    ex = report._excluded.set_index("district_code")
    assert set(ex.index) == {"11110", "11140", "11320"}
    assert ex.loc["11110", "months"] == 24 and ex.loc["11140", "months"] == 12 and ex.loc["11320", "months"] == 12
    html = report.exclusions().data
    for name in ("종로구", "중구", "도봉구", "인구 0", "인구 결측", "districts 표"):
        assert name in html
    assert "자치구 3곳, 48개월" in html


def test_no_pilot_district_left_is_a_report_error_naming_them(frames):
    _s, districts, _sub = frames
    d = districts.copy()
    d.loc[d["district_code"].isin(PILOT), "population"] = 0
    with pytest.raises(ReportError, match="성북구"):
        _report(frames, districts=d)


@pytest.mark.parametrize(
    "start, end",
    [("2014-01", None), ("2012-01", None), ("2013-03", "2012-06"), ("2012-02", None)],
    ids=["start-after-data", "no-pre-period", "end-before-start", "one-pre-month"],
)
def test_edge_dates_give_a_report_error_or_a_report_never_an_index_error(frames, start, end):
    try:
        report = _report(frames, start=start, end=end)
    except ReportError:
        return
    for section in (report.title, report.estimate, report.placebo, report.sensitivity_section, report.exclusions,
                    report.staggered_section, report.methods, report.district_series, report.event_study_chart):
        assert section().data


def test_a_single_period_is_a_report_error(frames):
    services, _d, _sub = frames
    one = services[(services["year"] == 2013) & (services["month"] == 3)]
    with pytest.raises(ReportError):
        _report(frames, services=one)


def test_staggered_starts_are_accepted_and_shown(frames):
    report = _report(frames, start={"11290": "2013-03", "11320": "2013-05", 11545: "2013-07"})
    assert report.starts == {"11290": "2013-03", "11320": "2013-05", "11545": "2013-07"} and report.start == "2013-03"
    assert report.staggered is not None and not report.staggered.common_start
    html = report.staggered_section().data
    assert "시작 달이 달라" in html and "2013-05: 1곳" in html
    panel = report._panel.drop_duplicates("district_code").set_index("district_code")
    assert panel.loc["11320", "start"] == "2013-05"
    with pytest.raises(ReportError, match="11545"):
        _report(frames, start={"11290": "2013-03", "11320": "2013-05"})


def test_common_start_staggered_estimate_is_the_event_study_mean(frames):
    report = _report(frames)
    lags = report.events.coefficients.query("kind == 'lag'")["estimate"]
    assert report.staggered.common_start
    assert report.staggered.effect == pytest.approx(lags.mean(), abs=1e-9)
    assert "같습니다" in report.staggered_section().data


def test_sensitivity_section_states_the_breakdown_value(frames):
    report = _report(frames)
    r = report.sensitivity
    assert r is not None and r.significant_at_zero
    html = report.sensitivity_section().data
    assert f"M̄ = {r.breakdown:.2f}" in html and "Rambachan" in html
    assert isinstance(r.tested, pd.DataFrame) and r.tested["excludes_zero"].iloc[0]
