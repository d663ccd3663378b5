"""The package runs on Windows: no POSIX-only call outside the places that guard it, and no
file name it writes holds a character Windows refuses (issue 19, part 7; docs/windows.md)."""

from __future__ import annotations

import re
from pathlib import Path

from sabo_eval.fault_log import write_traceback
from sabo_eval.run.publish import run_log_path

PACKAGE = Path(__file__).resolve().parent.parent / "sabo_eval"

#: Calls and names that exist only on POSIX systems (or only on Linux).
POSIX_ONLY = {
    "fcntl": r"\bfcntl\b",
    "fork": r"\bos\.fork\b|get_context\(\s*[\"']fork[\"']\s*\)",
    "process groups and users": r"\bos\.(killpg|getpgid|setsid|setpgrp|getuid|geteuid|getgid|chown)\b",
    "POSIX signals": r"\bsignal\.(SIGKILL|SIGHUP|SIGALRM|SIGUSR1|SIGUSR2|SIGCHLD|alarm|setitimer|pause)\b",
    "Linux scheduling": r"\bos\.sched_\w+",
    "prctl": r"\bprctl\b",
    "POSIX-only modules": r"^\s*(import|from)\s+(pwd|grp|resource|termios|tty|pty)\b",
    "POSIX-only open flags": r"\bos\.O_(NONBLOCK|NOCTTY|NOFOLLOW|CLOEXEC)\b",
    "POSIX file system calls": r"\bos\.(mkfifo|mknod|statvfs|sync|getloadavg)\b",
    "fixed POSIX paths": r"[\"']/(tmp|proc|dev)/",
}

#: Where a POSIX-only call is allowed, because a platform check (or an error it catches) guards it.
GUARDED = {
    ("run/file_lock.py", "fcntl"),  # sys.platform == "win32" takes msvcrt
    ("processes.py", "prctl"),  # only on sys.platform linux
    ("processes.py", "POSIX signals"),  # SIGKILL inside the Linux branch
    ("warehouse/readers.py", "fork"),  # only on sys.platform linux
    ("warehouse/readers.py", "Linux scheduling"),  # AttributeError → 1 worker
    ("run/execute.py", "fixed POSIX paths"),  # /proc/<pid>/status; OSError → no figure
}


def _findings() -> set[tuple[str, str]]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        code = "\n".join(line.split("#")[0] for line in path.read_text(encoding="utf-8").splitlines())
        code = re.sub(r'"""[\s\S]*?"""', "", code)  # docstrings name these calls in prose
        for what, pattern in POSIX_ONLY.items():
            if re.search(pattern, code, re.MULTILINE):
                found.add((path.relative_to(PACKAGE).as_posix(), what))
    return found


def test_no_posix_only_call_outside_guarded_places():
    unguarded = sorted(_findings() - GUARDED)
    assert not unguarded, f"POSIX-only calls without a platform guard (see docs/windows.md): {unguarded}"


def test_the_guarded_places_are_still_there():
    """A guard listed here that the code no longer needs is removed from the list."""
    assert sorted(GUARDED - _findings()) == []


WINDOWS_REFUSED = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def test_the_run_log_name_is_a_valid_windows_file_name(tmp_path):
    name = run_log_path(tmp_path, "run").name
    assert name.startswith("run-") and name.endswith(".log")
    assert not WINDOWS_REFUSED.search(name), name


def test_the_fault_log_name_is_a_valid_windows_file_name(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    try:
        raise ValueError("x")
    except ValueError as exc:
        path = write_traceback(exc, "sabo-eval test")
    assert path is not None and path.is_relative_to(tmp_path)
    assert not WINDOWS_REFUSED.search(path.name), path.name


def test_the_publish_lock_has_a_windows_branch():
    text = (PACKAGE / "run" / "file_lock.py").read_text(encoding="utf-8")
    assert "msvcrt.locking" in text and 'sys.platform == "win32"' in text
