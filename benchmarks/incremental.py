"""P6 of the national benchmark: one correction after the cold run.

After the cold national run (P1) and its unchanged re-run (P2), an operator corrects
ONE attendance mark in ONE district's workbook, ingests the corrected workbook (it
replaces — 교체 — that district-year) and runs the year again into the same folder.
This step measures that cycle:

- the seconds of the re-run (and of ingest + re-run) against the cold run (goal ≥ 20×);
- how many reports executed and how many were cached, from ``manifest.json``, with the
  manifest's ``reason`` for each executed report;
- whether every untouched district's pages (its report and its one-page summary) are
  byte-identical (SHA-256 before/after); any that changed is listed with its pages and
  its manifest status and reason.

The correction goes into the national warehouse itself (the same path as the cold run,
as an operator would ingest it), which is copied first and restored afterwards, so the
later steps (scaling) and the next ``make bench`` use the national data unchanged: its
stamp is removed while the warehouse holds the correction (an interrupted benchmark
rebuilds it) and written back with the restored file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from pathlib import Path

logger = logging.getLogger("benchmarks.incremental")

ATTENDANCE_SHEET = "회의참석"
STATUS_HEADER = "참석여부"
PRESENT, ABSENT = "○", "×"
GOAL = 20.0


def report_hashes(year_dir: Path) -> dict[str, dict[str, str]]:
    """Per report of a year's folder (district code, or ``comparison``): SHA-256 of each of its HTML pages.

    A district's pages are its report ``<code>.html`` and its one-page ``<code>_summary.html``;
    ``index.html`` is not a report.
    """
    out: dict[str, dict[str, str]] = {}
    for path in sorted(year_dir.glob("*.html")):
        if path.name != "index.html":
            out.setdefault(path.stem.split("_")[0], {})[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def change_one_mark(source: Path, target: Path) -> dict | None:
    """Copy workbook ``source`` to ``target`` with its first present mark (○) made absent (×).

    Everything else of the workbook is kept (openpyxl loads and saves it). Returns what
    was changed, or None when the workbook holds no long-form attendance sheet with a
    present mark (a roster layout), in which case nothing is written.
    """
    import openpyxl

    workbook = openpyxl.load_workbook(source)
    if ATTENDANCE_SHEET not in workbook.sheetnames:
        return None
    sheet = workbook[ATTENDANCE_SHEET]
    header = [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=1))]
    if STATUS_HEADER not in header:
        return None
    column = header.index(STATUS_HEADER)
    for row in sheet.iter_rows(min_row=2):
        if row[column].value == PRESENT:
            row[column].value = ABSENT
            values = [cell.value for cell in row]
            workbook.save(target)
            return {"sheet": ATTENDANCE_SHEET, "row": row[column].row, "record": values[:column], "before": PRESENT, "after": ABSENT}
    return None


def _workbook_of(files: list[Path], code: str, year: int) -> Path | None:
    return next((p for p in files if p.name.startswith(f"{code}_{year}_")), None)


def corrected_workbook(files: list[Path], codes: list[str], year: int, scratch: Path) -> tuple[str, Path, dict]:
    """The corrected copy of one district's workbook: the first long-form district from the middle of the list."""
    middle = len(codes) // 2
    for code in codes[middle:] + codes[:middle]:
        source = _workbook_of(files, code, year)
        if source is None:
            continue
        target = scratch / source.name
        change = change_one_mark(source, target)
        if change is not None:
            return code, target, change
    raise RuntimeError(f"no {year} workbook with a long-form attendance sheet to correct")


def _copy_warehouse(db: Path, copy: Path) -> None:
    """Copy a DuckDB file and its write-ahead log (when there is one)."""
    for suffix in ("", ".wal"):
        source, target = Path(f"{db}{suffix}"), Path(f"{copy}{suffix}")
        target.unlink(missing_ok=True)
        if source.exists():
            shutil.copyfile(source, target)


def _restore_warehouse(backup: Path, db: Path) -> None:
    """Put the copy made by :func:`_copy_warehouse` back in place of ``db`` (same file system: a rename)."""
    for suffix in ("", ".wal"):
        source, target = Path(f"{backup}{suffix}"), Path(f"{db}{suffix}")
        if source.exists():
            os.replace(source, target)
        else:
            target.unlink(missing_ok=True)


def _manifest_entries(year_dir: Path) -> dict[str, dict]:
    """Per report of the year's manifest (districts, and the comparison when it has one): its entry."""
    manifest = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))
    entries = dict(manifest.get("districts") or {})
    if manifest.get("comparison"):
        entries["comparison"] = manifest["comparison"]
    return entries


