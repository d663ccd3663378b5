"""The tables workbook beside each report: every caption, header and cell inert."""

from __future__ import annotations

import re
import zipfile

import pandas as pd
from openpyxl import load_workbook

from sabo_eval.reports.xlsx import write_tables_xlsx

DDE = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://x","y")'


def _tables():
    return {
        f"{DDE} 회의참석률": pd.DataFrame({LINK: ["+1", "-1+2", "@SUM(A1)"], "값": [1.5, float("inf"), None]}),
        f"{LINK} 회의참석률": pd.DataFrame({"분과": ["\t=1", "$x^2$", "a\x01b"], "n": [1, 2, -3]}),
        "[]:*?/\\": pd.DataFrame({"x": ["_x0041_"]}),
        "abc": pd.DataFrame({"x": [1]}),
        "ABC": pd.DataFrame({"x": [2]}),
    }


def test_no_formula_and_no_defined_name_anywhere(tmp_path):
    path = write_tables_xlsx(_tables(), tmp_path / "t.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    for name, text in parts.items():
        assert not re.search(r"<(?:\w+:)?f[\s>/]", text), name
        assert not re.search(r"<(?:\w+:)?definedName[\s>]", text), name
    assert "_x005F_x0041_" in parts["xl/worksheets/sheet3.xml"]  # Excel shows _x0041_ as typed


def test_captions_headers_and_cells_read_back_as_typed(tmp_path):
    wb = load_workbook(write_tables_xlsx(_tables(), tmp_path / "t.xlsx"))
    assert wb.sheetnames == ["＝cmd|' C calc'!A0 회의참석률", '＝HYPERLINK("http x","y") 회의참석률', "표", "abc", "ABC (2)"]
    first, second = wb.worksheets[0], wb.worksheets[1]
    assert first["A1"].value == f"{DDE} 회의참석률" and first["A1"].data_type == "s" and first["A1"].quotePrefix
    assert [c.value for c in first[2]] == [LINK, "값"] and first["A2"].quotePrefix
    assert [c.value for c in first["A"][2:]] == ["+1", "-1+2", "@SUM(A1)"]
    assert all(c.data_type == "s" and c.quotePrefix for c in first["A"][2:])
    assert [c.value for c in first["B"][2:]] == [1.5, "inf", None]  # no non-finite number in the file
    assert [c.value for c in second["A"][2:]] == ["\t=1", "$x^2$", "a\ufffdb"]
    assert [c.value for c in second["B"][2:]] == [1, 2, -3]
    assert not second["A4"].quotePrefix  # ordinary text keeps ordinary style


def test_an_empty_report_still_writes_a_workbook(tmp_path):
    wb = load_workbook(write_tables_xlsx({}, tmp_path / "e.xlsx"))
    assert wb.sheetnames == ["표 없음"] and wb.active["A1"].value == "이 보고서에는 표가 없습니다"
