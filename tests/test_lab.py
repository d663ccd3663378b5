"""``make lab`` (issue 20, part 5): JupyterLab on ``notebooks/`` with the demo warehouse,
on this computer only, ``--allow-root`` only for root. The command is built for root
and for a normal user; then JupyterLab really starts as the current user on a free port,
answers on 127.0.0.1, and is stopped."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from script_support import load_script

ROOT = Path(__file__).resolve().parent.parent
lab = load_script("lab")


def _flags(command: list[str]) -> list[str]:
    return command[command.index("jupyterlab") + 1:]


def test_root_gets_allow_root_and_a_normal_user_does_not():
    assert "--allow-root" in _flags(lab.lab_command(0))
    for uid in (1, 1000, 65534):
        assert "--allow-root" not in _flags(lab.lab_command(uid))


@pytest.mark.parametrize("uid", [0, 1000])
def test_it_listens_on_localhost_without_a_browser_in_notebooks(uid):
    flags = _flags(lab.lab_command(uid, port=8899))
    assert "--ServerApp.ip=127.0.0.1" in flags and "--no-browser" in flags
    assert f"--ServerApp.root_dir={ROOT / 'notebooks'}" in flags
    assert "--ServerApp.port=8899" in flags
    assert not any(flag.startswith("--ip=") or "0.0.0.0" in flag for flag in flags)


def test_the_notebooks_read_the_demo_warehouse_never_the_users():
    environment = lab.lab_environment({"SABO_EVAL_DB": "/home/user/내창고.duckdb", "HOME": "/home/user"})
    assert environment["SABO_EVAL_DB"] == str(ROOT / "data" / "demo.duckdb")
    assert environment["HOME"] == "/home/user"
    ingest = lab.ingest_command("python")
    assert ingest[ingest.index("--db") + 1] == str(ROOT / "data" / "demo.duckdb")
    assert ingest[ingest.index("ingest") + 1] == str(ROOT / "data" / "sample")


def test_print_shows_the_commands_for_the_current_user(capsys):
    assert lab.main(["--print"]) == 0
    ingest_line, lab_line = capsys.readouterr().out.splitlines()
    assert "ingest" in ingest_line and "data/demo.duckdb" in ingest_line
    assert lab_line.startswith(f"SABO_EVAL_DB={ROOT / 'data' / 'demo.duckdb'} ")
    assert ("--allow-root" in lab_line) == (os.getuid() == 0)


def test_the_makefile_runs_the_script():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/lab.py" in recipe
    assert "sabo-eval ingest data/sample\n" not in makefile  # the old recipe wrote into the user's warehouse


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answer(port: int, deadline: float) -> dict:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as response:
                return json.load(response)
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"JupyterLab did not answer on 127.0.0.1:{port}")


def _outside_address() -> str | None:
    """An address of this computer that is not loopback (None when it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for UDP
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX user ids")
def test_jupyterlab_starts_as_the_current_user_and_answers_only_on_localhost(tmp_path):
    port = _free_port()
    environment = {**lab.lab_environment(), "JUPYTER_RUNTIME_DIR": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path)}
    server = subprocess.Popen(lab.lab_command(os.getuid(), port), env=environment, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        assert "version" in _answer(port, time.monotonic() + 30)
        outside = _outside_address()
        if outside:
            with pytest.raises(OSError):
                socket.create_connection((outside, port), timeout=2).close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert server.returncode is not None
