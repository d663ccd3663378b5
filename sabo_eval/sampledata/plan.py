"""Plan items (세부사업) with their performance indicators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .common import FW1, FW2
from .districts import SEOUL_INDEX, District
from .plan_pools import (
    FW1_STRATEGIES,
    FW2_STRATEGIES,
    INDICATOR_POOL,
    ITEM_NAMES_FW1,
    ITEM_NAMES_FW2,
    KEY_PROJECTS,
    KEY_PROJECTS_FW2,
)


@dataclass(frozen=True)
class IndicatorSpec:
    """A performance indicator of a plan item (values are drawn per year)."""

    name: str
    unit: str
    direction: str
    level: float
    kind: str  # count / score / rate


@dataclass
class PlanItem:
    """A 세부사업 of a district's plan; ``change`` maps year → 변경구분 (absent = not in plan)."""

    framework: str
    strategy: str
    key_project: str
    code: str
    name: str
    department: str
    team: str | None
    change: dict[int, str | None]
    indicators: list[IndicatorSpec] = field(default_factory=list)


def _draw_indicators(rng: np.random.Generator, n: int | None = None) -> list[IndicatorSpec]:
    """Draw 1–3 indicators from the pool (mostly counts)."""
    k = int(rng.choice([1, 2, 2, 3])) if n is None else n
    weights = np.array([3.0 if e[4] == "count" and e[2] == "상향" else 1.0 for e in INDICATOR_POOL])
    idx = rng.choice(len(INDICATOR_POOL), size=k, replace=False, p=weights / weights.sum())
    out = []
    for i in sorted(int(j) for j in idx):
        name, unit, direction, level, kind = INDICATOR_POOL[i]
        if kind == "count":
            level = float(max(5, round(level * float(np.exp(rng.normal(0, 0.5))))))
        out.append(IndicatorSpec(name, unit, direction, level, kind))
    return out


_DEPARTMENT_KEYWORDS: tuple[tuple[tuple[str, ...], tuple[str, str]], ...] = (
    (("장애",), ("노인장애인과", "장애인복지팀")),
    (("어르신", "노인", "치매", "경로당", "노후"), ("노인장애인과", "노인복지팀")),
    (("아동", "다함께", "드림", "출산"), ("여성가족과", "아동보육팀")),
    (("한부모", "다문화", "가정폭력", "가족"), ("여성가족과", "여성가족팀")),
    (("청소년", "청년", "교육비"), ("교육청소년과", "청소년팀")),
    (("주거", "집수리", "에너지"), ("주택과", "주거복지팀")),
    (("방문건강", "정신", "영양", "만성"), ("건강증진과", "방문보건팀")),
    (("건강",), ("건강증진과", "건강증진팀")),
    (("일자리", "자활", "저축"), ("일자리경제과", "일자리지원팀")),
    (
        ("사례", "사각지대", "위기", "긴급", "고독사", "은둔", "노숙"),
        ("희망복지과", "통합사례관리팀"),
    ),
    (("급여", "급식", "푸드", "보훈"), ("복지정책과", "복지지원팀")),
)


def _department_for(name: str, rng: np.random.Generator) -> tuple[str, str]:
    """Pick a plausible (department, team) for an item name by keyword."""
    for keys, dept in _DEPARTMENT_KEYWORDS:
        if any(k in name for k in keys):
            return dept
    return ("복지정책과", "복지기획팀") if rng.random() < 0.6 else ("희망복지과", "희망복지팀")


