"""What the template says about each column: entry rule, kind, allowed values, help, example.

Shared by the sheets of the template (:mod:`.template`) and its ``안내`` sheet
(:mod:`.template_guide`), so a column is described the same way in its header
comment and in the instructions. Also the cell helpers and styles both use.
"""

from __future__ import annotations

import unicodedata

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .inert_text import put_text
from .schemas import CODE, DATE, DISTRICT, FLOAT, INT, SCHEMAS, TEXT, Column

__all__ = [
    "KIND_KO",
    "INFO_HELP",
    "ROSTER_MARKS",
    "MARKS_LINE",
    "dropdown_labels",
    "must_fill",
    "entry_ko",
    "allowed_ko",
    "column_help",
    "header_note",
    "text_cell",
    "comment",
    "display_width",
    "dropdown",
]

#: Columns the loader fills from 제출정보 when left blank (cells.CONTEXT_COLUMNS).
CONTEXT_COLUMNS = ("district_code", "year")
#: Symbols accepted as Korean dropdown labels besides Hangul.
_MARK_CHARS = "○×△◇"

KIND_KO = {TEXT: "텍스트", INT: "정수", FLOAT: "숫자", DATE: "날짜", CODE: "코드", DISTRICT: "텍스트"}
MARKS_LINE = "○ 참석 / × 불참 / △ 대리 / ◇ 공가 / - 위원 아님"

HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=12)
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")  # light orange: must be filled
OPTIONAL_FILL = PatternFill("solid", fgColor="E7E6E6")  # grey: may stay empty
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP_ALIGN = Alignment(vertical="top", wrap_text=True)

#: Explanations of the 제출정보 fields (canonical key → Korean help).
INFO_HELP = {
    "district_code": "5자리 시군구 행정코드 (예: 41110)",
    "year": "평가 대상 연도 (예: 2023)",
    "budget_unit": "예산 시트 금액의 단위. 목록에서 고릅니다 (예: 천원, 원, 백만원)",
    "prepared_by": "작성한 기관 또는 부서",
    "prepared_on": "작성일 (예: 2024. 1. 15.(월))",
    "evaluation_date": "평가 기준일 (예: 2023. 12. 31.(일))",
    "note": "전달할 내용이 있으면 적습니다",
    "roster_blank": "출석부에서 위촉 기간 중 빈칸·'-'를 불참으로 셀 때 '불참' (비워 두면 그런 빈칸은 오류)",
}

_SUBCOMMITTEE = "목록 시트의 분과명에서 고릅니다"
#: Plain-Korean explanations of the columns, by (table, column) or column name (schema help_ko otherwise).
_COLUMN_HELP: dict[tuple[str, str] | str, str] = {
    "district_name": "시군구 이름 (예: 해운대구)",
    "province": "시·도 이름 (예: 부산광역시)",
    "population": "주민등록 인구 (평가 연도 말 기준)",
    "population_65plus": "65세 이상 인구",
    "n_dongs": "읍면동 수",
    "member_id": "위원마다 하나씩 붙이는 번호. 출석부·회의참석에서 위원을 찾는 열쇠 (예: M01)",
    "name": "위원 이름",
    ("members", "sector"): "민: 민간위원, 관: 공공위원(공무원)",
    ("members", "body"): "대표: 대표협의체, 실무: 실무협의체, 분과: 실무분과, 동: 읍면동 협의체",
    ("members", "subcommittee"): f"협의체가 '분과'인 위원의 분과. {_SUBCOMMITTEE}. 대표·실무 위원은 비웁니다",
    "role": "위원장, 분과장, 위원 등",
    "joined_on": "위촉된 날 (연임이면 처음 위촉일)",
    "left_on": "해촉된 날. 지금 위원이면 비웁니다",
    ("meetings", "meeting_id"): "회의마다 하나씩 붙이는 번호 (예: 2024-노인-01). 회의참석·출석부가 이 번호로 회의를 찾습니다",
    ("meetings", "body"): "회의를 연 협의체: 대표/실무/분과/동",
    ("meetings", "subcommittee"): f"분과 회의면 분과 이름({_SUBCOMMITTEE}), 대표·실무 회의면 비웁니다",
    "held_on": "회의 날짜",
    "kind": "정기/임시/교육/워크숍",
    ("attendance", "meeting_id"): "회의목록의 회의ID",
    ("attendance", "member_id"): "위원명단의 위원ID",
    "plan_period": "계획기수: 4년 단위 지역사회보장계획의 몇 번째 계획인지 (예: 제5기 = 2023~2026년 계획)",
    "framework": (
        "전략체계: 시행계획의 사업을 묶는 가장 큰 틀의 이름. 체계가 둘이면(예: 지자체 사회보장사업 전략체계 / "
        "지역사회보장 발전 전략체계) 체계별로 달성률을 따로 셉니다"
    ),
    "strategy": "추진전략: 전략체계 아래의 큰 목표 (예: 함께 돌보는 지역)",
    "key_project": "중점사업: 추진전략 아래에 묶인 핵심 사업 (발전 전략체계에서는 '대표과업')",
    "item_code": "세부사업 번호. 성과지표·예산·모니터링의견이 이 번호로 사업을 찾습니다 (예: I-1-1)",
    "item_name": "세부사업 이름",
    "department": "담당 부서",
    "team": "담당 팀",
    "change": "지난 계획과 비교한 변경: 유지/신규/폐지/변경",
    "indicator": "성과지표 이름 (사업마다 1~3개)",
    "unit": "지표의 단위: 명, 건, 가구, 회, 개소, %, 점 …",
    "direction": "상향: 클수록 좋음, 하향: 작을수록 좋음",
    "baseline": "기준치 (보통 전년 실적)",
    "target": "올해 목표",
    "actual": "올해 실적",
    "planned": "본예산 (제출정보의 예산단위)",
    "revised": "추경 뒤 예산. 바뀌지 않았으면 비웁니다",
    "executed": "집행액 (제출정보의 예산단위)",
    ("opinions", "subcommittee"): f"의견을 낸 분과. {_SUBCOMMITTEE}",
    "opinion": "분과의 모니터링 의견",
    "response": "담당 부서의 회신",
    "response_status": "반영/부분반영/미반영/검토중/중복",
    "month": "1~12. 연간 값이면 비웁니다",
    "dong": "동 이름. 시군구 전체 값이면 비웁니다",
    "program": "사업명. 목록 시트의 '서비스 사업'에서 고릅니다 (보고서 지표가 읽는 이름)",
    "measure": "항목명. 목록 시트의 '서비스 항목'에서 고릅니다",
    "value": "실적 값 (인원·건수 등)",
    ("discussion_rows", "event_name"): "워크숍·토론회 이름 (같은 행사의 발언은 같은 이름)",
    ("discussion_rows", "event_date"): "행사 날짜 (모르면 비웁니다)",
    ("discussion_rows", "seq"): "행사 안의 발언 순서 1, 2, 3 …",
    ("discussion_rows", "topic_no"): "주제 번호 (주제 1이면 1)",
    ("discussion_rows", "topic"): "주제 문장 (예: 민관협력의 문제점과 개선방안은?)",
    ("discussion_rows", "group_name"): "발언한 토론 조 (예: 3조). 주제 전체의 발언이면 비웁니다",
    ("discussion_rows", "region"): "사례의 지역 (예: 부산시 모라3동). 없으면 비웁니다",
    ("discussion_rows", "side"): "관, 민 또는 공통. 모르면 비웁니다",
    ("discussion_rows", "kind"): "역할/문제점/개선방안/사례/의견/공통의견",
    ("discussion_rows", "text"): "발언 내용 (한 칸에 발언 하나)",
    ("discussion_rows", "pair"): "문제점과 그 개선방안에 같은 번호를 적습니다 (없으면 비움)",
}


