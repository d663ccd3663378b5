"""The discussion reports of a yearly run, and the codebook every coded report depends on.

A run of ``year`` makes one report per event of that year (``discussion_events.year``)
into ``<out_dir>/discussions/<event_id>.html``, listed on the year's index under
"토론·워크숍 기록". A discussion report is keyed on its event's rows
(:func:`sabo_eval.reports.discussion_data.event_data_hash`), the codebook's digest,
the notebook's code and the package versions; the district reports' keys carry the
codebook digest too (their monitoring-opinion themes depend on it). When only the
codebook changed, the manifest's reason is ``REASONS["codebook"]`` (코드북 변경).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_DISCUSSION",
    "FOLDER",
    "Codebook",
    "resolve_codebook",
    "plan_discussions",
    "discussion_href",
]

logger = logging.getLogger(__name__)

DEFAULT_DISCUSSION = Path(__file__).resolve().parents[2] / "notebooks" / "discussion_report.ipynb"
#: The discussion reports' folder, beside the year folders.
FOLDER = "discussions"


@dataclass(frozen=True)
class Codebook:
    """The codebook a run passes to its notebooks: its path (None: the shipped default) and digest."""

    path: str | None
    digest: str


def resolve_codebook(codebook: str | Path | None) -> Codebook:
    """The run's codebook: ``codebook``, else ``$SABO_EVAL_CODEBOOK``, else the shipped default; read and checked.

    Reading it here refuses a bad codebook before any report is made (the error names
    the file and the line or theme).

    Raises
    ------
    SaboEvalError
        When the codebook cannot be read.
    """
    from ..settings import codebook_path
    from ..text.codebook import load_codebook

    chosen = Path(codebook) if codebook not in (None, "") else codebook_path()
    path = str(chosen.resolve()) if chosen else None
    return Codebook(path, str(load_codebook(path).digest))


def discussion_href(event_id: str) -> str:
    """A discussion report's address relative to a year folder."""
    return f"../{FOLDER}/{event_id}.html"


def plan_discussions(plan, notebook: Path | None, *, use_cache: bool, warm: bool) -> None:
    """Add the discussion report of every event of ``plan.year`` to ``plan``: cached, or pending with its task.

    Parameters
    ----------
    plan : YearPlan
        Its ``codebook`` set; the outcomes are added under their event ids and listed
        in ``plan.discussions`` (left None when there is no notebook: the index then
        keeps the discussion reports listed before).
    notebook : Path or None
        The discussion notebook (None or missing: no discussion reports).
    use_cache : bool
    warm : bool
    """
    if notebook is None or not Path(notebook).exists():
        return
    plan.discussions = []
    from ..reports.discussion_data import event_data_hash, file_name_ok, year_events
    from ..warehouse.store import Warehouse

    with Warehouse(plan.db_path, read_only=True) as wh, wh.snapshot():
        events = year_events(wh, plan.year)
        hashes = {str(e): event_data_hash(wh, str(e)) for e in events["event_id"]}
    names = dict(zip(events["event_id"].astype(str), events["event_name"].astype(str), strict=True))
    for event_id, data_hash in hashes.items():
        if not file_name_ok(event_id):  # one event that cannot name a file does not stop the run
            logger.warning("행사 ID %r는 파일 이름으로 쓸 수 없어 토론 보고서를 만들지 않습니다 / event id %r cannot name "
                           "a report file: no discussion report", event_id, event_id)
            continue
        _plan_one(plan, Path(notebook).resolve(), event_id, names.get(event_id) or event_id, data_hash, use_cache=use_cache, warm=warm)


def _plan_one(plan, notebook: Path, event_id: str, name: str, data_hash: str, *, use_cache: bool, warm: bool) -> None:
    """One event's report: its key, and either the previous report or a task."""
    from .plan import (
        DistrictOutcome,
        _digest,
        execution_reason,
        is_cached,
        make_task,
        notebook_code_hash,
        read_manifest,
        report_key,
        semantic_parameters,
        snapshot_path,
        tables_path,
    )

    folder = plan.year_dir.parent / FOLDER
    parameters = {"event_id": event_id, "warehouse": str(plan.db_path), "codebook": plan.codebook.path,
                  "tables_path": tables_path(folder, event_id), "snapshot_path": snapshot_path(folder, event_id)}
    semantic = semantic_parameters(parameters)
    notebook_hash = notebook_code_hash(notebook)
    plan.key_parts[event_id] = (notebook_hash, semantic)
    plan.discussions.append(event_id)
    outcome = DistrictOutcome(event_id, name, "pending", data_hash=data_hash, code_hash=_digest([notebook_hash, plan.versions]),
                              parameters_hash=_digest(semantic), codebook_digest=plan.codebook.digest)
    outcome.cache_key = report_key(plan, event_id, data_hash)
    prior = read_manifest(plan.year_dir / "manifest.json", "discussions").get(event_id)
    report = folder / f"{event_id}.html"
    plan.outcomes[event_id] = outcome
    if is_cached(prior, outcome.cache_key, report, use_cache=use_cache):
        outcome.status, outcome.action, outcome.report = "cached", "cached", discussion_href(event_id)
        return
    outcome.action = "executed"
    outcome.reason = execution_reason(prior, outcome, use_cache=use_cache, report_exists=report.exists())
    title = f"{name} 토론 기록 분석"
    plan.tasks.append(make_task(event_id, notebook, folder, parameters, title, warm=warm))