def build_plan(
    rng: np.random.Generator,
    shape: Sequence[tuple[str, str, Sequence[tuple[str, Sequence[str]]]]],
) -> list[PlanItem]:
    """Turn a nested plan description into items with codes.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator (departments, indicators).
    shape : sequence
        ``(framework, strategy, [(key_project, [item names])])`` per strategy, in
        order; framework I items get ``I-s-n`` codes, framework II ``II-s-k-i``.

    Returns
    -------
    list of PlanItem
        Items kept in both years (``change`` = 유지) until the caller edits them.
    """
    items: list[PlanItem] = []
    s_counter = {FW1: 0, FW2: 0}
    for framework, strategy, kps in shape:
        s_counter[framework] += 1
        s = s_counter[framework]
        n = 0
        for k, (kp, names) in enumerate(kps, start=1):
            for i, name in enumerate(names, start=1):
                n += 1
                code = f"I-{s}-{n}" if framework == FW1 else f"II-{s}-{k}-{i}"
                dept, team = _department_for(name, rng)
                items.append(
                    PlanItem(
                        framework,
                        strategy,
                        kp,
                        code,
                        name,
                        dept,
                        team,
                        {2022: "유지", 2023: "유지"},
                        _draw_indicators(rng),
                    )
                )
    return items


def generic_plan(rng: np.random.Generator) -> list[PlanItem]:
    """A synthetic two-framework plan with a few changes in 2023.

    Parameters
    ----------
    rng : numpy.random.Generator
        The district's plan stream.

    Returns
    -------
    list of PlanItem
        Items of 3–5 and 2–4 strategies; one or two are new in 2023, one is abolished
        and a few are changed.
    """
    fw1_strats = [
        FW1_STRATEGIES[int(i)]
        for i in sorted(rng.choice(len(FW1_STRATEGIES), int(rng.integers(3, 6)), replace=False))
    ]
    fw2_strats = [
        FW2_STRATEGIES[int(i)]
        for i in sorted(rng.choice(len(FW2_STRATEGIES), int(rng.integers(2, 5)), replace=False))
    ]
    kp1 = list(rng.permutation(KEY_PROJECTS))
    kp2 = list(rng.permutation(KEY_PROJECTS_FW2))
    it1 = list(rng.permutation(ITEM_NAMES_FW1))
    it2 = list(rng.permutation(ITEM_NAMES_FW2))
    shape = []
    for s in fw1_strats:
        kps = []
        for _ in range(int(rng.integers(1, 4))):
            kps.append((str(kp1.pop()), [str(it1.pop()) for _ in range(int(rng.integers(1, 4)))]))
        shape.append((FW1, s, kps))
    for s in fw2_strats:
        kps = []
        for _ in range(int(rng.integers(1, 3))):
            kps.append((str(kp2.pop()), [str(it2.pop()) for _ in range(int(rng.integers(1, 3)))]))
        shape.append((FW2, s, kps))
    items = build_plan(rng, shape)
    order = [int(i) for i in rng.permutation(len(items))]
    n_new = int(rng.integers(1, 3))
    for i in order[:n_new]:
        items[i].change = {2023: "신규"}
    items[order[n_new]].change = {2022: "유지", 2023: "폐지"}
    for i in order[n_new + 1 : n_new + 1 + int(rng.integers(1, 3))]:
        items[i].change = {2022: "유지", 2023: "변경"}
    if rng.random() < 0.5:
        items[order[-1]].change[2022] = "변경"
    return items


def plan_rows(d: District, year_items: Sequence[PlanItem], year: int) -> list[dict]:
    """시행계획 rows of one year (a few Seoul files leave 유지 blank).

    Parameters
    ----------
    d : District
        The district (its Seoul index decides the blank 변경구분).
    year_items : sequence of PlanItem
        Items of the year, in plan order.
    year : int
        2022 (제4기) or 2023 (제5기).

    Returns
    -------
    list of dict
        One row per item, by canonical column name.
    """
    idx = SEOUL_INDEX.get(d.code, -1)
    blank_kept = idx >= 0 and idx % 4 == 3  # a few Seoul files leave 유지 blank
    period = "제4기" if year == 2022 else "제5기"
    plan = [
        {
            "district_code": d.code,
            "plan_period": period,
            "framework": it.framework,
            "strategy": it.strategy,
            "key_project": it.key_project,
            "item_code": it.code,
            "item_name": it.name,
            "department": it.department,
            "team": it.team,
            "change": None if blank_kept and it.change[year] == "유지" else it.change[year],
        }
        for it in year_items
    ]
    return plan
