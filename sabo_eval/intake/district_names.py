"""A district code written with its name: ``41110(수원시)``, ``41110 수원시``, ``수원시(41110)``.

Secretariats often write the 시군구코드 together with the district's name. The code is
read (41110) and a warning names the cell (rule ``district_code_with_name``), so the
name is not lost silently. The name is then checked against the submission's own
name for that code — 지역현황's 시군구명, else the district name in the file name
(``41110_2023_수원시.xlsx``): when they disagree, which one is right cannot be known
and the cell is refused naming both (rule ``district_name_mismatch``).
"""

from __future__ import annotations

import re
import unicodedata

from . import dates, parsing
from .notes import Note
from .problems import ERROR, WARNING
from .submission import Submission

__all__ = ["read_code_with_name", "check_district_names"]

WITH_NAME = "district_code_with_name"
_CODE_FIRST = re.compile(r"([0-9]{5})\s*(?:[(（\[]\s*([가-힣][가-힣 ]*?)\s*[)）\]]|[\s/·-]+([가-힣][가-힣 ]*?))")
_NAME_FIRST = re.compile(r"([가-힣][가-힣 ]*?)\s*[(（\[]\s*([0-9]{5})\s*[)）\]]")
_FILE_NAME = re.compile(r"^\d{5}_\d{4}_([가-힣]+)")


def split_code_and_name(value: object) -> tuple[str, str] | None:
    """``(code, name)`` of a cell written as a code with a name; None otherwise."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    found = _CODE_FIRST.fullmatch(text)
    if found:
        return found.group(1), (found.group(2) or found.group(3)).strip()
    found = _NAME_FIRST.fullmatch(text)
    if found:
        return found.group(2), found.group(1).strip()
    return None


def read_code_with_name(value: object) -> tuple[str | None, tuple[Note, ...]]:
    """A district code cell (:func:`.dates.read_district_code`), also with its name beside it.

    Raises
    ------
    parsing.CellError
        When the cell is neither a code nor a code with a name.
    """
    try:
        return dates.read_district_code(value), ()
    except parsing.CellError:
        both = split_code_and_name(value)
        if both is None:
            raise
    code, name = both
    return code, (
        Note(
            WITH_NAME,
            f"시군구코드와 이름이 함께 적혀 있어 코드 {code}(으)로 읽었습니다(이름 '{name}'은 제출 지역과 대조)",
            f"a district code written with its name: read as {code} (the name '{name}' is checked against the "
            "submission's district)",
        ),
    )


def _known_names(sub: Submission) -> dict[str, str]:
    """The submission's district name per code: 지역현황's 시군구명, else the file name's."""
    names: dict[str, str] = {}
    match = _FILE_NAME.match(sub.file_name)
    if match and sub.district_code:
        names[sub.district_code] = match.group(1)
    frame = sub.tables.get("districts")
    if frame is not None and {"district_code", "district_name"} <= set(frame.columns):
        for code, name in zip(frame["district_code"], frame["district_name"], strict=True):
            if isinstance(code, str) and isinstance(name, str) and name.strip():
                names[code] = name.strip()
    return names


def _same(written: str, known: str) -> bool:
    """Whether two district names are the same (spaces aside; ``경기도 수원시`` ends in ``수원시``)."""
    a, b = written.replace(" ", ""), known.replace(" ", "")
    return a == b or a.endswith(b) or b.endswith(a)


def check_district_names(sub: Submission) -> None:
    """Refuse each code written with a name that is not the submission's name for that code."""
    names = _known_names(sub)
    for problem in list(sub.problems):
        if problem.rule != WITH_NAME or problem.severity != WARNING:
            continue
        both = split_code_and_name(problem.value)
        if both is None or both[0] not in names or _same(both[1], names[both[0]]):
            continue
        code, written = both
        known = names[code]
        sub.problem(
            problem.sheet, problem.row, problem.column, problem.value,
            f"시군구코드 {code}의 이름이 '{written}'(으)로 적혀 있으나 이 제출의 {code}은(는) '{known}'입니다 — "
            "코드와 이름 중 어느 것이 맞는지 알 수 없습니다",
            f"district code {code} is written with the name '{written}', but {code} is '{known}' in this "
            "submission; cannot tell whether the code or the name is right",
            "district_name_mismatch", ERROR,
        )
