"""Synthetic self-evaluation survey and project ratings (issue 22) for 수원시 and 사상구.

* **Survey** (설문문항, 설문응답): 13 items — four 5-point items on 협의체 운영 and four
  on 분과 활동 (each domain's answers driven by one latent trait per respondent, so that
  Cronbach's α lands near 0.8–0.9), four weakly related items on 민관협력 (a 5-point
  pair, one 적절·보통·부적절 and one 예·아니오 item: α below 0.7) and one item
  answered by the subcommittee chairs only (fewer than 5 answers: suppressed in the
  reports). About 60–75 % of the members in office answer, with anonymous ids; public
  members rate 민관협력 a little lower, and 수원시 rates 협의체 운영 a little higher in
  2023 than in 2022. A few answers are blank or ``무응답``.
* **Project ratings** (사업평가): every plan item of the year at the three stages
  (계획수립, 이행점검, 결과확인) by 모니터링분과, following the item's indicator
  achievement with noise, and three items whose rating contradicts it (rated 적절 with
  under half the target reached, or 부적절 above it).

Every value is drawn from the district's own streams (:func:`~.districts.seeded_rng`),
so the other sheets of the workbooks do not change; nothing here is a real figure.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np

from .districts import SASANG, SUWON, District, seeded_rng

__all__ = ["SURVEY_FILES", "RATING_FILES", "survey_tables", "rating_rows", "ITEMS"]

#: District-years whose workbook carries the survey sheets.
SURVEY_FILES = {(SUWON.code, 2022), (SUWON.code, 2023), (SASANG.code, 2023)}
#: District-years whose workbook carries the project ratings.
RATING_FILES = {(SUWON.code, 2023), (SASANG.code, 2023)}

#: (item, domain, wording, scale as written).
ITEMS = (
    ("Q1", "협의체 운영", "회의 안건과 자료가 미리 안내되었다", "5점"),
    ("Q2", "협의체 운영", "회의에서 위원들이 충분히 의견을 나누었다", "5점"),
    ("Q3", "협의체 운영", "협의체의 결정이 사업에 반영되었다", "5점"),
    ("Q4", "협의체 운영", "사무국의 지원이 충분했다", "5점"),
    ("Q5", "분과 활동", "분과 회의가 정기적으로 열렸다", "5점"),
    ("Q6", "분과 활동", "분과의 역할과 과제가 분명했다", "5점"),
    ("Q7", "분과 활동", "분과 활동에 적극적으로 참여했다", "5점"),
    ("Q8", "분과 활동", "분과 사이에 정보가 잘 공유되었다", "5점"),
    ("Q9", "민관협력", "민간 위원과 공공 위원이 대등하게 논의했다", "5점"),
    ("Q10", "민관협력", "지역 자원 연계가 원활했다", "5점"),
    ("Q11", "민관협력", "올해 시행계획 모니터링 방식은", "적절/보통/부적절"),
    ("Q12", "민관협력", "내년에도 위원으로 활동할 생각이 있다", "예/아니오"),
    ("Q13", "분과장 문항", "분과 운영비 지원이 충분했다(분과장만 응답)", "5점"),
)
#: Loading of each domain's answers on its latent trait (squared: the inter-item correlation).
_LOADING = {"협의체 운영": 0.8, "분과 활동": 0.78, "민관협력": 0.58, "분과장 문항": 0.5}
#: Mean of each item's latent answer (above 0 leans to 그렇다).
_LEVEL = {"Q1": 0.5, "Q2": 0.3, "Q3": 0.0, "Q4": 0.6, "Q5": 0.4, "Q6": 0.1, "Q7": 0.3, "Q8": -0.2,
          "Q9": 0.1, "Q10": -0.1, "Q11": 0.3, "Q12": 1.0, "Q13": -0.3}
_LIKERT_LABELS = ("매우 그렇지 않다", "그렇지 않다", "보통", "그렇다", "매우 그렇다")
_CUTS = (-1.8, -0.9, 0.1, 1.1)
_BODY = {"대표": "대표협의체", "실무": "실무협의체"}
_STAGES = ("계획수립", "이행점검", "결과확인")
_RATER = "모니터링분과"


def _in_office(member: dict, year: int) -> bool:
    """Whether a member's tenure overlaps the year (joined by 31 Dec, not left before 1 Jan)."""
    joined, left = member.get("joined_on"), member.get("left_on")
    return (not isinstance(joined, date) or joined <= date(year, 12, 31)) and (
        not isinstance(left, date) or left >= date(year, 1, 1)
    )


def _answer(latent: float, scale: str, labels: bool) -> object:
    """A latent answer written on the item's scale (labels or digits for the 5-point items)."""
    if scale == "예/아니오":
        return "예" if latent > -0.6 else "아니오"
    if scale == "적절/보통/부적절":
        return "적절" if latent > 0.2 else "보통" if latent > -1.0 else "부적절"
    point = 1 + sum(latent > cut for cut in _CUTS)
    return _LIKERT_LABELS[point - 1] if labels else str(point)


