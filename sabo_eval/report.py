"""What the district notebook shows: tables and charts built from tested metrics.

The notebook stays thin: it sets parameters, creates a :class:`DistrictReport` and
displays its parts. Every number shown comes from :mod:`sabo_eval.metrics`; this
module only loads the district's tables (read-only), formats, escapes user text and
masks names.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from . import plotting
from .masking import mask_name, mask_names
from .metrics import attendance, overview
from .schemas import SCHEMAS
from .store import Warehouse

__all__ = [
    "DistrictReport",
    "load_district_tables",
    "evaluation_date_of",
    "compute_all_headlines",
    "html_table",
]

logger = logging.getLogger(__name__)


def html_table(frame: pd.DataFrame, caption: str = "", css_class: str = "sabo-table") -> str:
    """Render a table as escaped HTML (every cell and header is escaped).

    Parameters
    ----------
    frame : DataFrame
    caption : str
        Shown above the table (escaped).
    css_class : str
    """
    body = frame.to_html(index=False, escape=True, classes=css_class, border=0, na_rep="-")
    if caption:
        body = body.replace(">\n  <thead>", f">\n  <caption>{html.escape(caption)}</caption>\n  <thead>", 1)
    return body


def _pct(value: float) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:.1f}%"


def load_district_tables(wh: Warehouse, district_code: str, year: int) -> dict[str, pd.DataFrame]:
    """Every canonical table of one district-year, from an open warehouse."""
    return {name: wh.table(name, district_code, year) for name in SCHEMAS}


def evaluation_date_of(wh: Warehouse, district_code: str, year: int) -> dt.date:
    """The submission's 평가기준일, else 31 December of the year."""
    row = wh.con.execute(
        "SELECT info FROM submissions WHERE is_current AND district_code = ? AND year = ?", [district_code, year]
    ).fetchone()
    if row:
        value = json.loads(row[0]).get("evaluation_date")
        if value:
            return dt.date.fromisoformat(str(value)[:10])
    return dt.date(int(year), 12, 31)


def compute_all_headlines(wh: Warehouse, year: int) -> pd.DataFrame:
    """Headline figures of every district with a current submission for ``year``."""
    codes = wh.district_years()
    codes = codes[codes["year"] == year]["district_code"].tolist()
    data = {code: (load_district_tables(wh, code, year), evaluation_date_of(wh, code, year)) for code in codes}
    return overview.all_district_headlines(data)


