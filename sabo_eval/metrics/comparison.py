"""Fair comparison of districts: a funnel per proportion indicator (DESIGN §4).

Built on :mod:`sabo_eval.metrics.services` (the values) and
:mod:`sabo_eval.stats.funnel` (the limits). Ratios are not put in funnels: they have
no binomial variation to compare against.
"""

from __future__ import annotations

import pandas as pd

from ..stats.funnel import FunnelResult, funnel

__all__ = ["indicator_funnels", "outside_limits", "funnel_sentence", "district_positions"]


def indicator_funnels(values: pd.DataFrame, *, min_units: int = 3) -> dict[str, FunnelResult]:
    """One funnel per proportion indicator of one year.

    Parameters
    ----------
    values : DataFrame
        Output of :func:`sabo_eval.metrics.services.indicator_values` for one year.
    min_units : int
        Indicators reported by fewer districts are left out.

    Returns
    -------
    dict
        ``indicator_id`` → :class:`~sabo_eval.stats.funnel.FunnelResult`, catalogue order.
    """
    out: dict[str, FunnelResult] = {}
    usable = values[(values["kind"] == "proportion") & (values["reason"] == "")]
    for indicator, part in usable.groupby("indicator_id", sort=False):
        if part["district_code"].nunique() < min_units:
            continue
        out[str(indicator)] = funnel(part["district_code"], part["numerator"], part["denominator"])
    return out


def outside_limits(funnels: dict[str, FunnelResult], names: dict[str, str], values: pd.DataFrame) -> pd.DataFrame:
    """Districts outside the 99.8 % limits of any funnel, with the indicator and its rate."""
    labels = values.drop_duplicates("indicator_id").set_index("indicator_id")["name"].to_dict()
    rows = []
    for indicator, result in funnels.items():
        for row in result.table[result.table["outside_998"]].itertuples(index=False):
            rows.append(
                {
                    "지표": labels.get(indicator, indicator),
                    "시군구": names.get(row.unit, row.unit),
                    "비율": f"{100 * row.rate:.1f}%",
                    "전체 비율": f"{100 * result.theta:.1f}%",
                    "99.8% 한계": f"{100 * row.lower_998:.1f}~{100 * row.upper_998:.1f}%",
                    "위치": row.position,
                }
            )
    return pd.DataFrame(rows, columns=["지표", "시군구", "비율", "전체 비율", "99.8% 한계", "위치"])


def funnel_sentence(result: FunnelResult, name: str) -> str:
    """What a funnel's limits mean, with its numbers, in Korean."""
    n_out = int(result.table["outside_998"].sum())
    base = (
        f"{name}: {result.n_units}개 시군구 전체 비율은 {100 * result.theta:.1f}%입니다. "
        "깔때기 모양의 선은 같은 비율을 가진 시군구라도 대상 인원이 적을수록 우연히 크게 벗어날 수 있는 범위입니다 "
        "(점선 95%, 실선 99.8%). "
    )
    if result.random_effects:
        base += (
            f"시군구 사이의 차이가 우연만으로 설명되는 것보다 커서(과대산포 φ = {result.phi:.1f}) 한계를 넓혔습니다 "
            f"(τ² = {result.tau2:.2g}). "
        )
    tail = (
        f"99.8% 한계 밖의 시군구는 {n_out}곳으로, 우연으로 보기 어려운 차이가 있어 자료와 사업 운영을 확인해 볼 만합니다."
        if n_out
        else "99.8% 한계 밖의 시군구는 없습니다: 보이는 차이는 우연의 범위 안에 있습니다."
    )
    return base + tail


def district_positions(funnels: dict[str, FunnelResult], district_code: str) -> dict[str, str]:
    """``indicator_id`` → the district's position in that funnel (Korean)."""
    out = {}
    for indicator, result in funnels.items():
        row = result.table[result.table["unit"] == district_code]
        if len(row):
            out[indicator] = str(row["position"].iloc[0])
    return out
