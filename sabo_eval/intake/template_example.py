"""The template's ``작성예시`` sheet: a small, consistent, filled example.

Two 분과 (from the ``목록`` example), four members, four meetings with their
attendance rosters, a plan of two items with indicators, a budget with its 합계 row,
opinions, a few service figures, two survey items with two respondents' answers and two
project ratings, all for the template's year. Copied into the
real sheets (시군구코드·연도 left blank, so the 제출정보 values apply) it validates
with no problem: the members belong to the 분과 of the list, the rosters name
meetings of 회의목록 and the 합계 row is the sum of its parts. The loader ignores
the sheet (:data:`sabo_eval.intake.loaders.IGNORED_SHEETS`).

Layout: a title row, then one block per sheet — a ``[시트 이름]`` row, the sheet's
header row and the example rows — separated by a blank row.
"""

from __future__ import annotations

import datetime as dt

from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from .inert_text import put_text
from .schemas import SCHEMAS, SUBMISSION_INFO_SHEET

__all__ = ["EXAMPLE_SHEET", "EXAMPLE_SUBCOMMITTEES", "example_blocks", "example_value", "write_example_sheet"]

#: Name of the example sheet (the loader ignores it).
EXAMPLE_SHEET = "작성예시"
#: The example's 분과, as entered in 목록.
EXAMPLE_SUBCOMMITTEES = ("노인분과", "아동분과")
#: Year used when the template has none.
_DEFAULT_YEAR = 2024

_WEEKDAYS = "월화수목금토일"
_TITLE_FONT = Font(bold=True, size=12)
_BLOCK_FONT = Font(bold=True, color="1F4E78")
_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")

#: Meetings: (id suffix, 분과, month, day).
_MEETINGS = (("노인-01", "노인분과", 3, 14), ("노인-02", "노인분과", 6, 13), ("아동-01", "아동분과", 1, 18), ("아동-02", "아동분과", 4, 18))


def _date(year: int, month: int, day: int) -> str:
    """A date as secretariats write it: ``2024. 3. 14.(목)``."""
    weekday = _WEEKDAYS[dt.date(year, month, day).weekday()]
    return f"{year}. {month}. {day}.({weekday})"


def _members(y: int) -> list[dict[str, object]]:
    return [
        {"위원ID": "M01", "위원명": "김하나", "구분": "민", "협의체": "분과", "분과": "노인분과", "직위": "분과장",
         "위촉일": _date(y - 1, 3, 2)},
        {"위원ID": "M02", "위원명": "이두리", "구분": "관", "협의체": "분과", "분과": "노인분과", "직위": "위원",
         "위촉일": _date(y - 1, 3, 2)},
        {"위원ID": "M03", "위원명": "박세나", "구분": "민", "협의체": "분과", "분과": "아동분과", "직위": "분과장",
         "위촉일": _date(y - 1, 3, 2)},
        {"위원ID": "M04", "위원명": "최네오", "구분": "관", "협의체": "분과", "분과": "아동분과", "직위": "위원",
         "위촉일": _date(y, 2, 1)},
    ]


def _plan() -> list[dict[str, object]]:
    common = {"계획기수": "제5기", "전략체계": "지자체 사회보장사업 전략체계", "추진전략": "함께 돌보는 지역"}
    return [
        {**common, "중점사업": "통합돌봄 체계 구축", "사업번호": "I-1-1", "세부사업명": "노인 통합돌봄 전달체계 구축",
         "담당부서": "복지정책과", "팀": "통합돌봄팀", "변경구분": "유지"},
        {**common, "중점사업": "아동 돌봄 공백 해소", "사업번호": "I-2-1", "세부사업명": "방과후 아동 돌봄 확대",
         "담당부서": "아동청소년과", "변경구분": "신규"},
    ]


def _tables(y: int) -> dict[str, list[dict[str, object]]]:
    """Example rows per table (Korean sheet name → rows by Korean header)."""
    return {
        "지역현황": [{"시군구명": "예시구", "시도": "예시시", "인구수": 320000, "65세이상인구": 52000, "읍면동수": 18}],
        "위원명단": _members(y),
        "회의목록": [
            {"회의ID": f"{y}-{suffix}", "협의체": "분과", "분과": name, "개최일": _date(y, month, day), "회의구분": "정기"}
            for suffix, name, month, day in _MEETINGS
        ],
        "시행계획": _plan(),
        "성과지표": [
            {"사업번호": "I-1-1", "성과지표명": "통합돌봄 대상자 수", "단위": "명", "지표방향": "상향",
             "기준치": 120, "목표": 150, "실적": 162},
            {"사업번호": "I-2-1", "성과지표명": "돌봄 공백 아동 수", "단위": "명", "지표방향": "하향",
             "기준치": 40, "목표": 30, "실적": 28},
        ],
        "예산": [
            {"사업번호": "I-1-1", "계획예산": 120000, "변경예산": 130000, "집행액": 118500},
            {"사업번호": "I-2-1", "계획예산": 80000, "집행액": 76200},
            {"사업번호": "합계", "계획예산": 200000, "변경예산": 130000, "집행액": 194700},
        ],
        "모니터링의견": [
            {"사업번호": "I-1-1", "모니터링분과": "노인분과", "모니터링의견": "재가 서비스 연계 건수를 지표에 더할 필요가 있음",
             "부서의견": "다음 연도 지표에 반영하겠습니다", "반영여부": "반영"},
            {"사업번호": "I-2-1", "모니터링분과": "아동분과", "모니터링의견": "방학 중 돌봄 시간 확대 검토",
             "부서의견": "예산 확보 후 검토하겠습니다", "반영여부": "검토중"},
        ],
        "서비스실적": [
            {"월": 1, "동": "예시1동", "사업": "보편방문-65세", "항목": measure, "실적": value}
            for measure, value in (("대상인원", 120), ("상담인원", 85), ("가정방문", 12))
        ],
        "토론기록": [
            {"행사명": "민관협력 워크숍", "일자": _date(y, 6, 15), "번호": seq, "주제번호": 1,
             "주제": "민관협력의 문제점과 개선방안은?", "조": "1조", "지역": "예시1동", "구분": side, "유형": kind, "내용": text, "쌍번호": 1}
            for seq, side, kind, text in ((1, "민", "문제점", "잦은 인사이동으로 협력이 끊김"),
                                          (2, "관", "개선방안", "인수인계 때 민간 기관 소개"))
        ],
        **_self_evaluation(y),
    }


