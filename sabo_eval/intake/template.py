"""Write the blank submission workbook (제출 서식) from the declarative schemas.

The template is built only from :mod:`sabo_eval.intake.schemas`, so it always matches what
:func:`sabo_eval.intake.loaders.load_submission` reads: an ``안내`` sheet with instructions
(ignored by the loader), the ``제출정보`` key–value sheet, one sheet per canonical
table with its Korean headers, and an example attendance roster
``출석부_예시분과``. Code columns get dropdown lists of Korean labels that the loader
accepts, date columns a date number format, and every header a comment explaining
what to enter.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import parsing
from .inert_text import list_formula, put_text
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
    Column,
    TableSchema,
)

__all__ = [
    "write_template",
    "dropdown_labels",
    "INSTRUCTIONS_SHEET",
    "EXAMPLE_ROSTER_SHEET",
    "ROSTER_MONTHS",
    "ROSTER_MARKS",
    "VALIDATION_LAST_ROW",
]

logger = logging.getLogger(__name__)

#: Name of the instructions sheet (the loader ignores it).
INSTRUCTIONS_SHEET = "안내"
#: Name of the example roster sheet.
EXAMPLE_ROSTER_SHEET = f"{ROSTER_SHEET_PREFIXES[0]}_예시분과"
#: Month columns of the example roster.
ROSTER_MONTHS: tuple[str, ...] = tuple(f"{m}월" for m in range(1, 13))
#: Last worksheet row covered by dropdowns.
VALIDATION_LAST_ROW = 1000

#: Columns the loader fills from 제출정보 when left blank (cells.CONTEXT_COLUMNS).
_CONTEXT_COLUMNS = ("district_code", "year")
#: Symbols accepted as Korean dropdown labels besides Hangul.
_MARK_CHARS = "○×△◇"
#: Timestamp written into the workbook properties, so every template looks the same.
_FIXED_TIME = dt.datetime(2024, 1, 1)

_KIND_KO = {TEXT: "텍스트", INT: "정수", FLOAT: "숫자", DATE: "날짜", CODE: "코드", DISTRICT: "텍스트"}
_DATE_FORMAT = "yyyy.mm.dd"
_TEXT_FORMAT = "@"

_HEADER_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=14)
_SECTION_FONT = Font(bold=True, size=12)
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")  # light orange: must be filled
_OPTIONAL_FILL = PatternFill("solid", fgColor="E7E6E6")  # grey: may stay empty
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP_ALIGN = Alignment(vertical="top", wrap_text=True)

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

#: Explanations of the 제출정보 fields (canonical key → Korean help).
_INFO_HELP = {
    "district_code": "5자리 시군구 행정코드 (예: 41110)",
    "year": "평가 대상 연도 (예: 2023)",
    "budget_unit": "예산 시트 금액의 단위 (예: 천원, 원, 백만원)",
    "prepared_by": "작성한 기관 또는 부서",
    "prepared_on": "작성일 (예: 2024. 1. 15.(월))",
    "evaluation_date": "평가 기준일 (예: 2023. 12. 31.(일))",
    "note": "전달할 내용이 있으면 적습니다",
    "roster_blank": "출석부에서 위촉 기간 중 빈칸·'-'를 불참으로 셀 때 '불참' (비워 두면 그런 빈칸은 오류)",
}


def dropdown_labels(column: Column) -> list[str]:
    """Return the dropdown labels of a code column: one Korean label per code.

    The loader accepts many spellings of each code (``민``, ``민간``, ``민간위원``, …);
    a dropdown offers each canonical code once, by the first accepted spelling that is Hangul or
    one of ``○×△◇`` (falling back to its first spelling), in the schema's order.

    Parameters
    ----------
    column : Column
        A column of kind ``code``.

    Returns
    -------
    list of str
        Labels such as ``["민", "관"]``; empty for columns without codes.
    """
    if not column.codes:
        return []
    order: list[str] = []
    chosen: dict[str, str] = {}
    fallback: dict[str, str] = {}
    for raw, canonical in column.codes.items():
        if canonical not in order:
            order.append(canonical)
        fallback.setdefault(canonical, raw)
        if canonical not in chosen and _is_korean_label(raw):
            chosen[canonical] = raw
    return [chosen.get(c, fallback[c]) for c in order]


def _is_korean_label(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" or ch in _MARK_CHARS for ch in text)


def _status_column() -> Column:
    return SCHEMAS["attendance"].column("status")


#: Marks offered in roster cells: the attendance codes plus ``-`` (not a member then).
ROSTER_MARKS: tuple[str, ...] = (*dropdown_labels(_status_column()), "-")


def write_template(
    path: Path | str, *, year: int | None = None, district_code: str | None = None
) -> Path:
    """Write a blank submission workbook.

    Sheets, in order: ``안내`` (instructions, ignored by the loader), ``제출정보``
    (항목 | 값), one sheet per canonical table in :data:`~sabo_eval.intake.schemas.SCHEMAS`
    order with the Korean headers, and the example roster ``출석부_예시분과``.

    Parameters
    ----------
    path : path-like
        Where to write the ``.xlsx`` file; missing parent folders are created.
    year : int, optional
        Prefills 연도 in 제출정보.
    district_code : str, optional
        Prefills 시군구코드 in 제출정보 (five digits, e.g. ``"41110"``).

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

    wb = Workbook()
    _set_properties(wb)
    _write_instructions(wb.active)
    _write_info_sheet(wb.create_sheet(SUBMISSION_INFO_SHEET), code, year)
    for schema in SCHEMAS.values():
        _write_table_sheet(wb.create_sheet(schema.korean), schema)
    _write_roster_sheet(wb.create_sheet(EXAMPLE_ROSTER_SHEET))
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


