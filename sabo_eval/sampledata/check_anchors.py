"""Checks of the anchored figures in the generated files."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sabo_eval.intake.schemas import SUBMISSION_INFO_SHEET

from .anchors import (
    RESEARCH_DATES_2022,
    SASANG_FW1_TARGET,
    SASANG_FW2_TARGET,
    SASANG_REVISED_ITEMS,
    SEED000_EVALUATION_DATE,
    SEED000_EXCELLENT,
    SEED000_MEAN,
    SEED000_MONTHLY,
    SUWON_ALL_MEAN,
    SUWON_BEST_MEAN,
    SUWON_BEST_SUB,
    SUWON_SUBCOMMITTEES,
)
from .budget import BUDGET_TOTAL_LABEL
from .common import FW1, FW2, INFO_KEY_HEADER, INFO_LABELS, INFO_VALUE_HEADER, korean_header
from .districts import SASANG, SEOUL, SUWON, District
from .indicators import achievement
from .opinions import SEED000_OPINIONS
from .pilot import (
    PILOT_DISTRICTS,
    PILOT_OUTCOMES,
    PILOT_POST,
    PILOT_YEARS,
    STRENGTHENED_DISTRICTS,
    pilot_group,
)
from .readback import (
    meetings_by_id,
    members_by_id,
    parse_date,
    parse_num,
    read_sheets,
    roster_table,
    sheet_records,
    submission_path,
)
from .services import (
    SEOUL_2021_COUNSELLED,
    SEOUL_2021_TOTALS,
    TOTAL_LABEL,
    VISIT_PROGRAMS,
)
from .services_extra import (
    CRISIS_PROGRAM,
    EXTRA_KEYS,
    EXTRA_PROGRAMS,
    MENTAL_PROGRAM,
    SEOUL_2021_EXTRA_TOTALS,
    SONAMU_PROGRAM,
)

logger = logging.getLogger(__name__)


def check_suwon_2022(out_dir: Path) -> None:
    """Assert 수원시 2022: seed 000's 연구기획분과 roster and the subcommittee means.

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder written by :func:`~sabo_eval.sampledata.generate`.
    """
    sheets = read_sheets(submission_path(out_dir, SUWON, 2022))
    info = {
        r[INFO_KEY_HEADER]: r[INFO_VALUE_HEADER]
        for r in sheet_records(sheets[SUBMISSION_INFO_SHEET], INFO_KEY_HEADER)
    }
    evaluation = parse_date(info[INFO_LABELS["evaluation_date"]])
    assert evaluation == SEED000_EVALUATION_DATE, evaluation
    members = members_by_id(sheets, SUWON.code)
    meetings = meetings_by_id(sheets)
    means: dict[str, float] = {}
    for sub in SUWON_SUBCOMMITTEES:
        dates = {mt["held"].month: mt["held"] for mt in meetings.values() if mt["sub"] == sub}
        assert sorted(dates) == list(range(1, 11)), f"{sub}: months {sorted(dates)}"
        table = roster_table(sheets, f"출석부_{sub}", members, dates)
        means[sub] = float(np.mean([100 * t[1] / t[2] for t in table]))
        if sub != "연구기획분과":
            continue
        assert [mt["held"] for mt in meetings.values() if mt["sub"] == sub] == list(
            RESEARCH_DATES_2022
        )
        for mo, a, e, ap, ep, ag, eg in table:
            assert ((a, e), (ap, ep), (ag, eg)) == SEED000_MONTHLY[mo], (
                f"연구기획분과 {mo}월: {(a, e), (ap, ep), (ag, eg)}"
            )
        avg = tuple(
            round(float(np.mean([100 * t[i] / t[i + 1] for t in table])), 1) for i in (1, 3, 5)
        )
        assert avg == SEED000_MEAN, f"연구기획분과 평균 {avg}"
        # excellent members: tenure ≥ 365 days, current, attendance ≥ 70 %
        recs = sheet_records(sheets["출석부_연구기획분과"], korean_header("members", "member_id"))
        excellent = {}
        for r in recs:
            m = members[r[korean_header("members", "member_id")]]
            marks = [v for k, v in r.items() if str(k).endswith("월") and v != "-"]
            rate = 100 * sum(v == "○" for v in marks) / len(marks)
            current = m["left"] is None or m["left"] >= evaluation
            if (evaluation - m["joined"]).days >= 365 and current and rate >= 70:
                excellent[m["name"]] = round(rate, 1)
        assert excellent == SEED000_EXCELLENT, f"excellent members {excellent}"
    best = max(means, key=means.get)
    overall = float(np.mean(list(means.values())))
    logger.info("check 수원시 2022: 12개 분과 평균 %.4f, %s %.4f", overall, best, means[best])
    assert best == SUWON_BEST_SUB and abs(means[best] - SUWON_BEST_MEAN) <= 0.03, means
    assert abs(overall - SUWON_ALL_MEAN) <= 0.03, overall
    assert "△" not in {
        v for sub in SUWON_SUBCOMMITTEES for row in sheets[f"출석부_{sub}"] for v in row
    }


def check_suwon_2023(out_dir: Path) -> None:
    """Assert 수원시 2023: seed 000's monitoring opinions, verbatim and on planned items.

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder written by :func:`~sabo_eval.sampledata.generate`.
    """
    sheets = read_sheets(submission_path(out_dir, SUWON, 2023))
    ops = sheet_records(sheets["모니터링의견"], korean_header("opinions", "district_code"))
    got = [
        (
            r[korean_header("opinions", "item_code")],
            r[korean_header("opinions", "subcommittee")],
            r[korean_header("opinions", "opinion")],
            r[korean_header("opinions", "response")],
        )
        for r in ops
    ]
    assert got == [tuple(o) for o in SEED000_OPINIONS], "수원시 2023 opinions differ from seed 000"
    plan = {
        r[korean_header("plan_items", "item_code")]: r
        for r in sheet_records(sheets["시행계획"], korean_header("plan_items", "district_code"))
    }
    for code, _sub, _op, _resp in SEED000_OPINIONS:
        assert code in plan, code


def check_sasang_2023(out_dir: Path) -> None:
    """Assert 사상구 2023: seed 001's plan counts and achievement rates, revised budgets.

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder written by :func:`~sabo_eval.sampledata.generate`.
    """
    sheets = read_sheets(submission_path(out_dir, SASANG, 2023))
    plan = sheet_records(sheets["시행계획"], korean_header("plan_items", "district_code"))
    ind = sheet_records(sheets["성과지표"], korean_header("indicators", "district_code"))
    by_item: dict[str, list[float]] = {}
    for r in ind:
        t, a = (
            parse_num(r[korean_header("indicators", "target")]),
            parse_num(r[korean_header("indicators", "actual")]),
        )
        assert t is not None and a is not None, f"사상구 2023 blank target/actual: {r}"
        by_item.setdefault(r[korean_header("indicators", "item_code")], []).append(
            achievement(r[korean_header("indicators", "direction")], t, a)
        )
    for fw, (n_s, n_k, n_i, target) in {
        FW1: (5, 10, 29, SASANG_FW1_TARGET),
        FW2: (4, 9, 18, SASANG_FW2_TARGET),
    }.items():
        _check_sasang_framework(plan, by_item, fw, (n_s, n_k, n_i), target)
    changes = {r[korean_header("plan_items", "change")] for r in plan}
    assert {"신규", "폐지"} <= changes, changes
    _check_sasang_budget(sheets, plan)


def _check_sasang_framework(
    plan: list[dict],
    by_item: dict[str, list[float]],
    fw: str,
    expected: tuple[int, int, int],
    target: float,
) -> None:
    """Strategy/project/item counts and mean achievement (with and without 폐지)."""
    n_s, n_k, n_i = expected
    rows = [r for r in plan if r[korean_header("plan_items", "framework")] == fw]
    counts = tuple(
        len({r[korean_header("plan_items", c)] for r in rows})
        for c in ("strategy", "key_project", "item_code")
    )
    assert counts == (n_s, n_k, n_i), f"{fw}: {counts}"
    items = [r[korean_header("plan_items", "item_code")] for r in rows]
    assert all(1 <= len(by_item[c]) <= 3 for c in items)
    value = float(np.mean([np.mean(by_item[c]) for c in items]))
    kept = [
        r[korean_header("plan_items", "item_code")]
        for r in rows
        if r[korean_header("plan_items", "change")] != "폐지"
    ]
    value_kept = float(np.mean([np.mean(by_item[c]) for c in kept]))
    logger.info(
        "check 사상구 2023 %s: %d/%d/%d → %.4f%% (without 폐지 %.4f%%)",
        fw,
        *counts,
        value,
        value_kept,
    )
    assert abs(value - target) <= 0.02 and abs(value_kept - target) <= 0.02, (
        fw,
        value,
        value_kept,
    )


def _check_sasang_budget(sheets: dict, plan: list[dict]) -> None:
    """Only seed 001's four items have a revised budget, different from the planned one."""
    names = {
        r[korean_header("plan_items", "item_code")]: r[korean_header("plan_items", "item_name")]
        for r in plan
    }
    for r in sheet_records(sheets["예산"], korean_header("budget", "district_code")):
        code = r[korean_header("budget", "item_code")]
        if code == BUDGET_TOTAL_LABEL:
            continue
        planned, revised = (
            parse_num(r[korean_header("budget", "planned")]),
            parse_num(r[korean_header("budget", "revised")]),
        )
        if names[code] in SASANG_REVISED_ITEMS:
            assert revised is not None and revised != planned, names[code]
        else:
            assert revised is None, names[code]
    assert set(SASANG_REVISED_ITEMS) <= set(names.values())


