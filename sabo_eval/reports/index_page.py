"""The run's ``index.html``: every district with its headline figures and a link,
and every failure with its reason. Self-contained, all text escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Protocol

from .summary import format_change

__all__ = ["PROVINCES", "YEARS_NAV", "province_name", "render_index", "render_root_index", "with_years"]

_COLUMNS = (
    ("attendance_rate", "회의 참석률"), ("achievement", "성과지표 달성률"), ("execution_rate", "예산 집행률"),
    ("survey_rate", "설문 응답률"), ("appropriate_share", "적절 비율"),  # 자체평가 (blank without a survey or ratings)
)


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


#: 시도 by the first two digits of the district code (행정표준코드; 강원·전북 under both their old and new codes).
PROVINCES = {
    "11": "서울특별시", "26": "부산광역시", "27": "대구광역시", "28": "인천광역시", "29": "광주광역시",
    "30": "대전광역시", "31": "울산광역시", "36": "세종특별자치시", "41": "경기도", "42": "강원특별자치도",
    "43": "충청북도", "44": "충청남도", "45": "전북특별자치도", "46": "전라남도", "47": "경상북도",
    "48": "경상남도", "50": "제주특별자치도", "51": "강원특별자치도", "52": "전북특별자치도",
}

#: Click a column header to sort by it (again: the other way); numbers by ``data-sort``.
_SORT_SCRIPT = """<script>
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, col) {
    th.tabIndex = 0;
    function sort() {
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var up = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      function key(row) { var c = row.cells[col]; return c.hasAttribute("data-sort") ? parseFloat(c.getAttribute("data-sort")) : c.textContent; }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var d = (typeof x === "number" && typeof y === "number") ? (isNaN(x) ? -Infinity : x) - (isNaN(y) ? -Infinity : y) : String(x).localeCompare(String(y), "ko");
        return up ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
  });
});
</script>"""

_STYLE = """<style>
body { font-family: "Malgun Gothic", "맑은 고딕", "Apple SD Gothic Neo", "NanumGothic", sans-serif; max-width: 1000px; margin: 1.5em auto; padding: 0 10px; word-break: keep-all; }
nav.sabo-years, nav.sabo-reports { margin: 0.4em 0; display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; }
nav a { color: #1a4f8b; }
.sabo-scroll { overflow-x: auto; max-width: 100%; }
table.sabo-table { border-collapse: collapse; }
table.sabo-table th, table.sabo-table td { border: 1px solid #c8c8c8; padding: 3px 10px; text-align: left; }
table.sabo-table th { background: #eef2f7; }
table.sortable thead th { cursor: pointer; white-space: nowrap; }
table.sortable thead th::after { content: " ↕"; color: #888; }
table.sortable thead th[aria-sort="ascending"]::after { content: " ▲"; }
table.sortable thead th[aria-sort="descending"]::after { content: " ▼"; }
table.sabo-table td.num { text-align: right; white-space: nowrap; }
.sabo-change { color: #555; font-size: 0.85em; }
footer.sabo-meta { margin-top: 2em; border-top: 1px solid #ddd; padding-top: 0.5em; color: #555; font-size: 0.85em; }
</style>"""


def province_name(code: str) -> str:
    """The 시도 of a district code (``"41110"`` → ``"경기도"``), or ``""`` when the prefix is unknown."""
    return PROVINCES.get(str(code)[:2], "")


def _pct(value: object) -> str:
    return "-" if value is None or value != value else f"{float(value):.1f}%"


def _sort_key(value: object) -> str:
    return "NaN" if value is None or value != value else f"{float(value):.3f}"


def render_index(
    year: int,
    outcomes: Sequence[_Outcome],
    comparison: _Outcome | None = None,
    links: dict[str, str] | None = None,
    years: Sequence[int] = (),
    previous: dict[str, dict] | None = None,
    discussions: Sequence[tuple[str, str | None, str]] = (),
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
    years : sequence of int, optional
        Every year with reports beside this one (each linked as ``../<year>/index.html``).
    previous : dict, optional
        District code → last year's headline figures (as ``outcome.headlines``, e.g.
        from :func:`sabo_eval.metrics.year_figures.compute_all_headlines` of the year
        before); each figure shown is then given its change (``▼ 13.9%p``), or
        ``전년 없음``. Without it no change is shown.
    discussions : sequence of (name, href, status), optional
        The year's discussion reports (events), listed under "토론·워크숍 기록"
        (a failed one by name, marked).

    Returns
    -------
    str
        A complete HTML page without external references; its table sorts by any
        column when the header is clicked (a few lines of inline script).
    """
    esc = html.escape
    failures = [o for o in outcomes if o.status == "failed"]
    if comparison is not None and comparison.status == "failed":
        failures = [*failures, comparison]
    header = "".join(f"<th>{esc(label)}</th>" for _, label in _COLUMNS)
    counts = (
        f"시군구 {len(outcomes)}곳 · 새로 만든 보고서 {sum(o.status == 'ok' for o in outcomes)} · "
        f"지난 실행의 보고서 그대로 {sum(o.status == 'cached' for o in outcomes)} · 실패 {len(failures)}"
    )
    return f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{year}년 지역사회보장협의체 평가 보고서 목록</title>
{_STYLE}</head><body>
<h1>{year}년 지역사회보장협의체 평가 보고서</h1>
{_years_block(year, years)}
{_links_block(comparison, links)}
<p>시군구 이름을 누르면 보고서가, xlsx를 누르면 그 보고서의 표가 열립니다. 열 제목을 누르면 그 열로 정렬합니다.</p>
<div class="sabo-scroll"><table class="sabo-table sortable"><thead><tr><th>시도</th><th>시군구</th>{header}<th>표</th></tr></thead>
<tbody>
{chr(10).join(_district_row(o, previous) for o in outcomes)}
</tbody></table></div>
{_discussions_block(discussions)}
{_failure_block(failures)}
<footer class="sabo-meta">운영 정보: {esc(counts)} · 실행 기록 <a href="manifest.json">manifest.json</a></footer>
{_SORT_SCRIPT}
</body></html>
"""


def _figure_cell(value: object, before: object, with_change: bool) -> str:
    """A headline figure (sorted by its value) and, below it, its change from last year."""
    cell = f'<td class="num" data-sort="{_sort_key(value)}">{_pct(value)}'
    if with_change and value is not None and value == value:
        known = before is not None and before == before
        change = format_change(float(value) - float(before), "%") if known else "전년 없음"
        cell += f'<br><span class="sabo-change">{html.escape(change)}</span>'
    return cell + "</td>"


def _district_row(o: _Outcome, previous: dict[str, dict] | None = None) -> str:
    """One district's row: 시도, linked name (code as a tooltip), headline figures with their change, xlsx link."""
    esc = html.escape
    published = bool(o.report) and o.status != "failed"
    name = esc(o.district_name)
    link = f'<a href="{esc(o.report, quote=True)}" title="{esc(o.district_code)}">{name}</a>' if published else f"{name} (실패)"
    before = (previous or {}).get(o.district_code, {})
    cells = "".join(_figure_cell(o.headlines.get(key), before.get(key), previous is not None) for key, _ in _COLUMNS)
    code = esc(o.district_code, quote=True)
    xlsx = f'<a href="{code}.xlsx">xlsx</a> · <a href="{code}_summary.html">요약 1쪽</a>' if published else "-"
    return f"<tr><td>{esc(province_name(o.district_code))}</td><td>{link}</td>{cells}<td>{xlsx}</td></tr>"


YEARS_NAV = re.compile(r'<nav class="sabo-years"[^>]*>.*?</nav>', re.DOTALL)


def _years_block(year: int, years: Sequence[int]) -> str:
    """Links to the index pages of the other years (this year shown, not linked); empty with one year.

    Always a ``<nav class="sabo-years">`` (:data:`YEARS_NAV`), so that a later run
    can add a new year to the pages written before (:func:`with_years`).
    """
    shown = sorted({int(y) for y in years} | {int(year)})
    if len(shown) < 2:
        return '<nav class="sabo-years" aria-label="연도"></nav>'
    items = "".join(f"<strong>{y}년</strong>" if y == year else f'<a href="../{y}/index.html">{y}년</a>' for y in shown)
    return f'<nav class="sabo-years" aria-label="연도">연도: {items}</nav>'


def render_root_index(years: Sequence[int]) -> str:
    """The reports folder's own ``index.html``: one link to each year's index (newest first).

    Reports outside the year folders (the pilot evaluation) link back to it.
    """
    items = "".join(f'<li><a href="{int(y)}/index.html">{int(y)}년 보고서</a></li>' for y in sorted(years, reverse=True))
    return f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>지역사회보장협의체 평가 보고서</title>
{_STYLE}</head><body>
<h1>지역사회보장협의체 평가 보고서</h1>
<ul>{items}</ul>
</body></html>
"""


def with_years(page: str, year: int, years: Sequence[int]) -> str:
    """An index page written earlier, its year links brought up to ``years``."""
    return YEARS_NAV.sub(lambda _m: _years_block(year, years), page, count=1)


def _links_block(comparison: _Outcome | None, links: dict[str, str] | None) -> str:
    """Links to the comparison report (when produced) and to further reports."""
    esc = html.escape
    items = []
    if comparison is not None and comparison.status in ("ok", "cached"):
        items.append(f'<a href="{esc(comparison.report or "comparison.html", quote=True)}">시군구 서비스 성과 비교</a>')
    items += [f'<a href="{esc(href, quote=True)}">{esc(label)}</a>' for label, href in (links or {}).items()]
    return f'<nav class="sabo-reports" aria-label="다른 보고서">{"".join(items)}</nav>' if items else ""


def _discussions_block(discussions: Sequence[tuple[str, str | None, str]]) -> str:
    """The "토론·워크숍 기록" list: one link per event's discussion report ("" when the year has none)."""
    esc = html.escape
    items = []
    for name, href, status in discussions:
        if status in ("ok", "cached") and href:
            items.append(f'<li><a href="{esc(href, quote=True)}">{esc(name)}</a></li>')
        else:
            items.append(f"<li>{esc(name)} (실패: 실행 기록 manifest.json 참고)</li>")
    if not items:
        return ""
    return f'<h2 id="discussions">토론·워크숍 기록</h2><ul class="sabo-discussions">{"".join(items)}</ul>'


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
