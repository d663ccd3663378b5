"""Planning a run: what to execute, and what the previous run's reports still cover.

A report's cache key covers the notebook's code, its parameters (paths left out),
the district's current submissions, the all-district figures the report displays
(a digest: :func:`sabo_eval.reports.display_digest.display_digests`; the comparison
report's is the whole context) and the package versions (:func:`cache_key`). The
digest is known before the all-district figures are computed when their key
(:func:`context_key`) equals the one the previous manifest entry was made with;
otherwise it is computed after them (:func:`decide_district`), so one correction
re-runs that district, the comparison and the districts whose medians, places or
funnels changed. Each entry says ``action`` (executed/cached) and ``reason``. The data part of a key that is recorded
is the one the report itself read: the notebook writes the hash of the data it read,
in the same read transaction as the data (``snapshot_path``), and the runner keys
the report with it (:func:`report_key`), so a report always matches its manifest
entry even when an ingest ran meanwhile. A district whose key equals the one in the
previous ``manifest.json`` and whose report exists is not run again
(:func:`is_cached`). :func:`plan_year` reads the warehouse once and returns the
:class:`YearPlan`: one :class:`DistrictOutcome` per report (``"cached"`` or
``"pending"``) and the worker tasks for the pending ones.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReportError, SaboEvalError
from ..settings import survey_min_n
from .code_hashes import git_commit, notebook_code_hash, package_code_hash, versions  # noqa: F401  (re-exported)
from .discussions import DEFAULT_DISCUSSION, Codebook, plan_discussions, resolve_codebook

__all__ = [
    "DEFAULT_NOTEBOOK",
    "DEFAULT_COMPARISON",
    "DEFAULT_PILOT",
    "DEFAULT_DISCUSSION",
    "PILOT_YEARS",
    "DistrictOutcome",
    "YearPlan",
    "versions",
    "git_commit",
    "notebook_code_hash",
    "cache_key",
    "read_manifest",
    "is_cached",
    "make_task",
    "tables_path",
    "snapshot_path",
    "semantic_parameters",
    "context_key",
    "report_key",
    "REASONS",
    "execution_reason",
    "decide_district",
    "check_district_codes",
    "check_run_year",
    "plan_year",
]

logger = logging.getLogger(__name__)

DEFAULT_NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "district_report.ipynb"
DEFAULT_COMPARISON = DEFAULT_NOTEBOOK.with_name("comparison.ipynb")
DEFAULT_PILOT = DEFAULT_NOTEBOOK.with_name("pilot_evaluation.ipynb")
PILOT_YEARS = (2012, 2013)
_REUSABLE = ("ok", "cached")
_COMPARISON_NAME = "시군구 비교"
#: Notebook parameters that are paths: left out of cache keys.
_PATH_PARAMETERS = ("warehouse", "run_context", "tables_path", "snapshot_path", "codebook")


@dataclass
class DistrictOutcome:
    """What happened to one district in a run."""

    district_code: str
    district_name: str
    status: str  # "ok", "cached" or "failed"
    seconds: float = 0.0
    report: str | None = None
    failed_notebook: str | None = None
    error: str | None = None
    failing_cell: int | None = None
    failing_source: str | None = None
    cache_key: str = ""
    headlines: dict[str, float] = field(default_factory=dict)
    worker_peak_mb: float | None = None
    kernel_peak_mb: float | None = None
    data_hash: str = ""
    #: "executed" or "cached" (``status`` says whether an execution succeeded).
    action: str = ""
    #: Why the report was executed (Korean / English; "" when cached).
    reason: str = ""
    #: Digest of the all-district figures the report shows (:func:`sabo_eval.reports.display_digest.display_digests`).
    display_digest: str = ""
    #: Key of the all-district figures the digest was computed from (:func:`context_key`).
    context_key: str = ""
    #: Hash of the notebook's code and the package versions, and of the parameters: what else the key covers.
    code_hash: str = ""
    parameters_hash: str = ""
    #: Digest of the codebook the report's themes were coded with ("" for reports without themes).
    codebook_digest: str = ""


@dataclass
class YearPlan:
    """What a yearly run executes and what it reuses.

    ``outcomes`` holds every report of the run (districts in ``codes`` order, then the
    comparison), ``tasks`` the worker tasks of those not cached.
    """

    year: int
    db_path: Path
    year_dir: Path
    notebook: Path
    notebook_hash: str
    versions: dict[str, str]
    context_path: Path
    context_hash: str
    codes: list[str]
    inputs: list[dict]
    outcomes: dict[str, DistrictOutcome] = field(default_factory=dict)
    tasks: list[dict] = field(default_factory=list)
    comparison: DistrictOutcome | None = None
    #: Report code → (notebook hash, parameters without paths): what its key is made of besides data.
    key_parts: dict[str, tuple[str, dict]] = field(default_factory=dict)
    #: District code → name (funnel outliers are labelled with names).
    names: dict[str, str] = field(default_factory=dict)
    #: Every district of the year with data (``codes`` may be some of them).
    all_codes: list[str] = field(default_factory=list)
    #: Districts whose displayed all-district figures are not known before the context is computed.
    undecided: list[str] = field(default_factory=list)
    #: Report code → its entry in the previous manifest, and → its task (for districts decided later).
    priors: dict[str, dict] = field(default_factory=dict)
    pending_tasks: dict[str, dict] = field(default_factory=dict)
    use_cache: bool = True
    #: The codebook passed to the notebooks (:func:`sabo_eval.run.discussions.resolve_codebook`).
    codebook: Codebook | None = None
    #: Event ids of the year's discussion reports (their outcomes are in ``outcomes`` too); None when not planned.
    discussions: list[str] | None = None

    @property
    def n_run(self) -> int:
        """Districts (the comparison not counted) that are executed."""
        return sum(1 for t in self.tasks if t["district_code"] in self.codes)


@dataclass
class _YearData:
    """What the warehouse holds for a year: the districts to report and their data keys."""

    codes: list[str]
    names: dict[str, str]
    data_hashes: dict[str, str]
    all_codes: list[str]
    inputs: list[dict]
    #: What the all-district figures are made of (:func:`~sabo_eval.warehouse.district_data.context_data_hashes`).
    context_hashes: dict[str, str] = field(default_factory=dict)


def cache_key(notebook_hash: str, parameters: dict, data_hash: str, context_hash: str, versions_: dict[str, str]) -> str:
    """Key of a district report: notebook, parameters, data, shared figures, versions.

    Parameters
    ----------
    notebook_hash : str
        Hash of the notebook's cells.
    parameters : dict
        Notebook parameters (serialised as canonical JSON; paths excluded by the caller).
    data_hash : str
        Hash of the district's current submissions.
    context_hash : str
        Hash of the all-district figures the notebook reads.
    versions_ : dict
        Package versions.

    Returns
    -------
    str
        SHA-256 hex digest.
    """
    payload = json.dumps(
        {"notebook": notebook_hash, "parameters": parameters, "data": data_hash, "context": context_hash, "versions": versions_},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def read_manifest(path: Path, part: str = "districts") -> dict:
    """One part of a previous run's manifest (empty when there is none or it is unreadable).

    Parameters
    ----------
    path : Path
        The ``manifest.json``.
    part : str
        Top-level entry: ``"districts"``, ``"comparison"`` or ``"pilot"``.

    Returns
    -------
    dict
    """
    try:
        return json.loads(path.read_text(encoding="utf-8")).get(part) or {}
    except (OSError, ValueError):
        return {}


def is_cached(prior: dict | None, key: str, report: Path, *, use_cache: bool, check_status: bool = True) -> bool:
    """Whether the previous run's report can be kept.

    Parameters
    ----------
    prior : dict or None
        The report's entry in the previous manifest.
    key : str
        The report's cache key now.
    report : Path
        The report's HTML file.
    use_cache : bool
        False: never.
    check_status : bool
        Also require that the previous run produced (or kept) the report.

    Returns
    -------
    bool
    """
    prior = prior or {}
    if not use_cache or prior.get("cache_key") != key:
        return False
    if check_status and prior.get("status") not in _REUSABLE:
        return False
    return report.exists()


def tables_path(folder: Path, stem: str) -> str:
    """Temporary path of a report's tables workbook, unique to this process."""
    return str(folder / ".work" / f"{stem}.{os.getpid()}.tables.xlsx")


