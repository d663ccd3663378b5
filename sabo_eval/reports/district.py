"""What the district notebook shows: tables and charts built from tested metrics.

The notebook stays thin: it sets parameters, creates a :class:`DistrictReport` and
displays its parts. Every number shown comes from :mod:`sabo_eval.metrics`; this
module only loads the district's tables (read-only), formats, escapes user text and
masks names.
"""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from ..analysis import data as api
from ..intake.roster_checks import BLANK_CONVENTIONS
from ..intake.schemas import normalise_header
from ..metrics import (
    achievement,
    attendance,
    attendance_inference,
    attendance_members,
    budget,
    opinions,
    overview,
)
from ..metrics.item_flags import item_flags
from ..metrics.summary import summary_facts
from ..metrics.trends import sector_rates, trend_frame, trend_years
from ..metrics.year_figures import (
    compute_all_headlines,
    compute_all_indicator_values,
    read_indicator_values,
)
from ..warehouse.district_data import (
    current_submission_id,
    district_names,
    evaluation_date_of,
    load_district_tables,
    submission_info,
)
from ..warehouse.store import Warehouse
from . import charts
from .attendance_grid import attendance_grid_html
from .export import write_atomic
from .masking import distinct_labels
from .opinion_themes import opinion_themes_section
from .opinion_view import opinion_columns
from .plan_flags import flag_legend_html, item_flag_table
from .ratings import ratings_section
from .services_section import ServicesSection
from .summary import summary_sentences, summary_table, trend_table
from .survey import survey_section
from .tables import folded, html_table, list_lines, not_submitted
from .trend_chart import trend_chart
from .xlsx import write_tables_xlsx

__all__ = [
    "DistrictReport",
    "load_district_tables",
    "evaluation_date_of",
    "compute_all_headlines",
    "html_table",
]

logger = logging.getLogger(__name__)


def _pct(value: float) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:.1f}%"


