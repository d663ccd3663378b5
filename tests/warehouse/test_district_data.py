"""Tests for sabo_eval.warehouse.district_data: the data hashes every run keys its reports on."""

import os

from sabo_eval.warehouse.district_data import context_data_hashes, year_data_hashes
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
