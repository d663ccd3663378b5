"""Synthetic councils: bodies, subcommittees, meetings and marks per year."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from .anchors import SASANG_TF
from .attendance import sample_council_marks
from .districts import SASANG, District, seeded_rng
from .meetings import Council, Meeting, make_meetings
from .members import Member, NameMaker, assign_ids, make_group

SUBCOMMITTEE_POOL = (
    "노인분과",
    "장애인분과",
    "아동분과",
    "청소년분과",
    "여성가족분과",
    "주거분과",
    "고용분과",
    "자원개발분과",
    "저소득분과",
    "보건의료분과",
    "이주민분과",
    "연구기획분과",
    "교육문화분과",
    "홍보분과",
)


@dataclass(frozen=True)
class CouncilShape:
    """Inclusive ranges the size of a synthetic council is drawn from.

    Attributes
    ----------
    subs : tuple of int
        Number of 실무분과 (at most the size of :data:`SUBCOMMITTEE_POOL`).
    rep_size, work_size, sub_size : tuple of int
        Members of the 대표협의체, the 실무협의체 and each 실무분과.
    rep_meetings, work_meetings, sub_meetings : tuple of int
        Meetings a year of each (at most one a month).
    """

    subs: tuple[int, int]
    rep_size: tuple[int, int]
    work_size: tuple[int, int]
    sub_size: tuple[int, int]
    rep_meetings: tuple[int, int]
    work_meetings: tuple[int, int]
    sub_meetings: tuple[int, int]


#: The councils of the sample outside 수원시: 4–12 실무분과.
SAMPLE_SHAPE = CouncilShape((4, 12), (15, 25), (15, 25), (8, 20), (3, 5), (5, 7), (8, 12))


def _between(rng: np.random.Generator, bounds: tuple[int, int]) -> int:
    """An integer drawn uniformly from the inclusive range ``bounds``."""
    return int(rng.integers(bounds[0], bounds[1] + 1))


def draw_council(
    rng: np.random.Generator,
    names: NameMaker,
    shape: CouncilShape,
    years: Sequence[int],
    adjust: Callable[[list[Member]], None] | None = None,
) -> Council:
    """Draw a synthetic council (대표, 실무, 실무분과) with meetings and marks per year.

    Parameters
    ----------
    rng : numpy.random.Generator
        The district's council stream.
    names : NameMaker
        Name source of the district (drawing from ``rng``).
    shape : CouncilShape
        Ranges of the numbers of subcommittees, members and meetings.
    years : sequence of int
        Years of the submissions, increasing.
    adjust : callable, optional
        Called with the numbered members before any meeting is drawn.

    Returns
    -------
    Council
        Members, and ``meetings`` and ``marks`` for every year (one meeting per month
        and group, so rosters are unambiguous).
    """
    private_share = float(rng.uniform(0.6, 0.75))
    mu = float(rng.uniform(0.58, 0.87))
    n_subs = min(_between(rng, shape.subs), len(SUBCOMMITTEE_POOL))
    subs = [
        SUBCOMMITTEE_POOL[int(i)]
        for i in sorted(rng.choice(len(SUBCOMMITTEE_POOL), n_subs, replace=False))
    ]
    groups = [("대표", None, shape.rep_size), ("실무", None, shape.work_size)]
    groups += [("분과", sub, shape.sub_size) for sub in subs]
    members: list[Member] = []
    for body, sub, size in groups:
        members += make_group(
            rng, names, body, sub, _between(rng, size), private_share, mu, years=years
        )
    assign_ids(members)
    if adjust is not None:
        adjust(members)
    council = Council(members, subs)
    for year in years:
        council.meetings[year] = _year_meetings(rng, year, subs, shape)
        council.marks[year] = sample_council_marks(rng, council, council.meetings[year], 0.1)
    return council


def _year_meetings(
    rng: np.random.Generator, year: int, subs: Sequence[str], shape: CouncilShape
) -> list[Meeting]:
    """Meetings of every group of a council in one year (in months drawn at random)."""
    months = range(1, 13)
    groups = [("대표", None, shape.rep_meetings), ("실무", None, shape.work_meetings)]
    groups += [("분과", sub, shape.sub_meetings) for sub in subs]
    mts: list[Meeting] = []
    for body, sub, bounds in groups:
        chosen = rng.choice(months, _between(rng, bounds), replace=False)
        mts += make_meetings(rng, year, body, sub, chosen)
    return mts


def generic_council(d: District) -> Council:
    """A synthetic council of the sample: 대표, 실무 and 4–12 실무분과 over 2022/2023.

    Parameters
    ----------
    d : District
        The district (사상구 gets seed 001's monitoring-TF members).

    Returns
    -------
    Council
        Members, 2022 and 2023 meetings and marks.
    """
    rng = seeded_rng(d.code, "council")
    reserved = [n for n, *_r in SASANG_TF] if d.code == SASANG.code else []
    adjust = apply_sasang_tf if d.code == SASANG.code else None
    return draw_council(rng, NameMaker(rng, reserved), SAMPLE_SHAPE, (2022, 2023), adjust)


def apply_sasang_tf(members: list[Member]) -> None:
    """Give seed 001's monitoring-TF members their names and roles in 사상구's council.

    Parameters
    ----------
    members : list of Member
        사상구's numbered members, changed in place (the TF members stay to the end).
    """
    for body in ("대표", "실무"):
        tf = [t for t in SASANG_TF if t[1] == body]
        for sector in ("민", "관"):
            slots = [
                m
                for m in members
                if m.body == body and m.sector == sector and m.joined < date(2022, 1, 1)
            ]
            for m, (name, _b, role, _s) in zip(
                slots, [t for t in tf if t[3] == sector], strict=False
            ):
                m.name, m.role, m.left = name, role, None
