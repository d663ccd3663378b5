"""The template's ``안내`` sheet: how to fill the workbook, and every column explained.

The instructions (what one file is, the 목록 and 작성예시 sheets, dates, numbers, totals,
rosters), then a table with one row per sheet and column: entry rule, kind, allowed
values, an example value (from :mod:`.template_example`) and a plain-Korean
explanation. The loader ignores the sheet.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from .schemas import (
    DISTRICT,
    ROSTER_SHEET_PREFIXES,
    SCHEMAS,
    SUBMISSION_INFO_FIELDS,
    SUBMISSION_INFO_SHEET,
)
from .template_columns import (
    HEADER_ALIGN,
    HEADER_FONT,
    INFO_HELP,
    KIND_KO,
    MARKS_LINE,
    OPTIONAL_FILL,
    REQUIRED_FILL,
    ROSTER_MARKS,
    SECTION_FONT,
    TITLE_FONT,
    TOP_ALIGN,
    allowed_ko,
    column_help,
    entry_ko,
    text_cell,
)
from .template_example import EXAMPLE_SHEET, example_blocks, example_value
from .template_lists import LIST_COLUMNS, LISTS_SHEET

__all__ = ["INSTRUCTIONS_SHEET", "EXAMPLE_ROSTER_SHEET", "write_instructions"]

#: Name of the instructions sheet (the loader ignores it).
INSTRUCTIONS_SHEET = "안내"
#: Name of the example roster sheet.
EXAMPLE_ROSTER_SHEET = f"{ROSTER_SHEET_PREFIXES[0]}_예시분과"

#: Example values of columns the 작성예시 leaves blank (시군구코드·연도 come from 제출정보 there).
#: Columns whose example is another sheet's (the 작성예시 records attendance in rosters, not 회의참석).
_EXAMPLE_FROM = {("회의참석", "회의ID"): ("회의목록", "회의ID"), ("회의참석", "위원ID"): ("위원명단", "위원ID")}
_EXAMPLE_FALLBACK = {
    "시군구코드": "26350",
    "연도": "2024",
    "해촉일": "2024. 6. 30.(일)",
    "참석여부": "○",
    "출석부 공란": "불참",
    "평가기준일": "2024. 12. 31.(화)",
    "비고": "",
}


def _overview_lines() -> list[tuple[str, str]]:
    return [
        ("title", "지역사회보장협의체 평가 자료 제출 서식"),
        ("text", "이 파일 하나가 제출 1건입니다: 1개 시군구 × 1개 연도의 자료를 담습니다."),
        ("text", "같은 시군구·연도를 다시 제출하면 이전 제출을 대신합니다. 이 '안내' 시트는 읽지 않습니다."),
        ("text", ""),
        ("section", "1. 제출정보"),
        ("text", f"'{SUBMISSION_INFO_SHEET}' 시트의 '값' 열에 시군구코드(5자리)와 연도를 반드시 적으세요."),
        ("text", "표 시트의 시군구코드·연도 열은 비워 두면 제출정보 값이 쓰이며, 적으면 제출정보와 같아야 합니다."),
        ("text", ""),
        ("section", "2. 먼저 할 일: 목록과 작성예시"),
        ("text", f"• '{LISTS_SHEET}' 시트의 '{LIST_COLUMNS['subcommittee'].header}' 열에 분과 이름을 한 번씩만 적으세요"
                 " (주황색 칸 4개, 모자라면 그 아래에 이어서)."),
        ("text", "  위원명단·회의목록의 '분과'와 모니터링의견의 '모니터링분과' 칸은 이 목록에서 고르며, 다른 철자는 들어가지 않습니다."),
        ("text", f"• 출석부 시트 이름은 '{ROSTER_SHEET_PREFIXES[0]}_' 뒤에 목록의 분과 이름을 그대로 붙입니다"
                 " (예: 목록에 '노인분과'가 있으면 시트 이름은 '출석부_노인분과')."),
        ("text", "• 예산단위와 서비스실적의 사업·항목도 목록에서 고릅니다. 서비스 사업·항목 목록은 보고서 지표가 읽는 이름입니다"
                 " (목록에 없는 이름은 확인을 거쳐 입력되지만 지표에 쓰이지 않습니다)."),
        ("text", f"• '{EXAMPLE_SHEET}' 시트에 모든 시트를 작은 예로 채워 두었습니다. 읽지 않는 시트이니 보고 따라 적으세요."),
        ("text", ""),
        ("section", "3. 시트 목록"),
        ("text", f"• {SUBMISSION_INFO_SHEET}: 제출 시군구·연도와 작성 정보 (항목 | 값)"),
    ]


def _instruction_lines() -> list[tuple[str, str]]:
    """``(style, text)`` lines of the instructions; style is title, section or text."""
    summable = [
        f"{s.korean}의 {', '.join(c.korean for c in s.columns if c.summable)}"
        for s in SCHEMAS.values()
        if any(c.summable for c in s.columns)
    ]
    lines = _overview_lines()
    lines += [("text", f"• {s.korean}: {s.description_ko}") for s in SCHEMAS.values()]
    lines += [
        ("text", f"• {ROSTER_SHEET_PREFIXES[0]}_<분과명>: 회의참석 대신 쓸 수 있는 분과별 출석부 (예: {EXAMPLE_ROSTER_SHEET})"),
        ("text", f"• {LISTS_SHEET}, {EXAMPLE_SHEET}, {INSTRUCTIONS_SHEET}: 읽지 않는 도움 시트"),
        ("text", ""),
        ("section", "4. 작성 방법"),
        ("text", "• 1행의 머리글은 바꾸지 마세요. 한 행에 한 건씩 적고, 표 중간에 설명 행을 넣지 마세요."),
        ("text", "• 주황색 머리글은 값을 반드시 적는 열, 회색 머리글은 비워도 되는 열입니다. 머리글에 마우스를 올리면 설명이 보입니다."),
        ("text", "• 날짜: 2023. 1. 19.(목) 또는 2023.01.19 형식으로 적습니다 (2023-01-19, 엑셀 날짜도 됩니다)."),
        ("text", "• 숫자: 쉼표와 단위를 붙여도 됩니다 (예: 1,234명, 12개소, 71.6%). 천 단위는 쉼표(,)로 적습니다(1.976은 오류). 음수는 -5 또는 △5로 적습니다(▲는 증가)."),
        ("text", "• '-' 또는 빈 칸은 '없음'을 뜻합니다. 필수 열에는 쓸 수 없습니다."),
        ("text", "• 계·합계·소계 행을 넣어도 됩니다. 이 행은 자료로 읽지 않고, 그 위 항목들의 합과 같은지 확인합니다."),
        ("text", f"  (합계를 확인하는 열: {'; '.join(summable)})"),
        ("text", "• 코드 열과 분과 열은 셀의 목록(드롭다운)에서 고르세요."),
        ("text", f"• 참석 표시: {MARKS_LINE}(출석부에서만: 그 회의 당시 위원이 아니었음)"),
        ("text", ""),
        ("section", "5. 출석부 형식 (회의참석 대신)"),
        ("text", f"• 시트 이름을 '{ROSTER_SHEET_PREFIXES[0]}_<분과명>'으로 하고 위원ID | 위원명 | 1월 | 2월 … 열에 참석 표시를 적습니다."),
        ("text", f"  <분과명>은 '{LISTS_SHEET}' 시트의 분과 이름과 글자 하나까지 같아야 합니다."),
        ("text", "• 월 열은 그 위원의 협의체·분과가 그 달에 연 회의(회의목록)로 연결됩니다."),
        ("text", "  한 달에 회의가 두 번 이상이면 월 대신 회의ID나 개최일을 열 이름으로 쓰세요."),
        ("text", f"• '{EXAMPLE_ROSTER_SHEET}' 시트는 분과마다 복사해 이름을 '출석부_<분과명>'으로 바꾸어 쓰고, 남은 것은 지우세요"
                 " (목록에 없는 분과 이름의 출석부는 오류입니다)."),
        ("text", ""),
        ("section", "6. 시트별 열 설명"),
    ]
    return lines


def _example_text(sheet: str, header: str) -> str:
    """An example value of a column as the 안내 table shows it."""
    value = example_value(*_EXAMPLE_FROM.get((sheet, header), (sheet, header)))
    if value is None:
        return _EXAMPLE_FALLBACK.get(header, "")
    return f"{value:,}" if isinstance(value, int) and header not in ("월", "연도") else str(value)


def _info_example(label: str) -> str:
    """An example value of a 제출정보 field (the 작성예시's, else a fallback)."""
    info = next(rows for sheet, _headers, rows in example_blocks() if sheet == SUBMISSION_INFO_SHEET)
    return str(dict(info).get(label) or _EXAMPLE_FALLBACK.get(label, ""))


def _table_rows() -> list[list[str]]:
    """One row per sheet column: sheet, header, entry rule, kind, allowed values, example, explanation."""
    rows: list[list[str]] = []
    for key, label, kind, required in SUBMISSION_INFO_FIELDS:
        rows.append([SUBMISSION_INFO_SHEET, label, "필수" if required else "선택", KIND_KO[kind],
                     "5자리 숫자" if kind == DISTRICT else "", _info_example(label), INFO_HELP.get(key, "")])
    for schema in SCHEMAS.values():
        for column in schema.columns:
            rows.append([schema.korean, column.korean, entry_ko(column), KIND_KO[column.kind], allowed_ko(column),
                         _example_text(schema.korean, column.korean), column_help(schema.name, column)])
    members = SCHEMAS["members"]
    roster_sheet = f"{ROSTER_SHEET_PREFIXES[0]}_<분과명>"
    rows += [
        [roster_sheet, members.column("member_id").korean, "필수 (위원ID 또는 위원명)", "텍스트", "", "M01",
         "위원명단의 위원ID"],
        [roster_sheet, members.column("name").korean, "필수 (위원ID 또는 위원명)", "텍스트", "", "김하나",
         "위원ID가 없을 때 위원명으로 찾음 (동명이인이면 위원ID 필요)"],
        [roster_sheet, "1월 … 12월", "선택", "코드", ", ".join(ROSTER_MARKS), "○",
         "월 또는 회의ID·개최일 열; " + MARKS_LINE],
    ]
    return rows


def write_instructions(ws: Worksheet) -> None:
    """The 안내 sheet: instructions followed by a table of every sheet and column."""
    ws.title = INSTRUCTIONS_SHEET
    fonts = {"title": TITLE_FONT, "section": SECTION_FONT}
    row = 1
    for style, text in _instruction_lines():
        cell = text_cell(ws, row, 1, text)
        if style in fonts:
            cell.font = fonts[style]
        row += 1

    headers = ["시트", "열(머리글)", "입력", "형식", "허용 값", "예시", "설명"]
    for j, header in enumerate(headers, start=1):
        cell = text_cell(ws, row, j, header)
        cell.font = HEADER_FONT
        cell.fill = OPTIONAL_FILL
        cell.alignment = HEADER_ALIGN
    row += 1
    for values in _table_rows():
        for j, value in enumerate(values, start=1):
            text_cell(ws, row, j, value).alignment = TOP_ALIGN
        if values[2].startswith("필수"):
            ws.cell(row=row, column=3).fill = REQUIRED_FILL
        row += 1
    for letter, width in zip("ABCDEFG", (16, 16, 24, 10, 30, 22, 60), strict=True):
        ws.column_dimensions[letter].width = width
