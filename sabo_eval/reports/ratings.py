"""The district report's "사업별 적절성 평가" section (seed 001's monitoring TF).

Each detailed project rated 적절 / 보통 / 부적절 at 계획수립, 이행점검 and 결과확인:
summary sentences first (share 적절 per stage, agreement with the indicator
achievement, the worst disagreements), then a compact stage × strategy table of the
counts beside the strategy's achievement, and the list of items whose rating and
achievement disagree. Every figure comes from :mod:`sabo_eval.metrics.ratings` and
:mod:`sabo_eval.metrics.achievement`; this module only formats.
"""

from __future__ import annotations

import html

import pandas as pd

from ..metrics import achievement, ratings
from ..metrics.survey_scales import STAGES
from .tables import folded, html_table, not_submitted

__all__ = ["RATING_SHEET", "ratings_section", "stage_sentences", "strategy_rating_table", "rated_item_table"]

#: The per-item table's caption, also its sheet in the xlsx.
RATING_SHEET = "사업평가"
_LABELS = ("적절", "보통", "부적절")
_NOTE = (
    "<p class='sabo-note'>세부사업마다 단계별로 적절·보통·부적절을 매긴 것을 셉니다(평가 주체가 여럿이면 다수결, 같으면 낮은 쪽). "
    "달성률과 비교할 때는 가장 나중 단계의 평가를 쓰고, 달성률 100% 이상은 적절, 50~100%는 보통, 50% 미만은 부적절에 맞는다고 봅니다. "
    "'차이(%p)'는 달성률이 평가에 맞는 범위에서 벗어난 정도입니다.</p>"
)


def _pct(value: float) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:.1f}%"


def stage_sentences(by_stage: pd.DataFrame, versus: pd.DataFrame, worst: pd.DataFrame) -> list[str]:
    """The summary sentences: share 적절 per stage, agreement with achievement, the worst disagreements.

    Parameters
    ----------
    by_stage : DataFrame
        :func:`sabo_eval.metrics.ratings.rating_shares` with ``by=("stage",)``.
    versus : DataFrame
        :func:`sabo_eval.metrics.ratings.ratings_vs_achievement`.
    worst : DataFrame
        :func:`sabo_eval.metrics.ratings.rating_disagreements`.
    """
    stages = ", ".join(
        f"{r['stage']} {int(r['n_items'])}개 중 적절 {int(r['n_적절'])}개({r['share_적절']:.1f}%)" for _, r in by_stage.iterrows()
    )
    out = [f"세부사업 적절성 평가: {stages}."]
    known = versus[versus["achievement"].notna()]
    if len(known):
        counts = known["agreement"].value_counts()
        out.append(
            f"달성률이 있는 {len(known)}개 사업 중 평가가 달성률과 일치 {int(counts.get('일치', 0))}개, "
            f"한 단계 차이 {int(counts.get('한 단계 차이', 0))}개, 불일치 {int(counts.get('불일치', 0))}개입니다."
        )
    if len(worst):
        named = ", ".join(f"{r.get('item_name') or r['item_code']}({r['rating']}, 달성률 {r['achievement']:.1f}%)"
                          for _, r in worst.head(3).iterrows())
        out.append(f"적절로 평가했지만 달성률 50% 미만이거나 부적절로 평가했지만 100% 이상인 사업이 {len(worst)}개입니다: {named}.")
    elif len(known):
        out.append("적절로 평가했지만 달성률 50% 미만이거나, 부적절로 평가했지만 100% 이상인 사업은 없습니다.")
    return out


