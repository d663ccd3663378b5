"""The reading workers of an ingest die with it: ``kill -9`` of the ingest leaves no process behind."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from process_tree import alive, command_line, descendants, kill_all, wait_for

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reading workers are forked on Linux only")
def test_killing_an_ingest_leaves_no_reading_worker(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SABO_EVAL_INGEST_JOBS": "2"}
    command = [sys.executable, "-m", "sabo_eval.cli", "ingest", str(SAMPLE), "--db", str(tmp_path / "w.duckdb")]
    ingest = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    workers: set[int] = set()
    try:
        assert wait_for(lambda: len(descendants(ingest.pid)) >= 2, 60, step=0.01), "no reading workers started"
        workers = descendants(ingest.pid)
        assert ingest.poll() is None, "the ingest ended before it could be killed"
        assert all("sabo_eval.cli ingest" in command_line(p) for p in workers)  # forked readers
        os.kill(ingest.pid, signal.SIGKILL)  # the writer only, as an operator's kill -9 would
        ingest.wait()
        assert wait_for(lambda: not any(alive(p) for p in workers), 5), [command_line(p) for p in workers if alive(p)]
    finally:
        kill_all(workers)
        if ingest.poll() is None:
            os.killpg(ingest.pid, signal.SIGKILL)
