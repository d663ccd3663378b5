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
    """

    def __init__(self, message_ko: str, message_en: str = "") -> None:
        self.message_ko = message_ko
        self.message_en = message_en
        super().__init__(f"{message_ko} / {message_en}" if message_en else message_ko)


class SubmissionError(SaboEvalError):
    """A submission that cannot be read at all (missing, not a workbook, no sheets), or is refused unread.

    ``rule`` names the problem it becomes: ``unreadable_file`` unless the file was
    refused for what it holds (``unsafe_workbook``, ``oversized_file``, ``dangerous_formula``).
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
    """The warehouse file cannot be opened or written."""


class WarehouseLocked(WarehouseError):
    """Another process holds the warehouse for writing."""


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
