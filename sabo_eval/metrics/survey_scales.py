"""Answer scales of the self-evaluation survey and of the project ratings (issue 22).

Three scales, each answer as written mapped to a number by the intake's mapping
(:func:`sabo_eval.intake.survey_scales.answer_value`), so that what validation accepts
is exactly what is counted:

* ``likert5`` (5점): ``1`` … ``5``, or the labels 매우 그렇지 않다 / 그렇지 않다 / 보통 /
  그렇다 / 매우 그렇다 (also 전혀 아니다 = 1, 아니다 = 2, 보통이다 = 3 …);
* ``appropriateness`` (적절·보통·부적절): 부적절 = 1, 보통 = 2, 적절 = 3;
* ``yesno`` (예·아니오): 아니오 = 0, 예 = 1.

A blank, ``무응답``, ``해당없음`` (and the like) is *not answered*: a missing value, not an
error. An answer that fits none of its scale's values is also a missing value here and
is flagged ``unknown``; intake names it, with its cell, as a validation problem.
This module adds what the metrics need on top: each scale's categories in order, the
positive answers (top box), and scale, stage and rating labels read as intake reads them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..intake.schemas import RATING_CODES, SCALE_CODES, STAGE_CODES, normalise_header
from ..intake.survey_scales import NO_FIT, answer_value

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "TOP_BOX",
    "RATING_VALUES",
    "RATING_LABELS",
    "STAGES",
    "scale_code",
    "parse_answers",
    "rating_label",
    "stage_label",
]

#: Scale → its categories as (value, label), from the lowest value up.
CATEGORIES = {
    "likert5": ((1.0, "매우 그렇지 않다"), (2.0, "그렇지 않다"), (3.0, "보통"), (4.0, "그렇다"), (5.0, "매우 그렇다")),
    "appropriateness": ((1.0, "부적절"), (2.0, "보통"), (3.0, "적절")),
    "yesno": ((0.0, "아니오"), (1.0, "예")),
}
#: Every category label once, in display order (columns ``n_<label>``, ``share_<label>``).
CATEGORY_LABELS = tuple(dict.fromkeys(label for cats in CATEGORIES.values() for _, label in cats))
#: Scale → the lowest value counted as a positive answer (top-two-box, 적절, 예).
TOP_BOX = {"likert5": 4.0, "appropriateness": 3.0, "yesno": 1.0}

#: Project rating label → value (the same order as the appropriateness scale).
RATING_VALUES = {"부적절": 1, "보통": 2, "적절": 3}
RATING_LABELS = {v: k for k, v in RATING_VALUES.items()}
#: The monitoring cycle's stages in order.
STAGES = ("계획수립", "이행점검", "결과확인")


def _coded(series: pd.Series, codes: dict[str, str], *, keep: bool) -> pd.Series:
    """Each value as its canonical code (intake's table), the value itself when already canonical.

    Values that are no code become missing, or stay as written when ``keep``.
    """
    def one(value: object) -> object:
        if not isinstance(value, str):
            return value if keep else None
        return codes.get(normalise_header(value), value if keep else None)

    return series.map(one)


def scale_code(scale: pd.Series) -> pd.Series:
    """The scale code (``likert5``, ``appropriateness``, ``yesno``) of each 척도 as written; missing if unknown."""
    return _coded(scale, SCALE_CODES, keep=False)


def parse_answers(answers: pd.Series, scales: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numeric value of each answer on its item's scale.

    Parameters
    ----------
    answers : Series
        Answers as written (text or numbers).
    scales : Series
        Scale code of each answer's item (same length), as :func:`scale_code` gives.

    Returns
    -------
    values : ndarray of float
        The value; NaN when not answered or when the answer fits no value of its scale.
    unknown : ndarray of bool
        True where an answer was given but fits no value of its scale, or its item's
        scale is unknown (an item not in the list).

    Examples
    --------
    >>> import pandas as pd
    >>> v, bad = parse_answers(pd.Series(["매우 그렇다", "무응답", "적절", "7"]),
    ...                        pd.Series(["likert5", "likert5", "appropriateness", "likert5"]))
    >>> v.tolist(), bad.tolist()
    ([5.0, nan, 3.0, nan], [False, False, False, True])
    """
    pairs = pd.DataFrame({"answer": answers.to_numpy(dtype=object), "scale": scales.to_numpy(dtype=object)})
    keys = pairs.astype(str)  # each distinct (answer, scale) is read once
    codes, uniques = pd.MultiIndex.from_frame(keys).factorize()
    first = pd.Series(np.arange(len(pairs))).groupby(codes).first().to_numpy()
    read = [_read(pairs["answer"].iat[i], pairs["scale"].iat[i]) for i in first]
    values = np.array([v for v, _ in read], dtype=float)[codes] if read else np.zeros(0)
    unknown = np.array([u for _, u in read], dtype=bool)[codes] if read else np.zeros(0, dtype=bool)
    return values, unknown


def _read(answer: object, scale: object) -> tuple[float, bool]:
    """(value, unknown) of one answer."""
    known = scale if isinstance(scale, str) and scale in CATEGORIES else None
    if known is None:
        blank = answer_value(answer, "yesno")  # NaN for every way of not answering
        return np.nan, not (isinstance(blank, float) and np.isnan(blank))
    value = answer_value(answer, known)
    return (np.nan, True) if value is NO_FIT else (float(value), False)


def rating_label(ratings: pd.Series) -> pd.Series:
    """Ratings as 적절 / 보통 / 부적절 (the codes intake accepts); missing if none of them."""
    return _coded(ratings, RATING_CODES, keep=False)


def stage_label(stages: pd.Series) -> pd.Series:
    """Stages as 계획수립 / 이행점검 / 결과확인 (the codes intake accepts); others kept as written."""
    return _coded(stages, STAGE_CODES, keep=True)
