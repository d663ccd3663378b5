"""Answer scales of the self-evaluation survey and of the project ratings (issue 22).

Three scales, each answer as written mapped to a number:

* ``likert5`` (5점): ``1`` … ``5``, or the labels 매우 그렇지 않다 / 그렇지 않다 / 보통 /
  그렇다 / 매우 그렇다 (also 전혀 아니다 = 1, 아니다 = 2, 보통이다 = 3);
* ``appropriateness`` (적절·보통·부적절): 부적절 = 1, 보통 = 2, 적절 = 3;
* ``yesno`` (예·아니오): 아니오 = 0, 예 = 1.

A blank, ``무응답``, ``해당없음`` (and the like) is *not answered*: a missing value, not an
error. An answer that fits none of its scale's values is also a missing value here and
is flagged ``unknown``; intake names it, with its cell, as a validation problem.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = [
    "SCALES",
    "CATEGORIES",
    "CATEGORY_LABELS",
    "TOP_BOX",
    "NOT_ANSWERED",
    "RATING_VALUES",
    "RATING_LABELS",
    "STAGES",
    "scale_code",
    "parse_answers",
    "rating_label",
    "stage_label",
]

_SPACE = re.compile(r"[\s·/,_\-()]+")


def _key(text: object) -> str:
    """Text reduced for matching: no whitespace or separators, lower case."""
    return _SPACE.sub("", str(text)).lower()


#: Scale code → accepted spellings of the scale (template's 척도 column).
SCALES = {
    "likert5": ("5점", "5점척도", "리커트", "likert", "likert5"),
    "appropriateness": ("적절보통부적절", "적절성", "3점", "appropriateness"),
    "yesno": ("예아니오", "예아니요", "yesno", "yes/no"),
}
_SCALE_KEYS = {_key(raw): code for code, raws in SCALES.items() for raw in raws}

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

_EXTRA = {
    "likert5": {"전혀그렇지않다": 1, "전혀아니다": 1, "아니다": 2, "보통이다": 3, "그렇다": 4, "매우그렇다": 5},
    "appropriateness": {"부적합": 1, "적합": 3},
    "yesno": {"아니요": 0, "아님": 0, "no": 0, "n": 0, "네": 1, "yes": 1, "y": 1, "o": 1, "x": 0},
}
_ANSWERS = {
    scale: {
        **{_key(label): value for value, label in cats},
        **({_key(int(v)): v for v, _ in cats} if scale == "likert5" else {}),
        **{_key(k): float(v) for k, v in _EXTRA[scale].items()},
    }
    for scale, cats in CATEGORIES.items()
}
_ANSWERS["likert5"].update({f"{v}.0": float(v) for v in range(1, 6)} | {f"{v}점": float(v) for v in range(1, 6)})

#: Answers read as *not answered* (after removing spaces).
NOT_ANSWERED = frozenset({"", "무응답", "해당없음", "해당사항없음", "모름", "nan", "none", "na", "n/a", "-", "–"})

#: Project rating label → value (the same order as the appropriateness scale).
RATING_VALUES = {"부적절": 1, "보통": 2, "적절": 3}
RATING_LABELS = {v: k for k, v in RATING_VALUES.items()}
_RATING_KEYS = {"부적절": "부적절", "부적합": "부적절", "inappropriate": "부적절", "poor": "부적절",
                "보통": "보통", "fair": "보통", "moderate": "보통", "average": "보통",
                "적절": "적절", "적합": "적절", "appropriate": "적절", "good": "적절"}
#: The monitoring cycle's stages in order.
STAGES = ("계획수립", "이행점검", "결과확인")
_STAGE_KEYS = {
    "계획수립": "계획수립", "계획": "계획수립", "plan": "계획수립", "planning": "계획수립",
    "이행점검": "이행점검", "이행": "이행점검", "점검": "이행점검", "check": "이행점검", "implementation": "이행점검",
    "결과확인": "결과확인", "결과": "결과확인", "result": "결과확인", "results": "결과확인", "outcome": "결과확인",
}


def _answer_key(answer: object) -> str:
    """An answer reduced for matching; whole numbers written without decimals (5.0 → "5")."""
    if answer is None or (isinstance(answer, float) and np.isnan(answer)):
        return ""
    if isinstance(answer, int | float | np.number) and float(answer).is_integer():
        return str(int(answer))
    return _key(answer)


def scale_code(scale: pd.Series) -> pd.Series:
    """The scale code (``likert5``, ``appropriateness``, ``yesno``) of each 척도 as written; NaN if unknown."""
    return scale.map(lambda s: _SCALE_KEYS.get(_key(s)) if isinstance(s, str) else None)


def parse_answers(answers: pd.Series, scales: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numeric value of each answer on its item's scale.

    Parameters
    ----------
    answers : Series
        Answers as written (text or numbers).
    scales : Series
        Scale code of each answer's item (same index), as :func:`scale_code` gives.

    Returns
    -------
    values : ndarray of float
        The value; NaN when not answered or when the answer fits no value of its scale.
    unknown : ndarray of bool
        True where an answer was given but fits no value of its scale (or its item's
        scale is unknown).

    Examples
    --------
    >>> import pandas as pd
    >>> v, bad = parse_answers(pd.Series(["매우 그렇다", "무응답", "적절", "7"]),
    ...                        pd.Series(["likert5", "likert5", "appropriateness", "likert5"]))
    >>> v.tolist(), bad.tolist()
    ([5.0, nan, 3.0, nan], [False, False, False, True])
    """
    keys = pd.Series([_answer_key(a) for a in answers], dtype=object)
    pairs = pd.DataFrame({"key": keys, "scale": scales.to_numpy(dtype=object)})
    codes, uniques = pd.MultiIndex.from_frame(pairs.fillna({"scale": ""})).factorize()
    found = np.array([_ANSWERS.get(scale, {}).get(key, np.nan) for key, scale in uniques] + [np.nan], dtype=float)
    blank = np.array([key in NOT_ANSWERED for key, _ in uniques] + [True], dtype=bool)
    values = found[codes]
    unknown = ~blank[codes] & np.isnan(values)
    return values, unknown


def rating_label(ratings: pd.Series) -> pd.Series:
    """Ratings as 적절 / 보통 / 부적절 (Korean or English codes accepted); NaN if none of them."""
    return ratings.map(lambda r: _RATING_KEYS.get(_key(r)) if isinstance(r, str) else None)


def stage_label(stages: pd.Series) -> pd.Series:
    """Stages as 계획수립 / 이행점검 / 결과확인 (Korean or English codes accepted); others kept as written."""
    return stages.map(lambda s: _STAGE_KEYS.get(_key(s), s) if isinstance(s, str) else s)
