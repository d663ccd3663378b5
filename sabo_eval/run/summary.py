"""Plain-text summaries of a run's outcome (what the command line prints)."""

from __future__ import annotations

from pathlib import Path

from .plan import DistrictOutcome

__all__ = ["year_lines", "pilot_lines", "pilot_failed"]


def year_lines(result) -> list[str]:
    """Every failed report with its error, then where the index is.

    Parameters
    ----------
    result : RunResult
        What :func:`sabo_eval.run.runner.run_year` returns.

    Returns
    -------
    list of str
    """
    lines = [f"✗ {outcome.district_name} ({outcome.district_code}): {outcome.error}" for outcome in result.failed]
    made = [o for o in getattr(result, "discussions", []) if o.status in ("ok", "cached")]
    if made:
        lines.append(f"토론 기록 보고서 {len(made)}건 / discussion reports: {result.out_dir.parent / 'discussions'}")
    return [*lines, f"보고서 목록 / index: {result.index}"]


def pilot_failed(outcome: DistrictOutcome | None) -> bool:
    """Whether the pilot report is missing: no pilot-year data, or its notebook failed."""
    return outcome is None or outcome.status == "failed"


def pilot_lines(outcome: DistrictOutcome | None, out_dir: str | Path) -> list[str]:
    """What became of the pilot evaluation report.

    Parameters
    ----------
    outcome : DistrictOutcome or None
        What :func:`sabo_eval.run.runner.run_pilot` returns.
    out_dir : path-like
        The ``out_dir`` it was given.

    Returns
    -------
    list of str
    """
    if outcome is None:
        return ["시범사업 기간(2012–2013) 자료가 없습니다 / no data for the pilot years"]
    if outcome.status == "failed":
        return [f"✗ 시범사업 평가 실패: {outcome.error}"]
    return [f"시범사업 평가 보고서: {Path(out_dir).resolve() / 'pilot' / 'pilot_evaluation.html'}"]