def _display_width(text: str) -> int:
    """Width of ``text`` in Excel character units (wide East Asian characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _must_fill(column: Column) -> bool:
    """Whether every data row must have a value in ``column``."""
    return not column.nullable and column.name not in _CONTEXT_COLUMNS


def _entry_ko(column: Column) -> str:
    if column.name in _CONTEXT_COLUMNS:
        return "선택 (비우면 제출정보 값)"
    if _must_fill(column):
        return "필수"
    return "선택" if column.required else "선택 (열 생략 가능)"


def _allowed_ko(column: Column) -> str:
    if column.kind == CODE:
        return ", ".join(dropdown_labels(column))
    if column.kind == DISTRICT:
        return "5자리 숫자"
    if column.kind == DATE:
        return "2023. 1. 19.(목) / 2023.01.19"
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return f"{_bound(low)}~{_bound(high)}"
    if low is not None:
        return f"{_bound(low)} 이상"
    if high is not None:
        return f"{_bound(high)} 이하"
    return ""


def _bound(value: float) -> str:
    """A column bound as a reader writes it: ``100,000,000``, not ``1e+08``."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _header_note(column: Column) -> str:
    lines = [column.help_ko] if column.help_ko else []
    lines.append(f"입력: {_entry_ko(column)}")
    lines.append(f"형식: {_KIND_KO[column.kind]}")
    allowed = _allowed_ko(column)
    if allowed:
        lines.append(f"허용 값: {allowed}")
    return "\n".join(lines)


def _text_cell(ws: Worksheet, row: int, column: int, text: str | None):
    """The cell at (row, column) holding ``text`` as a string cell (left empty for no text)."""
    cell = ws.cell(row=row, column=column)
    if text:
        put_text(cell, text)
    return cell


def _comment(text: str) -> Comment:
    comment = Comment(text, "sabo_eval")
    comment.width = 260
    comment.height = 24 + 18 * (text.count("\n") + 1)
    return comment


