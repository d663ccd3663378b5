"""Exceptions raised by sabo_eval: one base class, structured subclasses."""

from __future__ import annotations

from .intake.problems import Problem

__all__ = [
    "SaboEvalError",
    "SubmissionError",
    "ValidationFailed",
    "WarehouseError",
    "WarehouseLocked",
    "WarehouseFull",
    "WarehouseCorrupt",
    "WarehouseReadOnly",
    "OutputError",
    "ReportError",
]


class SaboEvalError(Exception):
    """Base class of every error sabo_eval raises on purpose.

    Parameters
    ----------
    message_ko, message_en : str
        The message in Korean (shown first) and in English.

    Examples
    --------
    Catch every error sabo_eval raises on purpose, and show it Korean first:

    >>> from sabo_eval import SaboEvalError
    >>> error = SaboEvalError("창고 파일이 없습니다", "warehouse not found")
    >>> str(error)
    '창고 파일이 없습니다 / warehouse not found'
    >>> error.message_en
    'warehouse not found'
    """

    def __init__(self, message_ko: str, message_en: str = "") -> None:
        self.message_ko = message_ko
        self.message_en = message_en
        super().__init__(f"{message_ko} / {message_en}" if message_en else message_ko)


class SubmissionError(SaboEvalError):
    """A submission that cannot be read at all (missing, not a workbook, no sheets), or is refused unread.

    ``rule`` names the problem it becomes: ``unreadable_file`` unless the file was
    refused for what it holds (``unsafe_workbook``, ``oversized_file``, ``dangerous_formula``).

    Examples
    --------
    >>> from sabo_eval import SubmissionError, load_submission
    >>> try:
    ...     load_submission("없는파일.xlsx")
    ... except SubmissionError as error:
    ...     print(error.rule, "|", error.message_en)
    unreadable_file | 없는파일.xlsx: file not found
    """

    def __init__(self, path: str, message_ko: str, message_en: str, rule: str = "unreadable_file") -> None:
        self.path = path
        self.rule = rule
        super().__init__(f"{path}: {message_ko}", f"{path}: {message_en}")


class ValidationFailed(SaboEvalError):
    """A submission with errors; nothing was written.

    Parameters
    ----------
    problems : list of Problem
        Every problem found (errors and warnings).

    Examples
    --------
    :func:`sabo_eval.ingest` returns one for each refused submission (beside the
    results of the others); its ``problems`` say what to fix:

    >>> from sabo_eval import ValidationFailed
    >>> refused = ValidationFailed("제출자료.xlsx", [])
    >>> refused.message_en
    '제출자료.xlsx: 0 validation error(s); the warehouse was not changed'
    >>> results = ingest(paths)  # doctest: +SKIP
    >>> [r.problems for r in results if isinstance(r, ValidationFailed)]  # doctest: +SKIP
    """

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        n = sum(p.severity == "error" for p in problems)
        super().__init__(
            f"{file}: 검증 오류 {n}건 — 창고를 변경하지 않았습니다",
            f"{file}: {n} validation error(s); the warehouse was not changed",
        )


class WarehouseError(SaboEvalError):
    """The warehouse file cannot be opened or written.

    Examples
    --------
    >>> from sabo_eval import Warehouse, WarehouseError
    >>> try:
    ...     Warehouse("없는창고.duckdb", read_only=True)
    ... except WarehouseError as error:
    ...     print(error.message_en.split(":")[0])
    warehouse not found
    """


class WarehouseLocked(WarehouseError):
    """Another process holds the warehouse for writing.

    Raised after waiting ``lock_wait`` seconds (``$SABO_EVAL_LOCK_WAIT``, default 30).

    Examples
    --------
    >>> from sabo_eval import WarehouseError, WarehouseLocked
    >>> issubclass(WarehouseLocked, WarehouseError)
    True
    >>> try:  # doctest: +SKIP
    ...     ingest(["제출자료.xlsx"])
    ... except WarehouseLocked:
    ...     print("다른 프로그램이 창고를 쓰는 중입니다")
    """


class WarehouseFull(WarehouseError):
    """The disk holding the warehouse is full; what was not committed is not stored."""


class WarehouseCorrupt(WarehouseError):
    """The warehouse file is truncated or has a corrupted block: it cannot be trusted."""


class WarehouseReadOnly(WarehouseError):
    """The warehouse file or its folder cannot be written (read-only, no permission)."""


class OutputError(SaboEvalError):
    """A run's output (index, manifest, shared figures) could not be written; the previous one is kept."""


class ReportError(SaboEvalError):
    """A report could not be produced for a district."""
