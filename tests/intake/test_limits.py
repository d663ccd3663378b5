"""Limits: defaults, environment overrides read at use, a clear error on a bad value."""

import pytest

from sabo_eval.intake.limits import LIMITS, MAX_SHEET_CELLS, LimitSettingError, limit


def test_default_and_override(monkeypatch):
    monkeypatch.delenv("SABO_EVAL_MAX_SHEET_CELLS", raising=False)
    assert limit("SABO_EVAL_MAX_SHEET_CELLS") == MAX_SHEET_CELLS
    monkeypatch.setenv("SABO_EVAL_MAX_SHEET_CELLS", "3_000_000")
    assert limit("SABO_EVAL_MAX_SHEET_CELLS") == 3_000_000


@pytest.mark.parametrize("value", ["abc", "-5", "0", "1.5"])
def test_a_bad_value_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("SABO_EVAL_MAX_ZIP_ENTRIES", value)
    with pytest.raises(LimitSettingError) as info:
        limit("SABO_EVAL_MAX_ZIP_ENTRIES")
    assert "SABO_EVAL_MAX_ZIP_ENTRIES" in info.value.message_ko and "양의 정수" in info.value.message_ko


def test_every_limit_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert all(variable in readme for variable in LIMITS)
