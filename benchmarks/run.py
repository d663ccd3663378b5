"""National-scale benchmark: every figure of ``benchmarks/RESULTS.md``, measured in one run.

``make bench`` runs ``python -m benchmarks.run``:

1. the national data (229 districts × 2019–2023, ≈ 3 M attendance records) from
   :mod:`benchmarks.national`, generated once and reused while its stamp matches;
2. **P4** ingest of one year's 229 workbooks into a fresh warehouse vs merely reading
   them with python-calamine (medians of repeated runs);
3. the whole national warehouse (every year) for the report runs;
4. **P3** every district's metric tables for the year
   (:func:`sabo_eval.metrics.all_districts.all_district_tables`) vs one DuckDB
   aggregate query over the whole attendance table;
5. **P1** a cold-cache run of every district report (warm kernels, 2 workers) vs the
   naive serial loop — ``papermill`` CLI then ``jupyter nbconvert`` CLI per district,
   same notebook, warehouse and run context — measured on a sample of districts and
   scaled to all of them; the sampled naive notebooks, exported with the report's
   own exporter, must equal the run's reports byte for byte;
6. **P2** the same run again with nothing changed;
7. **P5** report sizes and the peak memory of each worker process and its kernel;
8. **P6** one attendance mark corrected in one district, re-ingested into the national
   warehouse (restored afterwards) and the year run again into P1's folder (:mod:`benchmarks.incremental`);
9. scaling: P1 with 1 and 2 workers and 25, 100 and 229 districts.

``--smoke`` runs every step on a handful of districts in a temporary folder and
checks that each figure was produced; it times nothing that is asserted (CI runs it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.incremental import measure_incremental, render_paragraph, render_row

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
YEAR = 2023
GOALS = {"P1": 10.0, "P2": 100.0, "P3": 3.0, "P4": 1.5, "html_mb": 1.5, "memory_mb": 500.0}

logger = logging.getLogger("benchmarks.run")


@dataclass
class Settings:
    """What to measure, and how much of it."""

    out: Path
    results: Path
    n_districts: int = 229
    years: tuple[int, ...] = (2019, 2020, 2021, 2022, 2023)
    workers: int = 2
    naive_sample: int = 6
    repeats: int = 3
    scaling_districts: tuple[int, ...] = (25, 100, 229)
    scaling_workers: tuple[int, ...] = (1, 2)
    smoke: bool = False
    figures: dict = field(default_factory=dict)


def median_time(action: Callable[[], object], repeats: int, setup: Callable[[], object] | None = None) -> tuple[float, list[float]]:
    """Median wall time of ``action`` over ``repeats`` runs (``setup`` untimed before each)."""
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


# --------------------------------------------------------------------------- data


def national_files(s: Settings) -> list[Path]:
    """The national workbooks (generated when missing or stale)."""
    from benchmarks.national import ensure_national

    return ensure_national(s.out / "national", s.n_districts, s.years, jobs=s.workers)


def build_warehouse(s: Settings, files: list[Path]) -> Path:
    """The warehouse of every year, built once per data state (a stamp records the files)."""
    from sabo_eval.warehouse.store import ingest

    db = s.out / "national.duckdb"
    stamp = db.with_suffix(".stamp")
    package = ROOT / "sabo_eval"
    code = {str(path.relative_to(package)): hashlib.sha256(path.read_bytes()).hexdigest()
            for layer in ("intake", "warehouse") for path in sorted((package / layer).rglob("*.py"))}
    state = json.dumps({"files": sorted((p.name, p.stat().st_size) for p in files), "code": code}, sort_keys=True)
    if db.exists() and stamp.exists() and stamp.read_text() == state:
        return db
    for path in (db, db.with_suffix(".duckdb.wal")):
        path.unlink(missing_ok=True)
    started = time.perf_counter()
    results = ingest(files, db)
    failed = [r for r in results if not hasattr(r, "submission_id")]
    if failed:
        raise RuntimeError(f"{len(failed)} national workbooks failed validation: {failed[0]}")
    logger.info("national warehouse: %d workbooks in %.1f s", len(files), time.perf_counter() - started)
    stamp.write_text(state)
    return db


# --------------------------------------------------------------------------- P4


def read_with_calamine(files: Sequence[Path]) -> int:
    """Read every sheet of every workbook into Python values; return the number of rows."""
    from python_calamine import CalamineWorkbook

    rows = 0
    for path in files:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            rows += len(workbook.get_sheet_by_name(name).to_python())
    return rows


def measure_ingest(s: Settings, files: list[Path]) -> None:
    """P4: ingest one year's workbooks into a fresh warehouse vs reading them."""
    from sabo_eval.warehouse.store import ingest

    year_files = [p for p in files if f"_{YEAR}_" in p.name]
    scratch = s.out / "p4.duckdb"

    def fresh() -> None:
        for path in (scratch, scratch.with_suffix(".duckdb.wal")):
            path.unlink(missing_ok=True)

    read_with_calamine(year_files[:3])  # imports and page cache, untimed
    ingest(year_files[:1], s.out / "p4-warm-up.duckdb")
    read, read_runs = median_time(lambda: read_with_calamine(year_files), s.repeats)
    load, load_runs = median_time(lambda: ingest(year_files, scratch), s.repeats, setup=fresh)
    fresh()
    (s.out / "p4-warm-up.duckdb").unlink(missing_ok=True)
    s.figures["P4"] = {
        "files": len(year_files), "read_s": read, "ingest_s": load, "ratio": load / read,
        "read_runs": read_runs, "ingest_runs": load_runs,
    }
    logger.info("P4: read %.2f s, ingest %.2f s, ratio %.2f", read, load, load / read)


