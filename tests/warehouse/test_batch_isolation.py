"""Batches isolate failures (issue 15, item 6): in a multi-submission ingest or
validate, an unexpected exception while reading or validating one submission is that
submission's problem (rule ``internal_error``, its traceback in a log file, not shown),
and the valid submissions beside it are ingested, with or without reading workers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sabo_eval.intake.validation as validation_module
import sabo_eval.warehouse.readers as readers_module
import sabo_eval.warehouse.store as store_module
from sabo_eval.cli import main
from sabo_eval.errors import ValidationFailed
from sabo_eval.fault_log import INTERNAL_ERROR, log_dir
from sabo_eval.warehouse.store import Warehouse, ingest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
GOOD_CSV = ROOT / "tests" / "fixtures" / "good" / "11110_2023_csv_utf8"


@pytest.fixture
def collection(tmp_path) -> Path:
    """Two valid submissions (11110 2021 and 2022) and a third (11110 2023) between them."""
    folder = tmp_path / "제출"
    folder.mkdir()
    shutil.copy(SAMPLE / "11110_2021_종로구.xlsx", folder / "11110_2021_종로구.xlsx")
    shutil.copy(SAMPLE / "11110_2023_종로구.xlsx", folder / "11110_2022_가운데.xlsx")
    shutil.copy(SAMPLE / "11110_2022_종로구.xlsx", folder / "11110_2022_종로구.xlsx")
    return folder


def _fault_for(name: str, monkeypatch) -> None:
    """Make validating the file called ``name`` raise an unexpected error (in workers too: they fork)."""
    real = validation_module.validate

    def faulty(path, *args, **kwargs):
        if Path(path).name == name:
            raise ZeroDivisionError("injected fault")
        return real(path, *args, **kwargs)

    for module in (validation_module, readers_module, store_module):
        monkeypatch.setattr(module, "validate", faulty)


def _years(db: Path) -> list[int]:
    with Warehouse(db, read_only=True) as wh:
        return sorted(wh.district_years()["year"])


@pytest.mark.parametrize("jobs", [1, 3])
def test_an_unexpected_error_in_one_submission_refuses_only_it(collection, tmp_path, monkeypatch, jobs):
    _fault_for("11110_2022_가운데.xlsx", monkeypatch)
    paths = sorted(collection.iterdir())
    db = tmp_path / "w.duckdb"
    results = ingest(paths, db, jobs=jobs)
    by_name = {getattr(r, "file_name", getattr(r, "file", None)): r for r in results}
    failed = by_name["11110_2022_가운데.xlsx"]
    assert isinstance(failed, ValidationFailed)
    (problem,) = failed.problems
    assert problem.rule == INTERNAL_ERROR
    assert "ZeroDivisionError" in problem.reason_en and "예기치 않은 오류" in problem.reason_ko
    assert "Traceback" not in problem.reason_ko + problem.reason_en
    log_file = Path(problem.reason_en.rsplit("details: ", 1)[1])
    assert log_file.parent == log_dir() and "injected fault" in log_file.read_text(encoding="utf-8")
    assert by_name["11110_2021_종로구.xlsx"].status == "added"
    assert by_name["11110_2022_종로구.xlsx"].status == "added"
    assert _years(db) == [2021, 2022]


def test_the_cli_ingest_reports_the_fault_and_stores_the_others(collection, tmp_path, monkeypatch, capsys):
    _fault_for("11110_2022_가운데.xlsx", monkeypatch)
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(collection), "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert INTERNAL_ERROR in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert _years(db) == [2021, 2022]


def test_validate_goes_on_after_a_fault_in_one_file(collection, monkeypatch, capsys):
    _fault_for("11110_2021_종로구.xlsx", monkeypatch)
    assert main(["validate", str(collection)]) == 1
    out = capsys.readouterr().out
    assert INTERNAL_ERROR in out and "Traceback" not in out
    assert "11110_2022_종로구.xlsx" in out and "11110_2022_가운데.xlsx" in out  # both still validated
    assert out.count("오류 0건") >= 1


def test_a_csv_field_over_the_csv_limit_refuses_only_its_submission(collection, tmp_path):
    """A real failure, no injection: one CSV with a 140,000-character quoted field."""
    bad = collection / "11110_2023_csv"
    shutil.copytree(GOOD_CSV, bad)
    text = (bad / "모니터링의견.csv").read_text(encoding="utf-8")
    (bad / "모니터링의견.csv").write_text(text + '11110,2023,I-1-2,연구기획분과,"' + "가" * 140_000 + '",,\n',
                                     encoding="utf-8")
    db = tmp_path / "w.duckdb"
    results = ingest(sorted(collection.iterdir()), db, jobs=1)
    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert [r.file for r in refused] == ["11110_2023_csv"]
    assert sorted(r.status for r in results if not isinstance(r, ValidationFailed)) == ["added"] * 3
    assert _years(db) == [2021, 2022, 2023]


def test_a_submission_that_kills_its_reading_worker_refuses_only_it(collection, tmp_path, monkeypatch):
    """A worker killed while reading one file (as the kernel kills a process out of memory):
    that file is read again alone, in a process of its own (never in the writer), and refused."""
    import os
    import signal

    real = validation_module.validate
    writer = os.getpid()

    def killing(path, *args, **kwargs):
        if Path(path).name == "11110_2022_가운데.xlsx":
            assert os.getpid() != writer, "the killing file must never be read in the writer"
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args, **kwargs)

    for module in (validation_module, readers_module, store_module):
        monkeypatch.setattr(module, "validate", killing)
    db = tmp_path / "w.duckdb"
    results = ingest(sorted(collection.iterdir()), db, jobs=2)
    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert [(r.file, r.problems[0].rule) for r in refused] == [("11110_2022_가운데.xlsx", INTERNAL_ERROR)]
    assert "비정상 종료" in refused[0].problems[0].reason_ko
    assert _years(db) == [2021, 2022]
