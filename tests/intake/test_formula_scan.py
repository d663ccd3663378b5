"""Formulas read token by token: what reaches outside the workbook, and what only looks like it."""

import pytest

from sabo_eval.intake.formula_scan import unsafe_reason


@pytest.mark.parametrize("formula, reason", [
    ("cmd|' /C calc'!A0", "DDE"),
    ('RTD("prog",,"topic")', "RTD()"),
    ('_xlfn.IMAGE("http://x/p.png")', "IMAGE()"),
    ('_xlfn.WEBSERVICE("http://x")', "WEBSERVICE()"),
    ('HYPERLINK("http://x","y")', "HYPERLINK()"),
    ('info("directory")', "INFO()"),
    ('CELL ("filename")', "CELL()"),
    ("_xludf.STEAL(A1)", "_XLUDF.STEAL()"),
    ("[1]Sheet1!A1", "external workbook"),
    ("SUM('[2]My Sheet'!A1:A3)", "external workbook"),
    ("of:=['file:///x.ods'#$Sheet1.A1]", "external workbook"),
    ('oooc:=DDE("soffice";"x";"y")', "DDE()"),
])
def test_unsafe_formulas_are_named(formula, reason):
    assert unsafe_reason(formula) == reason


@pytest.mark.parametrize("formula", [
    "SUM(A1:A5)", '"a|b"&A1', '"HYPERLINK(x)"', "Table1[Col]", "SUM(Table1[[#This Row],[Col]])",
    "[@Col]*2", "of:=SUM([.A1:.A5])", "'Sheet 1'!A1+'it''s'!B2", "CELLS+1", "IF(A1>0,1,2)",
])
def test_safe_formulas_pass(formula):
    assert unsafe_reason(formula) is None