# --------------------------------------------------------------------------- P3


def measure_metric_tables(s: Settings, db: Path) -> None:
    """P3: every district's metric tables for a year vs one aggregate query over attendance."""
    from sabo_eval.metrics.all_districts import all_district_tables
    from sabo_eval.warehouse.store import Warehouse

    with Warehouse(db, read_only=True) as wh:
        n_rows = wh.con.execute("SELECT count(*) FROM attendance").fetchone()[0]
        query = "SELECT district_code, year, status, count(*) AS n FROM attendance GROUP BY ALL"
        wh.con.execute(query).df()
        tables = all_district_tables(wh, YEAR)  # warm-up, untimed
        baseline, base_runs = median_time(lambda: wh.con.execute(query).df(), max(5, s.repeats))
        metrics, metric_runs = median_time(lambda: all_district_tables(wh, YEAR), max(5, s.repeats))
    s.figures["P3"] = {
        "attendance_rows": int(n_rows), "query_s": baseline, "tables_s": metrics, "ratio": metrics / baseline,
        "tables": {name: len(frame) for name, frame in tables.items()}, "query_runs": base_runs, "tables_runs": metric_runs,
        "districts": int(tables["headlines"].shape[0]),
    }
    logger.info("P3: query %.3f s, tables %.3f s, ratio %.2f", baseline, metrics, metrics / baseline)


# --------------------------------------------------------------------------- P1, P2, P5


def _codes(db: Path) -> list[str]:
    from sabo_eval.warehouse.store import Warehouse

    with Warehouse(db, read_only=True) as wh:
        years = wh.district_years()
    return sorted(years[years["year"] == YEAR]["district_code"])


def run_reports(db: Path, out: Path, *, workers: int, districts: list[str] | None, warm: bool = True):
    """One report run (no comparison notebook: the naive loop has none either)."""
    from sabo_eval.run.runner import run_year

    started = time.perf_counter()
    result = run_year(
        YEAR, db=db, out_dir=out, districts=districts, jobs=workers, progress=True, comparison_notebook=None, warm=warm
    )
    seconds = time.perf_counter() - started
    if result.failed:
        raise RuntimeError(f"{len(result.failed)} reports failed: {result.failed[0].error}")
    return seconds, result


