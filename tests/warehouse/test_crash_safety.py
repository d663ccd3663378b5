"""Crash safety and concurrency with real processes: SIGKILL at random moments,
concurrent ingest and runs, and a locked warehouse.

The kill tests run 20 trials each (fixed random seed): after every kill the
warehouse opens, each submission is either fully present or absent, every report is
complete, and a final re-run completes.
"""

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from sabo_eval.errors import WarehouseLocked
from sabo_eval.intake.readers import find_submissions
from sabo_eval.warehouse.store import Warehouse, ingest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TRIALS = 20
CLI = [sys.executable, "-m", "sabo_eval.cli"]


def _start(args: list[str], env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, **(env or {})},
    )


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # the command and its children (kernels)
    process.wait()


def _assert_consistent(db: Path) -> dict[tuple[str, int], dict]:
    """Each current submission's rows are all there; no rows without a submission."""
    with Warehouse(db, read_only=True, lock_wait=30) as wh:
        current = wh.query("SELECT district_code, year, row_counts FROM submissions WHERE is_current")
        per_pair = wh.query("SELECT district_code, year, count(*) AS n FROM submissions WHERE is_current GROUP BY 1, 2")
        assert (per_pair["n"] == 1).all()
        expected = {(r.district_code, int(r.year)): json.loads(r.row_counts) for r in current.itertuples()}
        for table in ("members", "meetings", "attendance", "plan_items", "indicators", "budget", "opinions", "services"):
            found = wh.query(f"SELECT district_code, year, count(*) AS n FROM {table} GROUP BY 1, 2")
            got = {(r.district_code, int(r.year)): int(r.n) for r in found.itertuples()}
            for pair, counts in expected.items():
                assert got.get(pair, 0) == counts[table], (table, pair)
            assert set(got) <= set(expected), table  # nothing from a half-written submission
    return expected


def test_killed_ingests_leave_every_submission_whole(tmp_path):
    rng = random.Random(2026)
    db = tmp_path / "w.duckdb"
    for _trial in range(TRIALS):
        process = _start(["ingest", str(SAMPLE), "--db", str(db)])
        time.sleep(rng.uniform(0.3, 3.0))
        _kill(process)
        if db.exists():
            _assert_consistent(db)
    submissions = find_submissions(SAMPLE)  # not the minutes folder (discussions/)
    results = ingest(submissions, db)  # the re-run completes
    assert all(getattr(r, "status", None) in ("added", "replaced", "unchanged") for r in results)
    final = _assert_consistent(db)
    assert len(final) == len(submissions)


def _two_districts(root: Path) -> Path:
    copy = root / "11140_2023_copy"
    shutil.copytree(FIXTURES / "good" / "11110_2023_csv_utf8", copy)
    for csv_file in copy.glob("*.csv"):
        csv_file.write_text(csv_file.read_text(encoding="utf-8").replace("11110", "11140"), encoding="utf-8")
    db = root / "w.duckdb"
    ingest([FIXTURES / "good" / "11110_2023_minimal.xlsx", copy], db)
    return db


def _assert_reports_complete(year_dir: Path) -> None:
    for page in year_dir.glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page.name
    for book in year_dir.glob("*.xlsx"):
        with zipfile.ZipFile(book) as archive:
            assert archive.testzip() is None, book.name


def test_killed_runs_leave_old_or_complete_reports(tmp_path):
    rng = random.Random(7)
    db = _two_districts(tmp_path)
    out = tmp_path / "out"
    args = ["run", "--year", "2023", "--db", str(db), "--out", str(out), "--jobs", "2", "--no-cache"]
    first = subprocess.run(CLI + args, capture_output=True, timeout=300, check=False)
    assert first.returncode == 0
    for _trial in range(TRIALS):
        process = _start(args)
        time.sleep(rng.uniform(0.5, 7.0))
        _kill(process)
        _assert_reports_complete(out / "2023")
        assert {p.name for p in (out / "2023").glob("*.html")} >= {"11110.html", "11140.html", "index.html"}
    again = subprocess.run(CLI + args[:-1], capture_output=True, timeout=300, check=False)  # with the cache
    assert again.returncode == 0
    manifest = json.loads((out / "2023" / "manifest.json").read_text(encoding="utf-8"))
    assert {d["status"] for d in manifest["districts"].values()} <= {"ok", "cached"}


def test_ingest_while_a_run_reads_and_two_runs_at_once(tmp_path):
    db = _two_districts(tmp_path)
    out = tmp_path / "out"
    runs = [_start(["run", "--year", "2023", "--db", str(db), "--out", str(out), "--no-cache"]) for _ in range(2)]
    time.sleep(1.0)
    extra = tmp_path / "11170_2023_extra"
    shutil.copytree(FIXTURES / "good" / "11110_2023_csv_utf8", extra)
    for csv_file in extra.glob("*.csv"):
        csv_file.write_text(csv_file.read_text(encoding="utf-8").replace("11110", "11170"), encoding="utf-8")
    (result,) = ingest([extra], db)  # waits (bounded) while the runs hold the file for reading
    assert result.status == "added"
    assert [r.wait(timeout=300) for r in runs] == [0, 0]
    _assert_reports_complete(out / "2023")
    json.loads((out / "2023" / "manifest.json").read_text(encoding="utf-8"))
    _assert_consistent(db)


def test_locked_warehouse_gives_a_bilingual_message_after_a_bounded_wait(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([FIXTURES / "good" / "11110_2023_minimal.xlsx"], db)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        with pytest.raises(WarehouseLocked) as err:
            Warehouse(db, lock_wait=1.5)
        assert 1.0 <= time.monotonic() - started < 10
        assert "사용 중" in err.value.message_ko and "locked" in err.value.message_en
        cli = subprocess.run(
            CLI + ["ingest", str(FIXTURES / "good" / "11110_2023_minimal.xlsx"), "--db", str(db)],
            capture_output=True, text=True, timeout=60, env={**os.environ, "SABO_EVAL_LOCK_WAIT": "1"}, check=False,
        )
        assert cli.returncode == 2
        assert "창고가 다른 작업에 사용 중입니다" in cli.stdout and "locked by another process" in cli.stdout
    finally:
        holder.kill()
        holder.wait()
