"""Fair comparison of districts: a funnel per proportion and per-population indicator (DESIGN §4).

Built on :mod:`sabo_eval.metrics.services` (the values) and :mod:`sabo_eval.stats.funnel`
(the limits). Proportions get binomial funnels; counts per population (kind ``rate``:
돌봄SOS per 1,000 aged 65+, 긴급복지 households and 위기가구 found per 1,000 residents)
get Poisson funnels. Ratios of two counts that may exceed 100 % and amounts per
population are not put in funnels; :func:`not_compared_reason` says why, in Korean.
"""

from __future__ import annotations

import re
from collections import OrderedDict

import pandas as pd

from ..stats.funnel import FunnelResult, funnel, limits_table, poisson_funnel

__all__ = [
    "indicator_funnels", "outside_limits", "funnel_sentence", "district_positions", "not_compared_reason",
    "value_text", "range_text", "advisor_table", "MIN_UNITS", "TERMS", "summary_sentences", "small_sample_sentence",
    "small_sample_reason", "shared_indicator_funnels",
]

#: Fewest districts a funnel (or a median) is drawn for; below it a district would be compared with itself.
MIN_UNITS = 3

#: Each statistical term of the comparison page, explained once in one plain Korean sentence.
TERMS = {
    "깔때기 그림": "가로축에 대상 인원(분모), 세로축에 비율을 놓고 시군구마다 점을 찍은 그림으로, "
                 "대상이 적은 시군구일수록 우연만으로도 크게 오르내리므로 허용 범위가 깔때기처럼 왼쪽으로 넓어집니다.",
    "95%·99.8% 한계": "모든 시군구의 실제 수준이 전체와 같다면 시군구 100곳 중 95곳(점선), 1,000곳 중 998곳(실선)이 들어올 범위로, "
                     "99.8% 선 밖이면 우연으로 보기 어려운 차이입니다.",
    "과대산포": "시군구 사이의 차이가 우연만으로 생길 수 있는 것보다 전반적으로 큰 상태로, 이때는 한계를 그만큼 넓혀 "
               "몇몇 곳만 지나치게 튀어 보이지 않게 합니다(넓히기 전 한계는 옅은 선).",
    "이항분포·포아송 분포": "우연 변동의 크기를 정하는 기준으로, 상담률처럼 대상 중 몇 명이 받았는지는 이항분포, "
                        "인구 천 명당 건수는 포아송 분포를 씁니다.",
}


def small_sample_reason(n_units: int) -> str:
    """The short table-cell form of :func:`small_sample_sentence` ('' when there are enough districts)."""
    if n_units >= MIN_UNITS:
        return ""
    return f"비교 안 함: 값을 낸 시군구가 {n_units}곳뿐(비교에는 {MIN_UNITS}곳 이상 필요)"


def small_sample_sentence(n_units: int, subject: str = "값을 낸 시군구") -> str:
    """Why nothing is compared when fewer than :data:`MIN_UNITS` districts have a value ('' otherwise)."""
    if n_units >= MIN_UNITS:
        return ""
    return (f"{subject}가 {n_units}곳뿐이어서(비교에는 {MIN_UNITS}곳 이상 필요) 깔때기 그림과 중앙값을 그리지 않습니다: "
            "시군구를 자기 자신과 견주게 되기 때문입니다.")

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


def indicator_funnels(values: pd.DataFrame, *, min_units: int = MIN_UNITS) -> dict[str, FunnelResult]:
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


#: Funnels of the last few all-district tables seen in this process (content hash → funnels).
_FUNNEL_MEMO: OrderedDict[tuple, dict[str, FunnelResult]] = OrderedDict()
_FUNNEL_MEMO_SIZE = 4


def _content_key(values: pd.DataFrame, min_units: int) -> tuple:
    """What identifies an all-district table: its columns, length and a hash of every cell."""
    cells = int(pd.util.hash_pandas_object(values, index=False).sum()) if len(values) else 0
    return (tuple(map(str, values.columns)), len(values), cells, min_units)


def shared_indicator_funnels(values: pd.DataFrame, *, min_units: int = MIN_UNITS) -> dict[str, FunnelResult]:
    """:func:`indicator_funnels`, computed once per table content in this process.

    Every district report of a year draws the same funnels from the same all-district
    table; a warm kernel that writes many reports computes them for the first one and
    reuses them (the limits are deterministic, so the result is identical). The
    returned results are shared: callers must not modify them.
    """
    key = _content_key(values, min_units)
    if key in _FUNNEL_MEMO:
        _FUNNEL_MEMO.move_to_end(key)
        return _FUNNEL_MEMO[key]
    funnels = indicator_funnels(values, min_units=min_units)
    _FUNNEL_MEMO[key] = funnels
    while len(_FUNNEL_MEMO) > _FUNNEL_MEMO_SIZE:
        _FUNNEL_MEMO.popitem(last=False)
    return funnels


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


