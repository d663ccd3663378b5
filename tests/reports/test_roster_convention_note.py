"""The methods text states a declared roster-blank convention, and says nothing otherwise."""

from sabo_eval.reports.district import _roster_convention_note


def test_no_convention_adds_nothing():
    assert _roster_convention_note({}) == ""
    assert _roster_convention_note({"roster_blank": None}) == ""


def test_a_declared_convention_is_stated():
    note = _roster_convention_note({"roster_blank": "불참"})
    assert "출석부 공란: 불참" in note and "불참으로 셌습니다" in note
