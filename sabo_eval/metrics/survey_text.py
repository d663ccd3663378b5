"""The self-evaluation survey in plain Korean sentences (issue 22).

The sentences a report puts first: the response rate against the members in office,
the items with the highest and the lowest positive share (only items shown, i.e. not
suppressed), the warning of every domain whose α is low, and how many items were not
shown because too few answered.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["survey_sentences", "rate_sentence"]

KEYS = ["district_code", "year", "survey"]
_SECTOR_KO = {"private": "민간", "public": "공공"}


def _pct(value: float) -> str:
    """A percentage with one decimal, without a trailing .0."""
    return f"{value:.1f}".removesuffix(".0")


def rate_sentence(row: pd.Series | dict) -> str:
    """"위원 N명 중 M명 응답(응답률 X%)" with the sectors when known.

    Examples
    --------
    >>> rate_sentence(dict(members_in_office=40, respondents=28, rate=70.0, members_private=30,
    ...                    respondents_private=22, rate_private=73.33, members_public=10,
    ...                    respondents_public=6, rate_public=60.0))
    '위원 40명 중 28명 응답(응답률 70%) — 민간 30명 중 22명(73.3%), 공공 10명 중 6명(60%).'
    """
    members, got = int(row["members_in_office"]), int(row["respondents"])
    if members == 0:
        return f"{got}명이 응답했습니다(재임 위원 명단이 없어 응답률은 계산하지 않음)."
    text = f"위원 {members}명 중 {got}명 응답(응답률 {_pct(row['rate'])}%)"
    parts = [
        f"{ko} {int(row[f'members_{s}'])}명 중 {int(row[f'respondents_{s}'])}명({_pct(row[f'rate_{s}'])}%)"
        for s, ko in _SECTOR_KO.items()
        if row.get(f"members_{s}", 0) and not np.isnan(row.get(f"rate_{s}", np.nan))
    ]
    return text + (" — " + ", ".join(parts) if parts else "") + "."


def _item_sentence(shown: pd.DataFrame) -> str | None:
    """Highest and lowest top-box items among the items shown."""
    shown = shown[shown["top_box"].notna()]
    if len(shown) < 2:
        return None
    ordered = shown.sort_values(["top_box", "item"], ascending=[False, True], kind="stable")
    best, worst = ordered.iloc[0], ordered.iloc[-1]
    return (f"긍정 응답 비율이 가장 높은 문항은 '{best['wording']}'({_pct(best['top_box'])}%), "
            f"가장 낮은 문항은 '{worst['wording']}'({_pct(worst['top_box'])}%)입니다.")


def _one_survey(rate: pd.Series | None, items: pd.DataFrame, alphas: pd.DataFrame, min_n: int) -> list[str]:
    """The sentences of one district-year survey."""
    out = [rate_sentence(rate)] if rate is not None else []
    shown = items[~items["suppressed"].astype(bool)]
    best = _item_sentence(shown)
    if best:
        out.append(best)
    out.extend(note for note in alphas.get("note_ko", pd.Series(dtype=object)) if note)
    hidden = int(items["suppressed"].astype(bool).sum())
    if hidden:
        out.append(f"응답이 {min_n}명 미만인 문항 {hidden}개는 응답한 사람이 드러나지 않도록 결과를 표시하지 않았습니다.")
    return out


def survey_sentences(
    rates: pd.DataFrame,
    summary: pd.DataFrame,
    alphas: pd.DataFrame | None = None,
    *,
    min_n: int = 5,
) -> list[str]:
    """The survey's summary sentences, survey by survey.

    Parameters
    ----------
    rates : DataFrame
        :func:`sabo_eval.metrics.survey.response_rate`.
    summary : DataFrame
        :func:`sabo_eval.metrics.survey.item_summary` (with the same ``min_n``).
    alphas : DataFrame, optional
        :func:`sabo_eval.metrics.survey.domain_alpha`.
    min_n : int
        The suppression threshold, as said in the sentence about hidden items.

    Returns
    -------
    list of str
        Response rate, best and worst item, α warnings, suppressed count; when the
        frames hold several surveys, each survey's sentences start with its name.
    """
    keys = pd.concat([rates[KEYS], summary[KEYS]]).drop_duplicates().sort_values(KEYS, kind="stable")
    alphas = alphas if alphas is not None else pd.DataFrame(columns=[*KEYS, "note_ko"])
    sentences: list[str] = []
    for key in keys.itertuples(index=False):
        def mine(frame: pd.DataFrame, key=key) -> pd.DataFrame:
            return frame[(frame[KEYS] == pd.Series(key._asdict())).all(axis=1)]
        rate_rows = mine(rates)
        own = _one_survey(rate_rows.iloc[0] if len(rate_rows) else None, mine(summary), mine(alphas), min_n)
        sentences.extend(f"[{key.survey}] {s}" if len(keys) > 1 else s for s in own)
    return sentences
