"""Test helpers: a real small disk (tmpfs) and a read-only folder (a read-only bind mount).

Both need the right to mount (root in a container that allows it); the tests that use
them inject the same fault by other means when mounting is not permitted.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from pathlib import Path


def _mount(*args: str) -> bool:
    if shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", *args], capture_output=True, check=False)
    return done.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@contextlib.contextmanager
def small_disk(folder: Path, size_bytes: int):
    """Mount a tmpfs of ``size_bytes`` on ``folder``; yields whether it is mounted."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = _mount("-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", str(folder))
    try:
        yield mounted
    finally:
        if mounted:
            _umount(folder)


@contextlib.contextmanager
def read_only_view(source: Path, view: Path):
    """Mount ``source`` read-only on ``view``; yields whether it is mounted."""
    view.mkdir(parents=True, exist_ok=True)
    mounted = _mount("--bind", str(source), str(view))
    if mounted and not _mount("-o", "remount,ro,bind", str(view)):
        _umount(view)
        mounted = False
    try:
        yield mounted
    finally:
        if mounted:
            _umount(view)


def fill(folder: Path) -> Path:
    """Fill the disk of ``folder`` to the last byte with one file; return it."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as handle:
        for chunk in (b"\0" * 65536, b"\0" * 512, b"\0"):  # big pieces, then the last bytes
            try:
                while handle.write(chunk):
                    pass
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
    os.sync()
    return filler