def check_extra_programs(sheets: dict, label: str) -> dict[tuple[str, str], float]:
    """Assert the 위기가구/소나무센터/정신건강 rows of one 서비스실적 sheet.

    Each of the six measures has exactly one annual row (월, 동 blank) with a
    non-negative integer; the rows come after every other programme; 연계가구 ≤ 발굴가구
    and 초기상담 ≤ 신고접수 (rates), 동행요청 ≥ 1 (동행방문 may exceed it: a ratio); and
    the three rates stay in plausible ranges.

    Parameters
    ----------
    sheets : dict
        Sheet name → rows (:func:`~sabo_eval.sampledata.readback.read_sheets`).
    label : str
        File name for the messages.

    Returns
    -------
    dict
        ``{(program, measure): value}`` of the six measures.
    """
    rows = sheet_records(sheets["서비스실적"], korean_header("services", "district_code"))
    progs = [r[korean_header("services", "program")] for r in rows]
    vals: dict[tuple[str, str], float] = {}
    for r in rows:
        prog = r[korean_header("services", "program")]
        if prog not in EXTRA_PROGRAMS:
            continue
        key = (prog, r[korean_header("services", "measure")])
        assert key in EXTRA_KEYS and key not in vals, (label, key)
        assert (
            r[korean_header("services", "month")] is None
            and r[korean_header("services", "dong")] is None
        ), (
            label,
            key,
        )
        v = parse_num(r[korean_header("services", "value")])
        assert v is not None and v >= 0 and v == int(v), (label, key, v)
        vals[key] = v
    assert set(vals) == set(EXTRA_KEYS), (label, sorted(set(EXTRA_KEYS) - set(vals)))
    first = min(i for i, p in enumerate(progs) if p in EXTRA_PROGRAMS)
    assert all(p in EXTRA_PROGRAMS for p in progs[first:]), (label, "extra rows not last")
    assert set(progs[:first]) == {*VISIT_PROGRAMS, "돌봄SOS", "긴급복지"}, label
    found, linked = vals[(CRISIS_PROGRAM, "발굴가구")], vals[(CRISIS_PROGRAM, "연계가구")]
    reports, called = vals[(SONAMU_PROGRAM, "신고접수")], vals[(SONAMU_PROGRAM, "초기상담")]
    requests, visits = vals[(MENTAL_PROGRAM, "동행요청")], vals[(MENTAL_PROGRAM, "동행방문")]
    assert 0 < linked <= found and 0.5 <= linked / found <= 0.95, (label, linked, found)
    assert 0 < called <= reports and 0.4 <= called / reports <= 0.75, (label, called, reports)
    assert requests >= 1 and 0.8 <= visits / requests <= 1.5, (label, visits, requests)
    return vals


