"""What we hand out is inert: formula-, mathtext- and markup-like text in every field.

One real run: a submission whose every free-text field holds hostile text
(``tests/fixtures/hostile_text.py``) is ingested into a fresh warehouse and the real
district report is produced (papermill + nbconvert). The xlsx beside the report is
opened as a zip and its XML read: no ``<f>`` element, no defined name, every sheet
title valid; the HTML report and its charts were produced, with the strings shown
literally (escaped) and every member name masked.
"""

from __future__ import annotations

import html
import re
import zipfile

import pytest
from fixtures import hostile_text
from openpyxl import load_workbook

from sabo_eval.intake.inert_text import is_formula_like
from sabo_eval.run.runner import run_year
from sabo_eval.warehouse.store import Warehouse, ingest

FORMULA = re.compile(r"<(?:\w+:)?f[\s>/]")
DEFINED_NAME = re.compile(r"<(?:\w+:)?definedName[\s>]")
SHOWN = [v.strip() for k, v in hostile_text.HOSTILE.items()]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("output_safety")
    workbook = hostile_text.write_hostile_workbook(root / "11110_2023_hostile.xlsx")
    (result,) = ingest([workbook], root / "w.duckdb")
    assert result.status == "added"
    run = run_year(2023, db=root / "w.duckdb", out_dir=root / "reports", districts=["11110"], jobs=1, progress=False)
    out = root / "reports" / "2023"
    return {"run": run, "db": root / "w.duckdb", "html": out / "11110.html", "xlsx": out / "11110.xlsx"}


@pytest.fixture(scope="module")
def parts(report):
    """Every part of the written xlsx, as text."""
    with zipfile.ZipFile(report["xlsx"]) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


@pytest.fixture(scope="module")
def cells(report):
    """(sheet, coordinate, value, data type, quote prefix) of every non-empty cell."""
    wb = load_workbook(report["xlsx"])
    return [(ws.title, c.coordinate, c.value, c.data_type, c.quotePrefix) for ws in wb for row in ws.iter_rows() for c in row
            if c.value is not None]


def test_the_report_and_its_charts_were_produced(report):
    (outcome,) = report["run"].outcomes
    assert outcome.status == "ok", outcome.error
    page = report["html"].read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') >= 4  # attendance, subcommittees, strategies, budget
    assert report["xlsx"].stat().st_size > 0


def test_no_formula_and_no_defined_name_in_any_part_of_the_xlsx(parts):
    assert len(parts) > 5
    for name, text in parts.items():
        assert not FORMULA.search(text), name
        assert not DEFINED_NAME.search(text), name
    assert not any(name.startswith(("xl/externalLinks", "xl/comments")) for name in parts)


def test_sheet_titles_are_valid_unique_and_not_formula_like(parts):
    titles = [html.unescape(t) for t in re.findall(r'<sheet [^>]*name="([^"]*)"', parts["xl/workbook.xml"])]
    assert len(titles) > 20
    assert len({t.casefold() for t in titles}) == len(titles)
    for title in titles:
        assert 0 < len(title) <= 31, title
        assert not re.search(r"[\[\]:*?/\\\x00-\x1f]", title), title
        assert not title.startswith("'") and not title.endswith("'"), title
        assert not title.startswith(("=", "+", "-", "@")), title  # made full-width: ＝ ＋ － ＠
    assert "＝cmd|' C calc'!A0 회의참석률" in titles  # the subcommittee's table, its title made inert


def test_every_hostile_text_is_a_literal_string_cell(cells):
    values = {value for _s, _c, value, _t, _q in cells if isinstance(value, str)}
    joined = "\n".join(values)
    for text in SHOWN:
        assert text in joined, text
    risky = [(s, c, v, t, q) for s, c, v, t, q in cells if is_formula_like(v)]
    assert len(risky) > 20
    assert all(t == "s" and q for _s, _c, _v, t, q in risky), risky[:3]


def test_the_html_shows_every_hostile_text_escaped(report):
    page = report["html"].read_text(encoding="utf-8")
    for text in SHOWN:
        assert html.escape(text) in page, text
    assert "A<B 또는 C>D" not in page  # markup-like text is escaped, never markup


def test_text_that_looks_like_markup_is_stored_as_typed(report):
    with Warehouse(report["db"], read_only=True) as wh:
        responses = set(wh.query("SELECT response FROM opinions")["response"])
        items = set(wh.query("SELECT item_name FROM plan_items")["item_name"])
    assert hostile_text.HOSTILE["lt_gt"] in responses and hostile_text.HOSTILE["lt_gt"] in items


def test_no_member_name_is_shown_unmasked_in_the_html_or_the_xlsx(report, cells):
    page = html.unescape(report["html"].read_text(encoding="utf-8"))
    values = "\n".join(str(v) for _s, _c, v, _t, _q in cells)
    for written, read in zip(hostile_text.SPACED_NAMES, hostile_text.READ_AS, strict=True):
        for form in (written, read):
            assert form not in page, form
            assert form not in values, form
    rows = re.findall(r'<th scope="row">([^<]*)</th>', report["html"].read_text(encoding="utf-8"))
    shown = {re.sub(r"\(\d+\)$", "", name) for name in rows}  # 이*빈(1), 이*빈(2): members masked alike
    assert {"정*영", "남**수", "김*", "황**철", "K** B******"} <= shown
    assert "우수위원 후보" in page and "정*영" in values