def _list_validation(labels: list[str] | tuple[str, ...], title: str, sqref: str) -> DataValidation:
    """A dropdown over ``sqref`` that only accepts ``labels``."""
    allowed = ", ".join(labels)
    dv = DataValidation(
        type="list",
        formula1=list_formula(labels),
        allow_blank=True,
        showDropDown=False,  # False shows the in-cell arrow (the attribute is inverted)
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="입력 값 오류",
        error=f"'{title}'에는 목록의 값만 입력할 수 있습니다: {allowed}",
        showInputMessage=True,
        promptTitle=title[:32],
        prompt=f"목록에서 고르세요: {allowed}",
    )
    dv.add(sqref)
    return dv


def _style_header_row(ws: Worksheet, count: int) -> None:
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30
    for j in range(1, count + 1):
        cell = ws.cell(row=1, column=j)
        cell.font = _HEADER_FONT
        cell.alignment = _HEADER_ALIGN


# --------------------------------------------------------------------------- sheets


def _write_table_sheet(ws: Worksheet, schema: TableSchema) -> None:
    """Header row, widths, number formats, comments and dropdowns of one table."""
    last = VALIDATION_LAST_ROW
    for j, column in enumerate(schema.columns, start=1):
        letter = get_column_letter(j)
        cell = _text_cell(ws, 1, j, column.korean)
        cell.fill = _REQUIRED_FILL if _must_fill(column) else _OPTIONAL_FILL
        cell.comment = _comment(_header_note(column))
        dim = ws.column_dimensions[letter]
        dim.width = max(
            _WIDE_COLUMNS.get(column.name, _KIND_WIDTH[column.kind]), _display_width(column.korean) + 4
        )
        if column.kind == DATE:
            dim.number_format = _DATE_FORMAT
        elif column.kind in (TEXT, DISTRICT, CODE):
            # Stop Excel turning codes such as "1-2" into dates.
            dim.number_format = _TEXT_FORMAT
        if column.kind == CODE:
            ws.add_data_validation(
                _list_validation(dropdown_labels(column), column.korean, f"{letter}2:{letter}{last}")
            )
    _style_header_row(ws, len(schema.columns))


def _write_info_sheet(ws: Worksheet, district_code: str | None, year: int | None) -> None:
    """The 제출정보 key–value sheet, prefilled with the given district and year."""
    prefill: dict[str, object] = {"district_code": district_code, "year": year}
    _text_cell(ws, 1, 1, "항목")
    _text_cell(ws, 1, 2, "값")
    for i, (key, label, kind, required) in enumerate(SUBMISSION_INFO_FIELDS, start=2):
        label_cell = _text_cell(ws, i, 1, label)
        label_cell.font = _HEADER_FONT
        label_cell.fill = _REQUIRED_FILL if required else _OPTIONAL_FILL
        note = _INFO_HELP.get(key, "")
        label_cell.comment = _comment(f"{note}\n입력: {'필수' if required else '선택'}".strip())
        value_cell = ws.cell(row=i, column=2, value=prefill.get(key))
        if kind == DATE:
            value_cell.number_format = _DATE_FORMAT
        elif kind in (TEXT, DISTRICT):
            value_cell.number_format = _TEXT_FORMAT
    _style_header_row(ws, 2)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 30


