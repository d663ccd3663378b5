"""Council members: Korean names, membership spells and roles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from .common import month_end

SURNAMES = tuple("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허남노")
# rough frequency of the surnames above (김 ≈ 21 %, 이 ≈ 15 %, …)
SURNAME_WEIGHTS = np.array(
    [21, 15, 8, 5, 4.5, 2.4, 2.1, 2, 2, 1.7, 1.5, 1.5, 1.5, 1.4, 1.4]
    + [1.4, 1.3, 1.3, 1.2, 1.1, 1, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.6, 0.6, 0.6]
)
GIVEN_SYLLABLES = tuple(
    "민서지현수영준은하윤진우예재성경희정혜미연숙철호승태동상나소아주원선용석기훈규빈"
)


class NameMaker:
    """Draw unique 3-syllable Korean names for one district."""

    def __init__(self, rng: np.random.Generator, reserved: Iterable[str] = ()) -> None:
        self._rng = rng
        self._used: set[str] = set(reserved)
        self._p = SURNAME_WEIGHTS / SURNAME_WEIGHTS.sum()

    def reserve(self, name: str) -> None:
        """Mark ``name`` as taken."""
        self._used.add(name)

    def __call__(self) -> str:
        """Return a new name not drawn before in this district."""
        while True:
            sur = SURNAMES[int(self._rng.choice(len(SURNAMES), p=self._p))]
            a, b = self._rng.choice(len(GIVEN_SYLLABLES), size=2, replace=False)
            name = sur + GIVEN_SYLLABLES[int(a)] + GIVEN_SYLLABLES[int(b)]
            if name not in self._used:
                self._used.add(name)
                return name


@dataclass
class Member:
    """A council member over the whole 2022–2023 span."""

    member_id: str
    name: str
    sector: str
    body: str
    sub: str | None
    role: str
    joined: date
    left: date | None
    p: float

    def eligible(self, on: date) -> bool:
        """Whether the person was a member on ``on``."""
        return self.joined <= on and (self.left is None or self.left >= on)

    def in_year(self, year: int) -> bool:
        """Whether the membership overlaps ``year``."""
        return self.joined <= date(year, 12, 31) and (
            self.left is None or self.left >= date(year, 1, 1)
        )


#: Titles per body: (private members, public members), given in creation order.
ROLE_TITLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "대표": (("위원장", "부위원장"), ("공동위원장",)),
    "실무": (("위원장",), ("부위원장", "간사")),
    "분과": (("민간분과장", "총무"), ("공공분과장",)),
}


def make_group(
    rng: np.random.Generator,
    names: NameMaker,
    body: str,
    sub: str | None,
    size: int,
    private_share: float,
    mu: float,
    churn: float = 0.07,
    years: Sequence[int] = (2022, 2023),
) -> list[Member]:
    """Draw the members of one body with joins and departures over ``years``.

    Members join in the five years before the first year; departures (each replaced
    a month or two later) are drawn in every year of ``years``; the titles go to the
    members of the time before the first year.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator.
    names : NameMaker
        Name source of the district.
    body, sub : str
        ``대표``/``실무``/``분과`` and the subcommittee name (``None`` for bodies).
    size : int
        Members at the start of the first year.
    private_share : float
        Probability that a member is private (민).
    mu : float
        Mean attendance probability; members draw theirs around it.
    churn : float
        Yearly probability that a member leaves (and is replaced a month or two later).
    years : sequence of int
        Years over which departures are drawn, increasing.

    Returns
    -------
    list of Member
        Members without IDs (``member_id`` empty), in creation order.
    """

    def person(sector: str, joined: date) -> Member:
        p = float(np.clip(rng.normal(mu - (0.05 if sector == "관" else 0.0), 0.13), 0.4, 0.95))
        return Member("", names(), sector, body, sub, "위원", joined, None, p)

    members: list[Member] = []
    n_private = max(2, int(round(size * private_share + rng.normal(0, 0.8))))
    n_private = min(n_private, size - 1)
    for i in range(size):
        sector = "민" if i < n_private else "관"
        joined = date(int(rng.integers(years[0] - 5, years[0])), int(rng.integers(1, 13)), 1)
        members.append(person(sector, joined))
    for year in years:
        for m in list(members):
            if m.left is not None or m.joined > date(year, 1, 1) or rng.random() >= churn:
                continue
            month = int(rng.integers(2, 11))
            m.left = month_end(year, month)
            join_month = month + int(rng.integers(1, 3))
            if join_month <= 12:
                members.append(person(m.sector, date(year, join_month, 1)))
    _give_titles(members, body, date(years[0], 1, 1))
    return members


def _give_titles(members: list[Member], body: str, first: date) -> None:
    """Give the body's titles to its members who joined before ``first``."""
    titles_private, titles_public = ROLE_TITLES[body]
    privates = [m for m in members if m.sector == "민" and m.joined < first]
    publics = [m for m in members if m.sector == "관" and m.joined < first]
    for m, t in zip(privates, titles_private, strict=False):
        m.role = t
    for m, t in zip(publics, titles_public, strict=False):
        m.role = t


def vary_membership(
    rng: np.random.Generator, names: NameMaker, members: list[Member], year: int, mu: float
) -> None:
    """Add one mid-year join and two mid-year departures to a group.

    With meetings January–October this gives at least three different monthly
    denominators (n, n + 1, n - 1), which the roster calibration needs for fine steps.

    Parameters
    ----------
    rng : numpy.random.Generator
        The council stream.
    names : NameMaker
        Name source of the district.
    members : list of Member
        The group, changed in place.
    year : int
        Year of the changes.
    mu : float
        Mean attendance probability of the new member.
    """
    join_month = int(rng.integers(3, 6))
    p = float(np.clip(rng.normal(mu, 0.13), 0.4, 0.95))
    sector = "민" if rng.random() < 0.65 else "관"
    leavers = [
        m for m in members if m.role == "위원" and m.left is None and m.joined < date(year, 1, 1)
    ][:2]
    for m, month in zip(leavers, (int(rng.integers(6, 8)), int(rng.integers(8, 10))), strict=True):
        m.left = month_end(year, month)
    members.append(
        Member(
            "",
            names(),
            sector,
            members[0].body,
            members[0].sub,
            "위원",
            date(year, join_month, 1),
            None,
            p,
        )
    )


def assign_ids(members: list[Member]) -> None:
    """Number members ``M0001``… in list order.

    Parameters
    ----------
    members : list of Member
        Changed in place.
    """
    for i, m in enumerate(members, start=1):
        m.member_id = f"M{i:04d}"
