"""Limits on what a submitted file may make the reader do, checked before any parser runs.

Every limit is far above any real submission (the largest real workbooks hold a few
thousand rows of a dozen columns, and inflate to a few MB) and far below what would
exhaust one process: with them, any input file is validated in at most about 1 GiB of
memory and a minute, or refused naming the limit it broke (rule ``oversized_file``).

Each limit can be changed for one run with the environment variable named in
:data:`LIMITS` (a whole number, e.g. ``SABO_EVAL_MAX_SHEET_CELLS=3000000``); the value
is read each time it is used, and a value that is not a positive whole number stops the
command with a message naming the variable.
"""

from __future__ import annotations

import os

from ..errors import SaboEvalError

__all__ = ["LIMITS", "limit", "LimitSettingError"]

#: Bytes of a submitted file (a workbook, or one text sheet of a folder).
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Entries (members) of a workbook's zip package; real workbooks hold a few dozen.
MAX_ZIP_ENTRIES = 2_000
#: Bytes one zip member inflates to (a worksheet, the shared strings …), counted while
#: inflating (the sizes a zip declares can lie).
MAX_PART_BYTES = 64 * 1024 * 1024
#: Bytes all members of a zip package inflate to together.
MAX_INFLATED_BYTES = 128 * 1024 * 1024
#: Inflated bytes per compressed byte of a member over 5 MiB; real parts stay below 40.
MAX_COMPRESSION_RATIO = 200
#: Cells in the rectangle from A1 to a sheet's last cell holding something (rows × columns),
#: also what a sheet's ``<dimension ref>`` may claim: readers allocate the whole rectangle.
MAX_SHEET_CELLS = 1_000_000
#: Cells of all sheets' rectangles together.
MAX_WORKBOOK_CELLS = 2_000_000
#: Strings of a workbook's shared-string table (its ``count``/``uniqueCount`` claims too).
MAX_SHARED_STRINGS = 1_000_000
#: Records of a binary ``.xls`` workbook stream read before it is refused (a real one of
#: 100,000 rows × 12 columns holds about 1.3 million).
MAX_XLS_RECORDS = 5_000_000
#: Characters of text in all cells (a shared string counts once per cell using it) and formulas.
MAX_TEXT_CHARS = 50_000_000

#: Environment variable → (default, what it limits in Korean, in English).
LIMITS: dict[str, tuple[int, str, str]] = {
    "SABO_EVAL_MAX_FILE_BYTES": (MAX_FILE_BYTES, "파일 크기(바이트)", "file size (bytes)"),
    "SABO_EVAL_MAX_ZIP_ENTRIES": (MAX_ZIP_ENTRIES, "압축 파일 안의 항목 수", "entries in the zip package"),
    "SABO_EVAL_MAX_PART_BYTES": (MAX_PART_BYTES, "압축을 푼 항목 하나의 크기(바이트)", "inflated size of one part (bytes)"),
    "SABO_EVAL_MAX_INFLATED_BYTES": (MAX_INFLATED_BYTES, "압축을 푼 전체 크기(바이트)", "inflated size of all parts (bytes)"),
    "SABO_EVAL_MAX_COMPRESSION_RATIO": (MAX_COMPRESSION_RATIO, "압축률", "compression ratio"),
    "SABO_EVAL_MAX_SHEET_CELLS": (MAX_SHEET_CELLS, "시트 하나의 셀 범위(행×열)", "cell range of one sheet (rows × columns)"),
    "SABO_EVAL_MAX_WORKBOOK_CELLS": (MAX_WORKBOOK_CELLS, "통합문서 전체의 셀 범위", "cell ranges of all sheets"),
    "SABO_EVAL_MAX_SHARED_STRINGS": (MAX_SHARED_STRINGS, "공유 문자열 수", "shared strings"),
    "SABO_EVAL_MAX_XLS_RECORDS": (MAX_XLS_RECORDS, ".xls 통합문서의 레코드 수", "records of an .xls workbook"),
    "SABO_EVAL_MAX_TEXT_CHARS": (MAX_TEXT_CHARS, "셀·수식 글자 수 합계", "characters in all cells and formulas"),
}


class LimitSettingError(SaboEvalError):
    """An environment variable of :data:`LIMITS` holds no positive whole number."""


def limit(variable: str) -> int:
    """The limit named by ``variable``: its environment value, else its default.

    Parameters
    ----------
    variable : str
        A key of :data:`LIMITS`, e.g. ``"SABO_EVAL_MAX_SHEET_CELLS"``.

    Returns
    -------
    int

    Raises
    ------
    LimitSettingError
        When the variable is set to something other than a positive whole number.
    """
    default, _, _ = LIMITS[variable]
    text = os.environ.get(variable, "").strip().replace("_", "").replace(",", "")
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise LimitSettingError(
            f"환경 변수 {variable}={os.environ[variable]!r}는 양의 정수가 아닙니다(기본값 {default:,}) — 고치거나 지우세요",
            f"environment variable {variable}={os.environ[variable]!r} is not a positive whole number "
            f"(default {default:,}); fix or unset it",
        )
    return value