def _write_roster_sheet(ws: Worksheet) -> None:
    """The example roster: 위원ID | 위원명 | 1월 … 12월 with ○/×/△/◇/- dropdowns."""
    members = SCHEMAS["members"]
    headers = [members.column("member_id").korean, members.column("name").korean, *ROSTER_MONTHS]
    for j, header in enumerate(headers, start=1):
        _text_cell(ws, 1, j, header)
    marks = " / ".join(ROSTER_MARKS)
    for j in range(1, len(headers) + 1):
        cell = ws.cell(row=1, column=j)
        letter = get_column_letter(j)
        if j <= 2:
            cell.fill = _REQUIRED_FILL
            ws.column_dimensions[letter].width = 12
            ws.column_dimensions[letter].number_format = _TEXT_FORMAT
        else:
            cell.fill = _OPTIONAL_FILL
            ws.column_dimensions[letter].width = 7
    ws.cell(row=1, column=1).comment = _comment(
        "위원명단의 위원ID. 위원ID가 없으면 위원명으로 찾습니다(동명이인이면 위원ID 필요)."
    )
    ws.cell(row=1, column=3).comment = _comment(
        f"참석 표시: {marks}\n○ 참석 / × 불참 / △ 대리 / ◇ 공가 / - 위원 아님\n"
        "월 열은 위원의 협의체·분과가 그 달에 연 회의로 연결됩니다."
    )
    first, last = get_column_letter(3), get_column_letter(len(headers))
    ws.add_data_validation(
        _list_validation(ROSTER_MARKS, "참석 표시", f"{first}2:{last}{VALIDATION_LAST_ROW}")
    )
    _style_header_row(ws, len(headers))


def _instruction_lines() -> list[tuple[str, str]]:
    """``(style, text)`` lines of the instructions; style is title, section or text."""
    summable = [
        f"{s.korean}의 {', '.join(c.korean for c in s.columns if c.summable)}"
        for s in SCHEMAS.values()
        if any(c.summable for c in s.columns)
    ]
    marks_line = "○ 참석 / × 불참 / △ 대리 / ◇ 공가 / - 위원 아님(출석부에서만: 그 회의 당시 위원이 아니었음)"
    lines: list[tuple[str, str]] = [
        ("title", "지역사회보장협의체 평가 자료 제출 서식"),
        ("text", "이 파일 하나가 제출 1건입니다: 1개 시군구 × 1개 연도의 자료를 담습니다."),
        ("text", "같은 시군구·연도를 다시 제출하면 이전 제출을 대신합니다. 이 '안내' 시트는 읽지 않습니다."),
        ("text", ""),
        ("section", "1. 제출정보"),
        ("text", f"'{SUBMISSION_INFO_SHEET}' 시트의 '값' 열에 시군구코드(5자리)와 연도를 반드시 적으세요."),
        ("text", "표 시트의 시군구코드·연도 열은 비워 두면 제출정보 값이 쓰이며, 적으면 제출정보와 같아야 합니다."),
        ("text", ""),
        ("section", "2. 시트 목록"),
        ("text", f"• {SUBMISSION_INFO_SHEET}: 제출 시군구·연도와 작성 정보 (항목 | 값)"),
    ]
    lines += [("text", f"• {s.korean}: {s.description_ko}") for s in SCHEMAS.values()]
    lines += [
        ("text", f"• {ROSTER_SHEET_PREFIXES[0]}_<분과명>: 회의참석 대신 쓸 수 있는 분과별 출석부 (예: {EXAMPLE_ROSTER_SHEET})"),
        ("text", ""),
        ("section", "3. 작성 방법"),
        ("text", "• 1행의 머리글은 바꾸지 마세요. 한 행에 한 건씩 적고, 표 중간에 설명 행을 넣지 마세요."),
        ("text", "• 주황색 머리글은 값을 반드시 적는 열, 회색 머리글은 비워도 되는 열입니다. 머리글에 마우스를 올리면 설명이 보입니다."),
        ("text", "• 날짜: 2023. 1. 19.(목) 또는 2023.01.19 형식으로 적습니다 (2023-01-19, 엑셀 날짜도 됩니다)."),
        ("text", "• 숫자: 쉼표와 단위를 붙여도 됩니다 (예: 1,234명, 12개소, 71.6%). 천 단위는 쉼표(,)로 적습니다(1.976은 오류). 음수는 -5 또는 △5로 적습니다(▲는 증가)."),
        ("text", "• '-' 또는 빈 칸은 '없음'을 뜻합니다. 필수 열에는 쓸 수 없습니다."),
        ("text", "• 계·합계·소계 행을 넣어도 됩니다. 이 행은 자료로 읽지 않고, 그 위 항목들의 합과 같은지 확인합니다."),
        ("text", f"  (합계를 확인하는 열: {'; '.join(summable)})"),
        ("text", "• 코드 열은 셀의 목록(드롭다운)에서 고르세요."),
        ("text", f"• 참석 표시: {marks_line}"),
        ("text", ""),
        ("section", "4. 출석부 형식 (회의참석 대신)"),
        ("text", f"• 시트 이름을 '{ROSTER_SHEET_PREFIXES[0]}_<분과명>'으로 하고 위원ID | 위원명 | 1월 | 2월 … 열에 참석 표시를 적습니다."),
        ("text", "• 월 열은 그 위원의 협의체·분과가 그 달에 연 회의(회의목록)로 연결됩니다."),
        ("text", "  한 달에 회의가 두 번 이상이면 월 대신 회의ID나 개최일을 열 이름으로 쓰세요."),
        ("text", f"• 필요 없으면 '{EXAMPLE_ROSTER_SHEET}' 시트는 지워도 됩니다."),
        ("text", ""),
        ("section", "5. 시트별 열 설명"),
    ]
    return lines