def snapshot_path(folder: Path, stem: str) -> str:
    """Temporary path where a report's notebook writes which data it read, unique to this process."""
    return str(folder / ".work" / f"{stem}.{os.getpid()}.snapshot.json")


def semantic_parameters(parameters: dict) -> dict:
    """Notebook parameters without the paths (what a cache key covers)."""
    return {k: v for k, v in parameters.items() if k not in _PATH_PARAMETERS}


def context_key(data_hashes: dict[str, str], versions_: dict[str, str]) -> str:
    """Key of the all-district figures of a year: every district's data hash and the versions.

    Parameters
    ----------
    data_hashes : dict
        What the figures are made of (:func:`sabo_eval.warehouse.district_data.context_data_hashes`:
        this year's and the trend's earlier years' data hashes).
    versions_ : dict
        Package versions.

    Returns
    -------
    str
        SHA-256 hex digest.
    """
    return hashlib.sha256(json.dumps([data_hashes, versions_], sort_keys=True).encode()).hexdigest()


def report_key(plan: YearPlan, code: str, data_hash: str, display_digest: str = "") -> str:
    """The cache key of report ``code`` of ``plan`` for the data hash it was made from.

    A district report's shared part is the digest of the all-district figures it
    displays (``display_digest``), not every district's data: a correction elsewhere
    re-runs it only when its medians, places or funnels change. The comparison
    report shows every district: its data and shared part are the whole context
    (``plan.context_hash``).
    """
    notebook_hash, semantic = plan.key_parts[code]
    if code == "comparison":
        return cache_key(notebook_hash, semantic, plan.context_hash, plan.context_hash, plan.versions)
    coded = {**semantic, "codebook_digest": plan.codebook.digest if plan.codebook else ""}  # themes depend on the codebook
    return cache_key(notebook_hash, coded, data_hash, display_digest, plan.versions)


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