def check_seoul_2021(out_dir: Path, covered: set[tuple[str, int]]) -> None:
    """Assert the Seoul 2021 workbooks: every city total of seed 002 is reproduced.

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder written by :func:`~sabo_eval.sampledata.generate`.
    covered : set of (str, int)
        (district code, year) of the files checked; extended in place.
    """
    totals: dict[tuple[str, str], float] = {}
    for d in SEOUL:
        path = out_dir / f"{d.code}_2021_{d.name}.xlsx"
        sheets = read_sheets(path)
        assert set(sheets) == {"제출정보", "지역현황", "서비스실적"}, (path.name, set(sheets))
        check_extra_programs(sheets, path.name)
        covered.add((d.code, 2021))
        for r in sheet_records(sheets["서비스실적"], korean_header("services", "district_code")):
            assert (
                r[korean_header("services", "month")] is None
                and r[korean_header("services", "dong")] is None
            )
            key = (r[korean_header("services", "program")], r[korean_header("services", "measure")])
            totals[key] = totals.get(key, 0.0) + parse_num(r[korean_header("services", "value")])
    for prog, measures in SEOUL_2021_TOTALS.items():
        for measure, total in measures:
            assert totals[(prog, measure)] == total, (prog, measure, totals[(prog, measure)], total)
    for prog, total in SEOUL_2021_COUNSELLED.items():
        assert totals[(prog, "상담인원")] == total, (prog, totals[(prog, "상담인원")])
    assert totals[("돌봄SOS", TOTAL_LABEL)] == 120_332
    for key, total in SEOUL_2021_EXTRA_TOTALS.items():
        assert totals[key] == total, (key, totals[key], total)
    logger.info(
        "check Seoul 2021: every city total matches seed 002 (위기가구 발굴 %d · 연계 %d, "
        "소나무센터 신고 %d · 초기상담 %d, 정신건강 동행요청 %d · 동행방문 %d)",
        *(int(totals[k]) for k in EXTRA_KEYS),
    )


