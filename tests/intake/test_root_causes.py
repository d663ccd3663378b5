"""Root causes: a slip that makes other checks fail is reported once, the rest folded under it."""

import shutil
from pathlib import Path

from openpyxl import load_workbook

from sabo_eval.intake.problems import Problem
from sabo_eval.intake.root_causes import fold
from sabo_eval.intake.validation import validate

SAMPLE = Path(__file__).parents[2] / "data" / "sample" / "41110_2023_수원시.xlsx"


def _p(rule, sheet="출석부_노인분과", row=1, value=""):
    return Problem("f.xlsx", sheet, row, "3월", value, "이유", "why", rule)


def test_fold_counts_on_the_root_and_names_it_on_each_follower():
    root = _p("missing_submission_info", sheet="제출정보", row=None)
    others = [_p("unknown_meeting"), _p("unknown_meeting", row=2), _p("bad_int", sheet="예산")]
    folded = fold([root, *others], root, lambda p: p.rule == "unknown_meeting")
    assert len(folded) == 4  # nothing dropped
    assert folded[0].related == 2 and not folded[0].root
    assert [p.root for p in folded[1:]] == [root.label, root.label, ""]


def test_fold_adds_a_root_no_rule_reported():
    root = _p("subcommittee_spelling", sheet="위원명단", row=5)
    folded = fold([_p("unknown_meeting")], root, lambda p: True)
    assert folded[0].rule == "subcommittee_spelling" and folded[0].related == 1


def test_a_new_root_nothing_follows_can_be_a_warning():
    root = _p("subcommittee_spelling", sheet="모니터링의견", row=3)
    assert fold([_p("bad_int", sheet="예산")], root, lambda p: False, alone="warning")[0].severity == "warning"
    assert fold([root], root, lambda p: False, alone="warning")[0].severity == "error"  # reported by a rule: kept


def _copy(tmp_path, edit, name="수원시.xlsx"):
    path = tmp_path / name
    shutil.copy(SAMPLE, path)
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)
    return validate(path).problems


def _roots(problems):
    return [p for p in problems if p.severity == "error" and not p.root]


def test_a_subcommittee_spelled_two_ways_is_one_root_in_the_member_list(tmp_path):
    def respell(wb):
        ws = wb["위원명단"]
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 6).value == "노인분과":
                ws.cell(r, 6).value = "노인"

    problems = _copy(tmp_path, respell, "41110_2023_수원시.xlsx")
    roots = _roots(problems)
    assert [p.rule for p in roots] == ["subcommittee_spelling"], [(p.rule, p.reason_ko) for p in roots]
    root = roots[0]
    assert root.sheet == "위원명단" and root.column == "분과" and root.value == "노인"
    assert "'노인'" in root.reason_ko and "'노인분과'" in root.reason_ko and "회의목록" in root.reason_ko
    assert root.related == sum(p.root == root.label for p in problems) > 0


def test_a_blank_subcommittee_is_reported_at_its_cell(tmp_path):
    rows = []

    def blank(wb):
        ws = wb["위원명단"]
        rows.append(next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 6).value == "노인분과"))
        ws.cell(rows[0], 6).value = None

    problems = _copy(tmp_path, blank, "41110_2023_수원시.xlsx")
    roots = _roots(problems)
    assert [(p.sheet, p.row, p.column) for p in roots] == [("위원명단", rows[0], "분과")], [
        (p.rule, p.sheet, p.row, p.reason_ko) for p in roots
    ]


def test_a_blank_year_is_reported_once(tmp_path):
    def no_year(wb):
        wb["제출정보"]["B3"].value = None

    problems = _copy(tmp_path, no_year)
    roots = _roots(problems)
    assert [(p.sheet, p.column) for p in roots] == [("제출정보", "연도")], [(p.rule, p.reason_ko) for p in roots]
    assert roots[0].related == sum(bool(p.root) for p in problems)


def test_a_spelling_only_in_the_opinions_is_a_warning(tmp_path):
    def respell(wb):
        ws = wb["모니터링의견"]
        ws.cell(2, 4).value = "연구기획"

    problems = _copy(tmp_path, respell, "41110_2023_수원시.xlsx")
    spelled = [p for p in problems if p.rule == "subcommittee_spelling"]
    assert [(p.severity, p.sheet, p.row, p.value) for p in spelled] == [("warning", "모니터링의견", 2, "연구기획")]


def test_a_blank_subcommittee_on_a_plain_roster_is_one_root_not_one_error_per_column(tmp_path):
    rows = []

    def blank(wb):
        wb["출석부_노인분과"].title = "출석부"  # a roster of members of any group
        ws = wb["위원명단"]
        rows.append(next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 6).value == "노인분과"))
        ws.cell(rows[0], 6).value = None

    problems = _copy(tmp_path, blank, "41110_2023_수원시.xlsx")
    roots = _roots(problems)
    assert [(p.rule, p.sheet, p.row, p.column) for p in roots] == [("blank_subcommittee", "위원명단", rows[0], "분과")]
    assert not any(p.rule == "unknown_meeting" for p in problems)  # no column blamed for the member's blank 분과
    follows = [p for p in problems if p.root]
    assert [(p.rule, p.sheet, p.value) for p in follows] == [("roster_member_without_subcommittee", "출석부", "M0120")]
    assert roots[0].related == 1
