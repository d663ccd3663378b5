"""수원시's council, anchored to seed 000's 연구기획분과 roster."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import numpy as np

from .anchors import (
    RESEARCH_DATES_2022,
    RESEARCH_ROSTER,
    SUWON_ALL_MEAN,
    SUWON_BEST_MEAN,
    SUWON_BEST_SUB,
    SUWON_OTHER_TARGETS,
    SUWON_SUBCOMMITTEES,
)
from .attendance import calibrate_roster, roster_mean, sample_council_marks, sample_marks
from .districts import SUWON, seeded_rng
from .meetings import Council, Meeting, make_meetings
from .members import Member, NameMaker, assign_ids, make_group, vary_membership

logger = logging.getLogger(__name__)


@dataclass
class _Groups:
    """수원시's members by group, with the roster anchors and the 2022 targets."""

    rep: list[Member]
    work: list[Member]
    research: list[Member]
    anchor: dict[str, Member]
    others: dict[str, list[Member]]
    sub_target: dict[str, float | None]

    def members(self) -> list[Member]:
        """Every member in ID order (대표, 실무, 연구기획분과, the other subcommittees)."""
        rest = [m for sub in SUWON_SUBCOMMITTEES[1:] for m in self.others[sub]]
        return self.rep + self.work + self.research + rest


def suwon_council() -> tuple[Council, dict[str, float]]:
    """수원시 council with the seed-000 연구기획분과 and calibrated 2022 rosters.

    Returns
    -------
    Council
        Members, 2022 and 2023 meetings and marks.
    dict
        2022 평균 (mean monthly total rate, %) per subcommittee.
    """
    rng = seeded_rng(SUWON.code, "council")
    names = NameMaker(rng, [n for _k, n, *_rest in RESEARCH_ROSTER if n])
    rep = make_group(rng, names, "대표", None, 20, 0.65, 0.72)
    work = make_group(rng, names, "실무", None, 22, 0.68, 0.70)
    research, anchor = _research_members(names)
    others, sub_target = _other_subcommittees(rng, names)
    groups = _Groups(rep, work, research, anchor, others, sub_target)
    members = groups.members()
    assign_ids(members)
    council = Council(members, list(SUWON_SUBCOMMITTEES))
    council.meetings[2022], research_meetings, sub_meetings = _meetings_2022(rng)
    council.marks[2022], means = _marks_2022(
        rng, groups, council.meetings[2022], research_meetings, sub_meetings
    )
    council.meetings[2023] = _meetings_2023(rng)
    council.marks[2023] = sample_council_marks(rng, council, council.meetings[2023], 0.1)
    return council, means


def _research_members(names: NameMaker) -> tuple[list[Member], dict[str, Member]]:
    """연구기획분과 as in seed 000's roster, with synthetic 2023 changes."""
    research: list[Member] = []
    anchor: dict[str, Member] = {}
    for key, name, sector, role, joined, left, attended in RESEARCH_ROSTER:
        n_elig = sum(joined <= dt and (left is None or left >= dt) for dt in RESEARCH_DATES_2022)
        p = float(np.clip(len(attended) / n_elig, 0.35, 0.95))
        m = Member("", name or names(), sector, "분과", "연구기획분과", role, joined, left, p)
        research.append(m)
        anchor[key] = m
    # 2023 changes in 연구기획분과 (synthetic): N5 leaves, a new private member joins.
    anchor["N5"].left = date(2023, 6, 30)
    research.append(
        Member("", names(), "민", "분과", "연구기획분과", "위원", date(2023, 3, 1), None, 0.7)
    )
    return research, anchor


def _other_subcommittees(
    rng: np.random.Generator, names: NameMaker
) -> tuple[dict[str, list[Member]], dict[str, float | None]]:
    """The 11 other subcommittees and their 2022 targets (``None``: the residue)."""
    others: dict[str, list[Member]] = {}
    targets = iter(SUWON_OTHER_TARGETS)
    sub_target: dict[str, float | None] = {}
    for sub in SUWON_SUBCOMMITTEES[1:]:
        t = SUWON_BEST_MEAN if sub == SUWON_BEST_SUB else next(targets, None)
        sub_target[sub] = t
        mu = (t if t is not None else 52.0) / 100.0
        grp = make_group(
            rng, names, "분과", sub, int(rng.integers(12, 21)), float(rng.uniform(0.6, 0.75)), mu
        )
        vary_membership(rng, names, grp, 2022, mu)
        others[sub] = grp
    return others, sub_target


