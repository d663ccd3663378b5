"""The self-evaluation API (sabo_eval/analysis/survey.py) on the sample warehouse.

References are plain SQL counts on the warehouse and the intake's own scale reading.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

import sabo_eval as se
from sabo_eval.intake.survey_scales import answer_value
from sabo_eval.warehouse.store import Warehouse

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ("survey_items", "survey_responses", "survey_values", "project_ratings")


@pytest.fixture(scope="module")
def wh():
    with se.open_warehouse(os.environ["SABO_EVAL_DB"]) as view:
        yield view


def count(sql: str, params: list) -> int:
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as w:
        return int(w.con.execute(sql, params).fetchone()[0])


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_function_chooses_districts_and_years(wh, name):
    frame = getattr(se, name)(wh, districts=["41110", "26530"], years=2023)
    assert set(frame["district_code"]) == {"41110", "26530"} and set(frame["year"]) == {2023}
    assert getattr(se, name)(wh, districts="11110", years=2023).empty  # a district without the sheets


def test_the_answers_are_the_warehouse_rows(wh):
    answers = se.survey_responses(wh, districts="41110", years=range(2022, 2024))
    sql = "SELECT count(*) FROM survey_responses WHERE district_code = ? AND year IN (2022, 2023)"
    assert len(answers) == count(sql, ["41110"])
    assert set(answers["year"]) == {2022, 2023}


def test_values_follow_the_item_scales(wh):
    values = se.survey_values(wh, districts="26530", years=2023)
    assert len(values) == len(se.survey_responses(wh, districts="26530", years=2023))
    for answer, scale, value in zip(values["answer"], values["scale"], values["value"], strict=True):
        expected = answer_value(answer, scale)
        assert (math.isnan(value) and math.isnan(expected)) or value == expected
    by_scale = values.dropna(subset=["value"]).groupby("scale")["value"].agg(["min", "max"])
    assert by_scale.loc["yesno"].tolist() == [0.0, 1.0] and by_scale.loc["appropriateness"].max() <= 3


def test_a_respondent_written_as_a_name_is_masked_unless_asked(tmp_path):
    from openpyxl import load_workbook

    from sabo_eval.warehouse.store import ingest

    wb = load_workbook(ROOT / "data" / "sample" / "26530_2023_사상구.xlsx")
    ws = wb["설문응답"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("응답자") + 1, value="김민수")
    path = tmp_path / "26530_2023_사상구.xlsx"
    wb.save(path)
    db = tmp_path / "w.duckdb"
    assert [r.status for r in ingest([path], db)] == ["added"]  # a warning only
    shown = se.survey_responses(db, districts="26530")
    assert "김*수" in set(shown["respondent"]) and "김민수" not in set(shown["respondent"])
    assert "김민수" in set(se.survey_responses(db, districts="26530", names=True)["respondent"])


def test_ratings_carry_the_plan_names(wh):
    ratings = se.project_ratings(wh, districts="26530", years=2023)
    sql = "SELECT count(*) FROM project_ratings WHERE district_code = ? AND year = ?"
    assert len(ratings) == count(sql, ["26530", 2023])
    assert ratings["strategy"].notna().all() and ratings["item_name"].notna().all()
    assert set(ratings["rater"]) == {"모니터링분과"}
