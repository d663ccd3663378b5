"""Saving the problem table: CSV with a BOM for Excel, or xlsx; related problems name their root."""

import csv

import pytest
from openpyxl import load_workbook

from sabo_eval.errors import SaboEvalError
from sabo_eval.intake.problem_export import EXPORT_COLUMNS, write_problems
from sabo_eval.intake.problems import Problem


def _problems():
    root = Problem("f.xlsx", "위원명단", 12, "분과", "", "분과가 비어 있습니다", "blank", "blank_subcommittee", related=1)
    follow = Problem("f.xlsx", "출석부_노인분과", 1, "3월", "3월", "회의를 찾을 수 없습니다", "no meeting",
                     "unknown_meeting", root=root.label)
    own = Problem("f.xlsx", "예산", 29, "계획예산", "66,303,000", "합계가 다릅니다", "total differs", "total_mismatch")
    return [follow, own, root]


def test_csv_has_a_bom_and_every_problem(tmp_path):
    out = write_problems(_problems(), tmp_path / "problems.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert len(rows) == 4
    rules = [r[EXPORT_COLUMNS.index("규칙 rule")] for r in rows[1:]]
    assert rules.index("unknown_meeting") == rules.index("blank_subcommittee") + 1  # a root, then what follows
    follow = rows[1 + rules.index("unknown_meeting")]
    assert follow[EXPORT_COLUMNS.index("원인 root")] == "위원명단 › 12행 › 분과 [blank_subcommittee]"
    assert rows[1 + rules.index("blank_subcommittee")][EXPORT_COLUMNS.index("연관 오류 related")] == "1"


def test_xlsx_table(tmp_path):
    out = write_problems(_problems(), tmp_path / "problems.xlsx")
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == list(EXPORT_COLUMNS)
    assert ws.max_row == 4
    assert {ws.cell(r, 7).value for r in range(2, 5)} == {"분과가 비어 있습니다", "회의를 찾을 수 없습니다", "합계가 다릅니다"}


def test_other_kinds_are_refused(tmp_path):
    with pytest.raises(SaboEvalError) as err:
        write_problems(_problems(), tmp_path / "problems.txt")
    assert ".csv" in err.value.message_ko and ".xlsx" in err.value.message_en