def _write_instructions(ws: Worksheet) -> None:
    """The 안내 sheet: instructions followed by a table of every sheet and column."""
    ws.title = INSTRUCTIONS_SHEET
    fonts = {"title": _TITLE_FONT, "section": _SECTION_FONT}
    row = 1
    for style, text in _instruction_lines():
        cell = _text_cell(ws, row, 1, text)
        if style in fonts:
            cell.font = fonts[style]
        row += 1

    headers = ["시트", "열(머리글)", "입력", "형식", "허용 값", "설명"]
    for j, header in enumerate(headers, start=1):
        cell = _text_cell(ws, row, j, header)
        cell.font = _HEADER_FONT
        cell.fill = _OPTIONAL_FILL
        cell.alignment = _HEADER_ALIGN
    row += 1
    table_rows: list[list[str]] = []
    for key, label, kind, required in SUBMISSION_INFO_FIELDS:
        table_rows.append(
            [SUBMISSION_INFO_SHEET, label, "필수" if required else "선택", _KIND_KO[kind],
             "5자리 숫자" if kind == DISTRICT else "", _INFO_HELP.get(key, "")]
        )
    for schema in SCHEMAS.values():
        for column in schema.columns:
            table_rows.append(
                [schema.korean, column.korean, _entry_ko(column), _KIND_KO[column.kind],
                 _allowed_ko(column), column.help_ko]
            )
    members = SCHEMAS["members"]
    roster_sheet = f"{ROSTER_SHEET_PREFIXES[0]}_<분과명>"
    table_rows += [
        [roster_sheet, members.column("member_id").korean, "필수 (위원ID 또는 위원명)", "텍스트", "",
         "위원명단의 위원ID"],
        [roster_sheet, members.column("name").korean, "필수 (위원ID 또는 위원명)", "텍스트", "",
         "위원ID가 없을 때 위원명으로 찾음 (동명이인이면 위원ID 필요)"],
        [roster_sheet, "1월 … 12월", "선택", "코드", ", ".join(ROSTER_MARKS),
         "월 또는 회의ID·개최일 열; " + "○ 참석 / × 불참 / △ 대리 / ◇ 공가 / - 위원 아님"],
    ]
    for values in table_rows:
        for j, value in enumerate(values, start=1):
            _text_cell(ws, row, j, value).alignment = _TOP_ALIGN
        if values[2].startswith("필수"):
            ws.cell(row=row, column=3).fill = _REQUIRED_FILL
        row += 1
    for letter, width in zip("ABCDEF", (16, 16, 24, 10, 30, 50), strict=True):
        ws.column_dimensions[letter].width = width
