"""The pilot report's design sections (excluded months, parallel-trends sensitivity,
staggered starts) and the number formats every section shares.

:class:`PilotSections` is a mixin of :class:`~.pilot.PilotReport`: its methods read the
report's ``excluded``, ``sensitivity``, ``staggered``, ``unit`` and ``start`` and its
``_table`` helper.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
from IPython.display import HTML

__all__ = ["PilotSections"]


def _num(value: float, digits: int = 2, sign: bool = False) -> str:
    if value is None or not np.isfinite(value):
        return "-"
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def _p(value: float) -> str:
    if value is None or not np.isfinite(value):
        return "-"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _p_text(value: float) -> str:
    """``p = 0.004`` or ``p < 0.001`` for sentences."""
    shown = _p(value)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def _interval(low: float, high: float, digits: int = 2, suffix: str = "") -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "-"
    return f"{low:+.{digits}f}~{high:+.{digits}f}{suffix}"


class PilotSections:
    """Sections of the pilot report about the design: what was left out, and how robust the result is."""

    def exclusions(self) -> HTML:
        """Every district that lost months (population zero or missing, no districts row), by name."""
        ex = self._excluded
        if ex.empty:
            return HTML("<p>모든 자치구의 모든 달을 분석에 썼습니다(빠진 달 없음).</p>")
        table = pd.DataFrame(
            {
                "자치구": [f"{n} ({c})" for c, n in zip(ex["district_code"], ex["district_name"], strict=True)],
                "구분": ["시범·강화" if t else "비교" for t in ex["treated"]],
                "빠진 까닭": [r.split(" / ")[0] for r in ex["reason"]],
                "빠진 달 수": ex["months"],
                "기간": [f"{a}~{b}" for a, b in zip(ex["first"], ex["last"], strict=True)],
                "전부 빠짐": ["예" if a else "" for a in ex["all_months"]],
            }
        )
        note = (
            f"<p>인구가 0이거나 없는 달, districts 표에 그해 행이 없는 자치구의 달은 주민 1,000명당 값을 구할 수 없어 "
            f"분석에서 뺐습니다: 자치구 {ex['district_code'].nunique()}곳, {int(ex['months'].sum())}개월.</p>"
        )
        return HTML(note + self._table(table, caption="분석에서 뺀 자치구·달"))

    def sensitivity_section(self) -> HTML:
        """For the advisor: how large a departure from parallel trends the result survives (HonestDiD)."""
        r = self.sensitivity
        if r is None:
            return HTML("<p>시작 전 계수가 2개 미만이거나 공분산을 구할 수 없어 평행추세 민감도를 계산하지 못했습니다.</p>")
        yard = f"{r.max_pre_change:.2f}{self.unit}"
        if not r.significant_at_zero:
            text = ("시작 후 평균 효과의 신뢰구간이 추세가 완전히 평행하다고 해도(M̄ = 0) 0을 포함하므로, "
                    "평행추세가 어긋날 여지를 더 두면 결론은 더 약해질 뿐입니다.")
        elif r.capped:
            text = f"M̄ = {r.breakdown:.1f}까지 늘려도 신뢰구간이 0을 포함하지 않습니다. 평행추세가 상당히 어긋나도 결론이 유지됩니다."
        else:
            text = (
                f"한계값 M̄ = {r.breakdown:.2f}: 시작 뒤 두 집단 추세 차이의 달마다 변화가 시작 전 가장 큰 변화({yard})의 "
                f"{r.breakdown:.2f}배까지라면 효과가 있다는 결론이 유지되고, 그보다 크면 유지되지 않습니다. "
                + ("1보다 작으므로, 시작 전에 이미 본 정도의 흔들림만으로도 결론이 뒤집힐 수 있습니다."
                   if r.breakdown < 1 else "1 이상이므로 시작 전에 본 가장 큰 흔들림만큼 어긋나도 결론이 유지됩니다.")
            )
        caveat = ("자치구 군집 공분산을 썼는데 시범자치구가 적으면 이 공분산이 작게 잡히므로, 이 한계값은 실제보다 "
                  "너그러운(큰) 쪽으로 치우칠 수 있습니다.")
        return HTML(f"<p>{html.escape(text)}</p><p class='sabo-note'>{html.escape(r.method)} {html.escape(caveat)}</p>")

    def staggered_section(self) -> HTML:
        """Callaway–Sant'Anna beside the TWFE DiD: the estimate to read when start months differ."""
        r = self.staggered
        if r is None:
            return HTML("<p>시작 시점별 추정(Callaway·Sant'Anna)을 계산하지 못했습니다.</p>")
        head = (
            f"모든 시범자치구가 {self.start}에 시작했으므로 이 추정은 사건연구의 시작 후 계수 평균과 같습니다(검산)."
            if r.common_start
            else "시범자치구마다 시작 달이 달라, 위의 이중차분(두 방향 고정효과)은 먼저 시작한 자치구를 비교군처럼 써서 "
                 "치우칠 수 있습니다. 시작 달이 다를 때는 아래 추정을 보십시오."
        )
        table = pd.DataFrame([{
            "시작 달별 자치구 수": ", ".join(f"{k}: {v}곳" for k, v in r.cohorts.items()),
            f"효과(1,000명당 월 {self.unit})": _num(r.effect, sign=True),
            "95% 신뢰구간": _interval(r.ci_low, r.ci_high),
            "p값": _p(r.p_value),
        }])
        return HTML(f"<p>{html.escape(head)}</p>" + self._table(table, caption="시작 시점이 다른 경우의 추정 (Callaway·Sant'Anna)"))
