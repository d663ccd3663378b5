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
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..reports.export import write_atomic
from ..reports.index_page import render_index, render_root_index, with_years
from ..reports.summary_page import summary_page, summary_page_name

__all__ = [
    "publish_report",
    "keep_failed_notebook",
    "remove_work_dir",
    "run_context",
    "context_key_used",
    "attach_headlines",
    "report_years",
    "write_index",
    "write_manifest",
    "as_record",
    "publish_lock",
    "merge_previous",
    "merge_discussions",
    "existing_links",
    "PILOT_LINK",
    "run_log_path",
    "run_log_handler",
]

logger = logging.getLogger(__name__)


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

    Notes
    -----
    The page is written to a temporary file first: when that fails (a full disk)
    neither the previous page nor the previous workbook has been replaced. A district
    report's one-page summary (:func:`sabo_eval.reports.summary_page.summary_page`)
    goes beside it as ``<code>_summary.html``.
    """
    summary = summary_page(html_page, code)  # a district report's one-page summary (None for other reports)
    page = _staged(out_dir / f"{code}.html", html_page)
    staged = [page]
    try:
        if summary is not None:
            staged.append(_staged(out_dir / summary_page_name(code), summary))
        if tables.exists():
            os.chmod(tables, 0o644)
            os.replace(tables, out_dir / f"{code}.xlsx")  # same folder: atomic
        if summary is not None:
            os.replace(staged[1], out_dir / summary_page_name(code))
        os.replace(page, out_dir / f"{code}.html")
    except BaseException:
        for path in staged:
            path.unlink(missing_ok=True)
        raise


def _staged(path: Path, text: str) -> Path:
    """``text`` written and flushed to a temporary file beside ``path`` (renamed by the caller)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


@contextlib.contextmanager
def _output_errors(folder: Path) -> Iterator[None]:
    """Raise a failure to write the run's files (a full disk) as :class:`~sabo_eval.errors.OutputError`."""
    try:
        yield
    except OSError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise OutputError(
            f"보고서 폴더에 파일을 쓰지 못했습니다(디스크 공간 부족이나 쓰기 권한 없음): {folder} ({detail}). "
            "이전의 index.html, manifest.json과 보고서는 그대로입니다. 공간이나 권한을 확보한 뒤 다시 실행하세요.",
            f"could not write the run's files (disk full, or no permission): {folder} ({detail}). The previous "
            "index.html, manifest.json and reports are unchanged. Free some space or fix the permission and run again.",
        ) from exc


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


def run_context(db_path: str | Path, year: int, path: str | Path, key: str | Callable[[dict[str, str]], str]):
    """Write the all-district figures the notebooks read (``run_context``); return the headlines.

    Headline figures go to ``path`` (``headlines.json``), service indicators to
    ``services.json`` and the headline figures of the trend's earlier years to
    ``history.json`` beside it, computed once per data state: when the key recorded
    beside ``path`` (``headlines.key``) equals ``key`` the files are reused, otherwise
    computed and written atomically, with the key. ``history.json`` has a key of its
    own (``history.key``, of the earlier years' data alone): a correction of ``year``
    does not recompute the earlier years.

    Parameters
    ----------
    db_path : path-like
        Warehouse.
    year : int
    path : path-like
        Where ``headlines.json`` goes.
    key : str or callable
        Identifies the data and code state. A callable receives every district's data
        hash (:func:`~sabo_eval.warehouse.district_data.year_data_hashes`), read in the
        same transaction as the figures, and returns the key: the key then always
        describes the figures written, even when an ingest ran since the plan.

    Returns
    -------
    DataFrame
        Headline figures indexed by district code (the key used is in ``headlines.key``).

    Raises
    ------
    OutputError
        When the files cannot be written (a full disk); the previous ones are kept.
    """
    import pandas as pd

    from ..metrics.trends import MAX_YEARS
    from ..metrics.year_figures import (
        compute_all_headlines,
        compute_all_indicator_values,
        compute_headline_history,
        compute_self_evaluation_figures,
    )
    from ..warehouse.district_data import context_data_hashes
    from ..warehouse.store import Warehouse

    path = Path(path)
    key_path, history_path = path.with_suffix(".key"), path.with_name("history.json")
    history_key_path = history_path.with_suffix(".key")
    with Warehouse(db_path, read_only=True) as wh, wh.snapshot():
        hashes = context_data_hashes(wh, year, MAX_YEARS - 1) if callable(key) else {}
        key_of = key if callable(key) else None
        key = key_of(hashes) if key_of else key
        if _recorded_key(key_path) == key and path.exists():
            return pd.read_json(path, orient="index", dtype={"district_code": str}).rename(index=lambda c: str(c).zfill(5))
        headlines = compute_all_headlines(wh, year).join(compute_self_evaluation_figures(wh, year))
        indicators = compute_all_indicator_values(wh, year)
        # The earlier years' figures are keyed on the earlier years' data alone: a correction
        # of this year (the usual one) leaves them as they are.
        history_key = key_of({k: v for k, v in hashes.items() if ":" in k}) if key_of else None
        fresh = history_key is None or _recorded_key(history_key_path) != history_key or not history_path.exists()
        history = compute_headline_history(wh, year) if fresh else None
    with _output_errors(path.parent):
        key_path.unlink(missing_ok=True)  # the files change: no key until they all are written
        if history is not None:
            history_key_path.unlink(missing_ok=True)
            write_atomic(history_path, history_json(history))
            if history_key is not None:
                write_atomic(history_key_path, history_key)
        write_atomic(path.with_name("services.json"), indicators.to_json(orient="records", force_ascii=False))
        write_atomic(path, headlines.to_json(orient="index", force_ascii=False, indent=1))
        write_atomic(key_path, key)
    return headlines


