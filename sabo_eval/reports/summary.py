"""The 요약 of a district report: 3–6 plain Korean sentences and a small table.

Words only: every number comes from :func:`sabo_eval.metrics.summary.summary_facts`
(value, last year, change, place among the compared districts) and
:func:`sabo_eval.metrics.summary.callouts` (what is worth saying first).
"""

from __future__ import annotations

import pandas as pd

from ..metrics.summary import MIN_COMPARED, callouts

__all__ = ["format_value", "format_change", "summary_sentences", "summary_table", "trend_table", "MAX_SENTENCES"]

#: Units of counts, shown without decimals.
COUNT_UNITS = ("명", "회", "개", "건")

#: At most this many sentences (the lead included).
MAX_SENTENCES = 6


def format_value(value: float, unit: str) -> str:
    """A value with its unit: ``78.0%``, ``191.7건/천 명``; ``-`` when missing."""
    if value is None or pd.isna(value):
        return "-"
    if unit in COUNT_UNITS:
        return f"{value:,.0f}{unit}"
    return f"{value:.1f}%" if unit == "%" else f"{value:,.1f}{unit}"


def _change_unit(unit: str) -> str:
    return "%p" if unit == "%" else unit


def format_change(change: float, unit: str) -> str:
    """The change with an arrow and unit: ``▼ 13.9%p``, ``▲ 33.0건/천 명``, ``변화 없음``, ``-``.

    Rounded once, to the decimal shown, so a change shown as 0.0 reads 변화 없음 (never ``-0.0``).
    """
    if change is None or pd.isna(change):
        return "-"
    shown = round(float(change), 1)
    if shown == 0:
        return "변화 없음"
    return f"{'▲' if shown > 0 else '▼'} {abs(shown):,.1f}{_change_unit(unit)}"


def _topic(label: str) -> str:
    """``label`` with 은/는 as its last Hangul syllable asks (받침 → 은)."""
    last = label.rstrip(")").rstrip()[-1:] if label else ""
    if "가" <= last <= "힣":
        return f"{label}{'은' if (ord(last) - 0xAC00) % 28 else '는'}"
    return f"{label}은(는)"


def _ro(text: str) -> str:
    """``text`` with 로/으로 as its last syllable asks (받침 other than ㄹ → 으로)."""
    last = text[-1:]
    if "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 not in (0, 8):
        return f"{text}으로"
    return f"{text}로"


def _place_sentence_end(place: str) -> str:
    """"비교 27곳 중 가장 낮음" → "비교 27곳 중 가장 낮습니다"."""
    for noun, verb in (("높음", "높습니다"), ("낮음", "낮습니다"), ("같음", "같습니다"), ("않음", "않습니다")):
        if place.endswith(noun):
            return place[: -len(noun)] + verb
    return place + "입니다"


def _fact_sentence(row: pd.Series) -> str:
    """One fact as a sentence: value, last year and change, place."""
    unit = row["unit"]
    head = f"{_topic(row['label'])} {format_value(row['value'], unit)}"
    ranked = row["n_compared"] >= MIN_COMPARED and row["rank_high"]
    place = _place_sentence_end(row["place"]) if ranked else ""
    if pd.isna(row["change"]):
        return f"{head}이며(전년 자료 없음), {place}." if place else f"{head}입니다(전년 자료 없음)."
    previous = format_value(row["previous"], unit)
    shown = round(float(row["change"]), 1)
    if shown == 0:
        change = f"전년({previous})과 같"
    else:
        change = f"전년({previous})보다 {abs(shown):,.1f}{_change_unit(unit)} {'높아졌' if shown > 0 else '낮아졌'}"
    return f"{_ro(head)} {change}고, {place}." if place else f"{_ro(head)} {change}습니다."


def summary_sentences(facts: pd.DataFrame, district_name: str, year: int) -> list[str]:
    """3–6 sentences: the verdict first, then the headline figures, then service call-outs.

    Parameters
    ----------
    facts : DataFrame
        Output of :func:`sabo_eval.metrics.summary.summary_facts`.
    district_name : str
    year : int

    Returns
    -------
    list of str
        The lead says how many figures rose and fell since last year and names the
        first call-out; each headline figure follows with its value, last year and
        place; service indicators are added only when they are call-outs, up to
        :data:`MAX_SENTENCES`. With fewer than three compared districts the lead says
        there is no comparison.
    """
    shown = facts[facts["value"].notna()]
    if shown.empty:
        return [f"{district_name}의 {year}년 주요 지표를 계산할 자료가 없습니다."]
    changed = shown["change"].dropna().round(1)
    up, down = int((changed > 0).sum()), int((changed < 0).sum())
    if len(changed):
        lead = f"{district_name}의 {year}년 주요 지표 {len(shown)}개 중 {up}개는 전년보다 높아지고 {down}개는 낮아졌습니다."
    else:
        lead = f"{district_name}의 {year}년 주요 지표 {len(shown)}개를 보입니다. 전년 자료가 없어 변화는 알 수 없습니다."
    n_max = int(shown["n_compared"].max())
    if n_max < MIN_COMPARED:
        lead += f" 같은 해 자료가 있는 시군구가 {n_max}곳뿐이라 다른 시군구와 견주지 않습니다."
    picked = callouts(shown)
    sentences = [lead]
    order = list(picked["key"]) + [k for k in shown["key"] if k not in set(picked["key"])]
    headline_keys = set(shown.loc[shown["source"] == "headline", "key"])
    chosen = [k for k in order if k in headline_keys or k in set(picked["key"])]
    by_key = shown.set_index("key")
    for key in chosen:
        if len(sentences) >= MAX_SENTENCES:
            break
        sentences.append(_fact_sentence(by_key.loc[key]))
    return sentences


def summary_table(facts: pd.DataFrame) -> pd.DataFrame:
    """The same facts as a small table with a 전년 column.

    Returns
    -------
    DataFrame
        ``지표, 올해, 전년, 변화, 비교 시군구 중 위치, 중앙값``; the median is ``-`` when
        fewer than three districts have the figure.
    """
    return pd.DataFrame(
        {
            "지표": facts["label"],
            "올해": [format_value(v, u) for v, u in zip(facts["value"], facts["unit"], strict=True)],
            "전년": [format_value(v, u) for v, u in zip(facts["previous"], facts["unit"], strict=True)],
            "변화": [format_change(c, u) for c, u in zip(facts["change"], facts["unit"], strict=True)],
            "비교 시군구 중 위치": facts["place"],
            "중앙값": [format_value(v, u) for v, u in zip(facts["median"], facts["unit"], strict=True)],
        }
    )


def trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    """Years side by side: ``지표`` then one column per year (oldest first), ``-`` where missing.

    Parameters
    ----------
    trend : DataFrame
        Output of :func:`sabo_eval.metrics.trends.trend_frame`.
    """
    if trend.empty:
        return pd.DataFrame(columns=["지표"])
    years = sorted(trend["year"].unique())
    rows = []
    for _key, part in trend.groupby("key", sort=False):
        by_year = dict(zip(part["year"], part["value"], strict=True))
        unit = part["unit"].iloc[0]
        rows.append({"지표": part["label"].iloc[0], **{f"{y}년": format_value(by_year.get(y), unit) for y in years}})
    return pd.DataFrame(rows)
