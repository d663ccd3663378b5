"""What the comparison notebook shows: a funnel per proportion and per-population indicator, all districts."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from ..metrics import comparison
from ..metrics.year_figures import compute_all_indicator_values, read_indicator_values
from ..warehouse.district_data import district_names
from ..warehouse.store import Warehouse
from . import charts
from .funnel_chart import funnel_chart
from .tables import html_table
from .xlsx import write_tables_xlsx

__all__ = ["ComparisonReport"]


class ComparisonReport:
    """All districts of a year compared on each proportion indicator.

    Parameters
    ----------
    year : int
    warehouse : path-like, optional
    run_context : path-like, optional
        The run's ``headlines.json``; its sibling ``services.json`` holds the
        indicator values computed once per run.
    """

    def __init__(self, year: int, warehouse: str | Path | None = None, *, run_context: str | Path | None = None) -> None:
        self.year = int(year)
        self._exported: dict[str, pd.DataFrame] = {}
        shared = Path(run_context).with_name("services.json") if run_context else None
        with Warehouse(warehouse, read_only=True) as wh:
            self.names = district_names(wh, self.year)
            if shared is not None and shared.exists():
                self._values = read_indicator_values(shared)
            else:
                self._values = compute_all_indicator_values(wh, self.year)
        self._funnels = comparison.indicator_funnels(self._values) if len(self._values) else {}
        self._labels = self._values.drop_duplicates("indicator_id").set_index("indicator_id")["name"].to_dict() if len(self._values) else {}
        charts.use_korean_font()

    def title(self) -> HTML:
        """Heading of the comparison report, with a link back to the year's index."""
        meta = f"시군구 {len(self.names)}곳 · 비교 지표 {len(self._funnels)}개"
        return HTML(
            f"<p class='sabo-nav'><a href='index.html'>← {self.year}년 보고서 목록</a></p>"
            f"<h1>{self.year}년 시군구 서비스 성과 비교</h1><p class='sabo-meta'>{meta}</p>"
        )

    def summary(self) -> HTML:
        """The conclusion first: which districts stand out, with their numbers."""
        if self._values.empty:  # not one district submitted service rows: say so, not "too few districts"
            sentences = [self._no_services()]
        else:
            sentences = comparison.summary_sentences(self._funnels, self.names, self._labels, len(self.names))
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sentences)
        return HTML(f"<h2>요약</h2><ul class='sabo-summary'>{items}</ul>")

    def reading_guide(self) -> HTML:
        """How to read the page: each statistical term explained once, in one sentence ('' without funnels)."""
        if not self._funnels:
            return HTML("")
        terms = "".join(f"<p><strong>{html.escape(t)}</strong>: {html.escape(text)}</p>" for t, text in comparison.TERMS.items())
        return HTML(
            "<h2>읽는 법</h2>" + terms +
            "<p>99.8% 한계 밖의 시군구만 순위 대신 확인 대상으로 보고 자료와 사업 운영을 살핍니다(주황 점, 이름 표시). "
            "100%를 넘을 수 있는 비(실적 ÷ 목표)와 금액은 우연 변동의 기준이 없어 비교하지 않으며, 그 이유를 표로 밝힙니다. "
            f"{self._widened_text()}계산 방법은 맨 끝 '방법'에 있습니다.</p>"
        )

    def _widened_text(self) -> str:
        widened = sum(r.random_effects for r in self._funnels.values())
        if not widened:
            return ""
        share = "모두" if widened == len(self._funnels) else f"중 {widened}개는"
        return f"지표 {len(self._funnels)}개 {share} 과대산포가 있어 한계를 넓혔습니다. "

    def outliers(self) -> HTML:
        """Districts outside the 99.8 % limits of any indicator."""
        if not self._funnels:
            return HTML(f"<p>{html.escape(self._nothing_compared())}</p>")
        table = comparison.outside_limits(self._funnels, self.names, self._values)
        if table.empty:
            return HTML("<p>어느 지표에서도 99.8% 한계 밖에 있는 시군구가 없습니다.</p>")
        self._exported["99.8% 한계 밖 시군구"] = table
        return HTML(html_table(table, caption="99.8% 한계 밖에 있는 시군구"))

    def _no_services(self) -> str:
        return (f"{self.year}년에는 시군구 {len(self.names)}곳 가운데 어느 곳도 서비스 실적 자료(서비스실적 시트)를 "
                "내지 않아 비교할 지표가 없습니다.")

    def _nothing_compared(self) -> str:
        """One short line where a funnel section would be (the 요약 says why in full)."""
        if self._values.empty:
            return self._no_services()
        return f"비교하지 않았습니다: 값을 낸 시군구가 {comparison.MIN_UNITS}곳 이상인 지표가 없습니다(요약 참고)."

    def funnel_plots(self) -> HTML:
        """A funnel chart and its numbers for every compared indicator, then those not compared and why."""
        parts = [] if self._funnels else [f"<p>{html.escape(self._nothing_compared())}</p>"]
        for indicator, result in self._funnels.items():
            name = self._labels.get(indicator, indicator)
            chart = charts.figure_html(
                funnel_chart(result, title=name, labels=self.names, footnote=False),
                alt=f"{name} 깔때기 그림: 시군구 {result.n_units}곳, 전체 {comparison.value_text(result, result.theta)}",
                caption=f"{name} 깔때기 그림 (점 하나가 시군구 하나)",
                dpi=charts.FUNNEL_DPI,
                tight=False,
            )
            sentence = comparison.funnel_sentence(result, name, self.names)
            parts.append(f"<h3>{html.escape(name)}</h3><p>{html.escape(sentence)}</p>{chart}")
            parts.append(self._excluded_html(result))
            self._exported[name] = self._district_table(result)
        parts.append(self._not_compared_html())
        return HTML("".join(parts))

    def methods(self) -> HTML:
        """The 방법 appendix: the limits' formulas and each funnel's φ and τ² (folded)."""
        if not self._funnels:
            return HTML("")
        rows = pd.DataFrame(
            [
                {"지표": self._labels.get(i, i), "시군구 수(I)": r.n_units, "과대산포 φ": f"{r.phi:.2f}",
                 "τ²": f"{r.tau2:.2g}", "한계를 넓힘": "예" if r.random_effects else "아니오", "계산": r.method}
                for i, r in self._funnels.items()
            ]
        )
        return HTML(
            "<details><summary>깔때기 한계의 계산 (지표별 φ, τ², 식)</summary>"
            "<p class='sabo-note'>지표마다 쓴 한계의 식은 표의 '계산' 칸에 있습니다. φ는 극단값을 줄인 z점수 제곱의 평균이며, "
            "φ &gt; 1이면 DerSimonian–Laird 방식으로 구한 시군구 간 분산 τ²를 더해 한계를 넓힙니다.</p>"
            + html_table(rows, caption="지표별 깔때기 계산")
            + "</details>"
        )

    def _district_table(self, result) -> pd.DataFrame:
        table = result.table
        value = comparison.value_text
        return pd.DataFrame(
            {
                "시군구": table["unit"].map(lambda c: self.names.get(c, c)),
                "분자": table["numerator"],
                "분모": table["denominator"],
                "값": [value(result, v) for v in table["rate"]],
                "95% 한계": [comparison.range_text(result, lo, hi) for lo, hi in zip(table["lower_95"], table["upper_95"], strict=True)],
                "99.8% 한계": [comparison.range_text(result, lo, hi) for lo, hi in zip(table["lower_998"], table["upper_998"], strict=True)],
                "위치": table["position"],
            }
        )

    def _excluded_html(self, result) -> str:
        """The districts left out of one funnel, with the reason ('' when none)."""
        if result.excluded.empty:
            return ""
        rows = pd.DataFrame({"시군구": result.excluded["unit"].map(lambda c: self.names.get(c, c)), "사유": result.excluded["reason"]})
        return html_table(rows, caption="이 그림에서 뺀 시군구")

    def _not_compared_html(self) -> str:
        """Indicators without a funnel and why (ratios above 100 %, amounts)."""
        if not len(self._values):
            return ""
        rows = []
        for row in self._values.drop_duplicates("indicator_id").itertuples(index=False):
            reason = comparison.not_compared_reason(row.kind, row.unit)
            if reason:
                rows.append({"지표": row.name, "사유": reason.split(" / ")[0]})
            elif row.indicator_id not in self._funnels:
                n_units = int(((self._values["indicator_id"] == row.indicator_id) & (self._values["reason"] == "")).sum())
                rows.append({"지표": row.name, "사유": comparison.small_sample_reason(n_units)})
        return html_table(pd.DataFrame(rows), caption="깔때기로 비교하지 않은 지표") if rows else ""

    def advisor_limits(self) -> HTML:
        """The tidy table of every limit for advisors (folded; also in the xlsx)."""
        table = comparison.advisor_table(self._funnels, self.names, self._labels)
        if table.empty:
            return HTML("")
        self._exported["한계표(자문용)"] = table
        shown = table.assign(**{c: table[c].round(4) for c in ("rate", "target", "lower", "upper", "lower_unadjusted", "upper_unadjusted")})
        return HTML(
            "<details><summary>자문위원용 한계표 (지표 × 시군구 × 수준; 값은 % 또는 인구 천 명당)</summary>"
            + html_table(shown.drop(columns=["method"]), caption="깔때기 한계표 (tidy)")
            + "</details>"
        )

    def save_tables(self, path: str | Path | None) -> None:
        """Write the tables shown to an xlsx workbook (no-op without a path)."""
        if path:
            write_tables_xlsx(self._exported, path)
