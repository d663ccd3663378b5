"""Internal consistency of each survey domain: Cronbach's α (issue 22).

α = k/(k − 1) · (1 − Σ var(itemᵢ) / var(Σ items)), variances with ddof = 1, over the
respondents who answered every item of the domain (listwise), computed by
``pingouin.cronbach_alpha`` with its 95 % interval (Feldt, Woodruff & Salih 1987:
lower = 1 − (1 − α)·F₀.₉₇₅(n − 1, (n − 1)(k − 1)), upper = 1 − (1 − α)·F₀.₀₂₅(…),
rounded by pingouin to 3 decimals).

Where we differ on purpose:

* The items of a domain are grouped by scale: α of the 5-point items of a domain and,
  separately, of its yes/no items (a raw α mixing scales would weight the items by
  their units). A domain-scale with fewer than 2 items has no α.
* Incomplete respondents are dropped *before* calling pingouin, so the interval's
  degrees of freedom count the respondents actually used (pingouin's
  ``nan_policy="listwise"`` keeps the original row count for them).
* A domain answered completely by fewer than ``min_n`` respondents is suppressed.
* α < 0.70 (Nunnally's usual threshold) is called low, with a plain warning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .survey_scales import scale_code

__all__ = ["LOW_ALPHA", "domain_alpha", "alpha_note"]

KEYS = ["district_code", "year", "survey"]
#: α below this is reported as low.
LOW_ALPHA = 0.7
COLUMNS = [*KEYS, "domain", "scale", "k", "n", "alpha", "ci_low", "ci_high", "low", "suppressed", "note_ko"]


def alpha_note(domain: str, alpha: float, threshold: float = LOW_ALPHA) -> str:
    """The plain warning of a low α ("" when α is not low or missing).

    Examples
    --------
    >>> alpha_note("민관협력", 0.584)
    "영역 '민관협력'의 문항들이 서로 잘 맞지 않습니다(크론바흐 α 0.58 < 0.70): 이 영역의 점수를 하나로 묶어 해석하지 말고 문항별로 보세요."
    """
    if alpha is None or np.isnan(alpha) or alpha >= threshold:
        return ""
    return (f"영역 '{domain}'의 문항들이 서로 잘 맞지 않습니다(크론바흐 α {alpha:.2f} < {threshold:.2f}): "
            "이 영역의 점수를 하나로 묶어 해석하지 말고 문항별로 보세요.")


def _alpha_of(wide: pd.DataFrame) -> tuple[float, float, float]:
    """α and its Feldt interval by pingouin; NaN when undefined (no variance, too few rows)."""
    import pingouin

    if len(wide) < 2 or wide.sum(axis=1).var(ddof=1) == 0:
        return np.nan, np.nan, np.nan
    alpha, (low, high) = pingouin.cronbach_alpha(data=wide.astype(float))
    return float(alpha), float(low), float(high)


def _domain_row(key: tuple, part: pd.DataFrame, item_list: list, min_n: int, threshold: float) -> dict:
    """One domain-scale: its items, complete respondents and α."""
    wide = part.drop_duplicates(["respondent", "item"]).pivot(index="respondent", columns="item", values="value")
    wide = wide.reindex(columns=item_list)
    complete = wide.dropna(axis=0, how="any")
    k, n = wide.shape[1], len(complete)
    suppressed = n < min_n
    alpha, low, high = (np.nan, np.nan, np.nan) if suppressed else _alpha_of(complete)
    row = dict(zip([*KEYS, "domain", "scale"], key, strict=True))
    return row | dict(k=k, n=n, alpha=alpha, ci_low=low, ci_high=high, low=bool(alpha < threshold),
                      suppressed=suppressed, note_ko=alpha_note(key[3], alpha, threshold))


def domain_alpha(values: pd.DataFrame, items: pd.DataFrame, *, min_n: int = 5, threshold: float = LOW_ALPHA) -> pd.DataFrame:
    """Cronbach's α with its 95 % interval per survey domain (and scale).

    Parameters
    ----------
    values : DataFrame
        Output of :func:`sabo_eval.metrics.survey.answer_values`.
    items : DataFrame
        Canonical ``survey_items`` (the domain of each item).
    min_n : int
        Fewer complete respondents: suppressed (α missing). Default 5.
    threshold : float
        α below it is ``low`` (default 0.70).

    Returns
    -------
    DataFrame
        Per ``district_code, year, survey, domain, scale`` with at least two items:
        ``k`` (items), ``n`` (respondents who answered all of them), ``alpha``,
        ``ci_low``, ``ci_high``, ``low``, ``suppressed``, ``note_ko`` (the warning,
        "" when α is not low).
    """
    info = items[[*KEYS, "item", "domain", "scale"]].drop_duplicates([*KEYS, "item"])
    info = info.assign(scale=scale_code(info["scale"]).to_numpy())
    data = values.drop(columns=["scale", "domain"], errors="ignore").merge(info, on=[*KEYS, "item"], how="inner")
    per_domain = info.groupby([*KEYS, "domain", "scale"])["item"].agg(list)
    rows = [
        _domain_row(key, part, per_domain[key], min_n, threshold)
        for key, part in data.groupby([*KEYS, "domain", "scale"], sort=True)
        if len(per_domain.get(key, ())) >= 2
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