def funnel_sentence(result: FunnelResult, name: str, names: dict[str, str] | None = None) -> str:
    """One indicator's funnel in numbers, in Korean, short (the terms are explained once, in :data:`TERMS`).

    Parameters
    ----------
    result : FunnelResult
    name : str
        The indicator's Korean name.
    names : dict, optional
        District code → name, to name the districts outside the 99.8 % limits.
    """
    names = names or {}
    outside = result.table[result.table["outside_998"]]
    what = "비율" if result.kind == "proportion" else "값"
    text = f"{name}: {result.n_units}개 시군구 전체 {what}은 {value_text(result, result.theta)}"
    text += ", 과대산포로 한계를 넓힘" if result.random_effects else ""
    if len(result.excluded):
        text += f", 자료가 없거나 맞지 않는 {len(result.excluded)}곳은 뺌"
    if len(outside):
        listed = ", ".join(
            f"{names.get(r.unit, r.unit)} {value_text(result, r.rate)}({'높음' if r.rate > r.upper_998 else '낮음'})"
            for r in outside.sort_values("rate", ascending=False).itertuples(index=False)
        )
        return text + f". 99.8% 한계 밖 {len(outside)}곳: {listed}."
    return text + ". 99.8% 한계 밖 시군구 없음."


def summary_sentences(funnels: dict[str, FunnelResult], names: dict[str, str], labels: dict[str, str],
                      n_districts: int, *, top: int = 3) -> list[str]:
    """The comparison page's conclusion: which districts stand out, with numbers (Korean).

    Parameters
    ----------
    funnels : dict
        Output of :func:`indicator_funnels`.
    names, labels : dict
        District code → name; indicator id → name.
    n_districts : int
        Districts in the warehouse for the year.
    top : int
        How many of the districts outside most often are named with their indicators.

    Returns
    -------
    list of str
        Conclusion first: how many districts and indicators were compared, how many
        districts are outside the 99.8 % limits of at least one indicator, the ones
        outside most often with their values, and how many are inside everywhere.
    """
    if n_districts < MIN_UNITS:
        return [small_sample_sentence(n_districts, "자료가 있는 시군구")]
    if not funnels:
        return [f"시군구 {n_districts}곳 가운데 같은 지표의 값을 낸 곳이 {MIN_UNITS}곳 이상인 지표가 없어 비교하지 않았습니다."]
    hits: dict[str, list[str]] = {}
    for indicator, result in funnels.items():
        for r in result.table[result.table["outside_998"]].itertuples(index=False):
            side = "높음" if r.rate > r.upper_998 else "낮음"
            label = re.sub(r"\s*\([^()]*명당\)$", "", labels.get(indicator, indicator))  # the value says 천 명당 itself
            hits.setdefault(r.unit, []).append(f"{label} {value_text(result, r.rate)}({side})")
    compared = len(set().union(*(set(f.table["unit"]) for f in funnels.values())))
    out = [f"시군구 {compared}곳을 지표 {len(funnels)}개로 비교했습니다."]
    if not hits:
        out.append("어느 지표에서도 99.8% 한계 밖에 있는 시군구가 없습니다: 보이는 차이는 모두 우연의 범위 안입니다.")
        return out
    out.append(f"{len(hits)}곳이 한 개 이상의 지표에서 99.8% 한계 밖에 있어, 우연으로 보기 어려운 차이가 있습니다.")
    ranked = sorted(hits.items(), key=lambda kv: (-len(kv[1]), names.get(kv[0], kv[0])))
    for unit, items in ranked[:top]:
        out.append(f"{names.get(unit, unit)}: {len(items)}개 지표 — " + ", ".join(items) + ".")
    rest = ranked[top:]
    if rest:
        out.append("그 밖에 " + "·".join(f"{names.get(u, u)}({len(i)}개 지표)" for u, i in rest) + "도 한계 밖에 있습니다(아래 표).")
    inside = compared - len(hits)
    if inside:
        out.append(f"나머지 {inside}곳은 모든 지표에서 우연의 범위 안에 있습니다.")
    return out


def district_positions(funnels: dict[str, FunnelResult], district_code: str,
                       values: pd.DataFrame | None = None) -> dict[str, str]:
    """``indicator_id`` → the district's position in that funnel (Korean).

    Parameters
    ----------
    funnels : dict
        Output of :func:`indicator_funnels`.
    district_code : str
    values : DataFrame, optional
        The values the funnels were built from; with it, a proportion or per-population
        indicator the district reported but that has no funnel (fewer than
        :data:`MIN_UNITS` districts) says so instead of showing nothing.
    """
    out = {}
    for indicator, result in funnels.items():
        row = result.table[result.table["unit"] == district_code]
        if len(row):
            out[indicator] = str(row["position"].iloc[0])
        elif (result.excluded["unit"] == district_code).any():
            out[indicator] = "비교에서 뺌: " + str(result.excluded.loc[result.excluded["unit"] == district_code, "reason"].iloc[0])
    if values is not None and len(values):
        usable = values[values["kind"].isin(["proportion", "rate"]) & (values["reason"] == "")]
        mine = set(values.loc[values["district_code"] == district_code, "indicator_id"])
        for indicator, part in usable.groupby("indicator_id", sort=False):
            if indicator in mine and indicator not in funnels:
                out[str(indicator)] = small_sample_reason(part["district_code"].nunique())
    return out


def advisor_table(funnels: dict[str, FunnelResult], names: dict[str, str], labels: dict[str, str]) -> pd.DataFrame:
    """Every funnel's tidy limits (:func:`~sabo_eval.stats.funnel.limits_table`) with the indicator named."""
    parts = [limits_table(result, names).assign(indicator=labels.get(i, i)) for i, result in funnels.items()]
    if not parts:
        return pd.DataFrame()
    table = pd.concat(parts, ignore_index=True)
    return table[["indicator", *[c for c in table.columns if c != "indicator"]]]
