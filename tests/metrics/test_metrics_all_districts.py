"""Every district's tables at once (all_district_tables) equal the per-district functions.

On the sample warehouse (수원시 41110 uses roster-form attendance, 사상구 26530 a CSV
folder) and on a copy of it changed to hold the awkward cases: a meeting without an
eligible member, members who left or joined mid-year (with marks outside their
tenure), excused marks, a subcommittee without meetings, a subcommittee meeting without
a subcommittee name, rows of a district without a current submission, and a district
whose only submission is not current. Numbers are compared exactly (the fast path sums
in the same order as the per-district functions).
"""

from __future__ import annotations

import os
import shutil

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from sabo_eval.metrics import achievement, attendance, attendance_members, budget, overview
from sabo_eval.metrics.all_district_reads import joins_as_written as _joins_as_written
from sabo_eval.metrics.all_districts import TABLES, all_district_tables
from sabo_eval.metrics.attendance_rates import monthly_tables_of
from sabo_eval.metrics.year_figures import compute_all_headlines, compute_all_headlines_by_district
from sabo_eval.warehouse.district_data import (
    evaluation_date_of,
    load_district_tables,
)
from sabo_eval.warehouse.store import Warehouse

DISTRICTS = ("41110", "26530", "11110", "11680")


@pytest.fixture(scope="module")
def warehouse():
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        yield wh


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """A copy of the sample warehouse with the awkward cases written into 2022."""
    path = tmp_path_factory.mktemp("all-districts") / "edited.duckdb"
    shutil.copyfile(os.environ["SABO_EVAL_DB"], path)
    with Warehouse(path) as wh:
        con = wh.con
        # 0. Excused marks count as absent.
        con.execute(
            "UPDATE attendance SET status = 'excused' WHERE district_code IN ('41110', '26530') AND year = 2022 "
            "AND status = 'attended' AND hash(meeting_id, member_id) % 7 = 0"
        )
        # 1. A subcommittee meeting nobody was a member of: missing rate, never 0.
        con.execute(
            "INSERT INTO meetings (submission_id, year, district_code, meeting_id, body, subcommittee, held_on, kind) "
            "VALUES ('x', 2022, '41110', 'GHOST-1', 'subcommittee', '유령분과', DATE '2022-05-10', 'regular')"
        )
        # 2. A member of 연구기획분과 who left on 30 June, with an attended mark after it.
        left = con.execute(
            "SELECT member_id FROM members WHERE district_code = '41110' AND year = 2022 "
            "AND subcommittee = '연구기획분과' AND left_on IS NULL ORDER BY member_id LIMIT 1"
        ).fetchone()[0]
        con.execute(
            "UPDATE members SET left_on = DATE '2022-06-30' WHERE district_code = '41110' AND year = 2022 AND member_id = ?",
            [left],
        )
        con.execute(
            "UPDATE attendance SET status = 'attended' WHERE district_code = '41110' AND year = 2022 AND member_id = ? "
            "AND meeting_id IN (SELECT meeting_id FROM meetings WHERE district_code = '41110' AND year = 2022 "
            "AND held_on > DATE '2022-06-30')",
            [left],
        )
        # 3. A member of 이주민분과 who joined on 1 July, with an attended mark before it.
        joined = con.execute(
            "SELECT member_id FROM members WHERE district_code = '41110' AND year = 2022 "
            "AND subcommittee = '이주민분과' AND left_on IS NULL ORDER BY member_id LIMIT 1"
        ).fetchone()[0]
        con.execute(
            "UPDATE members SET joined_on = DATE '2022-07-01' WHERE district_code = '41110' AND year = 2022 AND member_id = ?",
            [joined],
        )
        con.execute(
            "UPDATE attendance SET status = 'attended' WHERE district_code = '41110' AND year = 2022 AND member_id = ? "
            "AND meeting_id IN (SELECT meeting_id FROM meetings WHERE district_code = '41110' AND year = 2022 "
            "AND held_on < DATE '2022-07-01')",
            [joined],
        )
        # 5. A subcommittee with a member but no meeting, and a subcommittee meeting without a name.
        con.execute(
            "INSERT INTO members (submission_id, year, district_code, member_id, name, sector, body, subcommittee, role, joined_on) "
            "VALUES ('x', 2022, '41110', 'NEW-1', '신설위원', 'private', 'subcommittee', '신설분과', NULL, DATE '2022-01-01')"
        )
        con.execute(
            "INSERT INTO meetings (submission_id, year, district_code, meeting_id, body, subcommittee, held_on, kind) "
            "VALUES ('x', 2022, '26530', 'NONAME-1', 'subcommittee', NULL, DATE '2022-03-03', 'regular')"
        )
        # 6. Rows of a district without any submission, and a district whose submission is not current.
        for table in ("members", "meetings", "attendance"):
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            select = ", ".join("'99999'" if c == "district_code" else c for c in columns)
            con.execute(
                f"INSERT INTO {table} SELECT {select} FROM {table} WHERE district_code = '41110' AND year = 2022"
            )
        con.execute("UPDATE submissions SET is_current = false WHERE district_code = '11110' AND year = 2022")
    yield path, left, joined


