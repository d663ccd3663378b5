"""Deterministic national-scale synthetic submissions for benchmarks.

Writes one submission workbook per district and year for 229 synthetic 시군구 (the
number of Korean 기초자치단체 incl. 세종 and the two 제주 시) over 2019–2023, in the
same format as the bundled sample (``scripts/generate_sample_data.py``), so that
``sabo-eval ingest`` accepts every file without validation errors. The councils are
sized so that the full set holds about three million attendance records (≈ 2,600 per
district-year); members, meetings, plan items, indicators, budget, opinions and
services are written for every district-year as well.

The sample generator is a script, not a package, so it is imported by path (see
:func:`_sample_generator`) and its helpers are reused: ``District``, ``_NameMaker``,
``_make_meetings``, ``_sample_council_marks``, ``_council_tables``, ``_generic_plan``,
``_plan_tables``, ``_services_year``, ``_synthetic_base``, ``_synthetic_extra_base``,
``_extra_year``, ``_service_rows``, ``_info``, ``Submission`` and ``_write_xlsx`` (whose
``_save_workbook`` fixes every timestamp). Only the parts that hard-code the sample's
years (2022/2023) have national variants here: :func:`_national_group`,
:func:`_national_council` and :func:`_national_plan`.

Every random draw comes from ``numpy.random.default_rng`` seeded with the district
code (or province prefix) and a purpose label, so the output is byte-identical
between runs, whatever the number of worker processes, and the first ``n`` districts
are the same whichever ``n_districts`` is asked for. Districts are ordered round-robin
over the 17 시도, so a small prefix already spans provinces and district sizes.

Every value is 합성(synthetic): district names, codes and figures are invented.

Usage::

    python -m benchmarks.national --out build/national [--districts N]
        [--years 2019 2020 ...] [--jobs J] [--force]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import hashlib
import importlib.util
import json
import logging
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np

__all__ = [
    "DEFAULT_YEARS",
    "N_DISTRICTS",
    "STAMP_NAME",
    "districts",
    "generate",
    "ensure_national",
    "main",
]

logger = logging.getLogger("benchmarks.national")

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SCRIPT = REPO_ROOT / "scripts" / "generate_sample_data.py"
STAMP_NAME = "STAMP.json"
STAMP_FORMAT = 1
DEFAULT_YEARS: tuple[int, ...] = (2019, 2020, 2021, 2022, 2023)

#: (code prefix, 시도, number of 구 or 시, number of 군, suffix of the 구/시 units).
PROVINCES: tuple[tuple[str, str, int, int, str], ...] = (
    ("11", "서울특별시", 25, 0, "구"),
    ("26", "부산광역시", 15, 1, "구"),
    ("27", "대구광역시", 7, 1, "구"),
    ("28", "인천광역시", 8, 2, "구"),
    ("29", "광주광역시", 5, 0, "구"),
    ("30", "대전광역시", 5, 0, "구"),
    ("31", "울산광역시", 4, 1, "구"),
    ("36", "세종특별자치시", 1, 0, "시"),
    ("41", "경기도", 28, 3, "시"),
    ("42", "강원도", 7, 11, "시"),
    ("43", "충청북도", 3, 8, "시"),
    ("44", "충청남도", 8, 7, "시"),
    ("45", "전라북도", 6, 8, "시"),
    ("46", "전라남도", 5, 17, "시"),
    ("47", "경상북도", 10, 13, "시"),
    ("48", "경상남도", 8, 10, "시"),
    ("50", "제주특별자치도", 2, 0, "시"),
)
N_DISTRICTS = sum(n_city + n_county for _p, _n, n_city, n_county, _s in PROVINCES)

# Syllables of the synthetic place names (가산구, 청원시, 봉곡군, …).
_FIRST_SYLLABLES = "가남동서신영금은청백송평안화성광대봉월한상하정용소장고태무연"
_SECOND_SYLLABLES = "산천양주포원진해강림정창수곡문흥계릉암덕"

# Council sizing: ≈ 2,600 attendance marks per district-year on average.
REP_SIZE = (20, 30)  # 대표협의체 members (inclusive range)
REP_MEETINGS = (4, 6)  # meetings a year
WORK_SIZE = (20, 30)  # 실무협의체
WORK_MEETINGS = (6, 8)
SUBS = (9, 13)  # 실무분과 (the sample's pool has 14)
SUB_SIZE = (15, 23)
SUB_MEETINGS = (10, 12)
CHURN = 0.07  # yearly probability that a member leaves (and is replaced)

ROSTER_EVERY = 10  # district index % 10 == 2: attendance as rosters, not long form
DOT_DATES_EVERY = 6  # district index % 6 == 1: dates typed as 2022.01.20 text
MONTHLY_VISITS_EVERY = 7  # district index % 7 == 4: monthly 보편방문-65세 rows

NATIONAL_NOTE = "전국 규모 벤치마크용 합성(synthetic) 자료 — 시군구명·코드·수치 모두 가상"

_FILE_RE = re.compile(r"^\d{5}_\d{4}_.+\.xlsx$")


# ---------------------------------------------------------------------------
# The sample generator, imported by path
# ---------------------------------------------------------------------------


@cache
def _sample_generator() -> ModuleType:
    """Import ``scripts/generate_sample_data.py`` once per process.

    Returns
    -------
    module
        The sample generator, registered in ``sys.modules`` as
        ``generate_sample_data`` (its dataclasses need the module registered).
    """
    name = "generate_sample_data"
    module = sys.modules.get(name)
    if module is not None and Path(getattr(module, "__file__", "")).resolve() == SAMPLE_SCRIPT:
        return module
    spec = importlib.util.spec_from_file_location(name, SAMPLE_SCRIPT)
    if spec is None or spec.loader is None:  # pragma: no cover - broken checkout
        raise ImportError(f"cannot load {SAMPLE_SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------
# Districts
# ---------------------------------------------------------------------------


def _draw_district(code: str, name: str, province: str, kind: str):
    """Draw population, share 65+ and number of 읍면동 of one synthetic district.

    Parameters
    ----------
    code, name, province : str
        Identity of the district.
    kind : str
        ``구`` (자치구), ``시`` or ``군``.

    Returns
    -------
    District
        The sample generator's ``District``.
    """
    sg = _sample_generator()
    rng = sg._rng(code, "national-district")
    if kind == "구":
        centre = 350_000 if province == "서울특별시" else 220_000
        pop = float(np.clip(centre * np.exp(rng.normal(0, 0.45)), 40_000, 700_000))
        share65 = float(rng.uniform(0.12, 0.24))
        n_dongs = int(np.clip(round(pop / 22_000 + rng.normal(0, 1.5)), 8, 30))
    elif kind == "시":
        centre = 450_000 if province == "경기도" else 220_000
        pop = float(np.clip(centre * np.exp(rng.normal(0, 0.7)), 25_000, 1_200_000))
        share65 = float(rng.uniform(0.11, 0.27))
        n_dongs = int(np.clip(round(pop / 25_000 + 5 + rng.normal(0, 2)), 8, 45))
    else:
        pop = float(np.clip(45_000 * np.exp(rng.normal(0, 0.45)), 9_000, 220_000))
        share65 = float(rng.uniform(0.24, 0.44))
        n_dongs = int(rng.integers(7, 16))
    return sg.District(code, name, province, int(round(pop, -2)), round(share65, 3), n_dongs)


@cache
def _all_districts() -> tuple:
    """The 229 synthetic districts in generation order (round-robin over provinces)."""
    sg = _sample_generator()
    taken_names = {d.name for d in sg.ALL_DISTRICTS}
    taken_codes = {d.code for d in sg.ALL_DISTRICTS}
    stems = [a + b for a in _FIRST_SYLLABLES for b in _SECOND_SYLLABLES if a != b]
    used_stems: set[str] = set()
    per_province: list[list] = []
    for prefix, province, n_city, n_county, suffix in PROVINCES:
        rng = sg._rng(prefix, "national-names")
        pool = [stems[int(i)] for i in rng.permutation(len(stems))]
        units = [(suffix, 100 + 10 * k + 3) for k in range(n_city)]
        units += [("군", 700 + 10 * k + 3) for k in range(n_county)]
        out = []
        for kind, number in units:
            code = f"{prefix}{number:03d}"
            if province == "세종특별자치시":
                name = "세종시"
            else:
                stem = next(s for s in pool if s not in used_stems and s + kind not in taken_names)
                used_stems.add(stem)
                name = stem + kind
            if code in taken_codes:  # pragma: no cover - guarded by the code scheme
                raise RuntimeError(f"national code {code} collides with the sample")
            out.append(_draw_district(code, name, province, kind))
        per_province.append(out)
    ordered = []
    for r in range(max(len(p) for p in per_province)):
        ordered += [p[r] for p in per_province if r < len(p)]
    assert len(ordered) == N_DISTRICTS == len({d.code for d in ordered})
    return tuple(ordered)


def districts(n_districts: int = N_DISTRICTS) -> list:
    """Return the first ``n_districts`` synthetic districts.

    Parameters
    ----------
    n_districts : int
        How many (1–229); a smaller set is always a prefix of the full one.

    Returns
    -------
    list of District
        The sample generator's ``District`` records (code, name, province,
        population, share65, n_dongs).
    """
    if not 1 <= n_districts <= N_DISTRICTS:
        raise ValueError(f"n_districts must be in 1..{N_DISTRICTS}, got {n_districts}")
    return list(_all_districts()[:n_districts])


# ---------------------------------------------------------------------------
# Councils and plans over any span of years
# ---------------------------------------------------------------------------


def _national_group(
    rng: np.random.Generator,
    names,
    body: str,
    sub: str | None,
    size: int,
    private_share: float,
    mu: float,
    years: Sequence[int],
    churn: float = CHURN,
) -> list:
    """Draw the members of one body with joins and departures over ``years``.

    The national variant of the sample's ``_make_group``: members join in the five
    years before the first year, roles go to members of that time, and departures
    (each replaced a month or two later) are drawn in every year of ``years``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The district's council stream.
    names : _NameMaker
        Name source of the district.
    body, sub : str
        ``대표``/``실무``/``분과`` and the subcommittee (``None`` for bodies).
    size : int
        Members at the start of the first year.
    private_share : float
        Probability that a member is private (민).
    mu : float
        Mean attendance probability.
    years : sequence of int
        Years of the submissions, increasing.
    churn : float
        Yearly probability that a member leaves.

    Returns
    -------
    list of Member
        Members without IDs, in creation order.
    """
    sg = _sample_generator()
    first = date(years[0], 1, 1)

    def person(sector: str, joined: date):
        p = float(np.clip(rng.normal(mu - (0.05 if sector == "관" else 0.0), 0.13), 0.4, 0.95))
        return sg.Member("", names(), sector, body, sub, "위원", joined, None, p)

    n_private = min(max(2, int(round(size * private_share + rng.normal(0, 0.8)))), size - 1)
    members = []
    for i in range(size):
        joined = date(int(rng.integers(years[0] - 5, years[0])), int(rng.integers(1, 13)), 1)
        members.append(person("민" if i < n_private else "관", joined))
    for year in years:
        for m in list(members):
            if m.left is not None or m.joined > date(year, 1, 1) or rng.random() >= churn:
                continue
            month = int(rng.integers(2, 11))
            m.left = sg._month_end(year, month)
            join_month = month + int(rng.integers(1, 3))
            if join_month <= 12:
                members.append(person(m.sector, date(year, join_month, 1)))
    if body == "대표":
        titles_private, titles_public = ("위원장", "부위원장"), ("공동위원장",)
    elif body == "실무":
        titles_private, titles_public = ("위원장",), ("부위원장", "간사")
    else:
        titles_private, titles_public = ("민간분과장", "총무"), ("공공분과장",)
    privates = [m for m in members if m.sector == "민" and m.joined < first]
    publics = [m for m in members if m.sector == "관" and m.joined < first]
    for m, title in zip(privates, titles_private, strict=False):
        m.role = title
    for m, title in zip(publics, titles_public, strict=False):
        m.role = title
    return members


def _between(rng: np.random.Generator, bounds: tuple[int, int]) -> int:
    """An integer drawn uniformly from the inclusive range ``bounds``."""
    return int(rng.integers(bounds[0], bounds[1] + 1))


def _national_council(d, years: Sequence[int]):
    """A synthetic council (대표, 실무, 9–13 실무분과) with meetings and marks per year.

    Parameters
    ----------
    d : District
        The district.
    years : sequence of int
        Years of the submissions, increasing.

    Returns
    -------
    Council
        The sample generator's ``Council`` with ``meetings`` and ``marks`` for every
        year (one meeting per month and group, so rosters are unambiguous).
    """
    sg = _sample_generator()
    rng = sg._rng(d.code, "national-council")
    names = sg._NameMaker(rng)
    private_share = float(rng.uniform(0.6, 0.75))
    mu = float(rng.uniform(0.58, 0.87))
    pool = sg.SUBCOMMITTEE_POOL
    n_subs = min(_between(rng, SUBS), len(pool))
    subs = [pool[int(i)] for i in sorted(rng.choice(len(pool), n_subs, replace=False))]
    members = _national_group(
        rng, names, "대표", None, _between(rng, REP_SIZE), private_share, mu, years
    )
    members += _national_group(
        rng, names, "실무", None, _between(rng, WORK_SIZE), private_share, mu, years
    )
    for sub in subs:
        members += _national_group(
            rng, names, "분과", sub, _between(rng, SUB_SIZE), private_share, mu, years
        )
    sg._assign_ids(members)
    council = sg.Council(members, subs)
    months = range(1, 13)
    for year in years:
        mts = sg._make_meetings(
            rng, year, "대표", None, rng.choice(months, _between(rng, REP_MEETINGS), replace=False)
        )
        mts += sg._make_meetings(
            rng, year, "실무", None, rng.choice(months, _between(rng, WORK_MEETINGS), replace=False)
        )
        for sub in subs:
            mts += sg._make_meetings(
                rng,
                year,
                "분과",
                sub,
                rng.choice(months, _between(rng, SUB_MEETINGS), replace=False),
            )
        council.meetings[year] = mts
        council.marks[year] = sg._sample_council_marks(rng, council, mts, 0.1)
    return council


def _national_plan(d, years: Sequence[int]) -> list:
    """The sample's synthetic two-framework plan with a life cycle over ``years``.

    The items come from the sample's ``_generic_plan``; their ``change`` maps are
    redrawn: about a fifth of the items start in a later year (신규 that year), some
    are abolished (폐지 in their last year, absent afterwards) and a few are changed
    (변경) in between. The first three items in draw order run through every year,
    so no year is left without a plan.

    Parameters
    ----------
    d : District
        The district.
    years : sequence of int
        Years of the submissions, increasing.

    Returns
    -------
    list of PlanItem
    """
    sg = _sample_generator()
    items = sg._generic_plan(sg._rng(d.code, "national-plan"))
    rng = sg._rng(d.code, "national-plan-changes")
    later = list(years[1:])
    order = [int(i) for i in rng.permutation(len(items))]
    for rank, i in enumerate(order):
        start_new = bool(later) and rank >= 3 and rng.random() < 0.2
        start = int(rng.choice(later)) if start_new else years[0]
        active = [y for y in years if y >= start]
        end = None
        if rank >= 3 and len(active) > 1 and rng.random() < 0.2:
            end = int(rng.choice(active[1:]))
            active = [y for y in active if y <= end]
        change: dict[int, str | None] = {}
        for y in active:
            if y == start and start != years[0]:
                change[y] = "신규"
            elif y == end:
                change[y] = "폐지"
            else:
                change[y] = "변경" if rng.random() < 0.08 else "유지"
        items[i].change = change
    return items


def _plan_period(year: int) -> str:
    """기수 of the 지역사회보장계획 in force (제4기 2019–2022, 제5기 2023–2026)."""
    return f"제{4 + (year - 2019) // 4}기"


# ---------------------------------------------------------------------------
# Submissions
# ---------------------------------------------------------------------------


def _district_submissions(index: int, d, years: Sequence[int]) -> list:
    """All submissions of one district, one per year.

    Parameters
    ----------
    index : int
        Position of the district in :func:`districts` (chooses the format variant).
    d : District
        The district.
    years : sequence of int
        Years, increasing.

    Returns
    -------
    list of Submission
    """
    sg = _sample_generator()
    council = _national_council(d, years)
    items = _national_plan(d, years)
    plan_rng = sg._rng(d.code, "national-plan-values")
    svc_rng = sg._rng(d.code, "national-services")
    base = sg._synthetic_base(d)
    extra_base = sg._synthetic_extra_base(d)
    roster = index % ROSTER_EVERY == 2
    style = "dot" if index % DOT_DATES_EVERY == 1 else "excel"
    prev_actuals: dict[tuple[str, str], float] = {}
    out = []
    for year in years:
        members, meetings, attendance, rosters = sg._council_tables(d, council, year, roster)
        plan, ind, budget, opinions = sg._plan_tables(
            d, items, council, plan_rng, prev_actuals, year
        )
        for row in plan:
            row["plan_period"] = _plan_period(year)
        values = sg._services_year(svc_rng, base, year)
        base = {k: float(v) for k, v in values.items()}
        extra = sg._extra_year(d, extra_base, year)
        extra_base = {k: float(v) for k, v in extra.items()}
        monthly = (
            sg._rng(d.code, f"national-monthly-{year}")
            if index % MONTHLY_VISITS_EVERY == 4
            else None
        )
        services = sg._service_rows(d.code, year, {**values, **extra}, monthly)
        prepared = date(year + 1, 1, 10 + int(plan_rng.integers(0, 20)))
        tables = {
            "districts": [sg._district_row(d, False)],
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
        info = sg._info(d, year, NATIONAL_NOTE, prepared, date(year, 12, 31))
        out.append(sg.Submission(d, year, info, tables, rosters=rosters, date_style=style))
    return out


def _attendance_count(sub) -> int:
    """Attendance records of a submission (long-form rows or roster marks)."""
    if sub.rosters:
        return sum(
            sum(1 for v in row[2:] if v not in (None, "-"))
            for _sheet, _header, rows in sub.rosters
            for row in rows
        )
    return len(sub.tables.get("attendance", []))


def _write_district(index: int, years: tuple[int, ...], out_dir: str) -> list[tuple[str, int]]:
    """Write the workbooks of the ``index``-th district (runs in a worker process).

    Parameters
    ----------
    index : int
        Position in :func:`districts`.
    years : tuple of int
        Years, increasing.
    out_dir : str
        Target folder.

    Returns
    -------
    list of (str, int)
        File name and number of attendance records of every workbook written.
    """
    sg = _sample_generator()
    d = _all_districts()[index]
    written = []
    for sub in _district_submissions(index, d, years):
        path = Path(out_dir) / f"{sub.stem}.xlsx"
        sg._write_xlsx(sub, path)
        written.append((path.name, _attendance_count(sub)))
    return written


def _check_years(years: Sequence[int]) -> tuple[int, ...]:
    out = tuple(sorted({int(y) for y in years}))
    if not out:
        raise ValueError("at least one year is needed")
    if out[0] < 2000 or out[-1] >= date.today().year:
        # Meetings are drawn over the whole year; a running year would put some in
        # the future, which validation refuses.
        raise ValueError(f"years must be in 2000..{date.today().year - 1}, got {list(out)}")
    return out


def _generate(
    out_dir: Path, n_districts: int, years: Sequence[int], jobs: int | None
) -> dict[str, int]:
    """Write the workbooks and return file name → attendance records, sorted by name."""
    from tqdm import tqdm

    years = _check_years(years)
    chosen = districts(n_districts)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(chosen)))
    t0 = time.perf_counter()
    logger.info(
        "전국 합성 자료 생성: %d개 시군구 × %d개 연도 → %s (작업 프로세스 %d개)",
        len(chosen),
        len(years),
        out_dir,
        jobs,
    )
    counts: dict[str, int] = {}
    bar = tqdm(total=len(chosen), unit="시군구", desc="전국 합성 자료", smoothing=0.05)
    try:
        if jobs == 1:
            for i in range(len(chosen)):
                counts.update(_write_district(i, years, str(out_dir)))
                bar.update()
        else:
            ctx = multiprocessing.get_context("spawn")
            with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                futures = [
                    pool.submit(_write_district, i, years, str(out_dir)) for i in range(len(chosen))
                ]
                try:
                    for future in cf.as_completed(futures):
                        counts.update(future.result())
                        bar.update()
                except BaseException:
                    for future in futures:
                        future.cancel()
                    raise
    finally:
        bar.close()
    logger.info(
        "생성 완료: 파일 %d개, 출석 기록 %s건, %.1f초 (generated %d files, %d attendance records)",
        len(counts),
        f"{sum(counts.values()):,}",
        time.perf_counter() - t0,
        len(counts),
        sum(counts.values()),
    )
    return dict(sorted(counts.items()))


def generate(
    out_dir: Path,
    *,
    n_districts: int = N_DISTRICTS,
    years: Sequence[int] = DEFAULT_YEARS,
    jobs: int | None = None,
) -> list[Path]:
    """Write ``<code>_<year>_<name>.xlsx`` for every district and year.

    Parameters
    ----------
    out_dir : pathlib.Path
        Target folder (created if missing); files of the same names are overwritten,
        other files are left alone.
    n_districts : int
        Number of districts, 1–229; the first ``n`` are always the same.
    years : sequence of int
        Submission years (default 2019–2023); must be past years.
    jobs : int, optional
        Worker processes (default: the number of CPUs); ``1`` writes in this process.
        The output does not depend on it.

    Returns
    -------
    list of pathlib.Path
        The workbooks written, sorted by name.
    """
    counts = _generate(Path(out_dir), n_districts, years, jobs)
    return [Path(out_dir) / name for name in counts]


# ---------------------------------------------------------------------------
# Stamp / cache
# ---------------------------------------------------------------------------


def _source_hash() -> str:
    """SHA-256 over this module and the sample generator (what decides the bytes)."""
    digest = hashlib.sha256()
    for path in (Path(__file__).resolve(), SAMPLE_SCRIPT):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp_parameters(n_districts: int, years: Sequence[int]) -> dict[str, object]:
    import openpyxl

    return {
        "format": STAMP_FORMAT,
        "n_districts": int(n_districts),
        "years": list(_check_years(years)),
        "source_sha256": _source_hash(),
        "openpyxl": openpyxl.__version__,
        "numpy": np.__version__,
    }


def _read_stamp(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ensure_national(
    out_dir: Path,
    n_districts: int = N_DISTRICTS,
    years: Sequence[int] = DEFAULT_YEARS,
    *,
    jobs: int | None = None,
    force: bool = False,
) -> list[Path]:
    """Return the national workbooks in ``out_dir``, generating them only when needed.

    ``out_dir/STAMP.json`` records the parameters, a hash of this module and of
    ``scripts/generate_sample_data.py``, the openpyxl and numpy versions and every
    file written with its number of attendance records. When it matches and every
    listed file exists, nothing is written. Otherwise the stamp is removed, the
    workbooks are regenerated, workbooks of a previous run that are not part of the
    new set (``<code>_<year>_<name>.xlsx`` only) are deleted, and the stamp is
    written last, so an interrupted run is never taken for a complete one.

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder of the set.
    n_districts : int
        Number of districts, 1–229.
    years : sequence of int
        Submission years.
    jobs : int, optional
        Worker processes when generating.
    force : bool
        Regenerate even when the stamp matches.

    Returns
    -------
    list of pathlib.Path
        The workbooks, sorted by name.
    """
    out_dir = Path(out_dir)
    stamp_path = out_dir / STAMP_NAME
    wanted = _stamp_parameters(n_districts, years)
    stamp = None if force else _read_stamp(stamp_path)
    if stamp is not None:
        files = stamp.get("files", {})
        same = all(stamp.get(k) == v for k, v in wanted.items())
        if same and files and all((out_dir / name).is_file() for name in files):
            logger.info(
                "기존 전국 합성 자료를 그대로 씁니다: %s (파일 %d개, up to date)",
                out_dir,
                len(files),
            )
            return [out_dir / name for name in files]
    stamp_path.unlink(missing_ok=True)
    counts = _generate(out_dir, n_districts, years, jobs)
    for stale in out_dir.glob("*.xlsx"):
        if _FILE_RE.match(stale.name) and stale.name not in counts:
            stale.unlink()
    stamp = {
        **wanted,
        "n_files": len(counts),
        "attendance_records": sum(counts.values()),
        "files": counts,
    }
    tmp = stamp_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(stamp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(stamp_path)
    return [out_dir / name for name in counts]


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point (``python -m benchmarks.national``).

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status.
    """
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.national",
        description=(
            "전국 규모 합성 제출 자료(229개 시군구 × 2019–2023년, 출석 기록 약 300만 건)를 만듭니다. "
            "Write deterministic national-scale synthetic submissions for benchmarks."
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("build") / "national",
        help="출력 폴더 / output folder (default: build/national)",
    )
    parser.add_argument(
        "--districts",
        type=int,
        default=N_DISTRICTS,
        help=f"시군구 수 / number of districts, 1–{N_DISTRICTS} (default {N_DISTRICTS})",
    )
    parser.add_argument(
        "--years",
        type=int,
        nargs="+",
        default=list(DEFAULT_YEARS),
        help="연도 / years (default 2019 2020 2021 2022 2023)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="작업 프로세스 수 / worker processes (default: CPU count)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="STAMP.json이 맞아도 다시 생성 / regenerate even when up to date",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        paths = ensure_national(
            args.out, args.districts, args.years, jobs=args.jobs, force=args.force
        )
    except ValueError as exc:
        logger.error("잘못된 인자입니다: %s", exc)
        return 2
    logger.info("제출 파일 %d개: %s", len(paths), args.out)
    return 0


if __name__ == "__main__":
    # Run through the package module, so that worker processes pickle
    # ``benchmarks.national._write_district`` rather than ``__main__`` functions.
    from benchmarks import national as _national

    sys.exit(_national.main())
