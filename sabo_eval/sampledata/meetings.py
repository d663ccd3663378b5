"""Meetings of the council bodies and the council container."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .common import nth_weekday
from .members import Member


@dataclass
class Meeting:
    """One meeting of a body or subcommittee."""

    meeting_id: str
    body: str
    sub: str | None
    held_on: date
    kind: str


@dataclass
class Council:
    """A district council: members plus, per year, meetings and attendance marks."""

    members: list[Member]
    subs: list[str]
    meetings: dict[int, list[Meeting]] = field(default_factory=dict)
    marks: dict[int, dict[tuple[str, str], str]] = field(default_factory=dict)

    def group(self, body: str, sub: str | None) -> list[Member]:
        """Members of one body (and subcommittee)."""
        return [m for m in self.members if m.body == body and m.sub == sub]


def _group_short(body: str, sub: str | None) -> str:
    """Short label used inside meeting IDs (``연구기획`` for 연구기획분과)."""
    if body == "분과" and sub:
        return sub.removesuffix("분과")
    return body


def make_meetings(
    rng: np.random.Generator,
    year: int,
    body: str,
    sub: str | None,
    months: Sequence[int],
    weekday: int | None = None,
    nth: int | None = None,
    extraordinary: bool = True,
) -> list[Meeting]:
    """Return one meeting per month in ``months`` on a fixed weekday pattern.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator.
    year : int
        Calendar year.
    body, sub : str
        Body and subcommittee.
    months : sequence of int
        Months with a meeting (one each, so roster month columns are unambiguous).
    weekday, nth : int, optional
        Weekday (0 = Monday) and week of the month; drawn when not given.
    extraordinary : bool
        Whether one of the meetings may be an 임시 (extraordinary) one.

    Returns
    -------
    list of Meeting
        Sorted by date; IDs ``<year>-<short>-<nn>``.
    """
    wd = int(rng.integers(0, 5)) if weekday is None else weekday
    n = int(rng.integers(1, 5)) if nth is None else nth
    months = sorted(int(m) for m in months)
    temp_idx = int(rng.integers(0, len(months))) if extraordinary and rng.random() < 0.5 else -1
    short = _group_short(body, sub)
    return [
        Meeting(
            f"{year}-{short}-{i + 1:02d}",
            body,
            sub,
            nth_weekday(year, m, wd, n),
            "임시" if i == temp_idx else "정기",
        )
        for i, m in enumerate(months)
    ]
