"""Worker processes die with their parent: the parent-death signal, and the parent check alone."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from process_tree import alive, kill_all, wait_for

from sabo_eval.processes import PARENT_GONE_EXIT, die_with_parent

ROOT = Path(__file__).resolve().parents[1]

# A parent that starts one child and waits; the child calls die_with_parent and sleeps.
PARENT = textwrap.dedent(
    """
    import subprocess, sys, time
    child = subprocess.Popen([sys.executable, "-c", sys.argv[1]])
    print(child.pid, flush=True)
    time.sleep(600)
    """
)
CHILD = textwrap.dedent(
    """
    import time
    import sabo_eval.processes as processes
    if {no_signal}:
        processes.parent_death_signal = lambda: False  # injected: a system without prctl
    processes.die_with_parent()
    print("ready", flush=True)
    time.sleep(600)
    """
)


def _orphan_lifetime(no_signal: bool) -> bool:
    """Start parent → child, kill -9 the parent; whether the child ended within 3 s."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, "-c", PARENT, CHILD.format(no_signal=no_signal)], env=env,
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    child = int(parent.stdout.readline())
    try:
        assert wait_for(lambda: alive(child), 10)
        import time

        time.sleep(1.0)  # the child has set itself up
        assert alive(child)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        return wait_for(lambda: not alive(child), 3)
    finally:
        kill_all([child])
        parent.stdout.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_child_dies_at_once_with_its_killed_parent():
    assert _orphan_lifetime(no_signal=False)


def test_without_the_signal_the_parent_check_ends_the_child():
    assert _orphan_lifetime(no_signal=True)


def test_a_process_whose_parent_is_already_gone_ends_at_once():
    pid = os.fork()
    if pid == 0:  # the child: claims a parent that is not its own
        try:
            die_with_parent(parent=os.getppid() + 1_000_000)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == PARENT_GONE_EXIT