def naive_loop(db: Path, context: Path, codes: list[str], work: Path) -> tuple[list[float], dict[str, Path]]:
    """The naive way: ``papermill`` CLI then ``jupyter nbconvert`` CLI, one district after another."""
    from sabo_eval.run.plan import DEFAULT_NOTEBOOK

    work.mkdir(parents=True, exist_ok=True)
    times, executed = [], {}
    for code in codes:
        target = work / f"{code}.ipynb"
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "papermill"), str(DEFAULT_NOTEBOOK), str(target), "-p", "district_code", code, "-p", "year", str(YEAR),
             "-p", "warehouse", str(db), "-p", "run_context", str(context), "--no-progress-bar", "--log-level", "WARNING"],
            check=True, capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(target), "--log-level", "WARN"],
            check=True, capture_output=True,
        )
        times.append(time.perf_counter() - started)
        executed[code] = target
        logger.info("naive %s: %.1f s", code, times[-1])
    return times, executed


def same_reports(executed: dict[str, Path], reports: Path, titles: dict[str, str]) -> dict[str, bool]:
    """Whether each naive notebook, exported by the report exporter, equals the run's report."""
    import nbformat

    from sabo_eval.reports.export import notebook_to_html
    from sabo_eval.reports.navigation import page_links

    out = {}
    for code, path in executed.items():
        page = notebook_to_html(nbformat.read(str(path), as_version=4), title=titles[code], links=page_links(code))
        out[code] = page == (reports / f"{code}.html").read_text(encoding="utf-8")
    return out


def measure_runs(s: Settings, db: Path) -> None:
    """P1 (with the naive loop), P2 and P5."""
    import json as _json

    codes = _codes(db)
    runs = s.out / "runs"
    shutil.rmtree(runs, ignore_errors=True)
    main_out = runs / "main"
    cold_seconds, result = run_reports(db, main_out, workers=s.workers, districts=None)
    year_dir = main_out / str(YEAR)
    # the naive loop gets the same all-district figures the run computed
    context = year_dir / "_run" / "headlines.json"
    sample = codes[:: max(1, len(codes) // s.naive_sample)][: s.naive_sample]
    naive_times, executed = naive_loop(db, context, sample, s.out / "naive")
    titles = {o.district_code: f"{o.district_name} {YEAR}년 지역사회보장협의체 평가 보고서" for o in result.outcomes}
    identical = same_reports(executed, year_dir, titles)
    per_report = statistics.median(naive_times)
    naive_total = per_report * len(codes)
    s.figures["P1"] = {
        "districts": len(codes), "workers": s.workers, "run_s": cold_seconds, "naive_per_report_s": per_report,
        "naive_runs": naive_times, "naive_sampled": sample, "naive_estimate_s": naive_total,
        "ratio": naive_total / cold_seconds, "identical": identical,
        "report_s_median": statistics.median(o.seconds for o in result.outcomes),
    }
    logger.info("P1: run %.1f s, naive %.1f s/report → %.0f s, ratio %.1f", cold_seconds, per_report, naive_total,
                naive_total / cold_seconds)

    again, again_runs = median_time(lambda: run_reports(db, main_out, workers=s.workers, districts=None), max(3, s.repeats))
    statuses = _json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))["districts"]
    s.figures["P2"] = {
        "rerun_s": again, "runs": again_runs, "ratio": cold_seconds / again,
        "all_cached": all(o["status"] == "cached" for o in statuses.values()),
    }
    logger.info("P2: rerun %.3f s, ratio %.0f", again, cold_seconds / again)

    sizes = sorted((year_dir / f"{c}.html").stat().st_size / 1e6 for c in codes)
    workers = [o.worker_peak_mb for o in result.outcomes if o.worker_peak_mb]
    kernels = [o.kernel_peak_mb for o in result.outcomes if o.kernel_peak_mb]
    pairs = [(o.worker_peak_mb or 0) + (o.kernel_peak_mb or 0) for o in result.outcomes]
    s.figures["P5"] = {
        "html_mb_max": sizes[-1], "html_mb_median": statistics.median(sizes),
        "worker_mb_max": max(workers, default=float("nan")), "kernel_mb_max": max(kernels, default=float("nan")),
        "worker_and_kernel_mb_max": max(pairs, default=float("nan")),
    }


