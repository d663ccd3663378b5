"""The district report's service section: indicators with intervals, last year, funnel positions, funnels.

:class:`ServicesSection` is a mixin of :class:`~.district.DistrictReport`: its methods
read the report's ``_all_indicators``, ``_tables``, ``district_code``, ``district_name``,
``names`` and ``year`` and its ``_table`` helper.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from ..intake.services_years import unused_service_items
from ..metrics import comparison
from .funnel_chart import funnel_figure_html
from .summary import format_change
from .tables import not_submitted

__all__ = ["ServicesSection"]


class ServicesSection:
    """The service indicators of a district report (see the module docstring for what it reads)."""

    #: Funnels drawn in the district report (all proportions appear in the table).
    KEY_FUNNELS = ("visit_contact", "visit65_contact", "visit70_contact", "crisis_linkage_rate", "sonamu_initial_counselling",
                   "sos_per_1000_65plus", "emergency_households_per_1000", "crisis_found_per_1000")

    def _unused_services_html(self) -> str:
        """The district's service items no catalogue indicator uses, as a table ('' when none)."""
        items = unused_service_items(self._tables.get("services"))
        if not items:
            return ""
        table = pd.DataFrame({"사업": [i[0] for i in items], "항목": [i[1] for i in items], "행 수": [f"{i[2]:,}" for i in items]})
        return (
            "<p class='sabo-note'>아래 서비스 실적은 제출되었지만 어느 지표에도 쓰이지 않습니다. "
            "사업·항목 이름이 지표 목록과 다르게 적혔는지 확인하세요.</p>"
            + self._table(table, caption="지표에 쓰이지 않은 서비스 항목")
        )

    def services_section(self) -> HTML:
        """The district's service indicators with intervals, last year, funnel positions."""
        values = self._all_indicators
        mine = values[values["district_code"] == self.district_code] if len(values) else values
        unused = self._unused_services_html()
        if mine.empty:
            return HTML(unused or not_submitted("서비스 실적", "서비스실적", getattr(self, "year", None)))
        funnels = comparison.shared_indicator_funnels(values)
        positions = comparison.district_positions(funnels, self.district_code, values)

        def number(v: float, unit: str) -> str:
            return "-" if pd.isna(v) else (f"{v:.1f}%" if unit == "%" else f"{v:,.1f} {unit}")

        table = pd.DataFrame(
            {
                "지표": mine["name"],
                "값": [number(v, u) for v, u in zip(mine["value"], mine["unit"], strict=True)],
                "95% 신뢰구간": [
                    "-" if pd.isna(lo) else f"{lo:.1f}~{hi:.1f}%" for lo, hi in zip(mine["ci_low"], mine["ci_high"], strict=True)
                ],
                "분자/분모": [f"{n:,.0f}/{d:,.0f}" for n, d in zip(mine["numerator"], mine["denominator"], strict=True)],
                "전년": [number(v, u) for v, u in zip(mine["previous_value"], mine["unit"], strict=True)],
                "변화": [format_change(c, u) for c, u in zip(mine["change"], mine["unit"], strict=True)],
                "동별 월평균(분자)": mine["numerator_per_dong_month"].map(lambda v: "-" if pd.isna(v) else f"{v:,.1f}"),
                "전체 시군구 중 위치": [positions.get(i, "비교 안 함(위 설명)" if comparison.not_compared_reason(k, u) else "-")
                                    for i, k, u in zip(mine["indicator_id"], mine["kind"], mine["unit"], strict=True)],
                "확인 필요": mine["reason"].replace("", "-"),
            }
        )
        parts = [
            "<p class='sabo-note'>비율 지표는 95% 신뢰구간(분모가 작을수록 넓어지는, 참값이 있을 법한 범위)을 함께 보이고, "
            "100%를 넘을 수 있는 지표는 값만 보입니다. 위치는 같은 해 모든 시군구를 한 그림에 찍은 깔때기 그림에서 "
            "이 시군구가 놓인 곳입니다: 한계선 안이면 우연히 생길 수 있는 차이입니다(계산 방법은 5장). "
            "'비교 안 함': 실적 ÷ 목표처럼 100%를 넘을 수 있는 값이나 금액은 우연히 생기는 차이의 기준이 없어 시군구끼리 견주지 않습니다.</p>",
            self._table(table, caption=f"서비스 성과 지표 ({self.year}년)", long_columns=("전체 시군구 중 위치", "확인 필요")),
        ]
        if unused:
            parts.append(unused)
        for indicator in self.KEY_FUNNELS:
            if indicator not in funnels:
                continue
            name = str(mine.loc[mine["indicator_id"] == indicator, "name"].iloc[0]) if (mine["indicator_id"] == indicator).any() else indicator
            parts.append(
                funnel_figure_html(
                    funnels[indicator], highlight=self.district_code, title=name, labels=self.names,
                    alt=f"{name} 깔때기 그림: {self.district_name}의 위치 {positions.get(indicator, '-')}",
                    caption=f"{name} — {self.district_name} 위치: {positions.get(indicator, '-')}",
                )
            )
        return HTML("".join(parts))
