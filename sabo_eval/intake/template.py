"""Write the submission workbook (제출 서식) from the declarative schemas.

The template is built only from :mod:`sabo_eval.intake.schemas`, so it always matches what
:func:`sabo_eval.intake.loaders.load_submission` reads. Sheets, in order: ``안내``
(instructions and every column explained, :mod:`.template_guide`), ``제출정보``
(항목 | 값), ``목록`` (분과 names entered once and the lists behind the dropdowns,
:mod:`.template_lists`), one sheet per canonical table with its Korean headers, an
example attendance roster ``출석부_예시분과`` and ``작성예시``, a filled example
(:mod:`.template_example`). 안내, 목록 and 작성예시 are ignored by the loader.

Code columns get dropdown lists of Korean labels that the loader accepts; 분과 columns,
예산단위 and the 서비스실적 사업·항목 get dropdowns fed by the ``목록`` sheet; date
columns a date number format; every header a comment explaining what to enter.
Dropdowns cover rows 2 to :data:`VALIDATION_LAST_ROW`. A :class:`Prefill` (carry-over
from last year, built by :mod:`sabo_eval.warehouse.carry_over`) fills 제출정보, the
분과 list and table rows.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import parsing
from .inert_text import list_formula, put_text, sheet_title
from .schemas import (
    CODE,
    DATE,
    DISTRICT,
    FLOAT,
    INT,
    ROSTER_SHEET_PREFIXES,
    SCHEMAS,
    SUBMISSION_INFO_FIELDS,
    SUBMISSION_INFO_SHEET,
    TEXT,
    TableSchema,
)
from .template_columns import (
    HEADER_ALIGN,
    HEADER_FONT,
    INFO_HELP,
    MARKS_LINE,
    OPTIONAL_FILL,
    REQUIRED_FILL,
    ROSTER_MARKS,
    comment,
    display_width,
    dropdown,
    dropdown_labels,
    header_note,
    must_fill,
    text_cell,
)
from .template_example import EXAMPLE_SHEET, write_example_sheet
from .template_guide import EXAMPLE_ROSTER_SHEET, INSTRUCTIONS_SHEET, write_instructions
from .template_lists import LISTS_SHEET, reference_validation, write_lists_sheet

__all__ = [
    "Prefill",
    "write_template",
    "dropdown_labels",
    "INSTRUCTIONS_SHEET",
    "EXAMPLE_ROSTER_SHEET",
    "EXAMPLE_SHEET",
    "LISTS_SHEET",
    "ROSTER_MONTHS",
    "ROSTER_MARKS",
    "VALIDATION_LAST_ROW",
]

logger = logging.getLogger(__name__)

#: Month columns of the example roster.
ROSTER_MONTHS: tuple[str, ...] = tuple(f"{m}월" for m in range(1, 13))
#: Last worksheet row covered by dropdowns (rows 2 … 5,001: 5,000 data rows).
VALIDATION_LAST_ROW = 5001

#: Timestamp written into the workbook properties, so every template looks the same.
_FIXED_TIME = dt.datetime(2024, 1, 1)
_DATE_FORMAT = "yyyy.mm.dd"
_TEXT_FORMAT = "@"

#: Preferred widths of columns holding long text (canonical name → width).
_WIDE_COLUMNS = {
    "item_name": 30,
    "indicator": 26,
    "opinion": 50,
    "response": 50,
    "strategy": 18,
    "key_project": 18,
    "framework": 14,
    "department": 14,
    "program": 20,
    "measure": 16,
    "district_name": 12,
}
_KIND_WIDTH = {TEXT: 12, INT: 10, FLOAT: 12, DATE: 14, CODE: 10, DISTRICT: 11}
#: Columns whose dropdown is a list of the 목록 sheet: column name → (list key, strict).
#: Roster sheets of the councils (body label → group name in the sheet title).
_COUNCIL_ROSTERS = {"대표": "대표협의체", "실무": "실무협의체"}
_LIST_DROPDOWNS = {"subcommittee": ("subcommittee", True), "program": ("program", False), "measure": ("measure", False)}


@dataclass
class Prefill:
    """What a carry-over template starts with.

    Parameters
    ----------
    info : dict
        제출정보 values by canonical key (``budget_unit``, ``prepared_by`` …).
    subcommittees : list of str
        분과 names for the ``목록`` sheet.
    rows : dict
        Table name → rows, each a dict by canonical column name (dates as ``datetime.date``).
    source_year : int, optional
        The year the values were carried over from.
    """

    info: dict[str, object] = field(default_factory=dict)
    subcommittees: list[str] = field(default_factory=list)
    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    source_year: int | None = None


def write_template(
    path: Path | str, *, year: int | None = None, district_code: str | None = None, prefill: Prefill | None = None
) -> Path:
    """Write a submission workbook, blank or prefilled.

    Parameters
    ----------
    path : path-like
        Where to write the ``.xlsx`` file; missing parent folders are created.
    year : int, optional
        Prefills 연도 in 제출정보; the 작성예시 dates fall in it.
    district_code : str, optional
        Prefills 시군구코드 in 제출정보 (five digits, e.g. ``"41110"``).
    prefill : Prefill, optional
        Carry-over values (제출정보, 분과 list, table rows).

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ValueError
        When ``district_code`` is not five digits or ``year`` is out of range.
    """
    path = Path(path)
    code = _check_district(district_code)
    _check_year(year)
    prefill = prefill or Prefill()

    wb = Workbook()
    _set_properties(wb)
    write_instructions(wb.active)
    info = {**prefill.info, "district_code": code, "year": year}
    _write_info_sheet(wb.create_sheet(SUBMISSION_INFO_SHEET), info)
    write_lists_sheet(wb.create_sheet(LISTS_SHEET), prefill.subcommittees)
    for name, schema in SCHEMAS.items():
        ws = wb.create_sheet(schema.korean)
        _write_table_sheet(ws, schema)
        _write_rows(ws, schema, prefill.rows.get(name, []))
    for title, members in _roster_groups(prefill.rows.get("members", [])).items():
        _write_roster_sheet(wb.create_sheet(title), members)
    write_example_sheet(wb.create_sheet(EXAMPLE_SHEET), year)
    wb.active = 0

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    logger.info("wrote submission template %s (%d sheets)", path, len(wb.sheetnames))
    return path


def _check_district(district_code: str | None) -> str | None:
    if district_code is None:
        return None
    try:
        return parsing.parse_district_code(district_code)
    except parsing.CellError as err:
        raise ValueError(err.reason_ko) from None


def _check_year(year: int | None) -> None:
    if year is None:
        return
    column = SCHEMAS["indicators"].column("year")
    low, high = column.minimum, column.maximum
    if isinstance(year, bool) or not isinstance(year, int) or (
        low is not None and year < low or high is not None and year > high
    ):
        raise ValueError(f"연도는 {low:g}~{high:g} 사이의 정수여야 합니다: {year!r}")


def _set_properties(wb: Workbook) -> None:
    props = wb.properties
    props.title = "지역사회보장협의체 평가 자료 제출 서식"
    props.subject = "시군구·연도별 제출 자료"
    props.creator = "sabo_eval"
    props.lastModifiedBy = "sabo_eval"
    props.description = "안내 시트를 읽고 각 시트에 자료를 입력하세요."
    props.keywords = "지역사회보장협의체, 평가, 제출 서식"
    props.category = "제출 서식"
    props.language = "ko-KR"
    # openpyxl overwrites ``modified`` with the save time; ``created`` stays fixed.
    props.created = props.modified = _FIXED_TIME


# --------------------------------------------------------------------------- helpers


def _list_validation(labels: list[str] | tuple[str, ...], title: str, sqref: str) -> DataValidation:
    """A dropdown over ``sqref`` that only accepts ``labels``."""
    allowed = ", ".join(labels)
    error = f"'{title}'에는 목록의 값만 입력할 수 있습니다: {allowed}"
    return dropdown(list_formula(labels), sqref, title=title, error=error, prompt=f"목록에서 고르세요: {allowed}")


def _style_header_row(ws: Worksheet, count: int) -> None:
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30
    for j in range(1, count + 1):
        cell = ws.cell(row=1, column=j)
        cell.font = HEADER_FONT
        cell.alignment = HEADER_ALIGN


def _put_value(cell, value: object) -> None:
    """Write a prefilled value: text as a string cell, dates with the date format."""
    if value is None:
        return
    if isinstance(value, str):
        put_text(cell, value)
        return
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = _DATE_FORMAT


# --------------------------------------------------------------------------- sheets


def _write_table_sheet(ws: Worksheet, schema: TableSchema) -> None:
    """Header row, widths, number formats, comments and dropdowns of one table."""
    last = VALIDATION_LAST_ROW
    for j, column in enumerate(schema.columns, start=1):
        letter = get_column_letter(j)
        cell = text_cell(ws, 1, j, column.korean)
        cell.fill = REQUIRED_FILL if must_fill(column) else OPTIONAL_FILL
        cell.comment = comment(header_note(schema.name, column))
        dim = ws.column_dimensions[letter]
        dim.width = max(_WIDE_COLUMNS.get(column.name, _KIND_WIDTH[column.kind]), display_width(column.korean) + 4)
        if column.kind == DATE:
            dim.number_format = _DATE_FORMAT
        elif column.kind in (TEXT, DISTRICT, CODE):
            # Stop Excel turning codes such as "1-2" into dates.
            dim.number_format = _TEXT_FORMAT
        sqref = f"{letter}2:{letter}{last}"
        if column.kind == CODE:
            ws.add_data_validation(_list_validation(dropdown_labels(column), column.korean, sqref))
        elif column.name in _LIST_DROPDOWNS:
            key, strict = _LIST_DROPDOWNS[column.name]
            ws.add_data_validation(reference_validation(key, column.korean, sqref, strict=strict))
    _style_header_row(ws, len(schema.columns))


def _write_rows(ws: Worksheet, schema: TableSchema, rows: list[dict[str, object]]) -> None:
    """Prefilled rows under the header, by canonical column name."""
    for i, row in enumerate(rows, start=2):
        for j, column in enumerate(schema.columns, start=1):
            _put_value(ws.cell(row=i, column=j), row.get(column.name))


def _write_info_sheet(ws: Worksheet, info: dict[str, object]) -> None:
    """The 제출정보 key–value sheet, prefilled with ``info`` (canonical key → value)."""
    text_cell(ws, 1, 1, "항목")
    text_cell(ws, 1, 2, "값")
    for i, (key, label, kind, required) in enumerate(SUBMISSION_INFO_FIELDS, start=2):
        label_cell = text_cell(ws, i, 1, label)
        label_cell.font = HEADER_FONT
        label_cell.fill = REQUIRED_FILL if required else OPTIONAL_FILL
        note = INFO_HELP.get(key, "")
        label_cell.comment = comment(f"{note}\n입력: {'필수' if required else '선택'}".strip())
        value_cell = ws.cell(row=i, column=2)
        _put_value(value_cell, info.get(key))
        if kind == DATE:
            value_cell.number_format = _DATE_FORMAT
        elif kind in (TEXT, DISTRICT):
            value_cell.number_format = _TEXT_FORMAT
        if key == "budget_unit":
            ws.add_data_validation(reference_validation("budget_unit", label, f"B{i}"))
    _style_header_row(ws, 2)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 30


def _roster_groups(members: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """Roster sheet title → its members: one per 분과 and council of carried members, else the example roster."""
    groups: dict[str, list[dict[str, object]]] = {}
    for member in members:
        group = _COUNCIL_ROSTERS.get(str(member.get("body")), member.get("subcommittee"))
        if member.get("body") in _COUNCIL_ROSTERS or (member.get("body") == "분과" and group):
            groups.setdefault(str(group), []).append(member)
    taken: set[str] = set()
    titled = {sheet_title(f"{ROSTER_SHEET_PREFIXES[0]}_{group}", taken): rows for group, rows in groups.items()}
    return titled or {EXAMPLE_ROSTER_SHEET: []}


def _write_roster_sheet(ws: Worksheet, rows: list[dict[str, object]] | None = None) -> None:
    """A roster: 위원ID | 위원명 | 1월 … 12월 with ○/×/△/◇/- dropdowns, one row per given member."""
    members = SCHEMAS["members"]
    headers = [members.column("member_id").korean, members.column("name").korean, *ROSTER_MONTHS]
    for j, header in enumerate(headers, start=1):
        text_cell(ws, 1, j, header)
    marks = " / ".join(ROSTER_MARKS)
    for j in range(1, len(headers) + 1):
        cell = ws.cell(row=1, column=j)
        letter = get_column_letter(j)
        if j <= 2:
            cell.fill = REQUIRED_FILL
            ws.column_dimensions[letter].width = 12
            ws.column_dimensions[letter].number_format = _TEXT_FORMAT
        else:
            cell.fill = OPTIONAL_FILL
            ws.column_dimensions[letter].width = 7
    ws.cell(row=1, column=1).comment = comment(
        "위원명단의 위원ID. 위원ID가 없으면 위원명으로 찾습니다(동명이인이면 위원ID 필요).\n"
        f"시트 이름은 '출석부_' + '{LISTS_SHEET}' 시트의 분과 이름입니다."
    )
    ws.cell(row=1, column=3).comment = comment(
        f"참석 표시: {marks}\n{MARKS_LINE}\n월 열은 위원의 협의체·분과가 그 달에 연 회의로 연결됩니다."
    )
    first, last = get_column_letter(3), get_column_letter(len(headers))
    ws.add_data_validation(_list_validation(ROSTER_MARKS, "참석 표시", f"{first}2:{last}{VALIDATION_LAST_ROW}"))
    _style_header_row(ws, len(headers))
    for i, member in enumerate(rows or [], start=2):
        _put_value(ws.cell(row=i, column=1), member.get("member_id"))
        _put_value(ws.cell(row=i, column=2), member.get("name"))