def _meetings_2022(
    rng: np.random.Generator,
) -> tuple[list[Meeting], list[Meeting], dict[str, list[Meeting]]]:
    """2022 meetings (subcommittees January–October; 평가기준일 2022-11-17).

    Returns every meeting, those of 연구기획분과 and those of each other subcommittee.
    """
    m22 = make_meetings(rng, 2022, "대표", None, (2, 5, 8, 11), weekday=1, nth=2)
    m22 += make_meetings(rng, 2022, "실무", None, (1, 3, 5, 7, 9, 11), weekday=2, nth=1)
    research_meetings = make_meetings(
        rng, 2022, "분과", "연구기획분과", range(1, 11), weekday=3, nth=3, extraordinary=False
    )
    if tuple(mt.held_on for mt in research_meetings) != RESEARCH_DATES_2022:
        raise RuntimeError("연구기획분과 dates differ from seed 000")
    m22 += research_meetings
    sub_meetings = {
        sub: make_meetings(rng, 2022, "분과", sub, range(1, 11)) for sub in SUWON_SUBCOMMITTEES[1:]
    }
    for sub in SUWON_SUBCOMMITTEES[1:]:
        m22 += sub_meetings[sub]
    return m22, research_meetings, sub_meetings


def _marks_2022(
    rng: np.random.Generator,
    groups: _Groups,
    m22: list[Meeting],
    research_meetings: list[Meeting],
    sub_meetings: dict[str, list[Meeting]],
) -> tuple[dict[tuple[str, str], str], dict[str, float]]:
    """2022 marks: seed 000's roster, and subcommittees calibrated to their targets."""
    marks: dict[tuple[str, str], str] = {}
    marks.update(sample_marks(rng, groups.rep, [mt for mt in m22 if mt.body == "대표"], 0.25))
    marks.update(sample_marks(rng, groups.work, [mt for mt in m22 if mt.body == "실무"], 0.25))
    attended_by_member = {id(groups.anchor[k]): set(att) for k, *_r, att in RESEARCH_ROSTER}
    for i, mt in enumerate(research_meetings, start=1):
        for m in groups.research:
            if m.eligible(mt.held_on):
                marks[(mt.meeting_id, m.member_id)] = "○" if i in attended_by_member[id(m)] else "×"
    means = {"연구기획분과": roster_mean(groups.research, research_meetings, marks)}
    for sub in SUWON_SUBCOMMITTEES[1:]:
        grp, mts = groups.others[sub], sub_meetings[sub]
        # no △ in 2022 subcommittees: anchors hold either way
        sub_marks = sample_marks(rng, grp, mts, 0.0)
        t = groups.sub_target[sub]
        if t is None:  # the last subcommittee absorbs the residue of the 12-subcommittee mean
            t = SUWON_ALL_MEAN * len(SUWON_SUBCOMMITTEES) - sum(means.values())
        means[sub] = calibrate_roster(grp, mts, sub_marks, t)
        if abs(means[sub] - t) > 0.01:
            logger.warning("%s: calibrated to %.4f, target %.4f", sub, means[sub], t)
        marks.update(sub_marks)
    return marks, means


def _meetings_2023(rng: np.random.Generator) -> list[Meeting]:
    """2023 meetings (synthetic; subcommittees skip December and July or August)."""
    m23 = make_meetings(
        rng,
        2023,
        "대표",
        None,
        sorted(rng.choice(range(1, 13), 4, replace=False)),
        weekday=1,
        nth=2,
    )
    m23 += make_meetings(
        rng,
        2023,
        "실무",
        None,
        sorted(rng.choice(range(1, 13), 6, replace=False)),
        weekday=2,
        nth=1,
    )
    for sub in SUWON_SUBCOMMITTEES:
        # one draw per month (as the generator always did), so the output stays the same
        months = [m for m in range(1, 13) if m not in (int(rng.integers(7, 9)), 12)]
        research = sub == "연구기획분과"
        m23 += make_meetings(
            rng,
            2023,
            "분과",
            sub,
            months,
            weekday=3 if research else None,
            nth=3 if research else None,
        )
    return m23