def _rows(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    return frame[frame["district_code"] == code].reset_index(drop=True)


def _reference(wh: Warehouse, code: str, year: int, count_proxy: bool) -> dict:
    """The per-district pandas functions, as the district report calls them."""
    tables = load_district_tables(wh, code, year)
    members, meetings = tables["members"], tables["meetings"]
    records = attendance.attendance_records(members, meetings, tables["attendance"], count_proxy=count_proxy)
    scored = achievement.indicator_achievement(tables["indicators"], previous=wh.table("indicators", code, year - 1))
    items = achievement.item_achievement(scored, tables["plan_items"])
    return {
        "meeting_rates": attendance.meeting_rates(records, meetings),
        "monthly": attendance.group_monthly_tables(records, meetings, members, include_council=True),
        "members": attendance_members.member_summary(records, members, evaluation_date_of(wh, code, year)),
        "indicators": scored,
        "items": items,
        "strategies": achievement.strategy_achievement(items),
        "budget": budget.execution_by(tables["budget"], tables["plan_items"], "strategy"),
    }


def _assert_district(fast: dict, ref: dict, code: str) -> None:
    for name in ("meeting_rates", "members", "indicators", "items", "strategies"):
        assert_frame_equal(_rows(fast[name], code), ref[name], check_exact=True, obj=f"{code} {name}")
    assert_frame_equal(
        _rows(fast["budget"], code).drop(columns=["district_code", "year"]), ref["budget"], check_exact=True, obj=f"{code} budget"
    )
    monthly = monthly_tables_of(fast["monthly"], code)
    assert list(monthly) == list(ref["monthly"])
    for label, table in ref["monthly"].items():
        assert_frame_equal(monthly[label], table, check_exact=True, obj=f"{code} {label}")


@pytest.mark.parametrize("count_proxy", [False, True])
@pytest.mark.parametrize("year", [2022, 2023])
def test_every_table_equals_the_per_district_functions(warehouse, year, count_proxy):
    fast = all_district_tables(warehouse, year, count_proxy=count_proxy)
    assert list(fast) == list(TABLES)
    codes = set(warehouse.district_years().query("year == @year")["district_code"])
    assert set(fast["meeting_rates"]["district_code"]) == codes and len(codes) == 27
    for code in DISTRICTS:
        _assert_district(fast, _reference(warehouse, code, year, count_proxy), code)


@pytest.mark.parametrize("year", [2022, 2023])
def test_headlines_equal_the_district_by_district_loop(warehouse, year):
    old = compute_all_headlines_by_district(warehouse, year)
    assert len(old) == 27
    assert_frame_equal(all_district_tables(warehouse, year, tables=["headlines"])["headlines"], old, check_exact=True)
    assert_frame_equal(compute_all_headlines(warehouse, year), old, check_exact=True)
    assert_frame_equal(overview.warehouse_headlines(warehouse, year), old, check_exact=True)
    # and the tables path gives the same headlines, whatever count_proxy
    assert_frame_equal(all_district_tables(warehouse, year, count_proxy=True)["headlines"], old, check_exact=True)


def test_proxy_counts_only_on_request(warehouse):
    plain = all_district_tables(warehouse, 2022, tables=["meeting_rates", "members"])
    proxy = all_district_tables(warehouse, 2022, count_proxy=True, tables=["meeting_rates", "members"])
    extra = proxy["meeting_rates"]["total_attended"] - plain["meeting_rates"]["total_attended"]
    assert (extra >= 0).all() and extra.sum() > 0
    assert (proxy["meeting_rates"]["total_eligible"] == plain["meeting_rates"]["total_eligible"]).all()
    assert (proxy["members"]["n_attended"] >= plain["members"]["n_attended"]).all()


@pytest.mark.parametrize("count_proxy", [False, True])
def test_awkward_cases_equal_the_per_district_functions(edited, count_proxy):
    path, _left, _joined = edited
    with Warehouse(path, read_only=True) as wh:
        fast = all_district_tables(wh, 2022, count_proxy=count_proxy)
        for code in ("41110", "26530"):
            _assert_district(fast, _reference(wh, code, 2022, count_proxy), code)
        assert_frame_equal(fast["headlines"], compute_all_headlines_by_district(wh, 2022), check_exact=True)
    codes = set(fast["meeting_rates"]["district_code"])
    assert "99999" not in codes and "11110" not in codes and len(codes) == 26
    for name in ("monthly", "members", "items", "strategies", "budget"):
        assert not {"99999", "11110"} & set(fast[name]["district_code"])
    assert "11110" not in fast["headlines"].index and len(fast["headlines"]) == 26


def test_meeting_without_eligible_member_is_missing_not_zero(edited):
    path, _left, _joined = edited
    with Warehouse(path, read_only=True) as wh:
        fast = all_district_tables(wh, 2022, tables=["meeting_rates", "monthly"])
    ghost = fast["meeting_rates"].query("meeting_id == 'GHOST-1'").iloc[0]
    assert ghost["total_eligible"] == 0 and ghost["total_attended"] == 0
    assert np.isnan(ghost["total_rate"]) and np.isnan(ghost["private_rate"]) and np.isnan(ghost["public_rate"])
    assert "합: 대상 위원 없음" in ghost["reason"]
    tables = monthly_tables_of(fast["monthly"], "41110")
    may = tables["유령분과"].set_index("label")
    assert np.isnan(may.loc["5", "total_rate"]) and may.loc["5", "n_meetings"] == 1
    assert np.isnan(may.loc["평균", "total_rate"]) and may.loc["평균", "total_eligible"] == 0
    assert tables["신설분과"]["label"].tolist() == ["회의 없음"]
    assert monthly_tables_of(fast["monthly"], "26530")["None"]["label"].tolist() == ["회의 없음"]


def test_member_counts_only_meetings_within_tenure(edited):
    path, left, joined = edited
    with Warehouse(path, read_only=True) as wh:
        fast = all_district_tables(wh, 2022, tables=["members"])["members"].set_index(["district_code", "member_id"])
        meetings = wh.table("meetings", "41110", 2022)
        marks = wh.table("attendance", "41110", 2022).merge(meetings, on=["district_code", "year", "meeting_id"])
        members = wh.table("members", "41110", 2022).set_index("member_id")
    for member in (left, joined):
        tenure = members.loc[member]
        own = (meetings["body"] == "subcommittee") & (meetings["subcommittee"] == tenure["subcommittee"])
        inside = meetings["held_on"] >= tenure["joined_on"]
        if not pd.isna(tenure["left_on"]):
            inside &= meetings["held_on"] <= tenure["left_on"]
        row = fast.loc[("41110", member)]
        assert 0 < row["n_eligible"] == (own & inside).sum() < own.sum()
        theirs = marks[marks["member_id"] == member]
        outside = theirs[~theirs["meeting_id"].isin(meetings.loc[own & inside, "meeting_id"])]
        assert (outside["status"] == "attended").any()  # marks outside the tenure exist and are not counted
        within = theirs[theirs["meeting_id"].isin(meetings.loc[own & inside, "meeting_id"])]
        assert row["n_attended"] == (within["status"] == "attended").sum()


def test_table_selection_and_empty_years(warehouse):
    only = all_district_tables(warehouse, 2022, tables=["budget", "items"])
    assert list(only) == ["items", "budget"]
    with pytest.raises(ValueError, match="unknown tables"):
        all_district_tables(warehouse, 2022, tables=["nope"])
    empty = all_district_tables(warehouse, 2015)
    assert all(frame.empty for frame in empty.values())
    assert_frame_equal(empty["headlines"], compute_all_headlines_by_district(warehouse, 2015))
    assert_frame_equal(all_district_tables(warehouse, 2021)["headlines"], compute_all_headlines_by_district(warehouse, 2021), check_exact=True)


def test_connection_is_left_as_found(warehouse):
    con = warehouse.con
    con.execute("SET disabled_optimizers = 'filter_pushdown'")
    try:
        with _joins_as_written(con):
            assert "join_order" in con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0]
        assert con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] == "filter_pushdown"
    finally:
        con.execute("RESET disabled_optimizers")
    all_district_tables(warehouse, 2022, tables=["headlines"])
    assert con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] == ""
    temp = con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name LIKE '_sabo_%'").fetchone()[0]
    assert temp == 0
