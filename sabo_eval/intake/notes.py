"""What a cell parser says besides the value: notes (warnings) and refusals with a rule.

A parser that reads a cell but had to set something aside (a time beside a date, a
weekday that disagrees with the date, a word mapped through the synonym table) returns
a :class:`Note` with the value, so that nothing is dropped silently: the note becomes a
warning at the cell's place. A parser that refuses a cell for a reason with its own
rule (an ambiguous date, a year out of range) raises :class:`RuledCellError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .parsing import CellError

__all__ = ["Note", "RuledCellError"]


@dataclass(frozen=True)
class Note:
    """A warning about a cell that was read: rule and reason in Korean and English.

    Parameters
    ----------
    rule : str
        The warning's rule (e.g. ``weekday_mismatch``, ``code_synonym``).
    reason_ko, reason_en : str
        What was set aside or mapped, in Korean and in English.
    """

    rule: str
    reason_ko: str
    reason_en: str


class RuledCellError(CellError):
    """A cell refused for a reason with its own rule (instead of ``bad_<kind>``).

    Parameters
    ----------
    rule : str
        The problem's rule (e.g. ``ambiguous_date``, ``year_out_of_range``).
    reason_ko, reason_en : str
        Why, in Korean and in English.
    """

    def __init__(self, rule: str, reason_ko: str, reason_en: str) -> None:
        super().__init__(reason_ko, reason_en)
        self.rule = rule
