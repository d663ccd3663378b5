"""The self-evaluation tables: survey items, answers and their values, project ratings (issue 22).

Like :mod:`sabo_eval.analysis.data`, every function reads a warehouse read-only and
hands back a DataFrame with ``district_code`` and ``year``; the shared arguments
(``wh``, ``districts``, ``years``) are those of its module Notes. Answers are valued by
the same function the reports use (:func:`sabo_eval.metrics.survey.answer_values`).
Respondents are anonymous ids; one written as a person's name is masked unless
``names=True``.
"""

from __future__ import annotations

import pandas as pd

from ..intake.rules_survey import looks_like_name
from ..metrics.survey import answer_values
from ..reports.masking import mask_name
from ._select import district_list, opened, read, year_list
from .data import Districts, Source, Years

__all__ = ["survey_items", "survey_responses", "survey_values", "project_ratings"]

_PLAN_COLUMNS = ["framework", "strategy", "key_project", "item_name", "department"]


def survey_items(wh: Source = None, districts: Districts = None, years: Years = None) -> pd.DataFrame:
    """Survey items (설문문항): one row per item of each district-year's survey.

    Parameters
    ----------
    wh, districts, years
        The shared arguments (:mod:`sabo_eval.analysis.data` Notes).

    Returns
    -------
    DataFrame
        ``district_code, year, survey, item, domain, wording, scale`` (``likert5``,
        ``appropriateness`` or ``yesno``).

    Examples
    --------
    >>> import sabo_eval as se
    >>> items = se.survey_items(districts="41110", years=2023)
    >>> len(items), sorted(items["scale"].unique())
    (13, ['appropriateness', 'likert5', 'yesno'])
    """
    with opened(wh) as w:
        return read(w, "survey_items", district_list(districts), year_list(years))


def survey_responses(
    wh: Source = None, districts: Districts = None, years: Years = None, *, names: bool = False
) -> pd.DataFrame:
    """Survey answers (설문응답) as written: one row per respondent and item.

    Parameters
    ----------
    wh, districts, years
        The shared arguments (:mod:`sabo_eval.analysis.data` Notes).
    names : bool
        A respondent written as a person's name (not the anonymous id asked for) is
        masked (김*수) unless ``names=True``.

    Returns
    -------
    DataFrame
        ``district_code, year, survey, respondent, sector`` (private/public),
        ``body`` (협의체 or 분과), ``item, answer`` (text as written; blank when not answered).

    Examples
    --------
    >>> import sabo_eval as se
    >>> answers = se.survey_responses(districts="41110", years=2023)
    >>> answers["respondent"].nunique() > 100, sorted(answers["sector"].unique())
    (True, ['private', 'public'])
    """
    with opened(wh) as w:
        frame = read(w, "survey_responses", district_list(districts), year_list(years))
    if names or frame.empty:
        return frame
    out = frame.copy()
    out["respondent"] = [mask_name(who) if looks_like_name(who) else who for who in out["respondent"]]
    return out


def survey_values(
    wh: Source = None, districts: Districts = None, years: Years = None, *, names: bool = False
) -> pd.DataFrame:
    """Survey answers with their numeric values on the item's scale.

    Parameters
    ----------
    wh, districts, years, names
        As :func:`survey_responses`.

    Returns
    -------
    DataFrame
        The answers of :func:`survey_responses` with ``scale``, ``value`` (float:
        1–5 for ``likert5``, 부적절 1 / 보통 2 / 적절 3, 아니오 0 / 예 1; NaN when not
        answered) and ``unknown`` (an answer that fits no value of the scale), as
        :func:`sabo_eval.metrics.survey.answer_values`.

    Examples
    --------
    >>> import sabo_eval as se
    >>> values = se.survey_values(districts="41110", years=2023)
    >>> likert = values[values["scale"] == "likert5"]
    >>> bool(likert["value"].dropna().between(1, 5).all())
    True
    """
    codes, chosen = district_list(districts), year_list(years)
    with opened(wh) as w:
        items = read(w, "survey_items", codes, chosen)
    responses = survey_responses(wh, districts, years, names=names)
    return answer_values(responses, items)


def project_ratings(wh: Source = None, districts: Districts = None, years: Years = None) -> pd.DataFrame:
    """Project ratings (사업평가): 적절/보통/부적절 per plan item, stage and rater, with the plan's names.

    Parameters
    ----------
    wh, districts, years
        The shared arguments (:mod:`sabo_eval.analysis.data` Notes).

    Returns
    -------
    DataFrame
        ``district_code, year, item_code, stage`` (계획수립/이행점검/결과확인),
        ``rating`` (적절/보통/부적절), ``rater``, and the plan's ``framework, strategy,
        key_project, item_name, department`` (blank for an item not in the plan).

    Examples
    --------
    >>> import sabo_eval as se
    >>> ratings = se.project_ratings(districts="26530", years=2023)
    >>> sorted(ratings["stage"].unique()), sorted(ratings["rating"].unique())
    (['결과확인', '계획수립', '이행점검'], ['보통', '부적절', '적절'])
    >>> ratings.groupby("stage")["item_code"].nunique().tolist()
    [47, 47, 47]
    """
    codes, chosen = district_list(districts), year_list(years)
    with opened(wh) as w:
        rows, plan = read(w, "project_ratings", codes, chosen), read(w, "plan_items", codes, chosen)
    keys = ["district_code", "year", "item_code"]
    return rows.merge(plan[[*keys, *_PLAN_COLUMNS]].drop_duplicates(keys), on=keys, how="left")