def strategy_rating_table(shares: pd.DataFrame, strategies: pd.DataFrame) -> pd.DataFrame:
    """Stage × strategy counts (적절/보통/부적절) beside the strategy's achievement.

    Parameters
    ----------
    shares : DataFrame
        :func:`sabo_eval.metrics.ratings.rating_shares` by ``("stage", "strategy")``.
    strategies : DataFrame
        :func:`sabo_eval.metrics.achievement.strategy_achievement` (may be empty).
    """
    cells = shares.assign(cell=[f"{a} / {b} / {c}" for a, b, c in zip(shares["n_적절"], shares["n_보통"], shares["n_부적절"], strict=True)])
    wide = cells.pivot(index="strategy", columns="stage", values="cell")
    order = list(dict.fromkeys(shares["strategy"]))
    table = pd.DataFrame({"추진전략": order})
    for stage in STAGES:
        if stage in wide:
            table[f"{stage} (적절/보통/부적절)"] = [wide.at[s, stage] if pd.notna(wide.at[s, stage]) else "-" for s in order]
    rate = dict(zip(strategies.get("strategy", []), strategies.get("achievement", []), strict=True))
    table["달성률"] = [_pct(rate.get(s)) for s in order]
    return table


def rated_item_table(versus: pd.DataFrame) -> pd.DataFrame:
    """Each rated item: ratings per stage, achievement, agreement and the gap."""
    table = pd.DataFrame({"사업번호": versus["item_code"], "세부사업명": versus.get("item_name", versus["item_code"]).fillna("-")})
    for stage in STAGES:
        table[stage] = versus[f"rating_{stage}"].fillna("-")
    table["달성률"] = versus["achievement"].map(_pct)
    table["평가와 달성률"] = versus["agreement"]
    table["차이(%p)"] = versus["disagreement"].map(lambda v: "-" if pd.isna(v) else f"{v:.1f}%p")
    return table


def ratings_section(
    project_ratings: pd.DataFrame, plan_items: pd.DataFrame, items: pd.DataFrame, year: int
) -> tuple[str, dict[str, pd.DataFrame]]:
    """The section's HTML and its tables (caption → table, for the xlsx).

    Parameters
    ----------
    project_ratings : DataFrame
        The district-year's ``project_ratings``.
    plan_items : DataFrame
        Its ``plan_items``.
    items : DataFrame
        :func:`sabo_eval.metrics.achievement.item_achievement` of the same district-year.
    year : int

    Returns
    -------
    (str, dict)
        The HTML (a one-sentence note when the district rated no project) and the tables.
    """
    if project_ratings.empty:
        return not_submitted("사업별 적절성 평가", "사업평가", year), {}
    by_stage = ratings.rating_shares(project_ratings, plan_items, by=("stage",))
    shares = ratings.rating_shares(project_ratings, plan_items, by=("stage", "strategy"))
    versus = ratings.ratings_vs_achievement(project_ratings, items)
    worst = ratings.rating_disagreements(versus)
    strategies = achievement.strategy_achievement(items) if len(items) else pd.DataFrame(columns=["strategy", "achievement"])
    sentences = stage_sentences(by_stage, versus, worst)
    strategy_table = strategy_rating_table(shares, strategies)
    item_table = rated_item_table(versus)
    apart = versus[versus["disagreement"] > 0].sort_values(["disagreement", "item_code"], ascending=[False, True], kind="stable").head(10)
    parts = [
        "<ul class='sabo-findings'>" + "".join(f"<li>{html.escape(s)}</li>" for s in sentences) + "</ul>",
        html_table(strategy_table, caption="추진전략별 단계별 평가(적절/보통/부적절 사업 수)와 달성률"),
    ]
    if len(apart):
        parts.append(html_table(rated_item_table(apart), caption="평가와 달성률이 가장 어긋나는 세부사업 (차이가 큰 순, 최대 10개)"))
    else:
        parts.append("<p>평가와 달성률이 어긋나는 세부사업이 없습니다.</p>")
    parts.append(folded(html_table(item_table, caption="세부사업별 적절성 평가"), f"세부사업별 평가 모두 보기 ({len(item_table)}개)",
                        "세부사업별 평가 표는 함께 제공되는 xlsx에 있습니다."))
    parts.append(_NOTE)
    tables = {"단계별 적절성 평가": strategy_table, RATING_SHEET: item_table}
    return "".join(parts), tables