def check_pilot(out_dir: Path, covered: set[tuple[str, int]]) -> None:
    """Assert the 2012/2013 workbooks of seed 004's setting and their injected effect.

    Every Seoul district has a 2012 and a 2013 workbook with only 제출정보, 지역현황 and
    서비스실적; each outcome has exactly one row per month 1–12 (동 blank) holding a
    non-negative integer; 지역현황 gives the district's population. Then, from the
    files alone, the simple before/after comparison of the per-1,000 rates (pilot
    group minus the 20 comparison districts, in % of the group's observed 2012-01 …
    2013-02 mean) lies within 10 points of the injected effect of each group and
    outcome: a guard against a lost, misplaced or sign-flipped effect. (The exact
    truth is :func:`~sabo_eval.sampledata.pilot.pilot_truth`; with three or two treated
    districts and 7 % monthly noise, one standard error of this comparison is about 3-4
    points.)

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder written by :func:`~sabo_eval.sampledata.generate`.
    covered : set of (str, int)
        (district code, year) of the files checked; extended in place.
    """
    rates: dict[tuple[str, str], dict[str, np.ndarray]] = {k: {} for k in PILOT_OUTCOMES}
    for d in SEOUL:
        series: dict[tuple[str, str], list[float]] = {k: [] for k in PILOT_OUTCOMES}
        for year in PILOT_YEARS:
            for key, values in _pilot_workbook_rates(out_dir, d, year).items():
                series[key] += values
            covered.add((d.code, year))
        for key, values in series.items():
            rates[key][d.code] = np.array(values)
    _check_pilot_effects(rates)