def measure_incremental(s, db: Path, files: list[Path], out: Path) -> None:
    """P6: correct one attendance mark of one district, re-ingest it, run the year again into ``out``.

    Parameters
    ----------
    s : benchmarks.run.Settings
        Where figures go (``s.figures["P6"]``); needs ``s.figures["P1"]`` (the cold run).
    db : Path
        The national warehouse: it gets the correction, then is restored from a copy.
    files : list of Path
        The national workbooks.
    out : Path
        The output folder of the cold run (P1, P2), run again.
    """
    from benchmarks.run import YEAR, _codes, run_reports
    from sabo_eval.warehouse.store import ingest

    year_dir = out / str(YEAR)
    cold = s.figures["P1"]["run_s"]
    before = report_hashes(year_dir)
    scratch = s.out / "p6"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    code, workbook, change = corrected_workbook(files, _codes(db), YEAR, scratch)
    backup, stamp = scratch / db.name, db.with_suffix(".stamp")
    stamp_text = stamp.read_text() if stamp.exists() else None
    _copy_warehouse(db, backup)
    stamp.unlink(missing_ok=True)  # the warehouse holds the correction until it is restored
    try:
        started = time.perf_counter()
        results = ingest([workbook], db)
        ingest_s = time.perf_counter() - started
        status = getattr(results[0], "status", None)
        if status != "replaced":
            raise RuntimeError(f"the corrected workbook of {code} was not ingested as a replacement: {results[0]}")
        rerun_s, _result = run_reports(db, out, workers=s.workers, districts=None)
    finally:
        _restore_warehouse(backup, db)
        if stamp_text is not None:
            stamp.write_text(stamp_text)
        shutil.rmtree(scratch, ignore_errors=True)
    after = report_hashes(year_dir)
    entries = _manifest_entries(year_dir)
    executed = {c: e.get("reason") for c, e in entries.items() if e.get("status") not in ("cached", "failed")}
    untouched = [c for c in before if c not in (code, "comparison")]  # the comparison shows every district
    changed = {
        c: {"status": entries.get(c, {}).get("status"), "reason": entries.get(c, {}).get("reason"),
            "pages": sorted(name for name in pages if after.get(c, {}).get(name) != pages[name])}
        for c, pages in before.items() if c in untouched and after.get(c) != pages
    }
    s.figures["P6"] = {
        "district": code, "workbook": workbook.name, "change": change, "ingest_status": status,
        "ingest_s": ingest_s, "rerun_s": rerun_s, "cold_s": cold, "ratio": cold / rerun_s,
        "ratio_with_ingest": cold / (ingest_s + rerun_s), "reports": len(entries), "executed": len(executed),
        "cached": sum(e.get("status") == "cached" for e in entries.values()), "executed_reasons": executed,
        "corrected_executed": code in executed, "corrected_pages_changed": sorted(
            name for name, sha in before.get(code, {}).items() if after.get(code, {}).get(name) != sha),
        "untouched": len(untouched),
        "untouched_identical": len(untouched) - len(changed), "untouched_changed": changed,
        "untouched_executed": {c: executed[c] for c in untouched if c in executed},
    }
    logger.info("P6: %s corrected; ingest %.2f s, re-run %.1f s → %.1f× faster than the cold run; executed %d, cached %d, "
                "untouched reports changed: %d", code, ingest_s, rerun_s, cold / rerun_s, len(executed),
                s.figures["P6"]["cached"], len(changed))


def render_row(p6: dict) -> str:
    """The RESULTS table row of P6."""
    mark = "달성 (met)" if p6["ratio"] >= GOAL else "미달 (missed)"
    return (
        f"| **P6** one attendance mark corrected in one district, re-ingested (교체), the year run again | "
        f"{p6['rerun_s']:.1f} s vs {p6['cold_s']:.1f} s cold → **{p6['ratio']:.1f}×** "
        f"({p6['executed']} executed, {p6['cached']} cached; untouched districts re-executed: "
        f"{len(p6['untouched_executed'])}/{p6['untouched']}, their pages identical: {p6['untouched_identical']}/{p6['untouched']}) "
        f"| ≥ {GOAL:.0f}× | {mark} |"
    )


def render_paragraph(p6: dict) -> list[str]:
    """The RESULTS section explaining P6."""
    change = p6["change"]
    reasons: dict[str, int] = {}
    for reason in p6["executed_reasons"].values():
        reasons[str(reason or "(no reason recorded)")] = reasons.get(str(reason or "(no reason recorded)"), 0) + 1
    lines = [
        "",
        "## P6: one correction after the cold run",
        "",
        f"In the national warehouse (restored afterwards), district {p6['district']}'s workbook `{p6['workbook']}` was corrected in one cell "
        f"(sheet {change['sheet']}, row {change['row']}, record {', '.join(map(str, change['record']))}: "
        f"{change['before']} → {change['after']}, nothing else changed) and ingested again ({p6['ingest_status']}, "
        f"{p6['ingest_s']:.2f} s); the year was then run again into the cold run's folder (as in P1, without the comparison report): {p6['rerun_s']:.1f} s, "
        f"{p6['ratio']:.1f}× faster than the cold run ({p6['ratio_with_ingest']:.1f}× counting the ingest). "
        f"The manifest: {p6['executed']} of {p6['reports']} reports executed "
        f"(the corrected district {'among them' if p6['corrected_executed'] else 'NOT among them'}), {p6['cached']} cached; "
        f"the corrected district's pages that changed: {', '.join(p6['corrected_pages_changed']) or 'none'}.",
        "",
        "Reasons recorded for the executed reports: "
        + ("; ".join(f"{reason}: {n}" for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])) or "none") + ".",
        "",
        f"Untouched districts: {len(p6['untouched_executed'])} of {p6['untouched']} re-executed; their pages (report and "
        f"summary) byte-identical before and after: {p6['untouched_identical']}/{p6['untouched']}.",
    ]
    if p6["untouched_changed"]:
        shown = list(p6["untouched_changed"].items())[:20]
        lines.append(
            "Changed: " + ", ".join(f"{c} ({', '.join(e['pages'])}; {e['status']}: {e['reason'] or 'no reason recorded'})"
                                    for c, e in shown)
            + (f" and {len(p6['untouched_changed']) - len(shown)} more (all in `results.json`)." if len(p6["untouched_changed"]) > len(shown) else ".")
        )
    return lines
