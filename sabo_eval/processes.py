"""Worker processes that die with the process that started them.

A worker pool's processes wait for work on a pipe whose writing end they inherited
themselves, so they never see it close: after ``kill -9`` of an ``ingest`` or a
``run`` they would live on, holding memory, forever. Every process sabo_eval starts
calls :func:`die_with_parent` first: on Linux the kernel sends it ``SIGKILL`` when its
parent dies (``prctl(PR_SET_PDEATHSIG)``), and on every system a daemon thread checks
every :data:`PARENT_CHECK_SECONDS` that its parent is still the one that started it
and ends the process when it is not. Kernels started by a worker end with it too
(ipykernel watches its parent, ``JPY_PARENT_PID``), so killing any process of a run
leaves nothing of it behind within seconds.

Imports nothing heavy: worker processes of the run import it.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time

__all__ = ["PARENT_CHECK_SECONDS", "PARENT_GONE_EXIT", "die_with_parent", "parent_death_signal"]

logger = logging.getLogger(__name__)

#: Seconds between two checks of the parent process (the fallback of the parent-death
#: signal, and the only mechanism outside Linux).
PARENT_CHECK_SECONDS = 0.5
#: Exit status of a worker that ends because its parent is gone.
PARENT_GONE_EXIT = 70

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_watching: int | None = None


def parent_death_signal() -> bool:
    """Ask Linux to send this process ``SIGKILL`` when its parent dies.

    Returns
    -------
    bool
        Whether the signal is set (False outside Linux or when ``prctl`` fails).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError) as exc:  # no libc prctl: the parent check remains
        logger.debug("no parent-death signal: %s", exc)
        return False


def _watch_parent(parent: int, interval: float) -> None:
    """End this process as soon as its parent is no longer ``parent`` (run in a daemon thread)."""
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os._exit(PARENT_GONE_EXIT)


def die_with_parent(parent: int | None = None, *, interval: float = PARENT_CHECK_SECONDS) -> None:
    """Make this (worker) process end when its parent process ends.

    Call it first thing in a worker (a pool's ``initializer``). Sets the parent-death
    signal (Linux) and starts a daemon thread checking the parent every ``interval``
    seconds; ends at once when the parent is already gone.

    Parameters
    ----------
    parent : int, optional
        The parent's process id (default: the current parent).
    interval : float
        Seconds between two checks of the parent.
    """
    global _watching  # noqa: PLW0603
    parent = os.getppid() if parent is None else parent
    parent_death_signal()
    if os.getppid() != parent:  # died before the signal was set
        os._exit(PARENT_GONE_EXIT)
    if _watching == os.getpid():  # already watching (called twice in one process)
        return
    _watching = os.getpid()
    threading.Thread(target=_watch_parent, args=(parent, interval), name="parent-watch", daemon=True).start()
