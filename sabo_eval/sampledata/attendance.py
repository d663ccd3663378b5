"""Attendance marks, roster calibration and the attendance tables."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

import numpy as np

from .common import korean_header
from .districts import District
from .meetings import Council, Meeting
from .members import Member

BODY_LABEL = {"대표": "대표협의체", "실무": "실무협의체"}


def sample_marks(
    rng: np.random.Generator,
    members: Sequence[Member],
    meetings: Sequence[Meeting],
    proxy_rate: float,
) -> dict[tuple[str, str], str]:
    """Draw ○/×/△ for every eligible (meeting, member) pair.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator.
    members : sequence of Member
        Members of the meetings' body.
    meetings : sequence of Meeting
        Meetings of that body.
    proxy_rate : float
        Probability that an absence is recorded as △ (proxy).

    Returns
    -------
    dict
        ``(meeting_id, member_id) → mark``; no entry when the person was not a member.
    """
    marks: dict[tuple[str, str], str] = {}
    for mt in meetings:
        for m in members:
            if not m.eligible(mt.held_on):
                continue
            u, v = rng.random(), rng.random()
            if u < m.p:
                marks[(mt.meeting_id, m.member_id)] = "○"
            else:
                marks[(mt.meeting_id, m.member_id)] = "△" if v < proxy_rate else "×"
    return marks


def roster_mean(
    members: Sequence[Member], meetings: Sequence[Meeting], marks: dict[tuple[str, str], str]
) -> float:
    """Mean over meetings of the attendance rate in percent (○ only counts).

    Parameters
    ----------
    members : sequence of Member
        The group's members.
    meetings : sequence of Meeting
        The group's meetings.
    marks : dict
        Attendance marks.

    Returns
    -------
    float
        Mean of attended ÷ eligible × 100 over the meetings (seed 000's 평균).
    """
    rates = []
    for mt in meetings:
        elig = [m for m in members if m.eligible(mt.held_on)]
        att = sum(marks[(mt.meeting_id, m.member_id)] == "○" for m in elig)
        rates.append(100.0 * att / len(elig))
    return float(np.mean(rates))


def calibrate_roster(
    members: Sequence[Member],
    meetings: Sequence[Meeting],
    marks: dict[tuple[str, str], str],
    target: float,
    tol: float = 0.002,
) -> float:
    """Flip ○/× cells until the roster mean is within ``tol`` of ``target``.

    Each step tries every combination of up to four single-cell moves (one month up or
    down by one attendee) and applies the one leaving the smallest residual. Different
    monthly denominators give steps of different sizes, so the residual can be made
    small. Deterministic: the flipped cell is the absent member with the highest
    attendance probability (or the present one with the lowest).

    Parameters
    ----------
    members, meetings : sequence
        The group's members and meetings.
    marks : dict
        ``(meeting_id, member_id) → mark``; changed in place.
    target : float
        Wanted roster mean, in percent.
    tol : float
        Accepted distance from ``target``, in percentage points.

    Returns
    -------
    float
        The final roster mean.
    """
    k = len(meetings)
    elig = [[m for m in members if m.eligible(mt.held_on)] for mt in meetings]
    steps = [100.0 / (k * len(e)) for e in elig]
    for _ in range(400):
        diff = target - roster_mean(members, meetings, marks)
        if abs(diff) <= tol:
            break
        avail = {}
        for i, mt in enumerate(meetings):
            ones = sum(marks[(mt.meeting_id, m.member_id)] == "○" for m in elig[i])
            zeros = sum(marks[(mt.meeting_id, m.member_id)] == "×" for m in elig[i])
            avail[(i, 1)] = zeros
            avail[(i, -1)] = ones
        best = _best_moves(diff, avail, steps)
        if not best:
            break
        for i, s in best:
            mt = meetings[i]
            want = "×" if s > 0 else "○"
            cands = [m for m in elig[i] if marks[(mt.meeting_id, m.member_id)] == want]
            pick = (
                max(cands, key=lambda m: (m.p, m.member_id))
                if s > 0
                else min(cands, key=lambda m: (m.p, m.member_id))
            )
            marks[(mt.meeting_id, pick.member_id)] = "○" if s > 0 else "×"
    return roster_mean(members, meetings, marks)


def _best_moves(
    diff: float, avail: dict[tuple[int, int], int], steps: Sequence[float]
) -> tuple[tuple[int, int], ...]:
    """Up to four (meeting index, ±1) moves that bring the residual ``diff`` closest to 0.

    Empty when no combination improves on doing nothing.
    """
    moves = [mv for mv, n in avail.items() if n > 0]
    best: tuple[float, tuple[tuple[int, int], ...]] = (abs(diff), ())
    for r in range(1, 5):
        for combo in itertools.combinations_with_replacement(moves, r):
            if any(combo.count(mv) > avail[mv] for mv in set(combo)):
                continue
            res = abs(diff - sum(steps[i] * s for i, s in combo))
            if res < best[0] - 1e-12:
                best = (res, combo)
    return best[1]


def sample_council_marks(
    rng: np.random.Generator, council: Council, meetings: list[Meeting], proxy_rate: float
) -> dict[tuple[str, str], str]:
    """Sample marks for every body/subcommittee of a council for one year.

    Parameters
    ----------
    rng : numpy.random.Generator
        The council stream.
    council : Council
        The council (groups in order 대표, 실무, then its subcommittees).
    meetings : list of Meeting
        The year's meetings.
    proxy_rate : float
        Probability that an absence is recorded as △.

    Returns
    -------
    dict
        ``(meeting_id, member_id) → mark``.
    """
    marks: dict[tuple[str, str], str] = {}
    groups = [("대표", None), ("실무", None)] + [("분과", s) for s in council.subs]
    for body, sub in groups:
        mts = [mt for mt in meetings if mt.body == body and mt.sub == sub]
        marks.update(sample_marks(rng, council.group(body, sub), mts, proxy_rate))
    return marks


Roster = tuple[str, list[str], list[list]]


def council_tables(
    d: District, council: Council, year: int, roster: bool
) -> tuple[list[dict], list[dict], list[dict], list[Roster]]:
    """Members, meetings and attendance (long form or rosters) of one year.

    Parameters
    ----------
    d : District
        The district.
    council : Council
        Its council, with meetings and marks of ``year``.
    year : int
        The year.
    roster : bool
        Attendance as one roster sheet per group (``출석부_<group>``, a column per
        month, ``-`` when not a member) instead of long-form rows.

    Returns
    -------
    tuple
        Member rows, meeting rows, attendance rows (empty with rosters) and the
        ``(sheet name, header, rows)`` of the rosters (empty without).
    """
    end = date(year, 12, 31)
    members = [
        {
            "district_code": d.code,
            "member_id": m.member_id,
            "name": m.name,
            "sector": m.sector,
            "body": m.body,
            "subcommittee": m.sub,
            "role": m.role,
            "joined_on": m.joined,
            "left_on": m.left if m.left is not None and m.left <= end else None,
        }
        for m in council.members
        if m.in_year(year)
    ]
    mts = sorted(council.meetings[year], key=lambda mt: (mt.held_on, mt.meeting_id))
    meetings = [
        {
            "district_code": d.code,
            "meeting_id": mt.meeting_id,
            "body": mt.body,
            "subcommittee": mt.sub,
            "held_on": mt.held_on,
            "kind": mt.kind,
        }
        for mt in mts
    ]
    attendance, rosters = _attendance(d, council, year, roster)
    return members, meetings, attendance, rosters


def _attendance(
    d: District, council: Council, year: int, roster: bool
) -> tuple[list[dict], list[Roster]]:
    """Long-form attendance rows or rosters of every group, in group order."""
    marks = council.marks[year]
    groups = [("대표", None), ("실무", None)] + [("분과", s) for s in council.subs]
    attendance: list[dict] = []
    rosters: list[Roster] = []
    for body, sub in groups:
        g_mts = [mt for mt in council.meetings[year] if mt.body == body and mt.sub == sub]
        g_members = [m for m in council.group(body, sub) if m.in_year(year)]
        if roster:
            rosters.append(_roster(body, sub, g_mts, g_members, marks))
            continue
        for mt in g_mts:
            for m in g_members:
                mark = marks.get((mt.meeting_id, m.member_id))
                if mark is not None:
                    attendance.append(
                        {
                            "district_code": d.code,
                            "meeting_id": mt.meeting_id,
                            "member_id": m.member_id,
                            "status": mark,
                        }
                    )
    return attendance, rosters


def _roster(
    body: str,
    sub: str | None,
    meetings: Sequence[Meeting],
    members: Sequence[Member],
    marks: dict[tuple[str, str], str],
) -> Roster:
    """The roster sheet of one group: ID, name and a mark (or ``-``) per meeting month."""
    sheet = f"출석부_{sub if sub else BODY_LABEL[body]}"
    header = [korean_header("members", "member_id"), korean_header("members", "name")] + [
        f"{mt.held_on.month}월" for mt in meetings
    ]
    rows = [
        [m.member_id, m.name] + [marks.get((mt.meeting_id, m.member_id), "-") for mt in meetings]
        for m in members
    ]
    return sheet, header, rows
