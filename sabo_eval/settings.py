"""The ``SABO_EVAL_*`` environment variables, read and checked in one place.

Every variable the package reads is listed in :data:`VARIABLES`. Numbers are read
by :func:`env_number`, which refuses text that is no number, and a number outside
its documented range, with a message naming the variable (never a traceback).
:func:`check_environment` checks them all before a command starts, so that a bad
value is named once, at the start, rather than deep inside an ingest or a run.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from .errors import SaboEvalError

__all__ = [
    "VARIABLES",
    "SCHEDULER_TIMEOUT",
    "EnvironmentValueError",
    "env_number",
    "scheduler_timeout",
    "codebook_path",
    "SURVEY_MIN_N",
    "survey_min_n",
    "check_environment",
]

#: Every environment variable the package reads, with what it sets.
VARIABLES = {
    "SABO_EVAL_DB": "창고 파일 경로 / the warehouse file",
    "SABO_EVAL_LOCK_WAIT": "잠긴 창고를 기다릴 초 (0–86400) / seconds to wait for a locked warehouse (0–86400)",
    "SABO_EVAL_INGEST_JOBS": "입력 시 읽기 작업자 수 (1–64) / reading workers of an ingest (1–64)",
    "SABO_EVAL_SYNONYMS": "추가 코드 동의어 표 (CSV) / an extra code synonym table (CSV)",
    "SABO_EVAL_SCHEDULER_TIMEOUT": "Dask 스케줄러 연결 대기 초 (1–3600) / seconds to wait for a Dask scheduler (1–3600)",
    "SABO_EVAL_CODEBOOK": "토의·의견 주제 코드북 (YAML/CSV) / the theme codebook of minutes and opinions (YAML or CSV)",
    "SABO_EVAL_SURVEY_MIN_N": (
        "설문 문항을 보여 줄 최소 응답자 수 (정수 1–1000, 기본 5) / fewest answers an item is shown with (whole, 1–1000; 5)"
    ),
}


class EnvironmentValueError(SaboEvalError):
    """An environment variable holds a value that cannot be used."""


def _refuse(name: str, text: str, expected_ko: str, expected_en: str) -> EnvironmentValueError:
    shown = text if len(text) <= 40 else text[:40] + "…"
    return EnvironmentValueError(
        f"환경 변수 {name}의 값 '{shown}'을(를) 쓸 수 없습니다 — {expected_ko}, 또는 변수를 지우세요",
        f"environment variable {name} holds '{shown}', which cannot be used; {expected_en}, or unset it",
    )


def env_number(name: str, default: float, *, minimum: float, maximum: float, integer: bool = False) -> float:
    """The number an environment variable holds, ``default`` when it is unset or blank.

    Parameters
    ----------
    name : str
        The variable (one of :data:`VARIABLES`).
    default : float
        Used when the variable is unset or blank.
    minimum, maximum : float
        The accepted range, inclusive.
    integer : bool
        Only whole numbers are accepted (and an ``int`` is returned).

    Returns
    -------
    float or int

    Raises
    ------
    EnvironmentValueError
        When the value is no number, not whole when it must be, not finite or out of range.
    """
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    kind_ko, kind_en = ("정수", "a whole number") if integer else ("수", "a number")
    expected = (f"{minimum:g}~{maximum:g} 사이의 {kind_ko}를 쓰세요", f"write {kind_en} from {minimum:g} to {maximum:g}")
    try:
        value = float(text)
    except ValueError:
        raise _refuse(name, text, *expected) from None
    if not math.isfinite(value) or not minimum <= value <= maximum or integer and not value.is_integer():
        raise _refuse(name, text, *expected)
    return int(value) if integer else value


def check_environment() -> None:
    """Check every ``SABO_EVAL_*`` variable that is set (see :data:`VARIABLES`).

    Raises
    ------
    EnvironmentValueError
        At the first variable whose value cannot be used.
    """
    from .warehouse.connection import lock_wait_seconds
    from .warehouse.readers import ingest_jobs_setting

    lock_wait_seconds()
    ingest_jobs_setting()
    scheduler_timeout()
    survey_min_n()
    _check_synonyms()
    _check_codebook()
    db = os.environ.get("SABO_EVAL_DB", "").strip()
    if db and Path(db).expanduser().is_dir():
        raise _refuse("SABO_EVAL_DB", db, "폴더가 아니라 창고 파일 경로를 쓰세요", "give the path of a warehouse file, not a folder")


#: Seconds :func:`scheduler_timeout` gives by default: how long ``run --scheduler``
#: waits for a Dask scheduler before giving up with a message.
SCHEDULER_TIMEOUT = 10.0


def scheduler_timeout(seconds: float | None = None) -> float:
    """Seconds to wait for a Dask scheduler: ``seconds``, else ``$SABO_EVAL_SCHEDULER_TIMEOUT``, else 10.

    Raises
    ------
    EnvironmentValueError
        When the variable's value cannot be used.
    """
    if seconds is not None:
        return float(seconds)
    return env_number("SABO_EVAL_SCHEDULER_TIMEOUT", SCHEDULER_TIMEOUT, minimum=1, maximum=3600)


#: Fewest answers a survey item (or a group of respondents) is shown with by default:
#: fewer and its figures are suppressed, so that no respondent can be recognised.
SURVEY_MIN_N = 5


def survey_min_n(min_n: int | None = None) -> int:
    """Fewest answers a survey figure is shown with: ``min_n``, else ``$SABO_EVAL_SURVEY_MIN_N``, else 5.

    Parameters
    ----------
    min_n : int, optional
        A threshold given by the caller (a parameter wins over the variable).

    Returns
    -------
    int
        A whole number from 1 to 1000.

    Raises
    ------
    EnvironmentValueError
        When the variable's value is no whole number from 1 to 1000.

    Examples
    --------
    >>> survey_min_n(10)
    10
    """
    if min_n is not None:
        return int(min_n)
    return env_number("SABO_EVAL_SURVEY_MIN_N", SURVEY_MIN_N, minimum=1, maximum=1000, integer=True)


def _check_synonyms() -> None:
    """The extra synonym table named by ``SABO_EVAL_SYNONYMS`` can be read."""
    from .intake.synonyms import ENV_VARIABLE, load_synonyms

    extra = os.environ.get(ENV_VARIABLE, "").strip()
    if not extra:
        return
    if not Path(extra).is_file():
        raise _refuse(ENV_VARIABLE, extra, "있는 CSV 파일의 경로를 쓰세요", "give the path of an existing CSV file")
    try:
        load_synonyms(extra)
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise _refuse(ENV_VARIABLE, extra, f"읽을 수 있는 동의어 표를 쓰세요({exc})", f"give a readable synonym table ({exc})") from None


def codebook_path() -> Path | None:
    """The codebook file named by ``$SABO_EVAL_CODEBOOK``, None when it is unset or blank."""
    text = os.environ.get("SABO_EVAL_CODEBOOK", "").strip()
    return Path(text).expanduser() if text else None


def _check_codebook() -> None:
    """The codebook named by ``SABO_EVAL_CODEBOOK`` can be read."""
    from .text.codebook import load_codebook

    path = codebook_path()
    if path is None:
        return
    if not path.is_file():
        raise _refuse("SABO_EVAL_CODEBOOK", str(path), "있는 YAML/CSV 코드북 파일의 경로를 쓰세요", "give the path of an existing YAML or CSV codebook")
    try:
        load_codebook(path)
    except SaboEvalError as exc:
        raise _refuse("SABO_EVAL_CODEBOOK", str(path), f"읽을 수 있는 코드북을 쓰세요({exc.message_ko})", f"give a readable codebook ({exc.message_en})") from None
