"""The user's workbook back with every problem marked, and root causes reported once."""

import hashlib
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from sabo_eval.cli import main
from sabo_eval.errors import SaboEvalError
from sabo_eval.intake.annotate import ERROR_FILL, RESULT_SHEET, WARNING_FILL, write_annotated
from sabo_eval.intake.problem_view import display_width
from sabo_eval.intake.problems import WARNING, Problem

SAMPLE = Path(__file__).parents[2] / "data" / "sample" / "41110_2023_수원시.xlsx"


def _small(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "예산"
    ws.append(["※ 단위: 천원"])
    ws.append(["시군구코드", "연도", "사업번호", "계획예산"])
    ws.append(["41110", 2023, "I-1-1", 200000])
    ws.append(["41110", 2023, "I-1-2", "많음"])
    info = wb.create_sheet("제출정보")
    info.append(["항목", "값"])
    info.append(["연도", None])
    wb.save(path)
    return path


def _problem(sheet, row, column, reason="문제", severity="error", rule="bad_int"):
    return Problem("f.xlsx", sheet, row, column, "", reason, "problem", rule, severity)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_each_problem_is_marked_at_its_cell_and_listed_with_a_link(tmp_path):
    source = _small(tmp_path / "in.xlsx")
    before = _digest(source)
    problems = [
        _problem("예산", 4, "계획예산", "숫자가 아닙니다"),
        _problem("예산", 3, "사업번호", "확인하세요", severity=WARNING),
        _problem("제출정보", None, "연도", "제출정보에 '연도'이(가) 없습니다"),
        _problem("예산", None, "", "시트 전체의 문제"),
        _problem("", None, "", "파일 전체의 문제"),
    ]
    marked = write_annotated(source, problems, tmp_path / "out.xlsx")
    assert marked == 3
    assert _digest(source) == before  # the input is never written
    wb = load_workbook(tmp_path / "out.xlsx")
    assert wb.sheetnames[0] == RESULT_SHEET
    budget = wb["예산"]
    assert budget["D4"].fill.fgColor.rgb == ERROR_FILL
    assert budget["D4"].comment.text.splitlines()[:2] == ["숫자가 아닙니다", "problem"]
    assert budget["C3"].fill.fgColor.rgb == WARNING_FILL
    assert budget["D3"].comment is None and budget["D3"].fill.fgColor.rgb != ERROR_FILL
    assert wb["제출정보"]["B2"].fill.fgColor.rgb == ERROR_FILL
    result = wb[RESULT_SHEET]
    rows = list(result.iter_rows(min_row=2))
    assert len(rows) == 5
    links = {r[7].value: (r[3].value, r[3].hyperlink.location if r[3].hyperlink else None) for r in rows}
    assert links["숫자가 아닙니다"] == ("D4", "'예산'!D4")
    assert links["시트 전체의 문제"] == (None, None)
    assert links["파일 전체의 문제"] == (None, None)


def test_two_problems_on_one_cell_share_its_comment(tmp_path):
    source = _small(tmp_path / "in.xlsx")
    problems = [_problem("예산", 4, "계획예산", "첫째", severity=WARNING), _problem("예산", 4, "계획예산", "둘째")]
    write_annotated(source, problems, tmp_path / "out.xlsx")
    cell = load_workbook(tmp_path / "out.xlsx")["예산"]["D4"]
    assert "첫째" in cell.comment.text and "둘째" in cell.comment.text
    assert cell.fill.fgColor.rgb == ERROR_FILL  # an error wins over a warning


def test_a_problem_inside_merged_cells_is_marked_on_their_first_cell(tmp_path):
    source = _small(tmp_path / "in.xlsx")
    wb = load_workbook(source)
    wb["예산"].merge_cells("C3:D4")
    wb.save(source)
    write_annotated(source, [_problem("예산", 4, "계획예산", "병합된 칸")], tmp_path / "out.xlsx")
    cell = load_workbook(tmp_path / "out.xlsx")["예산"]["C3"]
    assert cell.fill.fgColor.rgb == ERROR_FILL and cell.comment.text.startswith("병합된 칸")


@pytest.mark.parametrize("name", ["in.xls", "in.ods", "in.csv"])
def test_other_kinds_are_refused_clearly(tmp_path, name):
    source = tmp_path / name
    source.write_bytes(b"x")
    with pytest.raises(SaboEvalError) as err:
        write_annotated(source, [], tmp_path / "out.xlsx")
    assert ".xlsx" in err.value.message_ko and ".xlsx" in err.value.message_en


def test_the_copy_never_replaces_the_input(tmp_path):
    source = _small(tmp_path / "in.xlsx")
    with pytest.raises(SaboEvalError):
        write_annotated(source, [], source)


def _broken_sample(tmp_path: Path) -> tuple[Path, int, int]:
    """The 41110 sample with 노인분과 written '노인' in 위원명단, no 연도, and a wrong 합계 row in 예산."""
    path = tmp_path / "수원시_제출.xlsx"  # a name that gives no year
    shutil.copy(SAMPLE, path)
    wb = load_workbook(path)
    members = wb["위원명단"]
    renamed = [r for r in range(2, members.max_row + 1) if members.cell(r, 6).value == "노인분과"]
    for r in renamed:
        members.cell(r, 6).value = "노인"
    wb["제출정보"]["B3"].value = None
    budget = wb["예산"]
    total_row = next(r for r in range(1, budget.max_row + 1) if budget.cell(r, 3).value == "합계")
    budget.cell(total_row, 4).value += 1000  # 계획예산 합계 one thousand too high
    wb.save(path)
    return path, renamed[0], total_row


def test_three_slips_give_three_roots_and_a_matching_copy(tmp_path, capsys):
    source, first_renamed, total_row = _broken_sample(tmp_path)
    out, table = tmp_path / "검토.xlsx", tmp_path / "problems.csv"
    assert main(["validate", str(source), "--annotate", str(out), "--out", str(table)]) == 1
    printed = capsys.readouterr().out
    assert "연관 오류" in printed
    terminal = [line for line in printed.splitlines() if str(tmp_path) not in line]  # paths: whatever their length
    assert all(display_width(line) <= 100 for line in terminal), max(terminal, key=display_width)
    shown = [line for line in terminal if line.startswith("오류 ")]
    assert len(shown) == 3 and sum("연관 오류" in line for line in shown) == 2  # the total causes nothing
    assert "e+0" not in printed
    wb = load_workbook(out)
    result = wb[RESULT_SHEET]
    rows = [[c.value for c in r] for r in result.iter_rows(min_row=2)]
    roots = [r for r in rows if r[1].startswith("오류") and not r[11]]
    assert sorted(r[9] for r in roots) == ["missing_submission_info", "subcommittee_spelling", "total_mismatch"]
    assert sum(r[10] or 0 for r in roots) == sum(1 for r in rows if r[11])
    by_rule = {r[9]: r for r in roots}
    assert by_rule["subcommittee_spelling"][3] == f"F{first_renamed}"
    assert by_rule["missing_submission_info"][3] == "B3"
    assert by_rule["total_mismatch"][3] == f"D{total_row}"
    for sheet, cell, words in (
        ("위원명단", f"F{first_renamed}", ("'노인'", "'노인분과'", "회의목록")),
        ("제출정보", "B3", ("연도",)),
        ("예산", f"D{total_row}", ("합계",)),
    ):
        marked = wb[sheet][cell]
        assert marked.fill.fgColor.rgb == ERROR_FILL
        assert all(word in marked.comment.text for word in words), marked.comment.text
    comment = wb["예산"][f"D{total_row}"].comment.text
    assert "33,152,000 ≠ 33,151,000" in comment and "e+" not in comment
    assert table.read_bytes().startswith(b"\xef\xbb\xbf")


def test_annotate_needs_exactly_one_workbook(tmp_path, capsys):
    source = _small(tmp_path / "in.xlsx")
    assert main(["validate", str(source), str(source), "--annotate", str(tmp_path / "o.xlsx")]) == 2
    assert main(["validate", str(tmp_path), "--annotate", str(tmp_path / "o.xlsx")]) == 2
    assert main(["validate", str(source), "--out", str(tmp_path / "p.txt")]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6 and all(line.startswith(("오류:", "error:")) for line in lines)


def test_a_fixed_copy_validates_again_without_its_result_sheet(tmp_path, capsys):
    source = tmp_path / "41110_2023_수원시.xlsx"
    shutil.copy(SAMPLE, source)
    wb = load_workbook(source)
    wb["예산"]["D3"].value = "이십만"
    wb.save(source)
    copy = tmp_path / "41110_2023_검토.xlsx"
    assert main(["validate", str(source), "--annotate", str(copy)]) == 1
    wb = load_workbook(copy)
    assert wb["예산"]["D3"].fill.fgColor.rgb == ERROR_FILL
    wb["예산"]["D3"].value = 200000  # the user fixes the marked cell in the copy
    wb.save(copy)
    capsys.readouterr()
    assert main(["validate", str(copy)]) == 0, capsys.readouterr().out