def column_help(table: str, column: Column) -> str:
    """The plain-Korean explanation of a column of ``table``."""
    return _COLUMN_HELP.get((table, column.name)) or _COLUMN_HELP.get(column.name) or column.help_ko


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


#: Marks offered in roster cells: the attendance codes plus ``-`` (not a member then).
ROSTER_MARKS: tuple[str, ...] = (*dropdown_labels(SCHEMAS["attendance"].column("status")), "-")


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units (wide East Asian characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def must_fill(column: Column) -> bool:
    """Whether every data row must have a value in ``column``."""
    return not column.nullable and column.name not in CONTEXT_COLUMNS


def entry_ko(column: Column) -> str:
    """The entry rule of a column: 필수, 선택 …"""
    if column.name in CONTEXT_COLUMNS:
        return "선택 (비우면 제출정보 값)"
    if must_fill(column):
        return "필수"
    return "선택" if column.required else "선택 (열 생략 가능)"


def allowed_ko(column: Column) -> str:
    """The values a column accepts, as the 안내 sheet shows them."""
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


def header_note(table: str, column: Column) -> str:
    """The comment of a column's header: help, entry rule, kind and allowed values."""
    explained = column_help(table, column)
    lines = [explained] if explained else []
    if column.help_ko and column.help_ko not in explained:
        lines.append(column.help_ko)
    lines.append(f"입력: {entry_ko(column)}")
    lines.append(f"형식: {KIND_KO[column.kind]}")
    allowed = allowed_ko(column)
    if allowed:
        lines.append(f"허용 값: {allowed}")
    return "\n".join(lines)


def text_cell(ws: Worksheet, row: int, column: int, text: str | None):
    """The cell at (row, column) holding ``text`` as a string cell (left empty for no text)."""
    cell = ws.cell(row=row, column=column)
    if text:
        put_text(cell, text)
    return cell


def comment(text: str) -> Comment:
    """A cell comment sized to its text."""
    note = Comment(text, "sabo_eval")
    note.width = 260
    note.height = 24 + 18 * (text.count("\n") + 1)
    return note


def dropdown(formula: str, sqref: str, *, title: str, error: str, prompt: str, strict: bool = True) -> DataValidation:
    """A list validation (dropdown) over ``sqref``.

    Parameters
    ----------
    formula : str
        Its ``formula1``: a quoted literal list or a range of the ``목록`` sheet.
    sqref : str
        The cells, e.g. ``"F2:F5001"``.
    title, error, prompt : str
        The column's header (prompt title), the message for another value, the input prompt.
    strict : bool
        True refuses another value (``stop``); False asks before accepting it (``warning``).

    Returns
    -------
    DataValidation
    """
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showDropDown=False,  # False shows the in-cell arrow (the attribute is inverted)
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle="입력 값 오류" if strict else "입력 값 확인",
        error=error,
        showInputMessage=True,
        promptTitle=title[:32],
        prompt=prompt,
    )
    dv.add(sqref)
    return dv