class DistrictReport(ServicesSection):
    """The parts of one district-year report.

    Parameters
    ----------
    district_code : str
        5-digit 시군구 code.
    year : int
    warehouse : path-like, optional
        Warehouse file (default: ``$SABO_EVAL_DB`` or ``data/warehouse.duckdb``).
    mask_names : bool
        Mask personal names (default True).
    run_context : path-like, optional
        JSON of all-district headline figures written once per run by the runner;
        computed here when absent.
    count_proxy : bool
        Count proxy attendance (△) as attended (default False).
    fail_district : str, optional
        Test aid: raise at once when it equals ``district_code`` (see the runner).
    snapshot_path : path-like, optional
        Where to write which data the report read (the district's data hash and current
        submission, from the same read transaction as the tables): the runner records
        it in ``manifest.json`` and in the report's cache key.

    Notes
    -----
    The report's tables are private (``_tables``, ``_records`` …: names as written,
    figures formatted for the page); for DataFrames use the analysis API
    (:func:`sabo_eval.attendance`, :func:`sabo_eval.plan_achievement` …), which masks
    names unless asked.
    """

    def __init__(
        self,
        district_code: str,
        year: int,
        warehouse: str | Path | None = None,
        *,
        mask_names: bool = True,
        run_context: str | Path | None = None,
        count_proxy: bool = False,
        fail_district: str | None = None,
        snapshot_path: str | Path | None = None,
    ) -> None:
        if fail_district and str(fail_district) == str(district_code):
            raise RuntimeError(f"테스트용 강제 오류: {district_code} (fail_district) / forced failure for testing")
        self._exported: dict[str, pd.DataFrame] = {}
        self.district_code = str(district_code)
        self.year = int(year)
        self.mask = bool(mask_names)
        with Warehouse(warehouse, read_only=True) as wh, wh.snapshot():  # one consistent read
            self.data_hash = wh.district_data_hash(self.district_code, self.year)
            self.current_submission = current_submission_id(wh, self.district_code, self.year)
            self._tables = load_district_tables(wh, self.district_code, self.year)
            self._previous_indicators = wh.table("indicators", self.district_code, self.year - 1)
            self._last_survey = {n: wh.table(n, self.district_code, self.year - 1) for n in ("survey_items", "survey_responses")}
            shared_history = Path(run_context).with_name("history.json") if run_context else None
            if shared_history is not None and shared_history.exists():
                self._history = _district_history(shared_history, self.district_code)
            else:
                self._history = _history(wh, self.district_code, self.year)
            self._info = submission_info(wh, self.district_code, self.year)
            self.evaluation_date = evaluation_date_of(wh, self.district_code, self.year)
            self._submissions = wh.table("submissions", self.district_code, self.year)
            if run_context and Path(run_context).exists():
                self._all_headlines = pd.read_json(Path(run_context), orient="index", dtype={"district_code": str})
                self._all_headlines.index = self._all_headlines.index.astype(str).str.zfill(5)
            else:
                self._all_headlines = compute_all_headlines(wh, self.year)
            shared = Path(run_context).with_name("services.json") if run_context else None
            if shared is not None and shared.exists():
                self._all_indicators = read_indicator_values(shared)
            else:
                self._all_indicators = compute_all_indicator_values(wh, self.year)
            self.names = district_names(wh, self.year)
            self.count_proxy = bool(count_proxy)  # the analysis API's tables, in the same read
            self._records = api.attendance(wh, self.district_code, self.year, names=True, count_proxy=self.count_proxy)
            self._scored = api.plan_achievement(wh, self.district_code, self.year, level="indicator")
        self._record_snapshot(snapshot_path)
        before = self._history.get(self.year - 1)
        self._previous_headlines = pd.DataFrame([before], index=[self.district_code]) if before else pd.DataFrame()
        districts = self._tables["districts"]
        self.district_name = str(districts["district_name"].iloc[0]) if len(districts) else self.district_code
        members, meetings = self._tables["members"], self._tables["meetings"]
        self._monthly = attendance.group_monthly_tables(self._records, meetings, members, include_council=True)
        self._comparison = attendance_inference.subcommittee_comparison(self._records, meetings, members, monthly=self._monthly)
        self._items = achievement.item_achievement(self._scored, self._tables["plan_items"])
        charts.use_korean_font()

    def _record_snapshot(self, path: str | Path | None) -> None:
        """Write which data this report read to ``path`` (JSON, atomically); no-op without a path."""
        if not path:
            return
        submission_id, file_name = self.current_submission or (None, None)
        record = {
            "district_code": self.district_code, "year": self.year, "data_hash": self.data_hash,
            "submission_id": submission_id, "file_name": file_name,
        }
        write_atomic(Path(path), json.dumps(record, ensure_ascii=False))

    # ---------------------------------------------------------------- tables

    def _table(self, frame: pd.DataFrame, caption: str, css_class: str = "sabo-table", long_columns: tuple[str, ...] = ()) -> str:
        """Render a table and keep it for :meth:`save_tables` (the xlsx beside the report)."""
        self._exported[caption] = frame
        return html_table(frame, caption=caption, css_class=css_class, long_columns=long_columns)

    def save_tables(self, path: str | Path | None) -> None:
        """Write every table shown so far to an xlsx workbook (no-op without a path).

        The runner passes a temporary path and renames the file beside the report
        only when the whole notebook succeeded.
        """
        if path:
            write_tables_xlsx(self._exported, path)

    # ---------------------------------------------------------------- sections

    def title(self) -> HTML:
        """Report heading with the district name from the data (not the parameter)."""
        return HTML(
            f"<h1>{html.escape(self.district_name)} {self.year}년 지역사회보장협의체 평가 보고서</h1>"
            f"<p class='sabo-meta'>시군구코드 {html.escape(self.district_code)} · "
            f"평가기준일 {self.evaluation_date:%Y-%m-%d} · 개인정보: "
            f"{'위원 이름 가림' if self.mask else '위원 이름 표시(요청에 따름)'}</p>"
        )

    def summary(self) -> HTML:
        """The 요약: this year against last year and against the other districts, in sentences and a table."""
        facts = summary_facts(self.district_code, self._all_headlines, self._previous_headlines, self._all_indicators)
        items = "".join(f"<li>{html.escape(s)}</li>" for s in summary_sentences(facts, self.district_name, self.year))
        table = self._table(summary_table(facts), caption=f"요약: {self.year}년과 전년({self.year - 1}년), 비교 시군구 중 위치")
        return HTML(f"<section class='sabo-summary' id='summary'><ul class='sabo-findings'>{items}</ul>{table}</section>")

    def _trend(self) -> pd.DataFrame:
        """:func:`~sabo_eval.metrics.trends.trend_frame` of the district: its years, this year's main service indicators and last year's."""
        if getattr(self, "_trend_frame", None) is not None:  # computed once for the table and the figure
            return self._trend_frame
        now = {**overview.headline_figures(self._tables, self.evaluation_date), **sector_rates(self._records)}
        mine = self._all_indicators[self._all_indicators["district_code"] == self.district_code]
        last_year = mine.assign(year=self.year - 1, value=mine["previous_value"])  # as the services table shows it
        indicators = pd.concat([last_year, mine], ignore_index=True) if len(mine) else None
        self._trend_frame = trend_frame({**self._history, self.year: now}, indicators)
        return self._trend_frame

    def trends(self) -> HTML:
        """Up to five years side by side: the headline figures, and the main service indicators this year and last."""
        table = trend_table(self._trend())
        if not self._history:
            note = f"<p>{self.year}년 외에 이 시군구의 자료가 없어 연도별 변화를 보일 수 없습니다.</p>"
            return HTML(note + self._table(table, caption=f"주요 지표 ({self.year}년)"))
        years = sorted([*self._history, self.year])
        return HTML(self._table(table, caption=f"주요 지표의 연도별 변화 ({years[0]}~{years[-1]}년, 자료가 있는 해)"))

    def trend_chart(self) -> HTML:
        """The trend as one figure of small panels, one per figure with two years or more (nothing otherwise)."""
        fig = trend_chart(self._trend())
        if fig is None:
            return HTML("")
        span = f"{min(self._history)}~{self.year}년"
        return HTML(charts.figure_html(
            fig, alt=f"{self.district_name} 주요 지표의 연도별 변화({span}) 작은 선 그래프, 지표마다 첫해와 마지막 해 값 표시",
            caption=f"주요 지표의 연도별 변화 ({span}): 회색 숫자는 첫해, 색 숫자는 마지막 해 값", tight=False))

    def overview(self) -> HTML:
        """Headline figures beside the median of all districts of the year."""
        figures = overview.headline_figures(self._tables, self.evaluation_date)
        table = overview.headline_table(figures, self._all_headlines)
        return HTML(self._table(table, caption=f"주요 지표 ({self.year}년)"))

    def attendance_tables(self) -> HTML:
        """Seed-000-style monthly 합/민/관 table of every subcommittee and body, folded under the chart.

        The tables repeat the monthly chart's values: on screen they sit in a closed
        ``<details>``; on paper they are left out and a printed line says where they are.
        """
        if not self._monthly:
            return HTML(not_submitted("회의 참석", "회의목록·출석부·회의참석", self.year))
        parts = []
        for label, table in self._monthly.items():
            shown = attendance.format_monthly_table(table)
            parts.append(self._table(shown, caption=f"{label} 회의참석률"))
        note = (
            "<p class='sabo-note'>참석률 = 참석 위원 ÷ 회의일 기준 재임 위원. "
            "평균 = 월별 참석률의 평균(협의체 관행), 전체(합산) = 전체 참석 ÷ 전체 대상 (n = 대상 좌석 수). "
            f"대리참석(△)은 참석으로 {'셈' if self.count_proxy else '세지 않음'}.</p>"
        )
        grid = "".join(f'<div class="sabo-cell">{part}</div>' for part in parts)
        return HTML(folded(f'{note}<div class="sabo-grid">{grid}</div>', f"월별 표 보기 (분과·협의체 {len(parts)}개)",
                           "월별 참석률 표는 위 그래프와 같은 값으로, 화면의 '월별 표 보기'와 함께 제공되는 xlsx에 있습니다."))

    def attendance_chart(self) -> HTML:
        """Line chart of the monthly 합/민/관 rates: the council, then each group."""
        fig = charts.monthly_attendance_chart(self._monthly)
        return HTML(
            charts.figure_html(
                fig,
                alt=f"{self.district_name} {self.year}년 협의체 전체와 분과별 월별 회의 참석률(합·민·관) 선 그래프",
                caption="월별 회의 참석률 (합: 전체, 민: 민간 위원, 관: 공공 위원)",
                tight=False,
            )
        )

    def member_labels(self) -> dict[str, str]:
        """``member_id`` → the name shown: masked unless the run asks for names, distinct (이*빈(1), 이*빈(2))."""
        members = self._tables["members"]
        return distinct_labels(members["member_id"], members["name"], mask=self.mask)

    def attendance_heatmap(self) -> HTML:
        """Member × meeting heat table, one per group (names masked unless the run asks for names).

        An HTML table with the roster marks (○ △ ×) on coloured cells rather than an
        image: readable by screen readers and searchable (see
        :mod:`sabo_eval.reports.attendance_grid`); :func:`sabo_eval.reports.charts.attendance_heatmap`
        draws the same as a figure.
        """
        note = "<p class='sabo-note'>위원별·회의별 참석 현황입니다. 빈칸은 그 회의일에 재임하지 않은 기간입니다.</p>"
        return HTML(note + attendance_grid_html(self._records, self.member_labels()))

    def subcommittee_comparison(self) -> HTML:
        """Subcommittees compared: bar chart with 95 % intervals (Wilson), council mean, table."""
        summary = attendance_inference.comparison_summary(self._comparison)
        if not summary["n_subcommittees"]:
            return HTML(self._no_subcommittee_meetings())
        fig = charts.subcommittee_bar_chart(self._comparison, summary["council_mean"])
        chart = charts.figure_html(
            fig,
            alt=f"실무분과별 참석률 막대그래프와 95% 신뢰구간, 분과 평균 {summary['council_mean']:.1f}%",
            caption="실무분과별 참석률 (선: 실무분과 평균 참석률)",
        )
        c = self._comparison
        table = pd.DataFrame(
            {
                "분과": c["subcommittee"],
                "평균(월별)": c["mean_rate"].map(_pct),
                "합산 참석률": c["pooled_rate"].map(_pct),
                "95% 신뢰구간": [
                    "-" if pd.isna(lo) else f"{lo:.1f}~{hi:.1f}%" for lo, hi in zip(c["ci_low"], c["ci_high"], strict=True)
                ],
                "참석/대상": [f"{a}/{e}" for a, e in zip(c["attended"], c["eligible"], strict=True)],
                "회의 수": c["n_meetings"].map(lambda n: "회의 없음" if n == 0 else f"{n}회"),
            }
        )
        return HTML(chart + self._table(table, caption="실무분과별 참석률 비교"))

    def _no_subcommittee_meetings(self) -> str:
        """What the subcommittee comparison says without subcommittee meetings: none submitted at all, or none of a subcommittee."""
        if self._tables["meetings"].empty:
            return not_submitted("회의", "회의목록·출석부·회의참석", self.year)
        return "<p>실무분과 회의 자료가 없습니다.</p>"

    def attendance_findings(self) -> HTML:
        """Two or three sentences stating the findings with their numbers."""
        sentences = attendance_inference.findings(
            attendance_inference.comparison_summary(self._comparison),
            attendance_inference.sector_difference(self._records),
            attendance_inference.attendance_trend(self._records),
        )
        if not sentences:
            return HTML(not_submitted("회의 참석", "회의목록·출석부·회의참석", self.year, consequence="참석률을 분석할 수 없습니다."))
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
        return HTML(f"<ul class='sabo-findings'>{items}</ul>")

    def excellent_members(self, *, min_tenure_days: int = 365, min_rate: float = 70.0) -> HTML:
        """Excellent-member candidates per subcommittee (names masked by default)."""
        summary = attendance_members.member_summary(self._records, self._tables["members"], self.evaluation_date)
        chosen = attendance_members.excellent_candidates(summary, min_tenure_days=min_tenure_days, min_rate=min_rate)
        if chosen.empty:
            return HTML("<p>기준을 충족하는 위원이 없습니다.</p>")
        labels = self.member_labels()
        shown = chosen.assign(name=chosen["member_id"].astype(str).map(labels))
        table = pd.DataFrame(
            {
                "분과": [
                    sub if isinstance(sub, str) else attendance.BODY_LABELS.get(body, "-")
                    for sub, body in zip(shown["subcommittee"], shown["body"], strict=True)
                ],
                "위원명": shown["name"],
                "직위": shown["role"].fillna("-"),
                "참석률": shown["rate"].map(lambda v: f"{v:.1f}%"),
                "참석/대상": [f"{a}/{e}" for a, e in zip(shown["n_attended"], shown["n_eligible"], strict=True)],
            }
        )
        rule = f"활동기간 {min_tenure_days}일 이상, 참석률 {min_rate:.0f}% 이상 (평가기준일 {self.evaluation_date:%Y-%m-%d})"
        return HTML(f'<div class="sabo-columns">{self._table(table, caption=f"{self.district_name} 우수위원 후보 — {rule}")}</div>')

    def provenance(self) -> HTML:
        """Submissions used (file, hash, time) and the methods."""
        subs = self._submissions
        table = pd.DataFrame(
            {
                "파일": subs["file_name"],
                "파일 식별값(앞 12자리)": subs["submission_id"].str[:12],
                "입력 시각(한국 시간)": _korean_time(subs["ingested_at"]),
                "현재 사용": subs["is_current"].map({True: "예", False: "이전 판"}),
            }
        )
        return HTML(_roster_convention_note(self._info) + self._table(table, caption="사용한 제출 자료"))

    # ---------------------------------------------------------------- plan section

    def plan_headlines(self) -> HTML:
        """Seed 001's headline sentence for every framework."""
        if self._items.empty:
            return HTML(not_submitted("연차별 시행계획", "시행계획·성과지표", self.year))
        sentences = achievement.headline_sentences(achievement.framework_achievement(self._items))
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
        return HTML(f"<ul class='sabo-findings'>{items}</ul>")

    def strategy_table(self) -> HTML:
        """Achievement per strategy with the counts beside each mean, and a chart."""
        if self._items.empty:
            return HTML(not_submitted("연차별 시행계획", "시행계획·성과지표", self.year))
        strategies = achievement.strategy_achievement(self._items)
        table = pd.DataFrame(
            {
                "전략체계": strategies["framework"],
                "추진전략": strategies["strategy"],
                "세부사업": strategies["n_items"].map(lambda n: f"{n}개"),
                "달성률": strategies["achievement"].map(_pct),
                "목표 달성": [f"{a}/{t}" for a, t in zip(strategies["n_achieved"], strategies["n_with_target"], strict=True)],
                "목표 없음": strategies["n_no_target"],
                "실적 없음": strategies["n_no_actual"],
            }
        )
        chart = charts.figure_html(
            charts.achievement_chart(strategies),
            alt=f"{self.district_name} {self.year}년 추진전략별 목표 달성률 막대그래프와 100% 기준선",
            caption="추진전략별 목표 달성률 (빨간 선: 목표 100%)",
        )
        note = (
            "<p class='sabo-note'>달성률 = 세부사업 달성률의 평균(상한 없음). 목표 달성 = 달성률 100% 이상인 세부사업 수 / "
            "목표가 있는 세부사업 수.</p>"
        )
        return HTML(note + self._table(table, caption="추진전략별 달성률") + chart)

    def item_table(self) -> HTML:
        """Every item with its achievement and flags that agree with it, after a legend."""
        if self._items.empty:
            return HTML(not_submitted("연차별 시행계획", "시행계획·성과지표", self.year))
        flagged = item_flags(self._scored, self._items, self._previous_indicators)
        table = self._table(item_flag_table(flagged), caption="세부사업별 달성률과 확인 사항")
        return HTML(flag_legend_html(flagged) + table)

    def budget_section(self) -> HTML:
        """Execution by strategy (table and chart), revised budgets and plan changes."""
        budget_table, plan = self._tables["budget"], self._tables["plan_items"]
        if budget_table.empty:
            return HTML(not_submitted("예산", "예산", self.year))
        unit = str(self._info.get("budget_unit") or "천원")
        by_strategy = budget.execution_by(budget_table, plan, "strategy")
        total, executed, base = budget.total_execution_rate(budget_table)
        summary = (
            f"<p>예산 집행률은 {_pct(total)}입니다 (집행 {executed:,.0f}{html.escape(unit)} ÷ 변경(없으면 계획)예산 "
            f"{base:,.0f}{html.escape(unit)}).</p>"
        )
        table = pd.DataFrame(
            {
                "전략체계": by_strategy["framework"],
                "추진전략": by_strategy["strategy"],
                f"계획({unit})": by_strategy["planned"].map(lambda v: f"{v:,.0f}"),
                f"변경·최종({unit})": by_strategy["revised"].map(lambda v: f"{v:,.0f}"),
                f"집행({unit})": by_strategy["executed"].map(lambda v: f"{v:,.0f}"),
                "집행률": by_strategy["execution_rate"].map(_pct),
                "100% 초과 사업": by_strategy["n_over_100"],
            }
        )
        chart = charts.figure_html(
            charts.budget_chart(by_strategy, unit),
            alt=f"{self.district_name} {self.year}년 추진전략별 계획·변경·집행 예산 막대그래프",
            caption="추진전략별 예산 (계획·변경·집행)",
        )
        parts = [summary, self._table(table, caption="추진전략별 예산 집행"), chart]
        parts += self._budget_changes(budget_table, plan, unit)
        return HTML("".join(parts))

    def _budget_changes(self, budget_table: pd.DataFrame, plan: pd.DataFrame, unit: str) -> list[str]:
        """Revised budgets, items executed over 100 % and this year's plan changes."""
        revised = budget.revised_items(budget_table, plan)
        revised_table = pd.DataFrame(
            {
                "사업번호": revised["item_code"],
                "세부사업명": revised["item_name"],
                f"계획({unit})": revised["planned"].map(lambda v: f"{v:,.0f}"),
                f"변경({unit})": revised["revised"].map(lambda v: f"{v:,.0f}"),
                "증감": revised["change_amount"].map(lambda v: f"{v:+,.0f}"),
            }
        )
        over = budget.execution_rates(budget_table, plan)
        over = over[over["over_100"]]
        changes = budget.plan_changes(plan)
        change_table = pd.DataFrame(
            {"구분": changes["change_ko"], "사업번호": changes["item_code"], "세부사업명": changes["item_name"], "담당부서": changes["department"]}
        )
        parts = [
            self._table(revised_table, caption=f"예산이 변경된 세부사업 ({len(revised_table)}개)")
            if len(revised_table) else "<p>예산이 변경된 세부사업이 없습니다.</p>"
        ]
        if len(over):
            parts.append(
                self._table(
                    pd.DataFrame({"사업번호": over["item_code"], "세부사업명": over["item_name"], "집행률": over["execution_rate"].map(_pct)}),
                    caption="집행률 100% 초과 세부사업 (확인 필요)",
                )
            )
        parts.append(
            self._table(change_table, caption="올해 신규·폐지·변경된 세부사업")
            if len(change_table) else "<p>올해 신규·폐지·변경된 세부사업이 없습니다.</p>"
        )
        return parts

    def opinions_table(self) -> HTML:
        """Seed 000's monitoring table with each response's status (inferred ones marked)."""
        table_in = self._tables["opinions"]
        if table_in.empty:
            return HTML(not_submitted("모니터링 의견", "모니터링의견", self.year))
        table = opinions.opinion_table(table_in, self._tables["plan_items"])
        for column in ("모니터링의견", "부서의견"):
            table[column] = table[column].map(list_lines)
        scored = opinions.opinion_statuses(table_in)
        counts = scored["status_ko"].value_counts()
        status_text = ", ".join(f"{label} {counts[label]}건" for label in [*opinions.STATUS_LABELS.values(), "미회신"] if label in counts)
        summary = (
            f"<p>모니터링 의견 {len(scored)}건 중 {int(scored['responded'].sum())}건에 부서 회신이 있습니다 ({html.escape(status_text)}). "
            "'(추정)'은 서식에 반영여부가 없어 회신 문구로 판단한 것입니다.</p>"
        )
        caption = "모니터링 의견과 부서 회신"
        self._exported[caption] = table  # the xlsx keeps every column apart
        return HTML(summary + html_table(opinion_columns(table), caption=caption, css_class="sabo-table sabo-text",
                                         long_columns=("모니터링의견", "부서의견")))

    def opinion_themes(self, codebook: str | Path | None = None) -> HTML:
        """The themes the monitoring opinions raised and the replies per theme (:mod:`.opinion_themes`)."""
        section, tables = opinion_themes_section(self._tables["opinions"], codebook, self.year)
        self._exported.update(tables)
        return HTML(section)

    def survey(self, min_n: int | None = None) -> HTML:
        """자체평가 설문 (:mod:`.survey`); items with fewer than ``min_n`` answers (default ``SABO_EVAL_SURVEY_MIN_N``) not shown."""
        section, tables = survey_section(self._tables, self._last_survey, self.year, min_n=min_n)
        self._exported.update(tables)
        return HTML(section)

    def project_ratings(self) -> HTML:
        """사업별 적절성 평가 beside the achievement of the same items (:mod:`.ratings`)."""
        section, tables = ratings_section(self._tables["project_ratings"], self._tables["plan_items"], self._items, self.year)
        self._exported.update(tables)
        return HTML(section)


