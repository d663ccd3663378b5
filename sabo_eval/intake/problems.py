"""Problems found in a submission: where, what value, and why (Korean and English)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Problem", "problems_table", "format_problems", "has_errors"]

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem in a submission.

    Parameters
    ----------
    file : str
        File name as submitted.
    sheet : str
        Sheet name (or CSV file name).
    row : int or None
        Excel row number (1-based, as Excel shows it), or CSV line number.
    column : str
        The column header as written in the file ('' when the whole row or sheet).
    value : str
        The offending value, shortened ('' when not applicable).
    reason_ko, reason_en : str
        Why, in Korean and in English.
    rule : str
        Machine-readable rule name (e.g. ``not_a_number``, ``unknown_member``).
    severity : str
        ``error`` (blocks ingest) or ``warning``.
    root : str
        For a problem that follows from another (a cascade), the root's
        :attr:`label`; '' for a problem of its own (:mod:`.root_causes`).
    related : int
        For a root, how many problems follow from it.
    """

    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    reason_ko: str
    reason_en: str
    rule: str
    severity: str = ERROR
    root: str = ""
    related: int = 0

    @property
    def location(self) -> str:
        """``파일 › 시트 › 행 N › 열`` for messages."""
        parts = [self.file, self.sheet]
        if self.row is not None:
            parts.append(f"{self.row}행")
        if self.column:
            parts.append(self.column)
        return " › ".join(p for p in parts if p)


    @property
    def label(self) -> str:
        """``시트 › 행 N › 열 [rule]``: how a related problem names its root."""
        parts = [self.sheet]
        if self.row is not None:
            parts.append(f"{self.row}행")
        if self.column:
            parts.append(self.column)
        return " › ".join(p for p in parts if p) + f" [{self.rule}]"


def has_errors(problems: Iterable[Problem]) -> bool:
    """Return True when any problem is an error (not only warnings)."""
    return any(p.severity == ERROR for p in problems)


def problems_table(problems: Iterable[Problem]) -> pd.DataFrame:
    """Return problems as a table with Korean column headers, in file order."""
    import pandas as pd  # on use: the errors that carry problems are imported by light processes too

    rows = [asdict(p) for p in problems]
    columns = ["severity", "file", "sheet", "row", "column", "value", "reason_ko", "reason_en", "rule"]
    df = pd.DataFrame(rows, columns=columns)
    df = df.sort_values(["file", "sheet", "row"], na_position="first", kind="stable").reset_index(drop=True)
    return df.rename(
        columns={
            "severity": "수준",
            "file": "파일",
            "sheet": "시트",
            "row": "행",
            "column": "열",
            "value": "값",
            "reason_ko": "사유",
            "reason_en": "reason",
            "rule": "규칙",
        }
    ).assign(수준=lambda d: d["수준"].map({ERROR: "오류", WARNING: "경고"}))


def format_problems(problems: Iterable[Problem], lang: str = "ko") -> str:
    """Render problems as a plain-text table for the terminal (100 columns at most).

    Parameters
    ----------
    problems : iterable of Problem
    lang : {"ko", "en"}
        Language of the reasons and headers.

    Returns
    -------
    str
        See :func:`.problem_view.render_problems`.
    """
    from .problem_view import render_problems

    return render_problems(problems, lang)
