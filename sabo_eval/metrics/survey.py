"""The members' self-evaluation survey (자체평가 설문조사, issue 22): pure functions.

Every function takes frames of one or many district-years and works per
``(district_code, year, survey)``; answers become numbers with
:func:`answer_values` first (scales in :mod:`.survey_scales`).

* **Response rate** = distinct respondents ÷ members in office × 100, where a member is
  in office in a year when their tenure overlaps it (위촉일 ≤ 12월 31일 and 해촉일 empty
  or ≥ 1월 1일); also per sector (민/관).
* **Per item** (:func:`item_summary`): the count and share of each category, the mean
  with a 95 % *t* interval (mean ± t₀.₉₇₅,ₙ₋₁ · s/√n, s with ddof = 1) and the
  top-two-box share (4–5 of 5 points, 적절, 예) with a 95 % Wilson interval.
* **Suppression**: an item answered by fewer than ``min_n`` respondents (default 5,
  ``SABO_EVAL_SURVEY_MIN_N``) has every statistic and its distribution set missing, so
  that nobody's answer can be read off a small count.

Group differences and year-to-year change are in :mod:`.survey_groups`, Cronbach's α
per domain in :mod:`.survey_alpha`, the plain sentences in :mod:`.survey_text`; all are
re-exported here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .survey_alpha import domain_alpha
from .survey_groups import group_difference, year_change
from .survey_scales import CATEGORIES, CATEGORY_LABELS, TOP_BOX, parse_answers, scale_code
from .survey_text import survey_sentences

__all__ = [
    "KEYS",
    "answer_values",
    "response_rate",
    "item_summary",
    "group_difference",
    "year_change",
    "domain_alpha",
    "survey_sentences",
]

#: A survey of a district-year.
KEYS = ["district_code", "year", "survey"]
ITEM_KEYS = [*KEYS, "item"]
_SECTORS = {"민": "private", "민간": "private", "private": "private", "관": "public", "공공": "public", "public": "public"}


def answer_values(responses: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Each answer with its numeric value and its item's scale.

    Parameters
    ----------
    responses : DataFrame
        Canonical ``survey_responses`` (long form).
    items : DataFrame
        Canonical ``survey_items`` of the same surveys.

    Returns
    -------
    DataFrame
        ``responses`` with ``scale`` (code), ``value`` (float; NaN when not answered
        or when the answer fits no value of the scale) and ``unknown`` (an answer given
        that fits no value). Sectors are read as ``private``/``public`` (민/관 too).
        Answers to an item not in ``items`` have no scale and count as unknown.
    """
    scales = items[ITEM_KEYS].assign(scale=scale_code(items["scale"]).to_numpy())
    out = responses.drop(columns=["scale", "value", "unknown"], errors="ignore").merge(
        scales.drop_duplicates(ITEM_KEYS), on=ITEM_KEYS, how="left")
    values, unknown = parse_answers(out["answer"], out["scale"])
    out["value"], out["unknown"] = values, unknown
    if "sector" in out:
        out["sector"] = out["sector"].map(lambda s: _SECTORS.get(str(s).strip(), s) if isinstance(s, str) else s)
    return out


def _in_office(members: pd.DataFrame, years: pd.Series) -> pd.Series:
    """Whether each member's tenure overlaps their row's year (``years``)."""
    joined = pd.to_datetime(members["joined_on"], errors="coerce")
    left = pd.to_datetime(members["left_on"], errors="coerce")
    start = pd.to_datetime(years.astype(int).astype(str) + "-01-01")
    end = pd.to_datetime(years.astype(int).astype(str) + "-12-31")
    return (joined.isna() | (joined <= end)) & (left.isna() | (left >= start))