#: Why a report was executed (Korean / English).
REASONS = {
    "disabled": "캐시 사용 안 함 / cache disabled",
    "new": "처음 생성 / no earlier report",
    "failed": "이전 실행 실패 / the earlier run failed",
    "code": "코드 변경 / code changed",
    "parameters": "설정 변경 / settings changed",
    "codebook": "코드북 변경 / codebook changed",
    "data": "자료 변경 / own data changed",
    "display": "비교 수치 변경(중앙값·순위·깔때기) / displayed all-district figures changed",
    "context": "전체 시군구 자료 변경 / all-district figures changed",
    "key": "캐시 키 변경 / cache key changed",
}


def execution_reason(prior: dict | None, outcome: DistrictOutcome, *, use_cache: bool, report_exists: bool) -> str:
    """Why ``outcome``'s report is executed, from what differs from its entry in the previous manifest.

    Returns
    -------
    str
        One of :data:`REASONS`' texts, the first that applies in the order
        cache disabled, no earlier report, earlier failure, code, settings, codebook,
        own data, displayed all-district figures.
    """
    prior = prior or {}
    checks = (
        ("disabled", not use_cache), ("new", not prior or not report_exists), ("failed", prior.get("status") not in _REUSABLE),
        ("code", prior.get("code_hash") != outcome.code_hash), ("parameters", prior.get("parameters_hash") != outcome.parameters_hash),
        ("codebook", prior.get("codebook_digest", "") != outcome.codebook_digest),
        ("data" if outcome.district_code != "comparison" else "context", prior.get("data_hash") != outcome.data_hash),
        ("display", prior.get("display_digest") != outcome.display_digest),
    )
    return REASONS[next((name for name, applies in checks if applies), "key")]


