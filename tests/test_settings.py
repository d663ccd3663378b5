"""The SABO_EVAL_* environment variables are checked, with a message naming the variable."""

from __future__ import annotations

import pytest

from sabo_eval.settings import (
    VARIABLES,
    EnvironmentValueError,
    check_environment,
    env_number,
    scheduler_timeout,
    survey_min_n,
)
from sabo_eval.warehouse.connection import lock_wait_seconds
from sabo_eval.warehouse.readers import ingest_jobs_setting


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "-5", "1e9", "", "  30  "])
def test_lock_wait_is_a_number_in_range(monkeypatch, text):
    monkeypatch.setenv("SABO_EVAL_LOCK_WAIT", text)
    if text.strip() in ("", "30"):
        assert lock_wait_seconds() == 30.0
        return
    with pytest.raises(EnvironmentValueError) as caught:
        lock_wait_seconds()
    assert "SABO_EVAL_LOCK_WAIT" in caught.value.message_ko and "SABO_EVAL_LOCK_WAIT" in caught.value.message_en
    assert "0~86400" in caught.value.message_ko


@pytest.mark.parametrize(("text", "expected"), [("3", 3), ("x", None), ("0", None), ("2.5", None), ("", "unset")])
def test_ingest_jobs_is_a_whole_number(monkeypatch, text, expected):
    monkeypatch.setenv("SABO_EVAL_INGEST_JOBS", text)
    if expected is None:
        with pytest.raises(EnvironmentValueError):
            ingest_jobs_setting()
    else:
        assert ingest_jobs_setting() == (None if expected == "unset" else expected)


def test_scheduler_timeout_defaults_to_ten_seconds(monkeypatch):
    assert scheduler_timeout() == 10.0
    assert scheduler_timeout(2) == 2.0
    monkeypatch.setenv("SABO_EVAL_SCHEDULER_TIMEOUT", "0")
    with pytest.raises(EnvironmentValueError):
        scheduler_timeout()


def test_env_number_truncates_a_long_value_in_its_message(monkeypatch):
    monkeypatch.setenv("SABO_EVAL_LOCK_WAIT", "x" * 500)
    with pytest.raises(EnvironmentValueError) as caught:
        env_number("SABO_EVAL_LOCK_WAIT", 1, minimum=0, maximum=1)
    assert len(caught.value.message_ko) < 200


def test_check_environment_names_each_bad_variable(monkeypatch, tmp_path):
    check_environment()  # nothing set: fine
    cases = {
        "SABO_EVAL_SYNONYMS": str(tmp_path / "missing.csv"),
        "SABO_EVAL_DB": str(tmp_path),
        "SABO_EVAL_INGEST_JOBS": "many",
    }
    for name, value in cases.items():
        monkeypatch.setenv(name, value)
        with pytest.raises(EnvironmentValueError) as caught:
            check_environment()
        assert name in caught.value.message_en
        monkeypatch.delenv(name)


def test_a_synonym_table_that_is_not_one_is_refused(monkeypatch, tmp_path):
    table = tmp_path / "synonyms.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    monkeypatch.setenv("SABO_EVAL_SYNONYMS", str(table))
    with pytest.raises(EnvironmentValueError) as caught:
        check_environment()
    assert "SABO_EVAL_SYNONYMS" in caught.value.message_ko


@pytest.mark.parametrize("text", ["0", "2.5", "many", "1001", "-5"])
def test_the_survey_threshold_is_a_whole_number_from_1(monkeypatch, text):
    assert survey_min_n() == 5 and survey_min_n(3) == 3
    monkeypatch.setenv("SABO_EVAL_SURVEY_MIN_N", "8")
    assert survey_min_n() == 8 and survey_min_n(3) == 3
    monkeypatch.setenv("SABO_EVAL_SURVEY_MIN_N", text)
    with pytest.raises(EnvironmentValueError) as caught:
        check_environment()
    assert "SABO_EVAL_SURVEY_MIN_N" in caught.value.message_en
