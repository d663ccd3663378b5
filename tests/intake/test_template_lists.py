"""Tests of the template's 목록 sheet and the dropdowns it feeds (:mod:`sabo_eval.intake.template_lists`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from sabo_eval.intake.money import UNITS
from sabo_eval.intake.schemas import SCHEMAS, SUBMISSION_INFO_SHEET
from sabo_eval.intake.template import LISTS_SHEET, VALIDATION_LAST_ROW, write_template
from sabo_eval.intake.template_lists import (
    LIST_COLUMNS,
    LIST_ROWS,
    SUBCOMMITTEE_SLOTS,
    list_reference,
    service_terms,
    subcommittee_columns,
)

RANGE = re.compile(r"'([^']+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)")


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    return write_template(tmp_path_factory.mktemp("lists") / "서식.xlsx")


def _validations_by_column(ws) -> dict[str, object]:
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for col in range(rng.min_col, rng.max_col + 1):
                out[get_column_letter(col)] = (dv, rng)
    return out


def _letter(ws, header: str) -> str:
    return next(c.column_letter for c in ws[1] if c.value == header)


def _list_values(wb, formula: str) -> list[str]:
    sheet, first_col, first_row, last_col, last_row = RANGE.fullmatch(formula).groups()
    assert sheet == LISTS_SHEET and first_col == last_col
    assert int(last_row) - int(first_row) + 1 == LIST_ROWS  # room for more than the highlighted slots
    return [c.value for (c,) in wb[sheet][f"{first_col}{first_row}:{last_col}{last_row}"] if c.value is not None]


def test_every_subcommittee_column_is_fed_by_the_list(blank: Path) -> None:
    wb = load_workbook(blank)
    columns = subcommittee_columns()
    assert {table for table, _c in columns} == {"members", "meetings", "opinions"}
    for table, name in columns:
        schema = SCHEMAS[table]
        ws = wb[schema.korean]
        dv, rng = _validations_by_column(ws)[_letter(ws, schema.column(name).korean)]
        assert dv.formula1 == list_reference("subcommittee") == f"'{LISTS_SHEET}'!$A$2:$A${LIST_ROWS + 1}"
        assert dv.errorStyle == "stop" and dv.showErrorMessage and dv.allow_blank
        assert (rng.min_row, rng.max_row) == (2, VALIDATION_LAST_ROW)


def test_dropdowns_reach_at_least_5000_rows(blank: Path) -> None:
    wb = load_workbook(blank)
    ranges = [
        rng for ws in wb if ws.title != SUBMISSION_INFO_SHEET
        for dv in ws.data_validations.dataValidation for rng in dv.sqref.ranges
    ]
    assert len(ranges) >= 14
    assert all(rng.min_row == 2 and rng.max_row - rng.min_row + 1 >= 5000 for rng in ranges)


def test_the_list_sheet_has_empty_highlighted_subcommittee_slots(blank: Path) -> None:
    ws = load_workbook(blank)[LISTS_SHEET]
    assert ws["A1"].value == LIST_COLUMNS["subcommittee"].header == "분과명"
    assert "출석부_" in ws["A1"].comment.text
    slots = [ws.cell(row=i, column=1) for i in range(2, 2 + SUBCOMMITTEE_SLOTS)]
    assert all(c.value is None and c.fill.fgColor.rgb.endswith("FCE4D6") for c in slots)
    assert ws.cell(row=2 + SUBCOMMITTEE_SLOTS, column=1).fill.fgColor.rgb != slots[0].fill.fgColor.rgb


def test_service_dropdowns_offer_the_catalogue_names_and_warn_on_others(blank: Path) -> None:
    wb = load_workbook(blank)
    ws = wb["서비스실적"]
    by_column = _validations_by_column(ws)
    terms = service_terms()
    assert ("보편방문-65세", "상담인원") in terms and len(terms) >= 30
    for header, expected in (("사업", {p for p, _m in terms}), ("항목", {m for _p, m in terms})):
        dv, _rng = by_column[_letter(ws, header)]
        assert set(_list_values(wb, dv.formula1)) == expected
        assert dv.errorStyle == "warning" and "지표에 쓰이지 않습니다" in dv.error
    assert "districts" not in {p for p, _m in terms}  # population terms are not service rows


def test_budget_unit_dropdown(blank: Path) -> None:
    wb = load_workbook(blank)
    ws = wb[SUBMISSION_INFO_SHEET]
    row = next(c.row for c in ws["A"] if c.value == "예산단위")
    (dv,) = ws.data_validations.dataValidation
    assert str(dv.sqref) == f"B{row}"
    assert _list_values(wb, dv.formula1) == list(UNITS)
    assert dv.errorStyle == "stop"


def test_prefilled_subcommittees_fill_the_list(tmp_path: Path) -> None:
    from sabo_eval.intake.template import Prefill

    names = ["연구기획분과", "노인분과", "아동분과", "장애인분과", "주거분과"]
    wb = load_workbook(write_template(tmp_path / "p.xlsx", prefill=Prefill(subcommittees=names)))
    ws = wb[LISTS_SHEET]
    assert [ws.cell(row=i, column=1).value for i in range(2, 2 + len(names) + 1)] == [*names, None]
    members = wb["위원명단"]
    dv, _rng = _validations_by_column(members)[_letter(members, "분과")]
    assert _list_values(wb, dv.formula1) == names