def survey_tables(d: District, year: int, members: list[dict]) -> dict[str, list[dict]]:
    """The 설문문항 and 설문응답 rows of a district-year.

    Parameters
    ----------
    d : District
        수원시 or 사상구.
    year : int
        The survey's year.
    members : list of dict
        The year's 위원명단 rows (``sector`` 민/관, ``body``, ``subcommittee``, tenure).

    Returns
    -------
    dict
        ``survey_items`` and ``survey_responses`` rows by canonical column.
    """
    rng = seeded_rng(d.code, f"survey-{year}")
    survey = f"{year} 자체평가"
    items = [
        {"district_code": d.code, "year": year, "survey": survey, "item": item, "domain": domain, "wording": wording,
         "scale": scale}
        for item, domain, wording, scale in ITEMS
    ]
    present = [m for m in members if _in_office(m, year)]
    share = rng.uniform(0.6, 0.75)
    chosen = sorted(rng.choice(len(present), size=round(share * len(present)), replace=False))
    shift = 0.25 if (d.code == SUWON.code and year == 2023) else 0.0
    labels = d.code == SUWON.code
    chairs = 0
    rows: list[dict] = []
    for n, pos in enumerate(chosen, start=1):
        member = present[pos]
        chair = "분과장" in str(member.get("role")) and chairs < 4
        chairs += chair
        traits = {domain: rng.normal() for domain in _LOADING}
        common = {"district_code": d.code, "year": year, "survey": survey, "respondent": f"R{n:03d}",
                  "sector": member["sector"], "body": member.get("subcommittee") or _BODY.get(member.get("body"))}
        for item, domain, _wording, scale in ITEMS:
            if item == "Q13" and not chair:
                continue
            loading = _LOADING[domain]
            latent = _LEVEL[item] + loading * traits[domain] + np.sqrt(1 - loading**2) * rng.normal()
            latent += shift if domain == "협의체 운영" else 0.0
            latent -= 0.35 if (domain == "민관협력" and member["sector"] == "관") else 0.0
            gap = rng.random()
            answer = None if gap < 0.02 else "무응답" if gap < 0.03 else _answer(latent, scale, labels)
            rows.append({**common, "item": item, "answer": answer})
    return {"survey_items": items, "survey_responses": rows}


def _number(value: object) -> float | None:
    """A sample indicator value (a number, or text such as ``2,387건``) as a float."""
    if isinstance(value, (int, float)):
        return float(value)
    text = re.sub(r"[^0-9.\-]", "", str(value or ""))
    try:
        return float(text)
    except ValueError:
        return None


def _achievement(indicators: list[dict]) -> dict[str, float]:
    """Item code → mean achievement (%) of its indicators with a target and an actual."""
    per_item: dict[str, list[float]] = {}
    for row in indicators:
        target, actual = _number(row.get("target")), _number(row.get("actual"))
        if not target or not actual:
            continue
        rate = 100 * (target / actual if row.get("direction") == "하향" else actual / target)
        per_item.setdefault(row["item_code"], []).append(rate)
    return {code: float(np.mean(rates)) for code, rates in per_item.items()}


def _contrary(achieved: dict[str, float], codes: list[str], rng: np.random.Generator) -> dict[str, str]:
    """Three items rated against their achievement: the two lowest 적절, one at or above 100 % 부적절."""
    scored = sorted((achieved[c], c) for c in codes if c in achieved)
    out = {code: "적절" for _rate, code in scored[:2]}
    high = [code for rate, code in scored[2:] if rate >= 100]
    if high:
        out[high[int(rng.integers(len(high)))]] = "부적절"
    return out


def _rating(score: float) -> str:
    return "적절" if score >= 1.05 else "보통" if score >= 0.92 else "부적절"


def rating_rows(d: District, year: int, plan: list[dict], indicators: list[dict]) -> list[dict]:
    """The 사업평가 rows: every plan item at the three stages, rated by 모니터링분과.

    Parameters
    ----------
    d : District
        The district.
    year : int
        The year.
    plan : list of dict
        The year's 시행계획 rows.
    indicators : list of dict
        The year's 성과지표 rows (the ratings follow their achievement).

    Returns
    -------
    list of dict
        Rows by canonical column.
    """
    rng = seeded_rng(d.code, f"ratings-{year}")
    achieved = _achievement(indicators)
    codes = [row["item_code"] for row in plan]
    contrary = _contrary(achieved, codes, rng)
    rows = []
    for code in codes:
        rate = achieved.get(code)
        level = 0.75 if rate is None else min(rate, 130.0) / 100
        ratings = {
            "계획수립": _rating(1.12 + rng.normal(0, 0.1)),
            "이행점검": _rating(level + rng.normal(0, 0.1)),
            "결과확인": _rating(level + rng.normal(0, 0.05)),
        }
        if code in contrary:
            ratings["결과확인"] = ratings["이행점검"] = contrary[code]
        rows += [
            {"district_code": d.code, "year": year, "item_code": code, "stage": stage, "rating": ratings[stage],
             "rater": _RATER}
            for stage in _STAGES
        ]
    return rows
