"""Finding a problem's cell from its sheet, Excel row and column header as written."""

from openpyxl import Workbook

from sabo_eval.intake.problem_cells import problem_cell
from sabo_eval.intake.problems import Problem


def _problem(sheet, row, column):
    return Problem("f.xlsx", sheet, row, column, "", "이유", "why", "rule")


def _book():
    wb = Workbook()
    ws = wb.active
    ws.title = "예산"
    ws.append(["※ 단위: 천원"])  # a title above the header: the header is row 2
    ws.append(["시군구코드", "연도", "사업번호", "계획예산", "변경예산", "집행액"])
    ws.append(["41110", 2023, "I-1-1", 200000, None, 190325])
    info = wb.create_sheet("제출정보")
    for row in (["항목", "값"], ["시군구코드", "41110"], ["연도", None], ["예산단위", "천원"]):
        info.append(row)
    return wb


def test_column_found_under_a_title_row():
    ws = _book()["예산"]
    assert problem_cell(ws, _problem("예산", 3, "집행액")) == (3, 6)
    assert problem_cell(ws, _problem("예산", 3, " 계획 예산 ")) == (3, 4)  # as headers are matched on load


def test_a_form_label_points_at_its_value():
    ws = _book()["제출정보"]
    assert problem_cell(ws, _problem("제출정보", None, "연도")) == (3, 2)


def test_a_column_problem_without_a_row_points_at_its_header():
    ws = _book()["예산"]
    assert problem_cell(ws, _problem("예산", None, "사업번호")) == (2, 3)


def test_cell_reference_and_whole_row_and_nothing():
    ws = _book()["예산"]
    assert problem_cell(ws, _problem("예산", None, "E7")) == (7, 5)
    assert problem_cell(ws, _problem("예산", 3, "")) == (3, 1)
    assert problem_cell(ws, _problem("예산", None, "")) is None
    assert problem_cell(ws, _problem("예산", None, "없는열")) is None