def _recorded_key(path: Path) -> str | None:
    """The key written at ``path`` (None when there is none)."""
    try:
        return path.read_text()
    except OSError:
        return None


def history_json(history: dict) -> str:
    """``history.json``: earlier year → district code → headline figures (NaN as null)."""
    return json.dumps({str(y): json.loads(frame.to_json(orient="index", force_ascii=False)) for y, frame in history.items()},
                      ensure_ascii=False, indent=1)


def context_key_used(path: str | Path) -> str | None:
    """The key recorded beside the all-district figures at ``path`` by :func:`run_context`."""
    return _recorded_key(Path(path).with_suffix(".key"))


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


def report_years(out_dir: Path) -> list[int]:
    """The years with an ``index.html`` under ``out_dir`` (``out_dir/<year>/index.html``), in order."""
    if not out_dir.is_dir():
        return []
    return sorted(int(p.name) for p in out_dir.iterdir() if p.name.isdigit() and len(p.name) == 4 and (p / "index.html").is_file())


def last_year_headlines(history: Path, year: int) -> dict[str, dict] | None:
    """Every district's headline figures of ``year - 1`` from the run's ``history.json`` (None without that year).

    The index then shows each figure's change from last year.
    """
    if not history.exists():
        return None
    try:
        earlier = json.loads(history.read_text(encoding="utf-8")).get(str(year - 1))
    except (OSError, ValueError):
        logger.warning("전년 지표 파일을 읽지 못했습니다: %s / could not read last year's figures", history.name)
        return None
    if not earlier:
        return None
    return {code: {k: (float("nan") if v is None else v) for k, v in figures.items()} for code, figures in earlier.items()}