#: The tables :func:`sabo_eval.metrics.overview.headline_figures` reads.
_HEADLINE_TABLES = ("members", "meetings", "attendance", "plan_items", "indicators", "budget", "opinions")


def _history(wh: Warehouse, district_code: str, year: int) -> dict[int, dict[str, float]]:
    """The district's headline figures of the earlier years of its trend (year → figures).

    Years with a current submission among the :data:`~sabo_eval.metrics.trends.MAX_YEARS`
    ending at ``year`` (``year`` itself excluded: the report has it already). Only the
    tables the headline figures need are read; service indicators of last year come
    with this year's all-district table (``previous_value``), so none are recomputed.
    """
    codes = wh.district_years()
    present = codes.loc[codes["district_code"] == district_code, "year"].astype(int).tolist()
    figures = {}
    for earlier in trend_years(year, present):
        if earlier != year:
            tables = {name: wh.table(name, district_code, earlier) for name in _HEADLINE_TABLES}
            records = attendance.attendance_records(tables["members"], tables["meetings"], tables["attendance"])
            figures[earlier] = {**overview.headline_figures(tables, evaluation_date_of(wh, district_code, earlier)),
                                **sector_rates(records)}
    return figures


def _district_history(path: Path, district_code: str) -> dict[int, dict[str, float]]:
    """:func:`_history` read from the run's ``history.json`` (every district's earlier years, computed once).

    Null figures (a year without, say, a budget) come back as NaN, as computed.
    """
    shared = json.loads(path.read_text(encoding="utf-8"))
    return {
        int(year): {key: (float("nan") if value is None else float(value)) for key, value in codes[district_code].items()}
        for year, codes in shared.items() if district_code in codes
    }


def _korean_time(times: pd.Series) -> pd.Series:
    """Times stored in UTC shown in Korean time (UTC+9), to the second: ``2026-12-02 21:46:37``."""
    stamps = pd.to_datetime(times, errors="coerce", utc=True)
    return stamps.dt.tz_convert("Asia/Seoul").dt.strftime("%Y-%m-%d %H:%M:%S").fillna("-")


#: What a declared 출석부 공란 convention did, as the methods state it.
_ROSTER_BLANK_NOTES = {
    "absent": "제출정보의 '출석부 공란: {value}'에 따라 출석부에서 위촉 기간 중 빈칸과 '-'는 불참으로 셌습니다.",
}


def _roster_convention_note(info: dict) -> str:
    """The methods sentence for a declared roster-blank convention ("" when none is declared)."""
    value = info.get("roster_blank")
    convention = BLANK_CONVENTIONS.get(normalise_header(value)) if value else None
    if convention is None:
        return ""
    return f"<p class='sabo-note'>{html.escape(_ROSTER_BLANK_NOTES[convention].format(value=value))}</p>"
