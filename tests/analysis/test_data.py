"""The analysis API (sabo_eval/analysis/data.py) on the sample warehouse.

References are the metric paths the reports and the runner already use (the national
path of ``metrics/all_districts.py``, ``compute_all_indicator_values``, one district's
``member_summary`` and ``total_execution_rate``) and plain SQL counts on the warehouse.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest

import sabo_eval as se
from sabo_eval.analysis import data
from sabo_eval.analysis._select import masked_in_text
from sabo_eval.errors import SaboEvalError, WarehouseError
from sabo_eval.metrics import budget
from sabo_eval.metrics.all_districts import all_district_tables
from sabo_eval.metrics.attendance_members import member_summary
from sabo_eval.metrics.year_figures import compute_all_indicator_values
from sabo_eval.warehouse.district_data import evaluation_date_of

CODE, YEAR = "41110", 2023

#: Every table function with the keyword arguments that pick each of its shapes.
CALLS = [
    ("members", {}),
    ("meetings", {}),
    ("attendance", {}),
    ("monthly_rates", {}),
    ("member_rates", {}),
    ("plan_achievement", {}),
    ("plan_achievement", {"level": "indicator"}),
    ("plan_achievement", {"level": "strategy"}),
    ("plan_achievement", {"level": "framework"}),
    ("budget_execution", {}),
    ("budget_execution", {"level": "strategy"}),
    ("budget_execution", {"level": "framework"}),
    ("budget_execution", {"level": "district"}),
    ("opinions", {}),
    ("service_indicators", {}),
]
IDS = [f"{name}-{kw.get('level', '')}" for name, kw in CALLS]
#: Functions whose frames hold person names.
NAMED = ["members", "attendance", "member_rates", "opinions"]


@pytest.fixture(scope="module")
def wh():
    with se.open_warehouse(os.environ["SABO_EVAL_DB"]) as warehouse:
        yield warehouse


@pytest.fixture(scope="module")
def frames(wh):
    """Every call for every district of YEAR."""
    return {i: getattr(se, name)(wh, years=YEAR, **kw) for i, (name, kw) in zip(IDS, CALLS, strict=True)}


@pytest.fixture(scope="module")
def known_names(wh):
    names = wh.table("members", names=True)["name"].dropna().astype(str)
    assert len(names) > 1000  # the sample's members: the masking tests below have names to look for
    return {n for n in names if se.mask_name(n) != n}


def _string_values(frame: pd.DataFrame) -> set[str]:
    values: set[str] = set()
    for column in frame.columns:
        values |= {v for v in frame[column].tolist() if isinstance(v, str)}
    return values


def test_open_warehouse_is_read_only(wh):
    assert wh.warehouse.read_only and not hasattr(wh, "batch")  # the view has no way to write
    with pytest.raises(WarehouseError):
        wh.warehouse.batch()


@pytest.mark.parametrize("i", IDS)
def test_every_frame_has_rows_for_every_district_and_the_key_columns(frames, wh, i):
    frame = frames[i]
    assert len(frame) > 0
    assert {"district_code", "year"} <= set(frame.columns)
    assert set(frame["year"].astype(int)) == {YEAR}
    current = set(wh.district_years().query("year == @YEAR")["district_code"])
    assert set(frame["district_code"]) == current


@pytest.mark.parametrize(("name", "kw"), CALLS, ids=IDS)
def test_one_district_is_the_all_district_frame_cut_to_it(frames, wh, name, kw):
    every = frames[f"{name}-{kw.get('level', '')}"]
    one = getattr(se, name)(wh, CODE, YEAR, **kw)
    expected = every[every["district_code"] == CODE].reset_index(drop=True)
    pd.testing.assert_frame_equal(one.reset_index(drop=True), expected, check_dtype=False, check_categorical=False)


def test_several_districts_and_years_are_chosen_as_asked(wh):
    codes = ["41110", "11110"]
    frame = se.members(wh, codes, range(2022, 2024))
    assert set(frame["district_code"]) == set(codes)
    assert set(frame["year"]) == {2022, 2023}
    assert se.members(wh, codes, [2022, 2023]).equals(frame)
    every_year = se.members(wh, CODE)
    assert set(every_year["year"]) == set(wh.district_years().query("district_code == @CODE")["year"])
    assert se.members(wh, CODE, 1999).empty


def test_monthly_rates_of_several_years_are_each_years_national_table(wh):
    frame = se.monthly_rates(wh, CODE, [2022, 2023])
    for year in (2022, 2023):
        national = all_district_tables(wh.warehouse, year, tables=("monthly",))["monthly"]
        expected = national[national["district_code"] == CODE].reset_index(drop=True)
        got = frame[frame["year"] == year].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected)


def test_a_path_or_none_opens_the_warehouse_for_the_call(wh):
    by_path = se.meetings(os.environ["SABO_EVAL_DB"], CODE, YEAR)
    by_default = se.meetings(None, CODE, YEAR)  # $SABO_EVAL_DB
    assert by_path.equals(se.meetings(wh, CODE, YEAR)) and by_default.equals(by_path)


# ------------------------------------------------------------------ members across districts


def test_member_key_is_one_member_of_one_district(frames):
    members = frames["members-"]
    per_key = members.groupby("member_key").agg(d=("district_code", "nunique"), m=("member_id", "nunique"))
    assert (per_key["d"] == 1).all() and (per_key["m"] == 1).all()
    assert (members["member_key"] == members["district_code"] + ":" + members["member_id"]).all()
    assert members["member_key"].is_unique


def test_member_counts_across_districts_are_the_sum_over_districts(wh, frames):
    members = frames["members-"]
    per_district = sum(se.members(wh, code, YEAR)["member_id"].nunique() for code in members["district_code"].unique())
    truth = wh.warehouse.query(
        "SELECT count(*) AS n FROM (SELECT DISTINCT district_code, member_id FROM members WHERE year = ?)", [YEAR]
    )["n"].iloc[0]
    assert members["member_key"].nunique() == per_district == truth
    assert members["member_id"].nunique() < truth  # ids repeat between districts: counting them is wrong
    records = frames["attendance-"]
    seated = wh.warehouse.query(
        "SELECT count(DISTINCT district_code || ':' || member_id) AS n FROM attendance WHERE year = ?", [YEAR]
    )["n"].iloc[0]
    assert records["member_key"].nunique() >= seated * 0.9  # marks of eligible members (a few marks lie outside tenure)
    assert set(records["member_key"]) <= set(members["member_key"])


# ------------------------------------------------------------------ masking


@pytest.mark.parametrize("name", NAMED)
def test_no_unmasked_name_unless_asked(wh, known_names, name):
    frame = getattr(se, name)(wh, years=YEAR)
    assert not (_string_values(frame) & known_names)
    for column in ("opinion", "response"):
        if column in frame:
            text = " ".join(v for v in frame[column] if isinstance(v, str))
            assert not [n for n in known_names if n in text]


@pytest.mark.parametrize("name", ["members", "attendance", "member_rates"])
def test_names_true_gives_the_names_as_written(wh, known_names, name):
    frame = getattr(se, name)(wh, years=YEAR, names=True)
    shown = set(frame["name"].dropna())
    assert shown & known_names and shown <= known_names | {n for n in shown if se.mask_name(n) == n}
    masked = getattr(se, name)(wh, years=YEAR)
    assert masked["name"].tolist() == [se.mask_name(n) for n in frame["name"]]


@pytest.mark.parametrize("i", IDS)
def test_no_frame_without_a_names_argument_holds_a_name(frames, known_names, i):
    assert not (_string_values(frames[i]) & known_names)


def test_names_written_in_opinion_texts_are_masked():
    frame = pd.DataFrame({"opinion": ["김범수 위원 제안: 남궁민수 위원과 협의", None], "response": ["반영", 3]}, dtype=object)
    out = masked_in_text(frame, ["김범수", "남궁민수", "김"], ["opinion", "response"], names=False)
    assert out["opinion"].iloc[0] == "김*수 위원 제안: 남**수 위원과 협의"
    assert pd.isna(out["opinion"].iloc[1]) and out["response"].tolist() == ["반영", 3]
    assert masked_in_text(frame, ["김범수"], ["opinion"], names=True) is frame


# ------------------------------------------------------------------ figures from the metric paths


def test_member_rates_are_each_districts_member_summary(wh):
    got = se.member_rates(wh, CODE, YEAR, names=True)
    records = se.attendance(wh, CODE, YEAR, names=True)
    expected = member_summary(records, wh.table("members", CODE, YEAR, names=True), evaluation_date_of(wh.warehouse, CODE, YEAR))
    pd.testing.assert_series_equal(got["rate"], expected["rate"], check_dtype=False)
    assert got["n_eligible"].sum() == len(records)


def test_budget_by_district_is_the_reports_total_execution_rate(wh):
    rates = se.budget_execution(wh, years=YEAR, level="district").set_index("district_code")["execution_rate"]
    for code in ("41110", "11110"):
        rate, _, _ = budget.total_execution_rate(wh.table("budget", code, YEAR))
        assert rates[code] == pytest.approx(rate)


def test_plan_achievement_is_the_national_paths_items(wh):
    national = all_district_tables(wh.warehouse, YEAR, tables=("items",))["items"]
    got = se.plan_achievement(wh, years=YEAR)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), national.reset_index(drop=True), check_dtype=False)


def test_service_indicators_are_the_runs_values_with_intervals(wh, frames):
    got = frames["service_indicators-"]
    expected = compute_all_indicator_values(wh.warehouse, YEAR).rename(columns={"name": "indicator_name", "change": "value_change"})
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
    proportion = got[(got["kind"] == "proportion") & got["value"].notna()]
    assert ((proportion["ci_low"] <= proportion["value"]) & (proportion["value"] <= proportion["ci_high"])).all()


def test_funnel_table_has_every_district_at_both_levels(wh):
    table = se.funnel_table(wh, "visit_contact", YEAR)
    assert set(table["level"]) == {0.95, 0.998}
    assert table.groupby("level")["district_code"].nunique().eq(table["district_code"].nunique()).all()
    assert (table["lower"] <= table["upper"]).all() and (table["indicator_id"] == "visit_contact").all()
    assert (table["year"] == YEAR).all() and table["district_name"].notna().all()
    strict = table[table["level"] == 0.998]
    outside = (strict["rate"] < strict["lower"]) | (strict["rate"] > strict["upper"])
    assert (outside == strict["outside"]).all()


def test_funnel_table_refuses_an_indicator_without_a_funnel(wh):
    with pytest.raises(SaboEvalError, match="깔때기"):
        se.funnel_table(wh, "parenting_counselling", YEAR)  # a ratio: not compared


def test_pilot_panel_has_the_pilot_districts_treated_and_the_strengthened_left_out(wh):
    panel = se.pilot_panel(wh)
    treated = set(panel.loc[panel["treated"] == 1, "district_code"])
    assert treated == set(data.PILOT_DEFAULTS["pilot_districts"])
    assert not set(data.PILOT_DEFAULTS["exclude"]) & set(panel["district_code"])
    assert set(panel.loc[panel["post"] == 1, "period"]) >= {"2013-03"} and "2013-02" not in set(
        panel.loc[(panel["post"] == 1) & (panel["treated"] == 1), "period"]
    )
    with pytest.raises(SaboEvalError):
        se.pilot_panel(wh, "없는사업/없는항목")


def test_unknown_levels_are_refused(wh):
    with pytest.raises(ValueError, match="level"):
        se.plan_achievement(wh, CODE, YEAR, level="district")
    with pytest.raises(ValueError, match="level"):
        se.budget_execution(wh, CODE, YEAR, level="indicator")


def test_the_opened_warehouse_masks_its_tables_unless_asked(wh, known_names):
    """open_warehouse hands out a view: its raw tables mask names too (also inside opinion texts)."""
    assert isinstance(wh, se.WarehouseView) and "Warehouse" not in se.__all__
    roster = wh.table("members", year=YEAR)
    assert not (set(roster["name"].dropna()) & known_names)
    assert set(wh.table("members", year=YEAR, names=True)["name"].dropna()) & known_names
    opinions = wh.table("opinions", year=YEAR)
    text = " ".join(v for c in ("opinion", "response") for v in opinions[c] if isinstance(v, str))
    assert not [n for n in known_names if n in text]
    assert len(wh.table("attendance", "41110", YEAR)) > 0 and not wh.district_years().empty


def test_years_without_rows_keep_the_frames_columns():
    """A district without indicators gets the empty frame with every column (its report says "no data")."""
    empty = pd.DataFrame(columns=["district_code", "year", "achievement", "reason"])
    row = pd.DataFrame({"district_code": ["41110"], "year": [2023], "achievement": [90.0], "reason": [""]})
    assert list(data._stacked([empty, empty]).columns) == ["district_code", "year", "achievement", "reason"]
    assert data._stacked([empty, row]).shape == (1, 4)
    assert list(data._stacked([]).columns) == ["district_code", "year"]
