"""Deterministic national-scale synthetic submissions for benchmarks.

Writes one submission workbook per district and year for 229 synthetic 시군구 (the
number of Korean 기초자치단체 incl. 세종 and the two 제주 시) over 2019–2023, in the
same format as the bundled sample, so that ``sabo-eval ingest`` accepts every file
without validation errors. The councils are sized so that the full set holds about
three million attendance records (≈ 2,600 per district-year); members, meetings, plan
items, indicators, budget, opinions and services are written for every district-year
as well.

Everything is built with the sample generator's functions (:mod:`sabo_eval.sampledata`):
the districts, councils and plans of :mod:`benchmarks.national_districts`, then
:func:`~sabo_eval.sampledata.submissions.year_tables` for the tables of a year,
:func:`~sabo_eval.sampledata.submissions.submission_info` and
:func:`~sabo_eval.sampledata.workbook.write_xlsx` (whose ``save_workbook`` fixes every
timestamp). Only the 계획 기수 of a year (:func:`~benchmarks.national_districts.plan_period`)
and the format variants chosen by district index are set here.

Every random draw comes from ``numpy.random.default_rng`` seeded with the district
code (or province prefix) and a purpose label, so the output is byte-identical
between runs, whatever the number of worker processes, and the first ``n`` districts
are the same whichever ``n_districts`` is asked for.

Every value is 합성(synthetic): district names, codes and figures are invented.

Usage::

    python -m benchmarks.national --out build/national [--districts N]
        [--years 2019 2020 ...] [--jobs J] [--force]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import hashlib
import json
import logging
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np

import sabo_eval.sampledata as sampledata
from benchmarks.national_districts import (
    N_DISTRICTS,
    all_districts,
    districts,
    national_council,
    national_plan,
    plan_period,
)
from sabo_eval.sampledata.districts import District, seeded_rng
from sabo_eval.sampledata.services import synthetic_base
from sabo_eval.sampledata.services_extra import synthetic_extra_base
from sabo_eval.sampledata.submissions import (
    Submission,
    YearState,
    submission_info,
    year_tables,
)
from sabo_eval.sampledata.workbook import write_xlsx

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

STAMP_NAME = "STAMP.json"
STAMP_FORMAT = 1
DEFAULT_YEARS: tuple[int, ...] = (2019, 2020, 2021, 2022, 2023)

ROSTER_EVERY = 10  # district index % 10 == 2: attendance as rosters, not long form
DOT_DATES_EVERY = 6  # district index % 6 == 1: dates typed as 2022.01.20 text
MONTHLY_VISITS_EVERY = 7  # district index % 7 == 4: monthly 보편방문-65세 rows

NATIONAL_NOTE = "전국 규모 벤치마크용 합성(synthetic) 자료 — 시군구명·코드·수치 모두 가상"

_FILE_RE = re.compile(r"^\d{5}_\d{4}_.+\.xlsx$")


# ---------------------------------------------------------------------------
# Submissions
# ---------------------------------------------------------------------------


def _district_submissions(index: int, d: District, years: Sequence[int]) -> list[Submission]:
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
    council = national_council(d, years)
    items = national_plan(d, years)
    state = YearState(
        seeded_rng(d.code, "national-plan-values"),
        seeded_rng(d.code, "national-services"),
        synthetic_base(d),
        synthetic_extra_base(d),
    )
    roster = index % ROSTER_EVERY == 2
    style = "dot" if index % DOT_DATES_EVERY == 1 else "excel"
    out = []
    for year in years:
        monthly = (
            seeded_rng(d.code, f"national-monthly-{year}")
            if index % MONTHLY_VISITS_EVERY == 4
            else None
        )
        tables, rosters = year_tables(
            d, council, items, state, year, roster=roster, monthly=monthly
        )
        for row in tables["plan_items"]:
            row["plan_period"] = plan_period(year)
        prepared = date(year + 1, 1, 10 + int(state.plan_rng.integers(0, 20)))
        info = submission_info(d, year, NATIONAL_NOTE, prepared, date(year, 12, 31))
        out.append(Submission(d, year, info, tables, rosters=rosters, date_style=style))
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
    d = all_districts()[index]
    written = []
    for sub in _district_submissions(index, d, years):
        path = Path(out_dir) / f"{sub.stem}.xlsx"
        write_xlsx(sub, path)
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


def _write_all(
    n: int, years: tuple[int, ...], out_dir: Path, jobs: int, progress
) -> dict[str, int]:
    """Write the first ``n`` districts, in this process or in ``jobs`` spawned workers.

    ``progress`` is called once per district written; unfinished work is cancelled
    when an error or an interrupt stops the run.
    """
    counts: dict[str, int] = {}
    if jobs == 1:
        for i in range(n):
            counts.update(_write_district(i, years, str(out_dir)))
            progress()
        return counts
    ctx = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        futures = [pool.submit(_write_district, i, years, str(out_dir)) for i in range(n)]
        try:
            for future in cf.as_completed(futures):
                counts.update(future.result())
                progress()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return counts


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
    bar = tqdm(total=len(chosen), unit="시군구", desc="전국 합성 자료", smoothing=0.05)
    try:
        counts = _write_all(len(chosen), years, out_dir, jobs, bar.update)
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


def _source_files() -> list[Path]:
    """The modules that decide the bytes: these two and the sample generator package."""
    here = Path(__file__).resolve().parent
    package = sorted(Path(sampledata.__file__).resolve().parent.glob("*.py"))
    return [here / "national.py", here / "national_districts.py", *package]


def _source_hash() -> str:
    """SHA-256 over the national modules and the sample generator's source files."""
    digest = hashlib.sha256()
    for path in _source_files():
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

    ``out_dir/STAMP.json`` records the parameters, a hash of the national modules and
    of the :mod:`sabo_eval.sampledata` sources, the openpyxl and numpy versions and every
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
    if stamp is not None and _is_current(stamp, wanted, out_dir):
        files = stamp["files"]
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
    _write_stamp(stamp_path, wanted, counts)
    return [out_dir / name for name in counts]


def _is_current(stamp: dict, wanted: dict[str, object], out_dir: Path) -> bool:
    """Whether a stamp has the wanted parameters and every file it lists exists."""
    files = stamp.get("files", {})
    same = all(stamp.get(k) == v for k, v in wanted.items())
    return bool(same and files and all((out_dir / name).is_file() for name in files))


def _write_stamp(stamp_path: Path, wanted: dict[str, object], counts: dict[str, int]) -> None:
    """Write the stamp of a complete set (through a temporary file)."""
    stamp = {
        **wanted,
        "n_files": len(counts),
        "attendance_records": sum(counts.values()),
        "files": counts,
    }
    tmp = stamp_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(stamp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(stamp_path)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    """The options of :func:`main`."""
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
    return parser


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
    parser = _parser()
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