def measure_scaling(s: Settings, db: Path) -> None:
    """P1 with 1 and 2 workers and 25, 100, 229 districts (cold cache each time)."""
    codes = _codes(db)
    rows = []
    for workers in s.scaling_workers:
        for n in s.scaling_districts:
            n = min(n, len(codes))
            if workers == s.workers and n == len(codes) and "P1" in s.figures:
                seconds = s.figures["P1"]["run_s"]  # the main P1 run
            else:
                out = s.out / "runs" / f"scale-{workers}-{n}"
                shutil.rmtree(out, ignore_errors=True)
                seconds, _result = run_reports(db, out, workers=workers, districts=codes[:n])
                shutil.rmtree(out, ignore_errors=True)
            naive = s.figures["P1"]["naive_per_report_s"] * n
            rows.append({"workers": workers, "districts": n, "run_s": seconds, "per_report_s": seconds / n, "ratio": naive / seconds})
            logger.info("scaling: %d workers, %d districts: %.1f s", workers, n, seconds)
    s.figures["scaling"] = rows


# --------------------------------------------------------------------------- results


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory = f"{int(memory.split()[1]) / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        memory = "unknown"
    return {
        "cpu": cpu, "cores": str(os.cpu_count()), "memory": memory, "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def _mark(ok: bool) -> str:
    return "달성 (met)" if ok else "미달 (missed)"


def render(s: Settings, started: dt.datetime, seconds: float) -> str:
    """RESULTS.md from the measured figures."""
    f = s.figures
    m = machine()
    p1, p2, p3, p4, p5, p6 = (f.get(k, {}) for k in ("P1", "P2", "P3", "P4", "P5", "P6"))
    lines = [
        "# sabo_eval national benchmark — results",
        "",
        f"Measured by `make bench` (`python -m benchmarks.run`) on {started:%Y-%m-%d %H:%M} UTC in one run of {seconds / 60:.1f} min.",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, {m['system']}, Python {m['python']}.",
        f"Data: {s.n_districts} synthetic districts × {len(s.years)} years ({s.years[0]}–{s.years[-1]}), "
        f"{p3.get('attendance_rows', 0):,} attendance records; reports for {YEAR}.",
        "Times are wall-clock seconds; a figure measured several times is the median (all runs listed in `results.json`).",
        "",
        "| | measured | goal | |",
        "|---|---|---|---|",
    ]
    if p1:
        lines.append(
            f"| **P1** cold run of {p1['districts']} reports, {p1['workers']} workers, warm kernels, vs naive serial loop | "
            f"{p1['run_s']:.1f} s vs {p1['naive_estimate_s']:.0f} s → **{p1['ratio']:.1f}×** | ≥ {GOALS['P1']:.0f}× | {_mark(p1['ratio'] >= GOALS['P1'])} |"
        )
    if p2:
        lines.append(
            f"| **P2** the same run again, nothing changed | {p2['rerun_s']:.2f} s → **{p2['ratio']:.0f}×** faster than P1 "
            f"(every report cached: {p2['all_cached']}) | ≥ {GOALS['P2']:.0f}× | {_mark(p2['ratio'] >= GOALS['P2'])} |"
        )
    if p3:
        lines.append(
            f"| **P3** every district's metric tables for {YEAR} vs one aggregate query over all {p3['attendance_rows']:,} attendance rows | "
            f"{p3['tables_s'] * 1000:.0f} ms vs {p3['query_s'] * 1000:.0f} ms → **{p3['ratio']:.2f}×** | ≤ {GOALS['P3']:.0f}× | {_mark(p3['ratio'] <= GOALS['P3'])} |"
        )
    if p4:
        lines.append(
            f"| **P4** ingest of {p4['files']} workbooks ({YEAR}) into a new warehouse vs reading them with python-calamine | "
            f"{p4['ingest_s']:.1f} s vs {p4['read_s']:.1f} s → **{p4['ratio']:.2f}×** | ≤ {GOALS['P4']}× | {_mark(p4['ratio'] <= GOALS['P4'])} |"
        )
    if p5:
        lines.append(
            f"| **P5** HTML per report | largest {p5['html_mb_max']:.2f} MB (median {p5['html_mb_median']:.2f} MB) | ≤ {GOALS['html_mb']} MB | "
            f"{_mark(p5['html_mb_max'] <= GOALS['html_mb'])} |"
        )
        lines.append(
            f"| **P5** peak memory per worker (worker process + its kernel) | {p5['worker_and_kernel_mb_max']:.0f} MB "
            f"(worker {p5['worker_mb_max']:.0f} MB, kernel {p5['kernel_mb_max']:.0f} MB) | ≤ {GOALS['memory_mb']:.0f} MB | "
            f"{_mark(p5['worker_and_kernel_mb_max'] <= GOALS['memory_mb'])} |"
        )
    if p6:
        lines.append(render_row(p6))
    if p1:
        same = p1["identical"]
        lines += [
            "",
            "## P1: how the naive loop was measured",
            "",
            f"The naive loop (`papermill` CLI, then `jupyter nbconvert --to html --no-input`, one district after another, "
            f"the same notebook, warehouse and all-district figures file) ran on {len(p1['naive_sampled'])} districts spread over "
            f"the code list ({', '.join(p1['naive_sampled'])}): median {p1['naive_per_report_s']:.2f} s per report "
            f"(runs: {', '.join(f'{t:.1f}' for t in p1['naive_runs'])} s), scaled × {p1['districts']} = {p1['naive_estimate_s']:.0f} s. "
            f"Our run's median time per report inside a worker was {p1['report_s_median']:.2f} s.",
            "",
            f"Identical reports: the sampled naive notebooks exported with the report exporter equal the run's reports byte for "
            f"byte: {sum(same.values())}/{len(same)}.",
        ]
    if p6:
        lines += render_paragraph(p6)
    if f.get("scaling"):
        lines += ["", "## Scaling (cold cache, warm kernels)", "", "| workers | districts | run | per report | vs naive |", "|---|---|---|---|---|"]
        for row in f["scaling"]:
            lines.append(f"| {row['workers']} | {row['districts']} | {row['run_s']:.1f} s | {row['per_report_s']:.2f} s | {row['ratio']:.1f}× |")
    lines += ["", "Every figure is in `benchmarks/results.json`.", ""]
    return "\n".join(lines)


def run(s: Settings) -> dict:
    """Measure everything and write RESULTS.md and results.json beside ``s.results``."""
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    s.out.mkdir(parents=True, exist_ok=True)
    files = national_files(s)
    measure_ingest(s, files)
    db = build_warehouse(s, files)
    measure_metric_tables(s, db)
    measure_runs(s, db)
    measure_incremental(s, db, files, s.out / "runs" / "main")
    measure_scaling(s, db)
    seconds = time.perf_counter() - clock
    s.results.parent.mkdir(parents=True, exist_ok=True)
    s.results.write_text(render(s, started, seconds), encoding="utf-8")
    payload = {"started": started.isoformat(), "seconds": seconds, "machine": machine(), "settings": {
        "n_districts": s.n_districts, "years": list(s.years), "workers": s.workers, "naive_sample": s.naive_sample,
        "repeats": s.repeats, "smoke": s.smoke}, "figures": s.figures}
    s.results.with_name("results.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    logger.info("결과 / results: %s", s.results)
    return s.figures


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.run [--smoke] [--out DIR] [--results FILE]``."""
    parser = argparse.ArgumentParser(description="전국 규모 성능 측정 (national-scale benchmark)")
    parser.add_argument("--smoke", action="store_true", help="작은 규모로 모든 단계를 점검 (시간은 판정하지 않음)")
    parser.add_argument("--out", type=Path, default=None, help="작업 폴더 (기본: build/bench, --smoke는 임시 폴더)")
    parser.add_argument("--results", type=Path, default=None, help="결과 파일 (기본: benchmarks/RESULTS.md)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.smoke:
        scratch = Path(tempfile.mkdtemp(prefix="sabo-bench-"))
        s = Settings(
            out=args.out or scratch, results=args.results or scratch / "RESULTS.md", n_districts=3, years=(2022, 2023),
            workers=args.workers, naive_sample=1, repeats=1, scaling_districts=(1, 3), scaling_workers=(1, 2), smoke=True,
        )
    else:
        s = Settings(out=args.out or ROOT / "build" / "bench", results=args.results or ROOT / "benchmarks" / "RESULTS.md",
                     workers=args.workers)
    run(s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