def make_task(code: str, notebook: Path, folder: Path, parameters: dict, title: str, *, warm: bool) -> dict:
    """A worker task (plain, picklable) executing ``notebook`` into ``folder/<code>.html``.

    Parameters
    ----------
    code : str
        District code, or the name of a report that is not a district's.
    notebook : Path
        The parameterised notebook.
    folder : Path
        Where the report goes.
    parameters : dict
        Notebook parameters.
    title : str
        The HTML page's title.
    warm : bool
        Execute in the worker's warm kernel.

    Returns
    -------
    dict
    """
    return {
        "district_code": code,
        "notebook": str(notebook),
        "year_dir": str(folder),
        "parameters": parameters,
        "title": title,
        "warm": warm,
    }


def check_district_codes(codes: list[str] | None) -> None:
    """Reject requested district codes that are not five digits.

    Raises
    ------
    SaboEvalError
        At the first code that is not.
    """
    for code in codes or []:
        if not re.fullmatch(r"\d{5}", code):
            raise SaboEvalError(f"시군구코드는 5자리 숫자여야 합니다: {code!r}", f"district codes are five digits: {code!r}")


def check_run_year(year: int) -> None:
    """Refuse a year no submission can have: before 2000 or after next year.

    Raises
    ------
    SaboEvalError
        When ``year`` is outside the years a submission is accepted for.
    """
    from ..intake.dates import FIRST_YEAR, last_year

    if not FIRST_YEAR <= year <= last_year():
        raise SaboEvalError(
            f"연도 {year}년은 보고서를 만들 수 있는 범위({FIRST_YEAR}–{last_year()}년) 밖입니다",
            f"the year {year} is outside the years reports can be made for ({FIRST_YEAR}–{last_year()})",
        )


def _no_data(wh, year: int) -> ReportError:
    """The error for a year the warehouse holds no submission of, naming the years it holds."""
    held = sorted({int(y) for y in wh.district_years()["year"]})
    listed = ", ".join(str(y) for y in held) if held else "없음 / none"
    return ReportError(
        f"창고에 {year}년 자료가 없습니다(자료가 있는 연도: {listed}) — 먼저 'sabo-eval ingest'로 입력하세요",
        f"the warehouse holds no data for {year} (years with data: {listed}); ingest them first with 'sabo-eval ingest'",
    )


def _read_year(db_path: Path, year: int, districts: list[str] | None) -> _YearData:
    """The year's districts (all, or the requested ones that have data) and their data hashes."""
    # here, not at import: worker processes need neither pandas nor DuckDB
    from ..metrics.trends import MAX_YEARS
    from ..warehouse.district_data import context_data_hashes, year_data_hashes
    from ..warehouse.store import Warehouse

    with Warehouse(db_path, read_only=True) as wh, wh.snapshot():
        current = wh.district_years()
        current = current[current["year"] == year]
        if current.empty:
            raise _no_data(wh, year)
        names = wh.query("SELECT district_code, district_name FROM districts WHERE year = ?", [year])
        name_of = dict(zip(names["district_code"], names["district_name"], strict=True))
        all_codes = sorted(current["district_code"])
        for code in all_codes:  # codes become file names: never build a path from anything else
            if not re.fullmatch(r"\d{5}", str(code)):
                raise ReportError(f"잘못된 시군구코드입니다: {code!r}", f"invalid district code: {code!r}")
        codes = _requested(all_codes, districts, year)
        data_hashes = year_data_hashes(wh, year)
        context_hashes = context_data_hashes(wh, year, MAX_YEARS - 1)
        inputs = current[["district_code", "file_name", "submission_id"]].to_dict("records")
    return _YearData(codes, name_of, data_hashes, all_codes, inputs, context_hashes)


def _requested(codes: list[str], districts: list[str] | None, year: int) -> list[str]:
    """``codes`` limited to ``districts`` (warning about requested codes without data)."""
    if not districts:
        return codes
    wanted = [str(d) for d in districts]
    unknown = sorted(set(wanted) - set(codes))
    if unknown:
        listed = ", ".join(unknown)
        raise ReportError(
            f"{year}년 자료가 없는 시군구코드입니다: {listed} — 코드를 확인하거나 그 시군구의 자료를 먼저 입력하세요",
            f"no data for {year} for district code(s) {listed}; check the codes or ingest those districts first",
        )
    return [c for c in codes if c in wanted]