def write_index(year_dir: Path, year: int, outcomes: list, *, comparison=None, links: dict[str, str] | None = None,
                discussions: list | None = None) -> Path:
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
    discussions : list of DistrictOutcome, optional
        The year's discussion reports, listed under "토론·워크숍 기록".

    Returns
    -------
    Path
    """
    index_path = year_dir / "index.html"
    previous = last_year_headlines(year_dir / "_run" / "history.json", year)
    records = [(o.district_name, o.report, o.status) for o in discussions or []]
    page = render_index(year, outcomes, comparison=comparison, links=links, years=report_years(year_dir.parent), previous=previous,
                        discussions=records)
    with _output_errors(year_dir):
        write_atomic(index_path, page)
        _link_other_years(year_dir.parent)
    return index_path


def _link_other_years(out_dir: Path) -> None:
    """Bring the year links of every year's index up to the years now present; write the folder's own index."""
    years = report_years(out_dir)
    write_atomic(out_dir / "index.html", render_root_index(years))
    for other in years:
        path = out_dir / str(other) / "index.html"
        old = path.read_text(encoding="utf-8")
        new = with_years(old, other, years)
        if new != old:
            write_atomic(path, new)


def write_manifest(path: Path, manifest: dict[str, Any]) -> Path:
    """Write a manifest as indented JSON (values JSON does not know as text).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OutputError
        When it cannot be written (a full disk); the previous manifest is kept.
    """
    text = json.dumps(manifest, ensure_ascii=False, indent=1, default=str)
    with _output_errors(path.parent):
        write_atomic(path, text)
    return path


@contextlib.contextmanager
def publish_lock(year_dir: Path) -> Iterator[None]:
    """Hold the year folder's lock while its manifest is read, merged and written with its index.

    Runs into the same folder at once then each merge what the other wrote (a run
    for some districts never drops another run's entries).
    """
    from .file_lock import exclusive_lock

    lock_path = year_dir / "_run" / "publish.lock"
    with _output_errors(year_dir):
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")  # noqa: SIM115  (held for the block)
    try:
        with exclusive_lock(handle):
            yield
    finally:
        handle.close()


def _kept(entry: dict, year_dir: Path, outcome_type: type):
    """A previous manifest entry as an outcome, when what it lists still exists (None otherwise)."""
    from dataclasses import fields

    if not isinstance(entry, dict):
        return None
    produced = entry.get("status") in ("ok", "cached") and entry.get("report") and (year_dir / str(entry["report"])).is_file()
    if not produced and entry.get("status") != "failed":
        return None
    known = {f.name for f in fields(outcome_type)}
    return outcome_type(**{k: v for k, v in entry.items() if k in known})


def merge_previous(year_dir: Path, outcomes: list, comparison, all_codes: list[str], inputs: list[dict]) -> tuple[list, Any, list[dict]]:
    """This run's outcomes merged with the previous manifest's entries of the districts it did not run.

    Parameters
    ----------
    year_dir : Path
        The year's folder (its ``manifest.json`` is read: call under :func:`publish_lock`).
    outcomes : list of DistrictOutcome
        This run's districts.
    comparison : DistrictOutcome or None
        This run's comparison report (None: the previous one is kept when it exists).
    all_codes : list of str
        Every district of the year with data, in order.
    inputs : list of dict
        This run's inputs (``district_code``, ``file_name``, ``submission_id``).

    Returns
    -------
    tuple
        The districts to list (every district of the year with a report or a failure,
        in ``all_codes`` order), the comparison outcome, and the merged inputs.
    """
    try:
        previous = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    outcome_type = type(outcomes[0]) if outcomes else None
    mine = {o.district_code: o for o in outcomes}
    listed = []
    for code in all_codes:
        if code in mine:
            listed.append(mine[code])
        elif outcome_type is not None:
            kept = _kept((previous.get("districts") or {}).get(code), year_dir, outcome_type)
            if kept is not None:
                listed.append(kept)
    if comparison is None and outcome_type is not None:
        comparison = _kept(previous.get("comparison"), year_dir, outcome_type)
    shown = {o.district_code for o in listed}
    merged = [e for e in previous.get("inputs") or [] if e.get("district_code") in shown - set(mine)]
    merged += [e for e in inputs if e.get("district_code") in mine]
    return listed, comparison, sorted(merged, key=lambda e: str(e.get("district_code")))


def merge_discussions(year_dir: Path, outcomes: list, *, keep_others: bool) -> list:
    """This run's discussion reports, with the previous manifest's others when ``keep_others``.

    A run without the discussion notebook plans no discussion report: the ones listed
    before stay listed while their report exists. Otherwise the run lists the events of
    the year it found. Call under :func:`publish_lock`.
    """
    if not keep_others:
        return list(outcomes)
    from .plan import DistrictOutcome

    previous = {}
    with contextlib.suppress(OSError, ValueError):
        previous = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8")).get("discussions") or {}
    mine = {o.district_code for o in outcomes}
    kept = [_kept(entry, year_dir, DistrictOutcome) for code, entry in sorted(previous.items()) if code not in mine]
    return [*outcomes, *(o for o in kept if o is not None)]


#: The pilot evaluation report, linked from every year's index when it exists.
PILOT_LINK = ("시범사업 평가 (이중차분)", "../pilot/pilot_evaluation.html")


def existing_links(year_dir: Path, links: dict[str, str] | None) -> dict[str, str]:
    """``links`` and the reports beside the years that exist (the pilot evaluation), each once."""
    out = dict(links or {})
    label, address = PILOT_LINK
    if (year_dir.parent / "pilot" / "pilot_evaluation.html").is_file() and address not in out.values():
        out[label] = address
    return out


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


class _RunLogHandler(logging.FileHandler):
    """The run's log file: when it cannot be written (a full disk) that is said once, never as a traceback."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802  (logging's name)
        if not self.failed:
            self.failed = True
            sys.stderr.write(f"로그 파일에 더 쓸 수 없습니다(디스크 공간 부족?) / cannot write the log file any more "
                             f"(disk full?): {self.baseFilename}\n")


def run_log_handler(path: Path) -> logging.Handler | None:
    """A handler writing a run's log to ``path`` (see :func:`run_log_path`); None when it cannot be opened.

    A log file that cannot be created or written (a full disk, a read-only folder) is
    reported once on standard error; the run goes on, logging to the terminal only.

    Parameters
    ----------
    path : Path
        The log file.

    Returns
    -------
    logging.Handler or None
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _RunLogHandler(path, encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"로그 파일을 만들 수 없습니다 / cannot create the log file: {path} ({exc.strerror or exc})\n")
        return None
