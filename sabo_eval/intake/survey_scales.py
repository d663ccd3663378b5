"""Answers of the self-evaluation survey read on their item's scale (설문 척도).

Three scales (:data:`~.schemas.SCALE_CODES`): ``likert5`` (1–5, or 매우 그렇지 않다 …
매우 그렇다), ``appropriateness`` (부적절 1, 보통 2, 적절 3) and ``yesno`` (아니오 0,
예 1). A blank, ``무응답``, ``해당없음`` or ``모름`` is no answer (not a problem); any
other text that is no value of the scale is a problem that validation names with its
cell (:mod:`.rules_survey`). The metrics read the same mapping
(:func:`answer_value`), so what validation accepts is exactly what is counted.
"""

from __future__ import annotations

import math
import re

__all__ = ["SCALE_VALUES", "SCALE_KO", "NOT_ANSWERED", "NO_FIT", "answer_value"]

#: Scale code → accepted answer (spaces removed) → value.
SCALE_VALUES: dict[str, dict[str, float]] = {
    "likert5": {
        "매우그렇지않다": 1, "전혀그렇지않다": 1, "전혀아니다": 1, "매우아니다": 1, "매우불만족": 1,
        "그렇지않다": 2, "아니다": 2, "불만족": 2,
        "보통": 3, "보통이다": 3, "그저그렇다": 3,
        "그렇다": 4, "만족": 4,
        "매우그렇다": 5, "매우만족": 5,
    },
    "appropriateness": {"부적절": 1, "보통": 2, "적절": 3},
    "yesno": {"아니오": 0, "아니요": 0, "아니": 0, "no": 0, "n": 0, "예": 1, "네": 1, "yes": 1, "y": 1},
}
#: Scale code → how the scale is named to people.
SCALE_KO = {"likert5": "5점(1~5)", "appropriateness": "적절·보통·부적절", "yesno": "예·아니오"}
#: Written answers that mean the respondent did not answer (spaces removed).
NOT_ANSWERED = frozenset({"", "무응답", "해당없음", "해당사항없음", "모름", "응답없음", "-", "n/a", "na"})
#: What :func:`answer_value` returns for an answer that fits no value of the scale.
NO_FIT = object()

_NUMBER = re.compile(r"^([1-5])(?:\.0+)?점?$")


def answer_value(answer: object, scale: str | None) -> float | object:
    """The value of one written answer on ``scale``.

    Parameters
    ----------
    answer : object
        The answer as written (``"5"``, ``5``, ``"매우 그렇다"``, ``"적절"``, ``"예"``, blank).
    scale : str or None
        ``likert5``, ``appropriateness`` or ``yesno``; None when the item's scale is not known.

    Returns
    -------
    float or NO_FIT
        The value; NaN when not answered (or the scale is unknown); :data:`NO_FIT`
        when the answer is no value of the scale.

    Examples
    --------
    >>> answer_value("매우 그렇다", "likert5"), answer_value("4점", "likert5"), answer_value("적절", "appropriateness")
    (5.0, 4.0, 3.0)
    >>> answer_value("무응답", "yesno")
    nan
    >>> answer_value("7", "likert5") is NO_FIT
    True
    """
    if answer is None or (isinstance(answer, float) and math.isnan(answer)):
        return math.nan
    text = re.sub(r"\s+", "", str(answer)).lower()
    if text in NOT_ANSWERED or scale not in SCALE_VALUES:
        return math.nan
    found = SCALE_VALUES[scale].get(text)
    if found is not None:
        return float(found)
    number = _NUMBER.match(text)
    if scale == "likert5" and number:
        return float(number.group(1))
    return NO_FIT
