"""The run's ``index.html``: every district with its headline figures and a link,
and every failure with its reason. Self-contained, all text escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Protocol

__all__ = ["render_index"]

_COLUMNS = (("attendance_rate", "회의 참석률"), ("achievement", "성과지표 달성률"), ("execution_rate", "예산 집행률"))
_STATUS = {"ok": "생성", "cached": "변경 없음(이전 보고서)", "failed": "실패"}


class _Outcome(Protocol):
    district_code: str
    district_name: str
    status: str
    report: str | None
    failed_notebook: str | None
    error: str | None
    failing_cell: int | None
    failing_source: str | None
    headlines: dict


def _pct(value: object) -> str:
    return "-" if value is None or value != value else f"{float(value):.1f}%"


def render_index(
    year: int, outcomes: Sequence[_Outcome], comparison: _Outcome | None = None, links: dict[str, str] | None = None
) -> str:
    """Render the index page of a run.

    Parameters
    ----------
    year : int
    outcomes : sequence
        :class:`sabo_eval.run.runner.DistrictOutcome` objects.
    comparison : DistrictOutcome, optional
        The comparison report's outcome (linked when produced, listed when failed).
    links : dict, optional
        Further reports (label → relative address), such as the pilot evaluation.

    Returns
    -------
    str
        A complete HTML page without external references.
    """
    esc = html.escape
    rows = [_district_row(o) for o in outcomes]
    failures = [o for o in outcomes if o.status == "failed"]
    if comparison is not None and comparison.status == "failed":
        failures = [*failures, comparison]
    comparison_block = _links_block(comparison, links)
    header = "".join(f"<th>{esc(label)}</th>" for _, label in _COLUMNS)
    failure_block = _failure_block(failures)
    return f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{year}년 지역사회보장협의체 평가 보고서 목록</title>
<style>
body {{ font-family: "Malgun Gothic", "맑은 고딕", "Apple SD Gothic Neo", "NanumGothic", sans-serif; max-width: 1000px; margin: 2em auto; }}
table.sabo-table {{ border-collapse: collapse; }}
table.sabo-table th, table.sabo-table td {{ border: 1px solid #c8c8c8; padding: 3px 10px; }}
table.sabo-table th {{ background: #eef2f7; }}
table.sabo-table td.num {{ text-align: right; }}
</style></head><body>
<h1>{year}년 지역사회보장협의체 평가 보고서</h1>
{comparison_block}
<p>시군구 {len(outcomes)}곳 · 생성 {sum(o.status == "ok" for o in outcomes)} · 변경 없음 {sum(o.status == "cached" for o in outcomes)} · 실패 {len(failures)}</p>
<table class="sabo-table"><thead><tr><th>시군구코드</th><th>시군구</th>{header}<th>상태</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
{failure_block}
<p>자세한 실행 기록: <a href="manifest.json">manifest.json</a></p>
</body></html>
"""


def _district_row(o: _Outcome) -> str:
    """One district's row: code, linked name, headline figures, status."""
    esc = html.escape
    link = f'<a href="{esc(o.report, quote=True)}">{esc(o.district_name)}</a>' if o.report and o.status != "failed" else esc(o.district_name)
    cells = "".join(f'<td class="num">{_pct(o.headlines.get(key))}</td>' for key, _ in _COLUMNS)
    return f"<tr><td>{esc(o.district_code)}</td><td>{link}</td>{cells}<td>{esc(_STATUS.get(o.status, o.status))}</td></tr>"


def _links_block(comparison: _Outcome | None, links: dict[str, str] | None) -> str:
    """Links to the comparison report (when produced) and to further reports."""
    esc = html.escape
    block = (
        f'<p><a href="{esc(comparison.report or "comparison.html", quote=True)}">시군구 서비스 성과 비교 (깔때기 그림)</a></p>'
        if comparison is not None and comparison.status in ("ok", "cached")
        else ""
    )
    return block + "".join(f'<p><a href="{esc(href, quote=True)}">{esc(label)}</a></p>' for label, href in (links or {}).items())


def _failure_block(failures: list[_Outcome]) -> str:
    """The table of failed reports (failing cell, error, executed notebook), or a line saying none failed."""
    esc = html.escape
    failure_rows = "".join(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
            esc(f"{o.district_name} ({o.district_code})"),
            esc("-" if o.failing_cell is None else f"In [{o.failing_cell}]: {o.failing_source or ''}"),
            esc(o.error or ""),
            f'<a href="{esc(o.failed_notebook, quote=True)}">{esc(o.failed_notebook)}</a>' if o.failed_notebook else "-",
        )
        for o in failures
    )
    if not failures:
        return "<p>실패한 시군구가 없습니다.</p>"
    return (
        f"<h2>실패한 시군구 ({len(failures)}곳)</h2><table class='sabo-table'><thead><tr><th>시군구</th><th>실패한 셀</th>"
        f"<th>오류</th><th>실행된 노트북</th></tr></thead><tbody>{failure_rows}</tbody></table>"
    )
