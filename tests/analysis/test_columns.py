"""Column labels of the analysis API (sabo_eval/analysis/columns.py)."""

from __future__ import annotations

import os

import pandas as pd
import pytest

import sabo_eval as se
from sabo_eval.analysis.columns import COLUMNS, korean_labels

YEAR = 2023
LEVELS = {"plan_achievement": ("item", "indicator", "strategy", "framework"), "budget_execution": ("item", "strategy", "framework", "district")}
PLAIN = ("members", "meetings", "attendance", "monthly_rates", "member_rates", "opinions", "service_indicators",
         "survey_items", "survey_responses", "survey_values", "project_ratings")


@pytest.fixture(scope="module")
def returned():
    """Every frame the API returns on the sample."""
    with se.open_warehouse(os.environ["SABO_EVAL_DB"]) as wh:
        out = {name: getattr(se, name)(wh, years=YEAR) for name in PLAIN}
        for name, levels in LEVELS.items():
            out.update({f"{name}-{level}": getattr(se, name)(wh, years=YEAR, level=level) for level in levels})
        out["funnel_table"] = se.funnel_table(wh, "visit_contact", YEAR)
        out["pilot_panel"] = se.pilot_panel(wh)
    return out


def test_every_returned_column_has_a_korean_label(returned):
    missing = {name: sorted(set(frame.columns) - set(COLUMNS)) for name, frame in returned.items()}
    assert {k: v for k, v in missing.items() if v} == {}


def test_labels_are_korean_and_distinct():
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in label) for label in COLUMNS.values())
    assert len(set(COLUMNS.values())) == len(COLUMNS)


def test_korean_labels_relabels_a_copy_and_keeps_unknown_columns(returned):
    frame = returned["budget_execution-district"]
    shown = korean_labels(frame.assign(extra=1))
    assert shown.columns.tolist() == [COLUMNS[c] for c in frame.columns] + ["extra"]
    assert "시군구코드" in shown and "district_code" in frame
    pd.testing.assert_frame_equal(shown.set_axis(list(frame.columns) + ["extra"], axis=1).drop(columns="extra"), frame)


def test_columns_and_korean_labels_are_the_packages():
    assert se.COLUMNS is COLUMNS and se.korean_labels is korean_labels


def test_the_sector_gap_columns_have_labels_too():
    """The fields of ``SectorGap`` and the trend's change columns (sabo_eval/analysis/sector_gap.py)."""
    fields = ["diff_pp", "ci_low", "ci_high", "p_value", "n_records", "n_members", "n_districts", "private_rate", "public_rate",
              "method", "reason", "change_pp_per_year", "change_ci_low", "change_ci_high", "change_p_value"]
    assert [f for f in fields if f not in COLUMNS] == []
