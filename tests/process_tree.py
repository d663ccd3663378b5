"""Test helpers: the processes a command started, followed through ``/proc``.

Shared by the tests that kill a command (``kill -9``) and check that none of its
worker processes or kernels is left behind.
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import time


def children(pid: int) -> set[int]:
    """Direct children of a process (every thread's)."""
    found: set[int] = set()
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            with open(path) as handle:
                found |= {int(p) for p in handle.read().split()}
        except OSError:
            continue
    return found


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (children, their children …)."""
    seen: set[int] = set()
    todo = [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def command_line(pid: int) -> str:
    """A process's command line ('' when gone)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def wait_for(predicate, timeout: float, step: float = 0.05) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds have passed; its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


def kill_all(pids) -> None:
    """SIGKILL every process of ``pids`` still alive (cleaning up after a failed check)."""
    for pid in pids:
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