def response_rate(responses: pd.DataFrame, members: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Respondents against the members in office, per survey and by sector.

    Parameters
    ----------
    responses : DataFrame
        ``survey_responses`` (or :func:`answer_values`' output).
    members : DataFrame
        Canonical ``members`` of the same district-years (matched on
        ``district_code`` and ``year``; a member listed twice counts once; a member
        without 위촉일 counts as in office).
    year : int, optional
        Only the surveys of this year (default: every year in ``responses``).

    Returns
    -------
    DataFrame
        Per ``district_code, year, survey``: ``respondents`` (distinct ids),
        ``members_in_office``, ``rate`` (%; NaN without members), and
        ``respondents_<s>``, ``members_<s>``, ``rate_<s>`` for ``s`` in ``private``,
        ``public`` (a respondent without a sector counts only in the total).
    """
    if year is not None:
        responses = responses[responses["year"] == year]
    answered = responses.assign(sector=responses["sector"].map(lambda s: _SECTORS.get(str(s).strip(), s)))
    people = answered.drop_duplicates([*KEYS, "respondent"])
    out = people.groupby(KEYS).agg(respondents=("respondent", "size")).reset_index()
    office = members[_in_office(members, members["year"])].drop_duplicates(["district_code", "year", "member_id"])
    counts = office.groupby(["district_code", "year"]).agg(members_in_office=("member_id", "size")).reset_index()
    out = out.merge(counts, on=["district_code", "year"], how="left")
    out["members_in_office"] = out["members_in_office"].fillna(0).astype(int)
    for sector in ("private", "public"):
        mine = people[people["sector"] == sector].groupby(KEYS).size().rename(f"respondents_{sector}")
        theirs = office[office["sector"] == sector].groupby(["district_code", "year"]).size().rename(f"members_{sector}")
        out = out.merge(mine.reset_index(), on=KEYS, how="left").merge(theirs.reset_index(), on=["district_code", "year"], how="left")
        out[[f"respondents_{sector}", f"members_{sector}"]] = out[[f"respondents_{sector}", f"members_{sector}"]].fillna(0).astype(int)
    for suffix in ("", "_private", "_public"):
        got, of = out[f"respondents{suffix}"].astype(float), out[f"members{suffix or '_in_office'}"].astype(float)
        out[f"rate{suffix}"] = np.where(of > 0, got / of.where(of > 0) * 100.0, np.nan)
    return out


def _t_interval(sd: np.ndarray, n: np.ndarray, mean: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """mean ± t(level; n − 1) · sd / √n; NaN for n < 2."""
    from scipy import stats

    with np.errstate(divide="ignore", invalid="ignore"):
        half = stats.t.ppf(0.5 + level / 2, n - 1) * sd / np.sqrt(n)
    half = np.where(n >= 2, half, np.nan)
    return mean - half, mean + half


def _wilson(count: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95 % Wilson interval of count/n in percent (statsmodels); NaN where n = 0."""
    from statsmodels.stats.proportion import proportion_confint

    safe = np.where(n > 0, n, 1)
    low, high = proportion_confint(count, safe, alpha=0.05, method="wilson")
    return np.where(n > 0, low * 100.0, np.nan), np.where(n > 0, high * 100.0, np.nan)


def _distribution(answered: pd.DataFrame, out: pd.DataFrame) -> pd.DataFrame:
    """Columns ``n_<label>`` and ``share_<label>`` (% of the item's answers) for every category label."""
    labels = {(scale, value): label for scale, cats in CATEGORIES.items() for value, label in cats}
    label = pd.Series([labels.get(k) for k in zip(answered["scale"], answered["value"], strict=True)], index=answered.index)
    counts = answered.assign(_label=label).groupby([*ITEM_KEYS, "_label"]).size().unstack("_label")
    counts = counts.reindex(columns=list(CATEGORY_LABELS))
    merged = out[ITEM_KEYS].merge(counts.reset_index(), on=ITEM_KEYS, how="left")
    own = {scale: {lab for _, lab in cats} for scale, cats in CATEGORIES.items()}
    for lab in CATEGORY_LABELS:
        fits = out["scale"].map(lambda s, lab=lab: lab in own.get(s, ())).to_numpy(dtype=bool)
        n_lab = np.where(fits, merged[lab].fillna(0).to_numpy(dtype=float), np.nan)
        out[f"n_{lab}"] = n_lab
        with np.errstate(divide="ignore", invalid="ignore"):
            out[f"share_{lab}"] = np.where(out["n"] > 0, n_lab / out["n"].to_numpy(dtype=float) * 100.0, np.nan)
    return out


def item_summary(values: pd.DataFrame, items: pd.DataFrame, *, min_n: int = 5) -> pd.DataFrame:
    """Distribution, mean with its interval and top-two-box share of every item.

    Parameters
    ----------
    values : DataFrame
        Output of :func:`answer_values`.
    items : DataFrame
        Canonical ``survey_items`` (every item appears, answered or not).
    min_n : int
        Items answered by fewer respondents are suppressed (default 5).

    Returns
    -------
    DataFrame
        Per item: ``district_code, year, survey, item, domain, wording, scale, n``
        (answers given), ``n_<label>``/``share_<label>`` (%; NaN for labels of other
        scales), ``mean``, ``sd``, ``ci_low``, ``ci_high`` (95 % t interval of the
        mean), ``top_box`` (% positive), ``top_box_low``, ``top_box_high`` (95 % Wilson),
        ``suppressed`` (n < ``min_n``: every statistic and the distribution missing;
        ``n`` itself is kept, so a report can say how few answered).

    Notes
    -----
    The mean of a yes/no item is the share of 예 (0–1) and that of a 적절·보통·부적절
    item is on 1–3; only items on the same scale are compared.
    """
    out = items[[*ITEM_KEYS, "domain", "wording"]].drop_duplicates(ITEM_KEYS).copy()
    out["scale"] = scale_code(items.drop_duplicates(ITEM_KEYS)["scale"]).to_numpy()
    answered = values[values["value"].notna()]
    top = answered["value"].to_numpy() >= answered["scale"].map(TOP_BOX).to_numpy(dtype=float)
    stats = answered.assign(_top=top).groupby(ITEM_KEYS).agg(
        n=("value", "size"), mean=("value", "mean"), sd=("value", "std"), _top=("_top", "sum")).reset_index()
    out = out.merge(stats, on=ITEM_KEYS, how="left")
    n = out["n"].fillna(0).to_numpy(dtype=int)
    out["n"] = n
    out["ci_low"], out["ci_high"] = _t_interval(out["sd"].to_numpy(float), n, out["mean"].to_numpy(float))
    top_count = out.pop("_top").fillna(0).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["top_box"] = np.where(n > 0, top_count / np.where(n > 0, n, 1) * 100.0, np.nan)
    out["top_box_low"], out["top_box_high"] = _wilson(top_count, n)
    out = _distribution(answered, out)
    out["suppressed"] = n < min_n
    hidden = [c for c in out if c.startswith(("n_", "share_"))] + ["mean", "sd", "ci_low", "ci_high", "top_box", "top_box_low", "top_box_high"]
    out.loc[out["suppressed"], hidden] = np.nan
    return out.reset_index(drop=True)
