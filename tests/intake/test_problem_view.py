"""The terminal problem table: 100 columns at most, wide characters counted twice, nothing cut silently."""

from sabo_eval.intake.problem_view import (
    CUT_NOTE,
    TABLE_WIDTH,
    display_width,
    render_problems,
    shorten,
    wrap,
)
from sabo_eval.intake.problems import WARNING, Problem, format_problems


def _problem(reason_ko="숫자가 아닙니다", value="많음", sheet="지역현황", column="인구수", **kw):
    return Problem("f.xlsx", sheet, 7, column, value, reason_ko, kw.pop("reason_en", "not a number"), "bad_int", **kw)


def test_display_width_counts_korean_twice():
    assert display_width("abc") == 3
    assert display_width("위원명") == 6
    assert display_width("A위") == 3


def test_shorten_marks_a_cut():
    assert shorten("짧음", 10) == ("짧음", False)
    text, cut = shorten("출석부_연구기획분과_2023년", 12)
    assert cut and text.endswith("…") and display_width(text) <= 12


def test_wrap_keeps_every_character_within_the_width():
    text = "이 열에 해당하는 회의를 회의목록에서 찾을 수 없습니다 " * 4
    lines = wrap(text, 30)
    assert all(display_width(line) <= 30 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_table_fits_100_columns_and_says_when_it_cut():
    long_reason = "'합계' 행의 값이 항목 합계와 다릅니다: 10,129,000 ≠ 10,128,000 (차이 1,000) " * 3
    problems = [_problem(long_reason, value="아주 긴 값 " * 10, sheet="출석부_여성가족분과_2023년도 상반기"), _problem()]
    text = render_problems(problems)
    assert all(display_width(line) <= TABLE_WIDTH for line in text.splitlines())
    assert text.count(CUT_NOTE) == 1
    assert "10,129,000 ≠" in text and "1.0129e" not in text


def test_korean_by_default_english_on_request():
    problems = [_problem(severity=WARNING)]
    ko, en = render_problems(problems), render_problems(problems, "en")
    assert "숫자가 아닙니다" in ko and "not a number" not in ko and "경고" in ko
    assert "not a number" in en and "숫자가 아닙니다" not in en and "warn" in en
    assert CUT_NOTE not in ko


def test_related_problems_are_counted_on_their_root():
    root = _problem(related=2)
    folded = [_problem(reason_ko=f"따라 생긴 오류 {i}", root=root.label) for i in range(2)]
    text = format_problems([root, *folded])
    assert "연관 오류 2건" in text
    assert "따라 생긴 오류" not in text
    assert "(+2 related)" in format_problems([root, *folded], "en")


def test_no_problems():
    assert render_problems([]) == "문제가 없습니다 / no problems found"
