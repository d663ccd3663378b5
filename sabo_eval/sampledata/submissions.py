"""One submission per district and year: the tables of every sheet."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .anchored_plans import sasang_plan, suwon_plan
from .anchors import (
    SEED000_EVALUATION_DATE,
)
from .attendance import council_tables
from .budget import budget_rows
from .common import SYNTHETIC_NOTE, SYNTHETIC_NOTE_CSV
from .councils import generic_council
from .districts import SASANG, SEOUL_INDEX, SUWON, District, district_row, seeded_rng
from .indicators import indicator_rows
from .meetings import Council
from .opinions import opinion_rows
from .plan import PlanItem, generic_plan, plan_rows
from .services import (
    MONTHLY_VISIT_FILES,
    ServiceValues,
    service_rows,
    services_year,
    synthetic_base,
)
from .services_extra import EXTRA_KEYS, extra_year, synthetic_extra_base
from .survey import RATING_FILES, SURVEY_FILES, rating_rows, survey_tables
from .suwon import suwon_council

logger = logging.getLogger(__name__)


@dataclass
class Submission:
    """One district × year submission, ready to be written.

    ``tables`` holds rows keyed by canonical column names; ``rosters`` holds
    ``(sheet name, header, rows)`` for roster-form attendance.
    """

    district: District
    year: int
    info: dict[str, object]
    tables: dict[str, list[dict]]
    rosters: list[tuple[str, list[str], list[list]]] = field(default_factory=list)
    date_style: str = "excel"
    notes: dict[str, str] = field(default_factory=dict)
    as_csv: bool = False

    @property
    def stem(self) -> str:
        """File stem ``<code>_<year>_<name>``."""
        return f"{self.district.code}_{self.year}_{self.district.name}"


def file_date_style(d: District, year: int) -> str:
    """Date style of a file: Korean office format for 수원시, text or Excel dates elsewhere.

    Parameters
    ----------
    d : District
        The district.
    year : int
        The year.

    Returns
    -------
    str
        A style of :func:`~sabo_eval.sampledata.common.format_date`.
    """
    if d.code == SUWON.code:
        return "korean"
    if (d.code, year) in {("11305", 2022), ("11545", 2023)}:
        return "yy"
    if d.code in SEOUL_INDEX and SEOUL_INDEX[d.code] % 3 == 1:
        return "dot"
    return "excel"


def plan_tables(
    d: District,
    items: list[PlanItem],
    council: Council,
    rng: np.random.Generator,
    prev_actuals: dict[tuple[str, str], float],
    year: int,
) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """시행계획, 성과지표, 예산 and 모니터링의견 rows of one year.

    Parameters
    ----------
    d : District
        The district.
    items : list of PlanItem
        The district's plan (items outside ``year`` are skipped).
    council : Council
        The council (subcommittees of the opinions).
    rng : numpy.random.Generator
        The district's plan-values stream (drawn in this order: indicators, budget,
        opinions).
    prev_actuals : dict
        (item code, indicator) → actual, carried from one year into the next.
    year : int
        The year.

    Returns
    -------
    tuple of list of dict
        Plan, indicator, budget and opinion rows.
    """
    year_items = [it for it in items if year in it.change]
    plan = plan_rows(d, year_items, year)
    ind = indicator_rows(d, year_items, items, rng, prev_actuals, year)
    budget = budget_rows(d, year_items, rng, year)
    opinions = opinion_rows(d, year_items, council, rng, year)
    return plan, ind, budget, opinions


def submission_info(
    d: District, year: int, note: str, prepared_on: date, evaluation: date
) -> dict[str, object]:
    """The 제출정보 values of a submission.

    Parameters
    ----------
    d : District
        The district.
    year : int
        The year.
    note : str
        비고 (what is synthetic, what is anchored).
    prepared_on, evaluation : datetime.date
        작성일 and 평가기준일.

    Returns
    -------
    dict
        Field key → value.
    """
    return {
        "district_code": d.code,
        "year": year,
        "budget_unit": "천원",
        "prepared_by": f"{d.name}지역사회보장협의체 사무국",
        "prepared_on": prepared_on,
        "evaluation_date": evaluation,
        "note": note,
    }


def _notes_for(d: District, year: int) -> dict[str, str]:
    """Note rows written above the header of some sheets."""
    idx = SEOUL_INDEX.get(d.code, -1)
    notes: dict[str, str] = {}
    if (d.code in (SUWON.code, SASANG.code) and year == 2023) or (idx >= 0 and idx % 5 == 0):
        notes["budget"] = "※ 단위: 천원"
    if idx >= 0 and idx % 5 == 0:
        notes["services"] = "※ 단위: 명·건·가구 (긴급복지 지원액은 백만원)"
    return notes


def _anchor_note(d: District, year: int) -> str:
    if d.code == SUWON.code and year == 2022:
        return (
            "연구기획분과 출석부와 12개 실무분과 평균 출석률(63.7%)·이주민분과(81.9%)는 seed 000(수원시 2022년 11차 연구기획분과 회의자료)에 맞춘 값. 그 밖의 값은 "
            + SYNTHETIC_NOTE
        )
    if d.code == SUWON.code and year == 2023:
        return (
            "시행계획의 seed 사업(I-1-1 등 7개)과 모니터링의견 9건은 seed 000의 모니터링 표를 그대로 옮긴 값. 그 밖의 값은 "
            + SYNTHETIC_NOTE
        )
    if d.code == SASANG.code and year == 2023:
        return (
            "시행계획·성과지표는 seed 001(사상구 2023년 시행결과 모니터링 결과보고)의 5대 추진전략·10개 중점사업·29개 세부사업 121.6%, 4대 추진전략·9개 대표과업·18개 세부과업 110.7%와 예산 변경 4개 사업에 맞춘 값. 개별 수치는 "
            + SYNTHETIC_NOTE
        )
    if d.code == SASANG.code:
        return SYNTHETIC_NOTE_CSV
    return SYNTHETIC_NOTE


@dataclass
class YearState:
    """What one year of a district's submissions carries into the next.

    Attributes
    ----------
    plan_rng : numpy.random.Generator
        Stream of the indicator, budget and opinion values (and the 작성일).
    svc_rng : numpy.random.Generator
        Stream of the yearly service values.
    base : dict
        Last year's ``{(program, measure): value}`` of the services.
    extra_base : dict
        Last year's values of 위기가구, 소나무센터 and 정신건강.
    prev_actuals : dict
        (item code, indicator) → last year's actual (this year's baseline).
    """

    plan_rng: np.random.Generator
    svc_rng: np.random.Generator
    base: dict[tuple[str, str], float]
    extra_base: dict[tuple[str, str], float]
    prev_actuals: dict[tuple[str, str], float] = field(default_factory=dict)


def year_tables(
    d: District,
    council: Council,
    items: list[PlanItem],
    state: YearState,
    year: int,
    *,
    roster: bool = False,
    monthly: np.random.Generator | None = None,
    text_numbers: bool = False,
    district_text: bool = False,
) -> tuple[dict[str, list[dict]], list[tuple[str, list[str], list[list]]]]:
    """The tables of one full submission (every sheet but 제출정보).

    Parameters
    ----------
    d : District
        District of the submission.
    council : Council
        The district's council (members, and meetings and marks of ``year``).
    items : list of PlanItem
        The district's plan over every year.
    state : YearState
        The district's streams and last year's values; updated for the next year.
    year : int
        The year.
    roster : bool
        Attendance as one roster sheet per group instead of the long-form table.
    monthly : numpy.random.Generator, optional
        When given, 보편방문-65세 is written as monthly rows drawn from it.
    text_numbers : bool
        Service values as text with thousands separators.
    district_text : bool
        지역현황 populations as text (``1,190,000명``).

    Returns
    -------
    dict
        Table name → rows (no ``attendance`` with rosters).
    list
        ``(sheet name, header, rows)`` of the rosters (empty without).
    """
    members, meetings, attendance, rosters = council_tables(d, council, year, roster)
    plan, ind, budget, opinions = plan_tables(
        d, items, council, state.plan_rng, state.prev_actuals, year
    )
    values = services_year(state.svc_rng, state.base, year)
    state.base = {k: float(v) for k, v in values.items()}
    extra = extra_year(d, state.extra_base, year)
    state.extra_base = {k: float(v) for k, v in extra.items()}
    services = service_rows(d.code, year, {**values, **extra}, monthly, text_numbers=text_numbers)
    tables = {
        "districts": [district_row(d, district_text)],
        "members": members,
        "meetings": meetings,
        "plan_items": plan,
        "indicators": ind,
        "budget": budget,
        "opinions": opinions,
        "services": services,
    }
    if not roster:
        tables["attendance"] = attendance
    return tables, rosters


def _council_and_plan(d: District) -> tuple[Council, list[PlanItem]]:
    """The council and the plan of a sample district (anchored for 수원시 and 사상구)."""
    if d.code == SUWON.code:
        council, means = suwon_council()
        logger.info(
            "수원시 2022 분과 평균: %s", ", ".join(f"{k} {v:.3f}" for k, v in means.items())
        )
        return council, suwon_plan(seeded_rng(d.code, "plan"))
    council = generic_council(d)
    if d.code == SASANG.code:
        return council, sasang_plan(seeded_rng(d.code, "plan"))
    return council, generic_plan(seeded_rng(d.code, "plan"))


def _seoul_2021_submission(d: District, seoul2021: dict[str, ServiceValues]) -> Submission:
    """The 2021 services workbook of a Seoul district (seed 002's split city totals)."""
    idx = SEOUL_INDEX[d.code]
    note21 = (
        "서비스실적은 seed 002(서울시 찾아가는 동주민센터 2022년 실행계획)의 2021년 시 합계를 자치구별로 배분한 값: 시 합계는 실제, 자치구별 수치는 "
        + SYNTHETIC_NOTE
    )
    return Submission(
        d,
        2021,
        submission_info(d, 2021, note21, date(2022, 2, 22), date(2021, 12, 31)),
        {
            "districts": [district_row(d, False)],
            "services": service_rows(d.code, 2021, seoul2021[d.code]),
        },
        date_style=file_date_style(d, 2021),
        notes={"services": "※ 2021년 실적 (단위: 명·건·가구, 긴급복지 지원액은 백만원)"}
        if idx % 2 == 0
        else {},
    )


def _year_submission(
    d: District, council: Council, items: list[PlanItem], state: YearState, year: int
) -> Submission:
    """The 2022 or 2023 submission of a sample district."""
    roster = d.code == SUWON.code
    monthly = (
        seeded_rng(d.code, f"monthly-{year}") if (d.code, year) in MONTHLY_VISIT_FILES else None
    )
    tables, rosters = year_tables(
        d,
        council,
        items,
        state,
        year,
        roster=roster,
        monthly=monthly,
        text_numbers=(d.code == SUWON.code and year == 2023),
        district_text=d.code == SUWON.code,
    )
    if (d.code, year) in SURVEY_FILES:
        tables.update(survey_tables(d, year, tables["members"]))
    if (d.code, year) in RATING_FILES:
        tables["project_ratings"] = rating_rows(d, year, tables["plan_items"], tables["indicators"])
    if d.code == SUWON.code:
        prepared = date(2022, 11, 10) if year == 2022 else date(2024, 1, 18)
        evaluation = SEED000_EVALUATION_DATE if year == 2022 else date(2023, 12, 31)
    else:
        prepared = date(year + 1, 1, 10 + int(state.plan_rng.integers(0, 20)))
        evaluation = date(year, 12, 31)
    return Submission(
        d,
        year,
        submission_info(d, year, _anchor_note(d, year), prepared, evaluation),
        tables,
        rosters=rosters,
        date_style="iso" if (d.code == SASANG.code and year == 2022) else file_date_style(d, year),
        notes=_notes_for(d, year),
        as_csv=d.code == SASANG.code and year == 2022,
    )


def district_submissions(d: District, seoul2021: dict[str, ServiceValues]) -> list[Submission]:
    """All submissions (2021 for Seoul, 2022, 2023) of one sample district.

    Parameters
    ----------
    d : District
        The district.
    seoul2021 : dict
        District code → 2021 service values of the Seoul districts
        (:func:`~sabo_eval.sampledata.services.seoul_2021_services`).

    Returns
    -------
    list of Submission
        In year order.
    """
    council, items = _council_and_plan(d)
    plan_rng = seeded_rng(d.code, "plan-values")
    svc_rng = seeded_rng(d.code, "services")
    out: list[Submission] = []
    if d.code in SEOUL_INDEX:
        base = {k: float(v) for k, v in seoul2021[d.code].items()}
        extra_base = {k: float(seoul2021[d.code][k]) for k in EXTRA_KEYS}
        out.append(_seoul_2021_submission(d, seoul2021))
    else:
        base = synthetic_base(d)
        extra_base = synthetic_extra_base(d)
    state = YearState(plan_rng, svc_rng, base, extra_base)
    for year in (2022, 2023):
        out.append(_year_submission(d, council, items, state, year))
    return out
