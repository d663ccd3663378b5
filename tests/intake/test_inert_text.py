"""Text written into the xlsx files we hand out: string cells, valid sheet titles, quoted lists."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from sabo_eval.intake.inert_text import (
    MAX_SHEET_TITLE,
    inert,
    is_formula_like,
    list_formula,
    put_text,
    sheet_title,
    xml_text,
)

HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "\n=1",
           "  =1", "＝1", "$\\undefinedmacro{x}$", "$x^2$", "[]:*?/\\", "가" * 40]


@pytest.mark.parametrize("text", ["=1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", " =1", "\u3000=1", "＝1", "＋1", "－1", "＠A"])
def test_formula_like_starts(text):
    assert is_formula_like(text)
    assert inert(text) == "'" + text


@pytest.mark.parametrize("text", ["종로구", "1+1", "a=b", "$x^2$", "", "'=1"])
def test_ordinary_text_is_not_formula_like(text):
    assert not is_formula_like(text)
    assert inert(text) == text


def test_non_text_is_never_formula_like():
    assert not is_formula_like(-1) and inert(-1) == -1 and inert(None) is None


def test_xml_text_keeps_what_xml_holds_and_marks_the_rest():
    assert xml_text("줄1\n줄2\t끝") == "줄1\n줄2\t끝"
    assert xml_text("a\x01b\x1fc") == "a\ufffdb\ufffdc"
    assert xml_text("_x0041_ 그대로") == "_x005F_x0041_ 그대로"
    assert xml_text("_x004_ _y0041_") == "_x004_ _y0041_"


def _written(tmp_path, texts):
    wb = Workbook()
    ws = wb.active
    for i, text in enumerate(texts, start=1):
        put_text(ws.cell(row=i, column=1), text)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    return load_workbook(path).active, sheet


def test_put_text_writes_string_cells_never_formulas(tmp_path):
    ws, xml = _written(tmp_path, HOSTILE)
    assert "<f>" not in xml and "<f " not in xml
    assert xml.count('t="inlineStr"') == len(HOSTILE)
    for i, text in enumerate(HOSTILE, start=1):
        cell = ws.cell(row=i, column=1)
        assert cell.value == text.replace("\r", "\n") and cell.data_type == "s"  # XML reads CR as LF
        assert bool(cell.quotePrefix) == is_formula_like(text), text


def test_put_text_survives_control_characters_and_numbers(tmp_path):
    ws, xml = _written(tmp_path, ["a\x07b", 3.5, None])
    assert [ws.cell(row=i, column=1).value for i in (1, 2, 3)] == ["a\ufffdb", "3.5", "None"]
    assert "<f" not in xml


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("주요 지표 (2023년)", "주요 지표 (2023년)"),
        ("=cmd|' /C calc'!A0 회의참석률", "＝cmd|' C calc'!A0 회의참석률"),
        ("+1 분과", "＋1 분과"),
        ("-1+2", "－1+2"),
        ("@SUM(A1)", "＠SUM(A1)"),
        ("\t=1", "＝1"),
        ("'따옴표'", "따옴표"),
        ("[]:*?/\\", "표"),
        ("", "표"),
        ("a\x01b", "a b"),
        ("History", "History (2)"),
    ],
)
def test_sheet_title(caption, expected):
    assert sheet_title(caption, set()) == expected


def test_sheet_title_is_cut_to_31_utf16_units_and_unique_ignoring_case():
    taken: set[str] = set()
    long = "가나다라마바사아자차" * 4
    first, second = sheet_title(long, taken), sheet_title(long, taken)
    assert first == long[:31] and len(second) == 31 and second.endswith(" (2)")
    assert sheet_title("ABC", taken) == "ABC" and sheet_title("abc", taken) == "abc (2)"
    emoji = sheet_title("😀" * 20, set())
    assert len(emoji.encode("utf-16-le")) // 2 <= MAX_SHEET_TITLE and emoji == "😀" * 15
    assert not sheet_title("x" * 30 + "'y", set()).endswith("'")


def test_titles_open_in_openpyxl_as_written(tmp_path):
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    titles = [sheet_title(text, taken) for text in HOSTILE + HOSTILE]
    for title in titles:
        wb.create_sheet(title)
    wb.save(tmp_path / "titles.xlsx")
    assert load_workbook(tmp_path / "titles.xlsx").sheetnames == titles
    assert len({t.casefold() for t in titles}) == len(titles)
    assert all(not re.search(r"[\[\]:*?/\\]", t) and not t.startswith(("=", "+", "-", "@", "'")) for t in titles)


def test_list_formula_quotes_each_label():
    assert list_formula(["민", "관"]) == '"민,관"'
    assert list_formula(['say "hi"', "=1"]) == '"say ""hi"",=1"'
    with pytest.raises(ValueError, match="쉼표"):
        list_formula(["a,b"])
    with pytest.raises(ValueError, match="255"):
        list_formula(["가" * 300])
