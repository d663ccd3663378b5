"""Validation rules of the self-evaluation survey and the project ratings (issue 22).

* every answer fits its item's scale (:mod:`.survey_scales`): an error naming the cell;
* every answered item is an item of the 설문문항 sheet (same survey and item id);
* respondents are anonymous ids: a 응답자 column of Hangul names (2–4 syllables, such
  as 김민수) is a warning, once per sheet — a survey that names people cannot be shown.

The project ratings' 사업번호 are checked against the plan with the other item
references (:func:`.rules.check_references`).
"""

from __future__ import annotations

import re

from .column_cache import ColumnCache, header_of
from .problems import WARNING
from .submission import Submission
from .survey_scales import NO_FIT, SCALE_KO, answer_value

__all__ = ["check_survey", "looks_like_name"]

_NAME = re.compile(r"^[\uac00-\ud7a3]{2,4}$")
#: Hangul words that are not names: bodies and roles a respondent column may hold instead of an id.
_NOT_NAMES = ("위원", "분과", "협의체", "민간", "공공", "응답", "무응답", "익명", "담당", "팀장", "과장", "주무관")


def looks_like_name(value: object) -> bool:
    """Whether a respondent looks like a person's name: 2–4 Hangul syllables, no digit, no role word.

    Examples
    --------
    >>> looks_like_name("김민수"), looks_like_name("R001"), looks_like_name("응답자1"), looks_like_name("복지분과")
    (True, False, False, False)
    """
    text = str(value).strip() if value is not None else ""
    return bool(_NAME.match(text)) and not any(word in text for word in _NOT_NAMES)


def check_survey(sub: Submission, columns: ColumnCache | None = None) -> None:
    """Answers fit their item's scale, answered items exist, respondents are not named.

    Parameters
    ----------
    sub : Submission
        A loaded submission; problems are appended to it.
    columns : ColumnCache, optional
        The submission's columns (read anew when not given).
    """
    responses = sub.tables.get("survey_responses")
    if responses is None or responses.empty:
        return
    columns = columns or ColumnCache(sub)
    _check_answers(sub, columns)
    _check_respondents(sub, columns)


def _scales(columns: ColumnCache) -> dict[tuple[str, str], str | None]:
    """(survey, item) → scale code of the 설문문항 rows."""
    return dict(
        zip(
            zip(columns.get("survey_items", "survey"), columns.get("survey_items", "item"), strict=True),
            columns.get("survey_items", "scale"),
            strict=True,
        )
    )


def _check_answers(sub: Submission, columns: ColumnCache) -> None:
    """Report answers that fit no value of their item's scale, and answers to unknown items."""
    scales = _scales(columns)
    table = "survey_responses"
    written_in = columns.get(table, "_column") if "_column" in sub.tables[table] else None
    sheets, rows = columns.get(table, "_sheet"), columns.get(table, "_row")
    for pos, (survey, item, answer) in enumerate(
        zip(columns.get(table, "survey"), columns.get(table, "item"), columns.get(table, "answer"), strict=True)
    ):
        if survey is None or item is None:
            continue
        written = written_in[pos] if written_in is not None and isinstance(written_in[pos], str) else None
        if (survey, item) not in scales:
            if scales:
                sub.problem(
                    sheets[pos], rows[pos], written or header_of(sub, table, "item"), item,
                    f"설문문항에 없는 문항입니다(조사 '{survey}')", f"item not in the survey items (survey '{survey}')",
                    "unknown_survey_item",
                )
            continue
        scale = scales[(survey, item)]
        if answer is not None and answer_value(answer, scale) is NO_FIT:
            sub.problem(
                sheets[pos], rows[pos], written or header_of(sub, table, "answer"), answer,
                f"응답이 문항 {item}의 척도({SCALE_KO[scale]})에 맞지 않습니다",
                f"the answer is no value of item {item}'s scale ({scale})",
                "bad_answer",
            )


def _check_respondents(sub: Submission, columns: ColumnCache) -> None:
    """One warning per sheet whose respondents look like people's names."""
    table = "survey_responses"
    named: dict[str, tuple[int, object, set]] = {}
    for sheet, row, who in zip(
        columns.get(table, "_sheet"), columns.get(table, "_row"), columns.get(table, "respondent"), strict=True
    ):
        if looks_like_name(who):
            first = named.setdefault(sheet, (row, who, set()))
            first[2].add(who)
    for sheet, (row, who, people) in named.items():
        sub.problem(
            sheet, row, header_of(sub, table, "respondent"), who,
            f"응답자는 익명 ID로 적으세요 — 이름으로 보이는 응답자 {len(people):,}명(예: R001)",
            f"write respondents as anonymous ids; {len(people):,} look like names (e.g. R001)",
            "named_respondent", WARNING,
        )