def plan_year(
    year: int, *, db_path: Path, out_dir: str | Path, districts: list[str] | None, mask_names: bool, use_cache: bool,
    notebook: str | Path, fail_district: str | None, comparison_notebook: str | Path | None, warm: bool,
    codebook: str | Path | None = None, discussion_notebook: str | Path | None = DEFAULT_DISCUSSION,
) -> YearPlan:
    """Read the warehouse and the previous manifest; decide what to run for ``year``.

    Parameters are those of :func:`sabo_eval.run.runner.run_year` (``db_path``
    already resolved). Creates ``<out_dir>/<year>`` once the warehouse holds data for
    the year and for every requested district. Every run also plans one discussion
    report per event of the year (:func:`sabo_eval.run.discussions.plan_discussions`;
    they do not depend on the districts chosen).

    Returns
    -------
    YearPlan

    Raises
    ------
    ReportError
        When the warehouse holds no data for ``year`` or for a requested district, or
        a district code in it is not five digits.
    """
    year_dir = Path(out_dir).resolve() / str(year)
    notebook = Path(notebook).resolve()
    data = _read_year(db_path, year, districts)  # refuses an unknown district or a year without data: nothing written
    book = resolve_codebook(codebook)  # a bad codebook is refused here too
    year_dir.mkdir(parents=True, exist_ok=True)
    vers = versions()
    # The all-district figures are a function of every district's data and the code:
    # their key is known without computing them, so an unchanged run computes nothing.
    context_hash = context_key(data.context_hashes, vers)
    plan = YearPlan(
        year, db_path, year_dir, notebook, notebook_code_hash(notebook), vers,
        year_dir / "_run" / "headlines.json", context_hash, data.codes, data.inputs,
        names=dict(data.names), all_codes=list(data.all_codes), use_cache=use_cache, codebook=book,
    )
    _plan_districts(plan, data, mask_names=mask_names, use_cache=use_cache, fail_district=fail_district, warm=warm)
    comparison_notebook = Path(comparison_notebook).resolve() if comparison_notebook else None
    if comparison_notebook is not None and comparison_notebook.exists() and not districts:  # whole runs only
        _plan_comparison(plan, comparison_notebook, use_cache=use_cache, warm=warm)
    plan_discussions(plan, Path(discussion_notebook) if discussion_notebook else None, use_cache=use_cache, warm=warm)
    return plan


def _plan_districts(plan: YearPlan, data: _YearData, *, mask_names: bool, use_cache: bool, fail_district: str | None, warm: bool) -> None:
    """Add every district's outcome to ``plan``: cached, or pending with its task."""
    previous = read_manifest(plan.year_dir / "manifest.json")
    for code in plan.codes:
        parameters = {
            "district_code": code,
            "year": int(plan.year),
            "warehouse": str(plan.db_path),
            "mask_names": bool(mask_names),
            "run_context": str(plan.context_path),
            "codebook": plan.codebook.path if plan.codebook else None,
            "survey_min_n": survey_min_n(),  # the suppression threshold is part of the key
        }
        if fail_district:
            parameters["fail_district"] = str(fail_district)
        parameters["tables_path"] = tables_path(plan.year_dir, code)
        parameters["snapshot_path"] = snapshot_path(plan.year_dir, code)
        semantic = semantic_parameters(parameters)
        plan.key_parts[code] = (plan.notebook_hash, semantic)
        name = str(data.names.get(code, code))
        prior = plan.priors[code] = previous.get(code) or {}
        plan.outcomes[code] = DistrictOutcome(
            code, name, "pending", data_hash=data.data_hashes[code], code_hash=_digest([plan.notebook_hash, plan.versions]),
            parameters_hash=_digest(semantic), codebook_digest=plan.codebook.digest if plan.codebook else "",
        )
        title = f"{name} {plan.year}년 지역사회보장협의체 평가 보고서"
        plan.pending_tasks[code] = make_task(code, plan.notebook, plan.year_dir, parameters, title, warm=warm)
        if prior.get("context_key") == plan.context_hash and prior.get("display_digest"):
            decide_district(plan, code, str(prior["display_digest"]))  # the same figures: the same digest
        else:
            plan.undecided.append(code)