class DistrictReport:
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
    ) -> None:
        self.district_code = str(district_code)
        self.year = int(year)
        self.mask = bool(mask_names)
        with Warehouse(warehouse, read_only=True) as wh:
            self.tables = load_district_tables(wh, self.district_code, self.year)
            self.evaluation_date = evaluation_date_of(wh, self.district_code, self.year)
            self.submissions = wh.table("submissions", self.district_code, self.year)
            if run_context and Path(run_context).exists():
                self.all_headlines = pd.read_json(Path(run_context), orient="index", dtype={"district_code": str})
                self.all_headlines.index = self.all_headlines.index.astype(str).str.zfill(5)
            else:
                self.all_headlines = compute_all_headlines(wh, self.year)
        districts = self.tables["districts"]
        self.district_name = str(districts["district_name"].iloc[0]) if len(districts) else self.district_code
        members, meetings = self.tables["members"], self.tables["meetings"]
        self.count_proxy = bool(count_proxy)
        self.records = attendance.attendance_records(
            members, meetings, self.tables["attendance"], count_proxy=self.count_proxy
        )
        self.monthly = attendance.group_monthly_tables(self.records, meetings, members, include_council=True)
        self.comparison = attendance.subcommittee_comparison(self.records, meetings, members)
        plotting.use_korean_font()

    # ---------------------------------------------------------------- sections

    def title(self) -> HTML:
        """Report heading with the district name from the data (not the parameter)."""
        return HTML(
            f"<h1>{html.escape(self.district_name)} {self.year}년 지역사회보장협의체 평가 보고서</h1>"
            f"<p class='sabo-meta'>시군구코드 {html.escape(self.district_code)} · "
            f"평가기준일 {self.evaluation_date:%Y-%m-%d} · 개인정보: "
            f"{'위원 이름 가림' if self.mask else '위원 이름 표시(요청에 따름)'}</p>"
        )

    def overview(self) -> HTML:
        """Headline figures beside the median of all districts of the year."""
        figures = overview.headline_figures(self.tables, self.evaluation_date)
        table = overview.headline_table(figures, self.all_headlines)
        return HTML(html_table(table, caption=f"주요 지표 ({self.year}년)"))

    def attendance_tables(self) -> HTML:
        """Seed-000-style monthly 합/민/관 table of every subcommittee and body."""
        if not self.monthly:
            return HTML("<p>회의 참석 자료가 없습니다.</p>")
        parts = []
        for label, table in self.monthly.items():
            shown = attendance.format_monthly_table(table)
            parts.append(html_table(shown, caption=f"{label} 회의참석률"))
        note = (
            "<p class='sabo-note'>참석률 = 참석 위원 ÷ 회의일 기준 재임 위원. "
            "평균 = 월별 참석률의 평균(협의체 관행), 전체(합산) = 전체 참석 ÷ 전체 대상 (n = 대상 좌석 수). "
            f"대리참석(△)은 참석으로 {'셈' if self.count_proxy else '세지 않음'}.</p>"
        )
        grid = "".join(f'<div class="sabo-cell">{part}</div>' for part in parts)
        return HTML(f'{note}<div class="sabo-grid">{grid}</div>')

    def attendance_chart(self) -> HTML:
        """Line chart of the monthly 합/민/관 rates: the council, then each group."""
        fig = plotting.monthly_attendance_chart(self.monthly)
        return HTML(
            plotting.figure_html(
                fig,
                alt=f"{self.district_name} {self.year}년 협의체 전체와 분과별 월별 회의 참석률(합·민·관) 선 그래프",
                caption="월별 회의 참석률 (합: 전체, 민: 민간 위원, 관: 공공 위원)",
            )
        )

    def member_labels(self) -> dict[str, str]:
        """``member_id`` → the name shown in charts: masked unless the run asks for names."""
        members = self.tables["members"]
        names = dict(zip(members["member_id"], members["name"], strict=True))
        return {k: mask_name(v) for k, v in names.items()} if self.mask else names

    def attendance_heatmap(self) -> HTML:
        """Member × meeting heat map (names masked unless the run asks for names)."""
        fig = plotting.attendance_heatmap(self.records, self.member_labels())
        return HTML(
            plotting.figure_html(
                fig,
                alt=f"{self.district_name} {self.year}년 위원별·회의별 참석(파랑), 대리참석(노랑), 불참(빨강) 열지도",
                caption="위원별·회의별 참석 현황 (빈칸: 해당 회의일에 재임하지 않음)",
                dpi=80,
            )
        )

    def subcommittee_comparison(self) -> HTML:
        """Subcommittees compared: bar chart with Wilson intervals, council mean, table."""
        summary = attendance.comparison_summary(self.comparison)
        if not summary["n_subcommittees"]:
            return HTML("<p>실무분과 회의 자료가 없습니다.</p>")
        fig = plotting.subcommittee_bar_chart(self.comparison, summary["council_mean"])
        chart = plotting.figure_html(
            fig,
            alt=f"실무분과별 참석률 막대그래프와 95% 신뢰구간, 분과 평균 {summary['council_mean']:.1f}%",
            caption="실무분과별 참석률 (선: 실무분과 평균 참석률)",
        )
        c = self.comparison
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
        return HTML(chart + html_table(table, caption="실무분과별 참석률 비교"))

    def attendance_findings(self) -> HTML:
        """Two or three sentences stating the findings with their numbers."""
        sentences = attendance.findings(
            attendance.comparison_summary(self.comparison),
            attendance.sector_difference(self.records),
            attendance.attendance_trend(self.records),
        )
        if not sentences:
            return HTML("<p>회의 참석 자료가 없어 분석할 수 없습니다.</p>")
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
        return HTML(f"<ul class='sabo-findings'>{items}</ul>")

    def excellent_members(self, *, min_tenure_days: int = 365, min_rate: float = 70.0) -> HTML:
        """Excellent-member candidates per subcommittee (names masked by default)."""
        summary = attendance.member_summary(self.records, self.tables["members"], self.evaluation_date)
        chosen = attendance.excellent_candidates(summary, min_tenure_days=min_tenure_days, min_rate=min_rate)
        if chosen.empty:
            return HTML("<p>기준을 충족하는 위원이 없습니다.</p>")
        shown = mask_names(chosen, enabled=self.mask)
        table = pd.DataFrame(
            {
                "분과": shown["subcommittee"].fillna("-"),
                "위원명": shown["name"],
                "직위": shown["role"].fillna("-"),
                "참석률": shown["rate"].map(lambda v: f"{v:.1f}%"),
                "참석/대상": [f"{a}/{e}" for a, e in zip(shown["n_attended"], shown["n_eligible"], strict=True)],
            }
        )
        rule = f"활동기간 {min_tenure_days}일 이상, 참석률 {min_rate:.0f}% 이상 (평가기준일 {self.evaluation_date:%Y-%m-%d})"
        return HTML(html_table(table, caption=f"우수위원 후보 — {rule}"))

    def provenance(self) -> HTML:
        """Submissions used (file, hash, time) and the methods."""
        subs = self.submissions
        table = pd.DataFrame(
            {
                "파일": subs["file_name"],
                "해시(SHA-256 앞 12자리)": subs["submission_id"].str[:12],
                "입력 시각(UTC)": subs["ingested_at"].astype(str).str[:19],
                "현재 사용": subs["is_current"].map({True: "예", False: "이전 판"}),
            }
        )
        return HTML(html_table(table, caption="사용한 제출 자료"))
