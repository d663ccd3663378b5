"""Sheets the loader does not read as tables: unknown sheets and hidden sheets.

Every non-empty cell of a submission is loaded or named in a problem. A sheet whose
name the loader does not recognise is therefore an error (not a warning that lets
its values be lost), unless it is empty or is the template's instructions sheet. A
hidden sheet is read like any other — hiding is a display setting in Excel, not a
way to withdraw values — and a warning says it was read.
"""

from __future__ import annotations

from .problems import WARNING
from .schemas import SCHEMAS, SUBMISSION_INFO_SHEET
from .submission import RawSheet, Submission

__all__ = ["first_value", "report_unknown_sheet", "report_hidden_sheet"]


def _column_letter(index: int) -> str:
    """``0 → A``, ``26 → AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def first_value(sheet: RawSheet) -> tuple[int, str, object, int] | None:
    """The first non-empty cell of a sheet and how many there are.

    Parameters
    ----------
    sheet : RawSheet

    Returns
    -------
    tuple or None
        ``(Excel row, column letter, value, count of non-empty cells)``; None when the
        sheet holds no value.
    """
    first, count = None, 0
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            count += 1
            if first is None:
                first = (r + 1, _column_letter(c), value)
    return None if first is None else (*first, count)


def report_unknown_sheet(sub: Submission, sheet: RawSheet, found: tuple[int, str, object, int]) -> None:
    """An error for a non-empty sheet whose name maps to no table.

    Parameters
    ----------
    sub : Submission
        The submission the problem is added to.
    sheet : RawSheet
        The sheet.
    found : tuple
        :func:`first_value` of the sheet.
    """
    row, column, value, count = found
    known = ", ".join([SUBMISSION_INFO_SHEET, *(schema.korean for schema in SCHEMAS.values()), "출석부_<분과명>"])
    hidden_ko, hidden_en = ("숨겨진 시트이며 ", "a hidden sheet; ") if sheet.hidden else ("", "")
    sub.problem(
        sheet.name, row, f"{column}열", value,
        f"{hidden_ko}이름을 알 수 없는 시트입니다(값이 있는 셀 {count:,}개, 첫 값은 {column}{row}) — 어느 표인지 "
        f"알 수 없어 읽을 수 없습니다. 시트 이름을 서식의 이름({known})으로 바꾸거나, 필요 없는 시트면 지우세요",
        f"{hidden_en}unknown sheet name ({count:,} non-empty cells, the first at {column}{row}); it cannot be "
        f"read as any table — rename it to a template sheet name ({known}) or delete it",
        "unknown_sheet",
    )


def report_hidden_sheet(sub: Submission, sheet: RawSheet) -> None:
    """A warning that a hidden sheet was read.

    Parameters
    ----------
    sub : Submission
        The submission the problem is added to.
    sheet : RawSheet
        The hidden sheet, read as data.
    """
    sub.problem(
        sheet.name, None, "", "",
        "숨겨진 시트입니다 — 다른 시트처럼 읽었습니다. 제출하지 않을 자료라면 시트를 지우세요",
        "hidden sheet; it was read like any other — delete the sheet if its data is not meant to be submitted",
        "hidden_sheet", WARNING,
    )