def decide_district(plan: YearPlan, code: str, display_digest: str) -> None:
    """Key district ``code`` with the digest of what it displays; keep its report or queue its task.

    Parameters
    ----------
    plan : YearPlan
    code : str
    display_digest : str
        From :func:`sabo_eval.reports.display_digest.display_digests` (or the previous
        manifest, when the all-district figures are those it was computed from).
    """
    outcome = plan.outcomes[code]
    outcome.display_digest = display_digest
    outcome.context_key = plan.context_hash
    outcome.cache_key = report_key(plan, code, outcome.data_hash, display_digest)
    report = plan.year_dir / f"{code}.html"
    prior = plan.priors.get(code)
    if is_cached(prior, outcome.cache_key, report, use_cache=plan.use_cache):
        outcome.status, outcome.action, outcome.report = "cached", "cached", f"{code}.html"
        return
    outcome.action = "executed"
    outcome.reason = execution_reason(prior, outcome, use_cache=plan.use_cache, report_exists=report.exists())
    plan.tasks.append(plan.pending_tasks[code])


def sure_to_run(plan: YearPlan) -> int:
    """How many reports of ``plan`` execute whatever the all-district figures turn out to be.

    The tasks already queued, and the undecided districts whose own data, code or
    parameters changed since their report (or that have none): their key changes
    whatever they display. A run starts and warms that many workers while it computes
    the figures (:class:`~sabo_eval.run.execute.LocalWorkers`).
    """
    sure = len(plan.tasks)
    for code in plan.undecided:
        prior, outcome = plan.priors.get(code) or {}, plan.outcomes[code]
        unchanged = all(prior.get(f) == getattr(outcome, f) for f in ("data_hash", "code_hash", "parameters_hash"))
        kept = unchanged and prior.get("status") in ("ok", "cached") and (plan.year_dir / f"{code}.html").exists()
        sure += not (kept and plan.use_cache)
    return sure


def _plan_comparison(plan: YearPlan, notebook: Path, *, use_cache: bool, warm: bool) -> None:
    """Add the all-district comparison report to ``plan``: cached, or pending with its task."""
    plan.key_parts["comparison"] = (notebook_code_hash(notebook), {"year": int(plan.year)})
    key = report_key(plan, "comparison", plan.context_hash)
    prior = read_manifest(plan.year_dir / "manifest.json", "comparison")
    report = plan.year_dir / "comparison.html"
    hashes = {"code_hash": _digest([plan.key_parts["comparison"][0], plan.versions]), "parameters_hash": _digest({"year": int(plan.year)}),
              "data_hash": plan.context_hash, "display_digest": plan.context_hash, "context_key": plan.context_hash}
    if is_cached(prior, key, report, use_cache=use_cache):
        plan.comparison = DistrictOutcome("comparison", _COMPARISON_NAME, "cached", report="comparison.html", cache_key=key,
                                          action="cached", **hashes)
    else:
        plan.comparison = DistrictOutcome("comparison", _COMPARISON_NAME, "pending", cache_key=key, action="executed", **hashes)
        plan.comparison.reason = execution_reason(prior, plan.comparison, use_cache=use_cache, report_exists=report.exists())
        parameters = {
            "year": int(plan.year), "warehouse": str(plan.db_path), "run_context": str(plan.context_path),
            "tables_path": tables_path(plan.year_dir, "comparison"),
        }
        title = f"{plan.year}년 시군구 서비스 성과 비교"
        plan.tasks.append(make_task("comparison", notebook, plan.year_dir, parameters, title, warm=warm))
    plan.outcomes["comparison"] = plan.comparison
