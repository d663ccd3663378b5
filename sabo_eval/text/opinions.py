"""Themes of the monitoring opinions (the ``opinions`` table) and how departments responded.

Each opinion's text is coded with the codebook (:func:`sabo_eval.text.codebook.code_texts`);
the response status of each opinion is the one of :mod:`sabo_eval.metrics.opinions`
(the 반영여부 column when filled, else inferred from the reply by its rules). An
opinion with several themes counts once under each; an opinion that only says 중복
(a duplicate of another one) is not coded.
"""

from __future__ import annotations

import pandas as pd

from ..metrics.opinions import STATUS_LABELS, opinion_statuses
from .codebook import Codebook, code_texts, theme_long

__all__ = ["STATUS_COLUMNS", "opinion_theme_rows", "opinion_themes"]

#: The status count columns of :func:`opinion_themes`, in order.
STATUS_COLUMNS = [*STATUS_LABELS.values(), "미회신"]
_KEEP = ["district_code", "year", "item_code", "subcommittee", "opinion", "response", "status", "status_ko", "status_source"]


def opinion_theme_rows(opinions: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """One row per (opinion, theme) with the response status.

    Parameters
    ----------
    opinions : DataFrame
        Canonical ``opinions`` rows (``opinion``, ``response``, ``response_status`` …).
    codebook : Codebook

    Returns
    -------
    DataFrame
        ``district_code``, ``year``, ``item_code``, ``subcommittee``, ``opinion``,
        ``response``, ``status``, ``status_ko``, ``status_source`` (those present),
        ``theme``, ``label``, ``matched_words``; in the opinions' order, themes in
        codebook order.
    """
    scored = opinion_statuses(opinions.reset_index(drop=True))
    scored = scored.loc[scored["opinion"].map(lambda t: str(t).replace(" ", "") != "중복").astype(bool)]
    coded = code_texts(scored[[c for c in _KEEP if c in scored]], codebook, text_col="opinion")
    return theme_long(coded, codebook)


def opinion_themes(opinions: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per theme: the opinions that raised it and how departments responded.

    Returns
    -------
    DataFrame
        ``theme``, ``label``, ``n_opinions``, ``n_responded``, one count per status
        (반영, 부분반영, 미반영, 검토중, 중복, 미회신) and ``example`` (the theme's
        shortest opinion; the first of equals). Only themes some opinion raised, most
        opinions first, then codebook order.

    Examples
    --------
    >>> import pandas as pd
    >>> from sabo_eval.text.codebook import load_codebook
    >>> from sabo_eval.text.opinions import opinion_themes
    >>> opinions = pd.DataFrame({"opinion": ["성과지표에 참여자수 추가 요청"], "response": ["지표 추가하겠음"], "response_status": [None]})
    >>> opinion_themes(opinions, load_codebook())[["label", "n_opinions", "반영"]].to_dict("records")
    [{'label': '성과지표', 'n_opinions': 1, '반영': 1}]
    """
    rows = opinion_theme_rows(opinions, codebook)
    order = {theme: i for i, theme in enumerate(codebook.themes["theme"])}
    out = []
    for theme, part in rows.groupby("theme", sort=False):
        statuses = part["status_ko"].value_counts()
        shortest = min(zip(part["opinion"].str.len(), range(len(part)), part["opinion"], strict=True))[2]
        out.append(
            {
                "theme": theme,
                "label": part["label"].iloc[0],
                "n_opinions": len(part),
                "n_responded": int((part["status_ko"] != "미회신").sum()),
                **{label: int(statuses.get(label, 0)) for label in STATUS_COLUMNS},
                "example": shortest,
            }
        )
    columns = ["theme", "label", "n_opinions", "n_responded", *STATUS_COLUMNS, "example"]
    frame = pd.DataFrame(out, columns=columns)
    frame["_order"] = frame["theme"].map(order)
    return frame.sort_values(["n_opinions", "_order"], ascending=[False, True], kind="stable").drop(columns="_order").reset_index(drop=True)
