"""The template's ``목록`` sheet: the lists behind its dropdowns.

분과 names are entered once, in the ``목록`` sheet, and every column that holds a 분과
name (위원명단, 회의목록, 모니터링분과 …) offers them as a dropdown that refuses any other
spelling. The sheet also lists the money units 예산단위 accepts and the program and
measure names of the service indicator catalogue, so a 서비스실적 row can only name what
the report uses unless the user confirms otherwise. The loader ignores the sheet
(:data:`sabo_eval.intake.loaders.IGNORED_SHEETS`).

The dropdowns refer to the sheet by absolute ranges (``'목록'!$A$2:$A$101``), not
defined names, and the sheet holds only text cells: nothing in the template runs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .catalogue import load_catalogue, parse_terms
from .inert_text import put_text
from .money import UNITS
from .schemas import SCHEMAS
from .template_columns import dropdown

__all__ = [
    "LISTS_SHEET",
    "SUBCOMMITTEE_SLOTS",
    "LIST_ROWS",
    "ListColumn",
    "LIST_COLUMNS",
    "subcommittee_columns",
    "service_terms",
    "list_reference",
    "reference_validation",
    "write_lists_sheet",
]

#: Name of the lists sheet (the loader ignores it).
LISTS_SHEET = "목록"
#: Empty 분과 slots highlighted for entry in a blank template.
SUBCOMMITTEE_SLOTS = 4
#: Rows of each list a dropdown offers (room for more 분과 than the highlighted slots).
LIST_ROWS = 100

_HEADER_FONT = Font(bold=True)
_SLOT_FILL = PatternFill("solid", fgColor="FCE4D6")


@dataclass(frozen=True)
class ListColumn:
    """One list of the ``목록`` sheet: its column letter, header and help."""

    letter: str
    header: str
    help_ko: str


#: The lists, by key: 분과 names, budget units, service programs and measures, indicator terms.
LIST_COLUMNS: dict[str, ListColumn] = {
    "subcommittee": ListColumn(
        "A", "분과명", "분과 이름을 한 번만 적습니다. 위원명단·회의목록·모니터링의견의 분과 칸은 이 목록에서 고릅니다. "
        "출석부 시트 이름은 '출석부_' 뒤에 이 이름을 그대로 붙입니다 (예: 출석부_노인분과)."
    ),
    "budget_unit": ListColumn("C", "예산단위", "제출정보의 예산단위에서 고를 수 있는 금액 단위"),
    "program": ListColumn("E", "서비스 사업", "서비스실적의 '사업' 칸에서 고를 수 있는 사업명 (보고서 지표에 쓰임)"),
    "measure": ListColumn("F", "서비스 항목", "서비스실적의 '항목' 칸에서 고를 수 있는 항목명 (보고서 지표에 쓰임)"),
    "term": ListColumn("H", "지표에 쓰이는 사업 / 항목", "보고서의 서비스 지표가 읽는 사업·항목의 조합 (참고용)"),
}


def subcommittee_columns() -> list[tuple[str, str]]:
    """``(table, column)`` of every schema column that holds a 분과 name.

    Returns
    -------
    list of tuple
        Such as ``("members", "subcommittee")``, in schema order.
    """
    return [(s.name, c.name) for s in SCHEMAS.values() for c in s.columns if c.name == "subcommittee"]


@functools.cache
def service_terms() -> tuple[tuple[str, str], ...]:
    """``(program, measure)`` pairs the default service indicator catalogue reads, in catalogue order."""
    catalogue = load_catalogue()
    pairs: dict[tuple[str, str], None] = {}
    for expression in (*catalogue["numerator"], *catalogue["denominator"]):
        for term in parse_terms(expression):
            if not term.is_population:
                pairs[(term.program, term.measure)] = None
    return tuple(pairs)


def _list_values(key: str, subcommittees: list[str]) -> list[str]:
    terms = service_terms()
    values = {
        "subcommittee": subcommittees,
        "budget_unit": list(UNITS),
        "program": list(dict.fromkeys(p for p, _m in terms)),
        "measure": list(dict.fromkeys(m for _p, m in terms)),
        "term": [f"{p} / {m}" for p, m in terms],
    }
    return values[key]


def list_reference(key: str) -> str:
    """The absolute range of list ``key`` in the ``목록`` sheet, e.g. ``'목록'!$A$2:$A$101``."""
    letter = LIST_COLUMNS[key].letter
    return f"'{LISTS_SHEET}'!${letter}$2:${letter}${LIST_ROWS + 1}"


def reference_validation(key: str, title: str, sqref: str, *, strict: bool = True) -> DataValidation:
    """A dropdown over ``sqref`` offering list ``key`` of the ``목록`` sheet.

    Parameters
    ----------
    key : str
        A key of :data:`LIST_COLUMNS`.
    title : str
        The column's header, shown in the prompt.
    sqref : str
        The cells, e.g. ``"F2:F5001"``.
    strict : bool
        True refuses any other value (``stop``); False asks before accepting it (``warning``).

    Returns
    -------
    DataValidation
    """
    header = LIST_COLUMNS[key].header
    if strict:
        error = f"'{title}'에는 '{LISTS_SHEET}' 시트의 '{header}' 목록에 있는 값만 입력할 수 있습니다. 먼저 목록에 추가하세요."
    else:
        error = f"'{header}' 목록에 없는 이름은 보고서 지표에 쓰이지 않습니다. 그래도 입력하려면 '예'를 누르세요."
    prompt = f"'{LISTS_SHEET}' 시트의 '{header}' 목록에서 고르세요"
    return dropdown(list_reference(key), sqref, title=title, error=error, prompt=prompt, strict=strict)


def write_lists_sheet(ws: Worksheet, subcommittees: list[str] | None = None) -> None:
    """Fill the ``목록`` sheet: a header and the values of every list.

    Parameters
    ----------
    ws : Worksheet
        The (new, empty) sheet; renamed to :data:`LISTS_SHEET`.
    subcommittees : list of str, optional
        분과 names to prefill (carry-over); the blank template leaves the slots empty.
    """
    ws.title = LISTS_SHEET
    names = list(subcommittees or [])
    if len(names) > LIST_ROWS:
        raise ValueError(f"분과가 {LIST_ROWS}개를 넘습니다: {len(names)}개")
    for key, column in LIST_COLUMNS.items():
        header = ws[f"{column.letter}1"]
        put_text(header, column.header)
        header.font = _HEADER_FONT
        header.comment = Comment(column.help_ko, "sabo_eval", width=300, height=90)
        ws.column_dimensions[column.letter].width = 28 if key == "term" else 18
        ws.column_dimensions[column.letter].number_format = "@"
        for i, value in enumerate(_list_values(key, names), start=2):
            put_text(ws[f"{column.letter}{i}"], value)
    slots = LIST_COLUMNS["subcommittee"].letter
    for i in range(2, max(SUBCOMMITTEE_SLOTS, len(names)) + 2):
        ws[f"{slots}{i}"].fill = _SLOT_FILL
    ws.freeze_panes = "A2"