def _pilot_workbook_rates(
    out_dir: Path, d: District, year: int
) -> dict[tuple[str, str], list[float]]:
    """Assert one 2012/2013 workbook; its monthly rates per 1,000 residents by outcome."""
    path = out_dir / f"{d.code}_{year}_{d.name}.xlsx"
    assert path.exists(), path
    sheets = read_sheets(path)
    assert set(sheets) == {"제출정보", "지역현황", "서비스실적"}, (path.name, set(sheets))
    info = {
        r[INFO_KEY_HEADER]: r[INFO_VALUE_HEADER]
        for r in sheet_records(sheets[SUBMISSION_INFO_SHEET], INFO_KEY_HEADER)
    }
    assert str(info[INFO_LABELS["district_code"]]) == d.code, path.name
    assert int(info[INFO_LABELS["year"]]) == year, path.name
    (district,) = sheet_records(sheets["지역현황"], korean_header("districts", "district_code"))
    population = parse_num(district[korean_header("districts", "population")])
    assert population == d.population, (path.name, population)
    got: dict[tuple[str, str], dict[int, float]] = {k: {} for k in PILOT_OUTCOMES}
    for r in sheet_records(sheets["서비스실적"], korean_header("services", "district_code")):
        key = (
            r[korean_header("services", "program")],
            r[korean_header("services", "measure")],
        )
        month = r[korean_header("services", "month")]
        value = parse_num(r[korean_header("services", "value")])
        assert key in got and r[korean_header("services", "dong")] is None, (path.name, key)
        assert month not in got[key] and value is not None, (path.name, key, month)
        assert value >= 0 and value == int(value), (path.name, key, value)
        got[key][int(month)] = value
    out: dict[tuple[str, str], list[float]] = {}
    for key, by_month in got.items():
        assert sorted(by_month) == list(range(1, 13)), (path.name, key)
        out[key] = [1000.0 * by_month[m] / population for m in range(1, 13)]
    return out


def _check_pilot_effects(rates: dict[tuple[str, str], dict[str, np.ndarray]]) -> None:
    """The before/after comparison of each treated group is near its injected effect."""
    comparison = [d.code for d in SEOUL if pilot_group(d.code) == "comparison"]
    assert len(comparison) == 20
    for key, (_level, eff_pilot, eff_strong) in PILOT_OUTCOMES.items():

        def change(codes: Sequence[str], key: tuple[str, str] = key) -> tuple[float, float]:
            stacked = np.vstack([rates[key][c] for c in codes])
            pre = float(stacked[:, ~PILOT_POST].mean())
            return float(stacked[:, PILOT_POST].mean()) - pre, pre

        base, _pre = change(comparison)
        for codes, effect in ((PILOT_DISTRICTS, eff_pilot), (STRENGTHENED_DISTRICTS, eff_strong)):
            diff, pre = change(codes)
            share = (diff - base) / pre
            logger.info(
                "check seed 004 %s/%s %s: before/after DiD %+.1f%% (injected %+.0f%%)",
                *key,
                "시범" if codes == PILOT_DISTRICTS else "기 동복지강화",
                100 * share,
                100 * effect,
            )
            assert abs(share - effect) <= 0.10, (key, codes, share, effect)
