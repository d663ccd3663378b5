"""An exclusive lock on an open file that works on Linux, macOS and Windows.

``fcntl.flock`` exists only on POSIX systems; Windows has ``msvcrt.locking``. Both
locks are held by the process until released or until the file is closed, so a
process that dies never leaves a folder locked.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import IO

__all__ = ["exclusive_lock"]

#: Seconds between two attempts at a lock another process holds (Windows).
RETRY_SECONDS = 0.05


@contextlib.contextmanager
def exclusive_lock(handle: IO) -> Iterator[None]:
    """Hold an exclusive lock on ``handle``'s file for the block, waiting for it as long as needed.

    Parameters
    ----------
    handle : file object
        An open file (any mode); on Windows its first byte is what is locked.
    """
    if sys.platform == "win32":
        with _windows_lock(handle):
            yield
        return
    import fcntl

    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _windows_lock(handle: IO) -> Iterator[None]:
    """``msvcrt.locking`` on the file's first byte, retried until the other holder lets go."""
    import msvcrt

    fd = handle.fileno()
    while True:
        handle.seek(0)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            break
        except OSError:  # held by another process
            time.sleep(RETRY_SECONDS)
    try:
        yield
    finally:
        handle.seek(0)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
