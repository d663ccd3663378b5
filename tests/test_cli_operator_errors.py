"""Operator mistakes end in a one-line Korean and English message and a non-zero exit,
never a traceback (issue 15, item 7); an unexpected error is caught last, its traceback
written to a log file the message names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import error_halves

from sabo_eval.cli import main
from sabo_eval.fault_log import log_dir
from sabo_eval.warehouse.store import Warehouse, ingest

GOOD = Path(__file__).parent / "fixtures" / "good" / "11110_2023_minimal.xlsx"
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("operator") / "w.duckdb"
    ingest([GOOD], db)
    return db


def _message(capsys, *, by_parser: bool = False) -> str:
    """What the command printed: one error in Korean and English, never a traceback (see ``cli_support``)."""
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    error_halves(captured.out, one_line=by_parser)
    return captured.out


@pytest.mark.parametrize(("year", "expected"), [("-1", "2000"), ("0", "2000"), ("99999", "2000"), ("2019", "2023")])
def test_a_year_without_data_or_out_of_range_is_a_message(warehouse, tmp_path, capsys, year, expected):
    assert main(["run", "--year", year, "--db", str(warehouse), "--out", str(tmp_path)]) == 2
    assert expected in _message(capsys)  # the accepted range, or the years that have data


def test_an_unknown_district_is_a_message(warehouse, tmp_path, capsys):
    assert main(["run", "--year", "2023", "--district", "99999", "--db", str(warehouse), "--out", str(tmp_path)]) == 2
    assert "99999" in _message(capsys)


def test_an_empty_warehouse_is_a_message(tmp_path, capsys):
    db = tmp_path / "empty.duckdb"
    Warehouse(db).close()
    assert main(["run", "--year", "2023", "--db", str(db), "--out", str(tmp_path / "r")]) == 2
    assert "없음" in _message(capsys)


@pytest.mark.parametrize("jobs", ["0", "-3", "many"])
def test_bad_jobs_are_refused_by_the_parser_in_both_languages(warehouse, tmp_path, capsys, jobs):
    with pytest.raises(SystemExit) as stopped:
        main(["run", "--year", "2023", "--jobs", jobs, "--db", str(warehouse), "--out", str(tmp_path)])
    assert stopped.value.code == 2
    out = _message(capsys, by_parser=True)
    assert "--jobs" in out


def test_an_unreachable_scheduler_is_a_message_within_its_timeout(warehouse, tmp_path, capsys):
    import time

    start = time.monotonic()
    code = main(["run", "--year", "2023", "--db", str(warehouse), "--out", str(tmp_path),
                 "--scheduler", "tcp://127.0.0.1:9", "--scheduler-timeout", "1"])
    assert code == 2 and time.monotonic() - start < 20
    assert "tcp://127.0.0.1:9" in _message(capsys)


def test_a_bad_environment_value_is_a_message(monkeypatch, capsys):
    monkeypatch.setenv("SABO_EVAL_LOCK_WAIT", "abc")
    assert main(["validate", str(GOOD)]) == 2
    assert "SABO_EVAL_LOCK_WAIT" in _message(capsys)


def test_template_to_a_folder_or_an_unwritable_path_is_a_message(tmp_path, capsys):
    assert main(["template", str(tmp_path)]) == 2
    assert "폴더" in _message(capsys)
    assert main(["template", "/proc/sabo-eval/t.xlsx"]) == 2
    _message(capsys)
    with pytest.raises(SystemExit) as stopped:  # a year out of range is an argument mistake: the parser's one line
        main(["template", str(tmp_path / "t.xlsx"), "--year", "1"])
    assert stopped.value.code == 2
    _message(capsys, by_parser=True)


def test_an_unwritable_report_folder_is_a_message(warehouse, capsys):
    assert main(["run", "--year", "2023", "--db", str(warehouse), "--out", "/proc/sabo-eval-reports"]) == 2
    assert "--out" in _message(capsys)


def test_a_folder_as_the_warehouse_is_a_message(tmp_path, capsys):
    assert main(["ingest", str(GOOD), "--db", str(tmp_path)]) == 2
    assert "폴더" in _message(capsys)
    assert main(["run", "--year", "2023", "--db", str(tmp_path), "--out", str(tmp_path / "r")]) == 2
    assert "폴더" in _message(capsys)
    assert main(["ingest", str(GOOD), "--db", "/proc/sabo-eval/w.duckdb"]) == 2
    assert "/proc/sabo-eval" in _message(capsys)


def test_an_unexpected_error_is_caught_last_with_its_traceback_in_a_log_file(monkeypatch, tmp_path, capsys):
    import sabo_eval.intake.loaders as loaders

    def broken(path):
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(loaders, "find_submissions", broken)
    assert main(["validate", str(GOOD)]) == 2
    out = _message(capsys)
    assert "RuntimeError" in out
    log_file = Path(out.split("details: ", 1)[1].strip())
    assert log_file.parent == log_dir()
    assert "a bug nobody foresaw" in log_file.read_text(encoding="utf-8")


def test_a_missing_path_among_several_is_named_and_the_others_are_handled(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(tmp_path / "nope.xlsx"), "/dev/null", str(GOOD), "--db", str(db)]) == 2
    out = capsys.readouterr().out
    assert "nope.xlsx" in out and "/dev/null" in out and "Traceback" not in out
    with Warehouse(db, read_only=True) as wh:
        assert list(wh.district_years()["district_code"]) == ["11110"]
    assert main(["validate", str(tmp_path / "nope.xlsx"), str(GOOD)]) == 2
    assert "오류 0건" in capsys.readouterr().out


def test_a_pilot_on_an_empty_warehouse_is_a_message(tmp_path, capsys):
    db = tmp_path / "empty.duckdb"
    Warehouse(db).close()
    assert main(["pilot", "--db", str(db), "--out", str(tmp_path / "r")]) == 1
    out = capsys.readouterr().out
    assert "자료가 없습니다" in out and "Traceback" not in out
