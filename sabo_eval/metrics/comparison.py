"""Fair comparison of districts: a funnel per proportion and per-population indicator (DESIGN §4).

Built on :mod:`sabo_eval.metrics.services` (the values) and :mod:`sabo_eval.stats.funnel`
(the limits). Proportions get binomial funnels; counts per population (kind ``rate``:
돌봄SOS per 1,000 aged 65+, 긴급복지 households and 위기가구 found per 1,000 residents)
get Poisson funnels. Ratios of two counts that may exceed 100 % and amounts per
population are not put in funnels; :func:`not_compared_reason` says why, in Korean.
"""

from __future__ import annotations

import pandas as pd

from ..stats.funnel import FunnelResult, funnel, limits_table, poisson_funnel

__all__ = [
    "indicator_funnels", "outside_limits", "funnel_sentence", "district_positions", "not_compared_reason",
    "value_text", "range_text", "advisor_table",
]

#: Why a ratio is not compared (Korean, then English for the methods table).
RATIO_REASON = ("비교 안 함: 실적 ÷ 목표처럼 100%를 넘을 수 있는 비(ratio)는 우연 변동의 기준(이항·포아송 분포)이 없어 "
                "깔때기 그림으로 비교하지 않습니다 / ratios that may exceed 100 % have no chance model to compare against")
AMOUNT_REASON = ("비교 안 함: 금액은 건수가 아니어서 우연 변동의 크기를 정할 수 없습니다(금액 단위를 바꾸면 한계도 바뀝니다) "
                 "/ amounts are not counts: their chance variation depends on the unit of money")


def not_compared_reason(kind: str, unit: str) -> str:
    """Why an indicator of this kind has no funnel ('' when it has one)."""
    if kind in ("proportion", "rate"):
        return ""
    return RATIO_REASON if unit == "%" else AMOUNT_REASON


def _one_funnel(part: pd.DataFrame) -> FunnelResult:
    first = part.iloc[0]
    if first["kind"] == "proportion":
        return funnel(part["district_code"], part["numerator"], part["denominator"])
    return poisson_funnel(part["district_code"], part["numerator"], part["denominator"], per=float(first["per"]))


def indicator_funnels(values: pd.DataFrame, *, min_units: int = 3) -> dict[str, FunnelResult]:
    """One funnel per proportion or per-population indicator of one year.

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
        Districts whose value has a reason (no denominator, numerator above denominator)
        are listed in the result's ``excluded`` table with that reason.
    """
    out: dict[str, FunnelResult] = {}
    usable = values[values["kind"].isin(["proportion", "rate"])]
    for indicator, part in usable.groupby("indicator_id", sort=False):
        good = part[part["reason"] == ""]
        if good["district_code"].nunique() < min_units:
            continue
        result = _one_funnel(good)
        left_out = pd.DataFrame({"unit": part.loc[part["reason"] != "", "district_code"], "reason": part.loc[part["reason"] != "", "reason"]})
        result.excluded = pd.concat([result.excluded, left_out], ignore_index=True)
        out[str(indicator)] = result
    return out


def value_text(result: FunnelResult, value: float) -> str:
    """A rate as the reader sees it: ``71.6%`` or ``천 명당 4.21``."""
    if result.kind == "proportion":
        return f"{100 * value:.1f}%"
    per = "천 명당" if result.scale == 1000 else f"{result.scale:,.0f}명당"
    return f"{per} {result.scale * value:.2f}"


def range_text(result: FunnelResult, low: float, high: float) -> str:
    """Limits as the reader sees them: ``41.2~48.2%`` or ``천 명당 1.56~3.23``."""
    if result.kind == "proportion":
        return f"{100 * low:.1f}~{100 * high:.1f}%"
    return f"{value_text(result, low)}~{result.scale * high:.2f}"


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
                    "비율": value_text(result, row.rate),
                    "전체 비율": value_text(result, result.theta),
                    "99.8% 한계": range_text(result, row.lower_998, row.upper_998),
                    "위치": row.position,
                }
            )
    return pd.DataFrame(rows, columns=["지표", "시군구", "비율", "전체 비율", "99.8% 한계", "위치"])


def funnel_sentence(result: FunnelResult, name: str) -> str:
    """What a funnel's limits mean, with its numbers, in Korean."""
    n_out = int(result.table["outside_998"].sum())
    size = "대상 인원이 적을수록" if result.kind == "proportion" else "인구가 적을수록"
    base = (
        f"{name}: {result.n_units}개 시군구 전체 {'비율' if result.kind == 'proportion' else '값'}은 {value_text(result, result.theta)}입니다. "
        f"깔때기 모양의 선은 같은 수준의 시군구라도 {size} 우연히 크게 벗어날 수 있는 범위입니다 "
        "(점선 95%, 실선 99.8%). "
    )
    if result.kind == "rate":
        base += "건수를 인구로 나눈 값이어서 포아송 분포로 한계를 그렸습니다. "
    if result.random_effects:
        base += (
            f"시군구 사이의 차이가 우연만으로 설명되는 것보다 커서(과대산포 φ = {result.phi:.1f}) 한계를 넓혔습니다 "
            f"(τ² = {result.tau2:.2g}; 넓히기 전 한계는 옅은 선). "
        )
    if len(result.excluded):
        base += f"자료가 없거나 맞지 않는 {len(result.excluded)}곳은 그림에서 뺐습니다. "
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
        elif (result.excluded["unit"] == district_code).any():
            out[indicator] = "비교에서 뺌: " + str(result.excluded.loc[result.excluded["unit"] == district_code, "reason"].iloc[0])
    return out


def advisor_table(funnels: dict[str, FunnelResult], names: dict[str, str], labels: dict[str, str]) -> pd.DataFrame:
    """Every funnel's tidy limits (:func:`~sabo_eval.stats.funnel.limits_table`) with the indicator named."""
    parts = [limits_table(result, names).assign(indicator=labels.get(i, i)) for i, result in funnels.items()]
    if not parts:
        return pd.DataFrame()
    table = pd.concat(parts, ignore_index=True)
    return table[["indicator", *[c for c in table.columns if c != "indicator"]]]
