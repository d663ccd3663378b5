"""A year without any service row: the run's ``services.json`` is ``[]`` and is read back with every column."""

from __future__ import annotations

from sabo_eval.metrics.services import INDICATOR_COLUMNS
from sabo_eval.metrics.year_figures import read_indicator_values


def test_an_empty_services_file_reads_back_with_every_column(tmp_path):
    path = tmp_path / "services.json"
    path.write_text("[]", encoding="utf-8")
    values = read_indicator_values(path)
    assert values.empty
    assert set(INDICATOR_COLUMNS) | {"previous_value", "change"} <= set(values.columns)
    mine = values[values["district_code"] == "11110"]  # what the district report does (a KeyError before)
    assert mine.assign(value=mine["previous_value"]).empty


def test_a_services_file_with_rows_reads_codes_as_text(tmp_path):
    path = tmp_path / "services.json"
    path.write_text('[{"district_code": "01110", "year": 2023, "indicator_id": "x", "value": 1.5}]', encoding="utf-8")
    values = read_indicator_values(path)
    assert values["district_code"].tolist() == ["01110"] and values["value"].tolist() == [1.5]
