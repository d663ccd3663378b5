"""The processes of a run die with it: ``kill -9`` of ``sabo-eval run`` leaves no worker or kernel behind."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from process_tree import alive, command_line, descendants, kill_all, wait_for

from sabo_eval.warehouse.store import ingest

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good" / "11110_2023_minimal.xlsx"


def _kernels(pid: int) -> list[int]:
    return [p for p in descendants(pid) if "ipykernel" in command_line(p)]


def test_killing_a_run_leaves_no_worker_and_no_kernel(tmp_path):
    db = tmp_path / "w.duckdb"
    (result,) = ingest([GOOD], db)
    assert result.status == "added"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "sabo_eval.cli", "run", "--year", "2023", "--db", str(db), "--out",
               str(tmp_path / "out"), "--jobs", "1", "--no-cache"]
    run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    started: set[int] = set()
    try:
        assert wait_for(lambda: _kernels(run.pid), 120, step=0.05), "no kernel started"
        started = descendants(run.pid)
        assert run.poll() is None, "the run ended before it could be killed"
        os.kill(run.pid, signal.SIGKILL)  # the run's own process only; its workers and kernels must follow
        run.wait()
        assert wait_for(lambda: not any(alive(p) for p in started), 10), [command_line(p) for p in started if alive(p)]
    finally:
        kill_all(started)