def _self_evaluation(y: int) -> dict[str, list[dict[str, object]]]:
    """Example survey items, answers (anonymous respondents) and project ratings."""
    survey = {"조사명": f"{y} 자체평가"}
    answers = (("R01", "민", "노인분과", "5", "적절"), ("R02", "관", "아동분과", "매우 그렇다", "보통"))
    return {
        "설문문항": [
            {**survey, "문항번호": "Q1", "영역": "협의체 운영", "문항": "회의 안건이 미리 안내되었다", "척도": "5점"},
            {**survey, "문항번호": "Q2", "영역": "사업 모니터링", "문항": "모니터링 결과가 사업에 반영되었다",
             "척도": "적절/보통/부적절"},
        ],
        "설문응답": [
            {**survey, "응답자": who, "구분": sector, "소속": body, "문항번호": item, "응답": answer}
            for who, sector, body, *pair in answers
            for item, answer in zip(("Q1", "Q2"), pair, strict=True)
        ],
        "사업평가": [
            {"사업번호": "I-1-1", "평가단계": "계획수립", "평가결과": "적절", "평가주체": "노인분과"},
            {"사업번호": "I-2-1", "평가단계": "계획수립", "평가결과": "보통", "평가주체": "아동분과"},
        ],
    }


def _rosters(y: int) -> dict[str, list[dict[str, object]]]:
    """Example rosters: sheet name → rows (위원ID, 위원명, one column per meeting month)."""
    return {
        "출석부_노인분과": [
            {"위원ID": "M01", "위원명": "김하나", "3월": "○", "6월": "○"},
            {"위원ID": "M02", "위원명": "이두리", "3월": "×", "6월": "△"},
        ],
        "출석부_아동분과": [
            {"위원ID": "M03", "위원명": "박세나", "1월": "○", "4월": "○"},
            {"위원ID": "M04", "위원명": "최네오", "1월": "-", "4월": "○"},  # 2월 위촉: 1월에는 위원 아님
        ],
    }


def example_blocks(year: int | None = None) -> list[tuple[str, list[str], list[list[object]]]]:
    """The example, block by block: ``(sheet name, headers, rows)``.

    Parameters
    ----------
    year : int, optional
        The template's year (dates fall in it); 2024 when not given.

    Returns
    -------
    list of tuple
        목록 first, then 제출정보, every table sheet (all its headers, 시군구코드·연도 blank) and
        the rosters.
    """
    y = year or _DEFAULT_YEAR
    blocks: list[tuple[str, list[str], list[list[object]]]] = [
        ("목록", ["분과명"], [[name] for name in EXAMPLE_SUBCOMMITTEES]),
        (SUBMISSION_INFO_SHEET, ["항목", "값"], [["예산단위", "천원"], ["작성기관", "예시구 희망복지지원단"],
                                               ["작성일", _date(y + 1, 1, 15)]]),
    ]
    tables = _tables(y)
    for schema in SCHEMAS.values():
        rows = tables.get(schema.korean)
        if rows:
            headers = [c.korean for c in schema.columns]
            blocks.append((schema.korean, headers, [[row.get(h) for h in headers] for row in rows]))
    for sheet, rows in _rosters(y).items():
        headers = list(rows[0])
        blocks.append((sheet, headers, [[row.get(h) for h in headers] for row in rows]))
    return blocks


def example_value(sheet: str, header: str, year: int | None = None) -> object | None:
    """The first example value of a column (None when the example leaves it blank)."""
    for name, headers, rows in example_blocks(year):
        if name == sheet and header in headers:
            j = headers.index(header)
            return next((row[j] for row in rows if row[j] not in (None, "")), None)
    return None


def write_example_sheet(ws: Worksheet, year: int | None = None) -> None:
    """Fill the ``작성예시`` sheet with :func:`example_blocks`.

    Parameters
    ----------
    ws : Worksheet
        A new, empty sheet (renamed to :data:`EXAMPLE_SHEET`).
    year : int, optional
        The template's year.
    """
    ws.title = EXAMPLE_SHEET
    title = ws["A1"]
    put_text(title, "작성예시 — 이 시트는 읽지 않습니다. 각 시트에 이렇게 적습니다 (시군구코드·연도는 비우면 제출정보 값).")
    title.font = _TITLE_FONT
    row = 3
    for sheet, headers, rows in example_blocks(year):
        marker = ws.cell(row=row, column=1)
        put_text(marker, f"[{sheet}]")
        marker.font = _BLOCK_FONT
        for j, header in enumerate(headers, start=1):
            cell = ws.cell(row=row + 1, column=j)
            put_text(cell, header)
            cell.fill = _HEADER_FILL
        for i, values in enumerate(rows, start=row + 2):
            for j, value in enumerate(values, start=1):
                if isinstance(value, str):
                    put_text(ws.cell(row=i, column=j), value)
                elif value is not None:
                    ws.cell(row=i, column=j, value=value)
        row += len(rows) + 3
    for j in range(1, 11):
        ws.column_dimensions[chr(64 + j)].width = 16
