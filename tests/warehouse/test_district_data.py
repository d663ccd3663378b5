"""Tests for sabo_eval.warehouse.district_data: the data hashes every run keys its reports on."""

import os

import duckdb

from sabo_eval.warehouse.district_data import (
    context_data_hashes,
    load_district_tables,
    year_data_hashes,
)
from sabo_eval.warehouse.store import Warehouse


def test_the_hashes_read_in_one_query_equal_each_districts_own_hash():
    """Every district-year of the sample: the batched hash is :meth:`Warehouse.district_data_hash`."""
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        years = sorted({int(y) for y in wh.district_years()["year"]})
        for year in years:
            hashes = year_data_hashes(wh, year)
            assert hashes, year
            assert hashes == {code: wh.district_data_hash(code, year) for code in hashes}
        codes = wh.district_years()
        assert set(year_data_hashes(wh, years[-1])) == set(codes[codes["year"] == years[-1]]["district_code"])


def test_the_context_hashes_name_each_earlier_year_and_nothing_outside_the_window():
    """The window of the trend: this year bare, the earlier years as ``<year>:<code>``, none before the window."""
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        hashes = context_data_hashes(wh, 2023, 1)
        assert {k for k in hashes if ":" not in k} == set(year_data_hashes(wh, 2023))
        assert {k.split(":")[0] for k in hashes if ":" in k} <= {"2022"}
        assert all(hashes[f"2022:{c}"] == h for c, h in year_data_hashes(wh, 2022).items())


SELF_EVALUATION = ("survey_items", "survey_responses", "project_ratings")


def test_a_district_year_holds_the_self_evaluation_tables_and_one_without_them_reads_empty():
    """The sample's 41110 2023 has its survey and ratings; 11110 2023 has none: empty frames with the columns."""
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        suwon, jongno = load_district_tables(wh, "41110", 2023), load_district_tables(wh, "11110", 2023)
    assert all(len(suwon[name]) > 0 for name in SELF_EVALUATION)
    assert all(jongno[name].empty for name in SELF_EVALUATION)
    assert list(jongno["project_ratings"].columns) == list(suwon["project_ratings"].columns)


def test_an_older_warehouse_without_the_new_tables_reads_them_as_empty(tmp_path):
    """A warehouse written before the tables existed, opened read-only, is read as one without their rows."""
    path = tmp_path / "old.duckdb"
    Warehouse(path).close()
    con = duckdb.connect(str(path))
    for name in SELF_EVALUATION:
        con.execute(f"DROP TABLE {name}")
    con.close()
    with Warehouse(path, read_only=True) as wh:
        assert not wh.has_table("survey_items") and wh.has_table("members")
        tables = load_district_tables(wh, "41110", 2023)
    assert tables["survey_responses"].empty and "answer" in tables["survey_responses"].columns
    with Warehouse(path) as wh:  # opened for writing: the tables are created
        assert wh.table("survey_responses").empty and wh.has_table("survey_responses")
