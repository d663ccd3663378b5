"""Unexpected exceptions: the traceback goes to a log file, the user reads one line.

A fault sabo_eval did not foresee (a bug, a library failing on a hostile file) must
never print a traceback at the user, and must never take other submissions down
with it. :func:`write_traceback` keeps the traceback in a file under
:func:`log_dir` (the system's temporary folder, ``sabo-eval-logs``) and returns its
path; :func:`internal_problem` turns the fault of one submission into a problem of
that submission (rule ``internal_error``) naming that file.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import traceback
from pathlib import Path

from .intake.problems import Problem

__all__ = ["INTERNAL_ERROR", "log_dir", "write_traceback", "internal_problem"]

logger = logging.getLogger(__name__)

#: The problem rule of a submission whose reading, validation or storing failed unexpectedly.
INTERNAL_ERROR = "internal_error"


def log_dir() -> Path:
    """The folder that keeps the tracebacks of unexpected faults (``<temp>/sabo-eval-logs``)."""
    return Path(tempfile.gettempdir()) / "sabo-eval-logs"


def write_traceback(exc: BaseException, what: str) -> Path | None:
    """Write ``exc``'s traceback to a new file under :func:`log_dir`; its path (None when it cannot).

    The traceback is also logged at DEBUG level (shown with ``--verbose``).

    Parameters
    ----------
    exc : BaseException
        The unexpected exception.
    what : str
        What was being done (a command, a file name), written first in the file.

    Returns
    -------
    Path or None
    """
    text = "".join(traceback.format_exception(exc))
    logger.debug("unexpected error while %s:\n%s", what, text)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"fault-{stamp}-{os.getpid()}.log"
        path.write_text(f"{what}\n\n{text}", encoding="utf-8")
    except OSError:
        return None
    return path


def internal_problem(file_name: str, exc: BaseException) -> Problem:
    """The problem of a submission whose handling raised ``exc`` unexpectedly (rule ``internal_error``).

    Parameters
    ----------
    file_name : str
        The submission's file or folder name.
    exc : BaseException

    Returns
    -------
    Problem
        Korean and English reasons naming the kind of fault and the log file.
    """
    where = write_traceback(exc, f"reading, validating or storing {file_name}")
    kind = type(exc).__name__
    log_ko = f" 자세한 기록: {where}" if where else ""
    log_en = f" details: {where}" if where else ""
    return Problem(
        file_name, "", None, "", "",
        f"이 제출 자료를 처리하던 중 예기치 않은 오류({kind})가 났습니다 — 이 자료만 받지 않았고 다른 자료는 계속 "
        f"처리했습니다. 파일을 Excel에서 열어 다시 저장해 제출하거나 관리자에게 알려 주세요.{log_ko}",
        f"an unexpected error ({kind}) occurred while handling this submission; only it was refused and the "
        f"others were processed. Save the file again from Excel and resubmit, or tell the maintainers.{log_en}",
        INTERNAL_ERROR,
    )
