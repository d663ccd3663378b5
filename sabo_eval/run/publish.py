"""Publishing a run's outputs: reports, failed notebooks, shared figures, index, manifest.

Every file is written to a temporary name and renamed
(:func:`sabo_eval.reports.export.write_atomic`), so a report is either the previous
one or the complete new one. A district's tables workbook is renamed beside its
report; the partly executed notebook of a failing district is kept under
``failed/``. ``index.html`` lists every report with its headline figures and every
failure with its reason; ``manifest.json`` records what the run used (data,
versions, parameters) and what happened to each report, for the next run's cache.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..reports.export import write_atomic
from ..reports.index_page import render_index

__all__ = [
    "publish_report",
    "keep_failed_notebook",
    "remove_work_dir",
    "run_context",
    "attach_headlines",
    "write_index",
    "write_manifest",
    "as_record",
    "run_log_path",
]


def publish_report(out_dir: Path, code: str, html_page: str, tables: Path) -> None:
    """Put a report's tables workbook and HTML page in place.

    Parameters
    ----------
    out_dir : Path
        The run's folder (``<out_dir>/<year>``).
    code : str
        District code (or report name): the files are ``<code>.xlsx`` and ``<code>.html``.
    html_page : str
        The exported report.
    tables : Path
        The tables workbook the notebook wrote (in the same folder tree: renamed).
    """
    if tables.exists():
        os.chmod(tables, 0o644)
        os.replace(tables, out_dir / f"{code}.xlsx")  # same folder: atomic
    write_atomic(out_dir / f"{code}.html", html_page)


def keep_failed_notebook(executed: Path, out_dir: Path, code: str) -> Path:
    """Move a failing district's partly executed notebook to ``failed/<code>.ipynb``.

    Returns
    -------
    Path
        Where it is now.
    """
    failed_dir = out_dir / "failed"
    failed_dir.mkdir(exist_ok=True)
    target = failed_dir / f"{code}.ipynb"
    os.replace(executed, target)
    return target


def remove_work_dir(out_dir: Path) -> None:
    """Remove ``<out_dir>/.work`` when it is empty."""
    with contextlib.suppress(OSError):
        (out_dir / ".work").rmdir()  # only when empty


def run_context(db_path: str | Path, year: int, path: str | Path, key: str):
    """Write the all-district figures the notebooks read (``run_context``); return the headlines.

    Headline figures go to ``path`` (``headlines.json``) and service indicators to
    ``services.json`` beside it, computed once per data state: when the key recorded
    beside ``path`` equals ``key`` the files are reused, otherwise computed and
    written atomically, with the key.

    Parameters
    ----------
    db_path : path-like
        Warehouse.
    year : int
    path : path-like
        Where ``headlines.json`` goes.
    key : str
        Identifies the data and code state (the runner's context hash).

    Returns
    -------
    DataFrame
        Headline figures indexed by district code.
    """
    import pandas as pd

    from ..metrics.year_figures import compute_all_headlines, compute_all_indicator_values
    from ..warehouse.store import Warehouse

    path = Path(path)
    key_path = path.with_suffix(".key")
    if path.exists() and key_path.exists() and key_path.read_text() == key:
        return pd.read_json(path, orient="index", dtype={"district_code": str}).rename(index=lambda c: str(c).zfill(5))
    with Warehouse(db_path, read_only=True) as wh:
        headlines = compute_all_headlines(wh, year)
        indicators = compute_all_indicator_values(wh, year)
    write_atomic(path.with_name("services.json"), indicators.to_json(orient="records", force_ascii=False))
    write_atomic(path, headlines.to_json(orient="index", force_ascii=False, indent=1))
    write_atomic(key_path, key)
    return headlines


def attach_headlines(outcomes: Iterable, headlines) -> None:
    """Give every outcome of a district in ``headlines`` its figures (NaN as None).

    Parameters
    ----------
    outcomes : iterable of DistrictOutcome
    headlines : DataFrame
        What :func:`run_context` returns.
    """
    for outcome in outcomes:
        if outcome.district_code in headlines.index:
            row = headlines.loc[outcome.district_code]
            outcome.headlines = {k: (None if v != v else float(v)) for k, v in row.items()}


def write_index(year_dir: Path, year: int, outcomes: list, *, comparison=None, links: dict[str, str] | None = None) -> Path:
    """Write the run's ``index.html``.

    Parameters
    ----------
    year_dir : Path
        The run's folder.
    year : int
    outcomes : list of DistrictOutcome
        The districts, in order.
    comparison : DistrictOutcome, optional
        The comparison report's outcome.
    links : dict, optional
        Further reports to link (label → relative address).

    Returns
    -------
    Path
    """
    index_path = year_dir / "index.html"
    write_atomic(index_path, render_index(year, outcomes, comparison=comparison, links=links))
    return index_path


def write_manifest(path: Path, manifest: dict[str, Any]) -> Path:
    """Write a manifest as indented JSON (values JSON does not know as text).

    Returns
    -------
    Path
        ``path``.
    """
    write_atomic(path, json.dumps(manifest, ensure_ascii=False, indent=1, default=str))
    return path


def as_record(outcome) -> dict | None:
    """An outcome as a manifest entry (None stays None)."""
    return asdict(outcome) if outcome is not None else None


def run_log_path(out_dir: str | Path, command: str) -> Path:
    """The log file of one command-line run: ``<out_dir>/logs/<command>-<time>-<pid>.log``.

    Parameters
    ----------
    out_dir : path-like
        Where the run's reports go.
    command : str
        ``"run"``, ``"demo"`` or ``"pilot"``.

    Returns
    -------
    Path
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(out_dir) / "logs" / f"{command}-{stamp}-{os.getpid()}.log"
