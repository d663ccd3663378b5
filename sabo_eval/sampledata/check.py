"""Self-check of a generated sample folder."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from sabo_eval.intake.schemas import SUBMISSION_INFO_SHEET

from .anchors import SASANG_TF
from .budget import BUDGET_TOTAL_LABEL
from .check_anchors import (
    check_extra_programs,
    check_pilot,
    check_sasang_2023,
    check_seoul_2021,
    check_suwon_2022,
    check_suwon_2023,
)
from .common import INFO_KEY_HEADER, INFO_LABELS, INFO_VALUE_HEADER, korean_header
from .districts import ALL_DISTRICTS, SASANG, SEOUL, District
from .pilot import PILOT_YEARS
from .readback import (
    FULL_SHEETS,
    meetings_by_id,
    members_by_id,
    parse_num,
    read_sheets,
    sheet_records,
    submission_path,
)
from .services import TOTAL_LABEL, VISIT_CHANNELS, VISIT_PROGRAMS

logger = logging.getLogger(__name__)


def _check_file(
    path: Path, d: District, year: int, covered: set[tuple[str, int]]
) -> dict[str, str]:
    """Generic checks of one full submission; returns member id → name."""
    sheets = read_sheets(path)
    names = set(sheets)
    missing = [s for s in FULL_SHEETS if s not in names]
    assert not missing, (path.name, missing)
    has_long = "회의참석" in names
    has_roster = any(s.startswith("출석부_") for s in names)
    assert has_long != has_roster, path.name
    info = {
        r[INFO_KEY_HEADER]: r[INFO_VALUE_HEADER]
        for r in sheet_records(sheets[SUBMISSION_INFO_SHEET], INFO_KEY_HEADER)
    }
    assert (
        str(info[INFO_LABELS["district_code"]]) == d.code and int(info[INFO_LABELS["year"]]) == year
    ), path.name
    for s in FULL_SHEETS[1:]:
        assert sheet_records(sheets[s], korean_header("districts", "district_code")), (path.name, s)
    members = members_by_id(sheets, d.code)
    meetings = meetings_by_id(sheets)
    if has_long:
        for r in sheet_records(sheets["회의참석"], korean_header("attendance", "district_code")):
            m, mt = (
                members[r[korean_header("attendance", "member_id")]],
                meetings[r[korean_header("attendance", "meeting_id")]],
            )
            assert m["joined"] <= mt["held"] and (m["left"] is None or m["left"] >= mt["held"]), (
                path.name
            )
            assert r[korean_header("attendance", "status")] in ("○", "×", "△")
    # 합계 row of 예산
    rows = sheet_records(sheets["예산"], korean_header("budget", "district_code"))
    total = [r for r in rows if r[korean_header("budget", "item_code")] == BUDGET_TOTAL_LABEL]
    assert len(total) == 1 and rows[-1] is total[0], path.name
    for c in ("planned", "revised", "executed"):
        parts = [parse_num(r[korean_header("budget", c)]) for r in rows[:-1]]
        present = [p for p in parts if p is not None]
        want = sum(present) if present else None
        assert parse_num(total[0][korean_header("budget", c)]) == want, (path.name, c)
    # 계 rows of 서비스실적, and the three further programmes
    _check_service_totals(sheets, path.name)
    check_extra_programs(sheets, path.name)
    covered.add((d.code, year))
    # 성과지표 blanks (none in 사상구 2023)
    ind = sheet_records(sheets["성과지표"], korean_header("indicators", "district_code"))
    n_blank = sum(
        parse_num(r[korean_header("indicators", "target")]) is None
        or parse_num(r[korean_header("indicators", "actual")]) is None
        for r in ind
    )
    assert (n_blank == 0) == (d.code == SASANG.code and year == 2023), (path.name, n_blank)
    return {k: v["name"] for k, v in members.items()}


def _check_service_totals(sheets: dict, label: str) -> None:
    groups: dict[tuple, dict[str, float]] = {}
    for r in sheet_records(sheets["서비스실적"], korean_header("services", "district_code")):
        key = (
            r[korean_header("services", "year")],
            r[korean_header("services", "month")],
            r[korean_header("services", "dong")],
            r[korean_header("services", "program")],
        )
        groups.setdefault(key, {})[r[korean_header("services", "measure")]] = parse_num(
            r[korean_header("services", "value")]
        )
    n_totals = 0
    for key, vals in groups.items():
        if TOTAL_LABEL in vals:
            n_totals += 1
            assert vals[TOTAL_LABEL] == sum(v for k, v in vals.items() if k != TOTAL_LABEL), (
                label,
                key,
            )
        if key[3] in VISIT_PROGRAMS:
            assert vals["상담인원"] == sum(vals[c] for c in VISIT_CHANNELS), (label, key)
            if key[3] != "보편방문-양육가정":
                assert vals["상담인원"] <= vals["대상인원"], (label, key)
    assert n_totals >= 1, label


def check(out_dir: Path) -> None:
    """Re-read the generated files and assert the anchored figures.

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder written by :func:`generate`.

    Raises
    ------
    AssertionError
        When a file is missing or an anchored figure is not reproduced: the
        연구기획분과 monthly table, 평균 row and excellent members (seed 000), the
        12-subcommittee mean and 이주민분과 (seed 000), 사상구 2023's counts and
        achievement rates (seed 001), the Seoul 2021 city totals (seed 002, including
        위기가구 발굴 45,701가구 and 정신건강 동행요청 246 / 동행방문 281), every
        합계/계 row, the 27 districts × 2022/2023 coverage, 위기가구/소나무센터/
        정신건강 in every 2021–2023 서비스실적 sheet (연계가구 ≤ 발굴가구, 초기상담 ≤
        신고접수), and the monthly 2012/2013 workbooks of seed 004's pilot setting with
        their injected effects (see :func:`check_pilot`).
    """
    out_dir = Path(out_dir)
    t0 = time.perf_counter()
    covered: set[tuple[str, int]] = set()
    for d in ALL_DISTRICTS:
        ids: dict[int, dict[str, str]] = {}
        for year in (2022, 2023):
            path = submission_path(out_dir, d, year)
            assert path.exists(), path
            ids[year] = _check_file(path, d, year, covered)
        common = set(ids[2022]) & set(ids[2023])
        assert common and all(ids[2022][k] == ids[2023][k] for k in common), d.name
        if d.code == SASANG.code:
            assert {n for n, *_r in SASANG_TF} <= set(ids[2023].values())
    check_suwon_2022(out_dir)
    check_suwon_2023(out_dir)
    check_sasang_2023(out_dir)
    check_seoul_2021(out_dir, covered)
    check_pilot(out_dir, covered)
    expected = {(d.code, y) for d in ALL_DISTRICTS for y in (2022, 2023)} | {
        (d.code, y) for d in SEOUL for y in (2021, *PILOT_YEARS)
    }
    assert covered == expected, sorted(expected ^ covered)
    logger.info(
        "check: 위기가구·소나무센터·정신건강 in all %d 2021–2023 서비스실적 sheets; "
        "seed 004 monthly workbooks: %d",
        sum(year not in PILOT_YEARS for _code, year in covered),
        sum(year in PILOT_YEARS for _code, year in covered),
    )
    logger.info("check passed (%.1f s)", time.perf_counter() - t0)
