"""Dates, codes and words: cells written the way secretariats write them.

Dates in Korean (``2023년 1월 4일``), without a year in the meeting list (``1/4``,
``1월 6일``), with a time or a weekday; years ``23년``; months ``1월``; the 10-digit
행정기관코드; common words outside the coded lists (서면, 반영완료, 당연직) read
through the synonym table — and the values that could mean two things refused.
"""

from corpus import JONGNO, SUWON, Accept, Case, Refuse, both, set_cell


def _kind_of(meeting_id: str, kind):
    """An adjust setting one meeting's 회의구분."""

    def adjust(tables) -> None:
        meetings = tables["meetings"]
        meetings.loc[meetings["meeting_id"] == meeting_id, "kind"] = kind

    return adjust


def _first_row(sheet: str, column: int, value: object):
    """An edit helper: the first row of ``sheet`` whose ``column`` (1-based) holds ``value``."""

    def find(wb) -> int:
        ws = wb[sheet]
        return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, column).value == value)

    return find


def _set_where(sheet: str, column: int, old: object, new: object):
    """An edit writing ``new`` into the first cell of ``column`` that holds ``old``."""
    find = _first_row(sheet, column, old)

    def edit(wb) -> None:
        wb[sheet].cell(find(wb), column).value = new

    return edit


MEETINGS = "회의목록"
MEMBERS = "위원명단"

CASES = [
    # ------------------------------------------------------------------ accepted
    Case("date_meeting_korean_long.xlsx", SUWON, Accept(), edit=set_cell(MEETINGS, "E2", "2023년 1월 4일"),
         note="meeting date written 2023년 1월 4일"),
    Case("date_meeting_two_digit_year.xlsx", SUWON, Accept(), edit=set_cell(MEETINGS, "E2", "23년 1월 4일(수)"),
         note="meeting date with a two-digit year 23년"),
    Case("date_meeting_yearless_slash.xlsx", SUWON, Accept(), edit=set_cell(MEETINGS, "E2", "1/4"),
         note="meeting date 1/4 without a year: the submission's year"),
    Case("date_meeting_yearless_korean.xlsx", SUWON, Accept(), edit=set_cell(MEETINGS, "E3", "1월 6일"),
         note="meeting date 1월 6일 without a year: the submission's year"),
    Case("date_meeting_with_time.xlsx", SUWON, Accept(), edit=set_cell(MEETINGS, "E2", "2023. 1. 4.(수) 오후 2시"),
         note="meeting date with the time 오후 2시 (the tables keep days)"),
    Case("date_meeting_weekday_mismatch.xlsx", SUWON, Accept(warnings=("weekday_mismatch",)),
         edit=set_cell(MEETINGS, "E2", "2023. 1. 4.(목)"),
         note="2023-01-04 is a Wednesday, written (목): date kept, warned"),
    Case("date_meeting_with_venue.xlsx", SUWON, Accept(warnings=("date_extra_text",)),
         edit=set_cell(MEETINGS, "E2", "2023. 1. 4.(수) 시청 상황실"),
         note="meeting date followed by the venue: date kept, venue named in a warning"),
    Case("date_member_joined_korean.xlsx", SUWON, Accept(), edit=set_cell(MEMBERS, "H2", "2020년 7월 1일 수요일"),
         note="위촉일 2020년 7월 1일 수요일"),
    Case("date_info_year_short.xlsx", SUWON, Accept(), edit=set_cell("제출정보", "B3", "23년"),
         note="제출정보 연도 written 23년"),
    Case("date_indicator_year_korean.xlsx", SUWON, Accept(), edit=set_cell("성과지표", "B2", "2023년도"),
         note="성과지표 연도 written 2023년도"),
    Case("date_services_month_korean.xlsx", SUWON, Accept(), edit=set_cell("서비스실적", "C2", "1월"),
         note="서비스실적 월 written 1월"),
    Case("date_services_month_of_year.xlsx", SUWON, Accept(), edit=set_cell("서비스실적", "C3", "2023년 1월"),
         note="서비스실적 월 written 2023년 1월"),
    Case("code_district_10digit.xlsx", SUWON, Accept(),
         edit=both(set_cell("제출정보", "B2", "4111000000"), set_cell("지역현황", "A2", 4111000000)),
         note="10-digit 행정기관코드 4111000000 for the 시군구 code 41110"),
    Case("code_meeting_kind_written.xlsx", SUWON,
         Accept(adjust=_kind_of("2023-실무-01", None), warnings=("code_synonym",)),
         edit=set_cell(MEETINGS, "F2", "서면"),
         note="회의구분 서면 (a mode, not a kind): kind left empty, warned"),
    Case("code_meeting_kind_written_regular.xlsx", SUWON, Accept(warnings=("code_synonym",)),
         edit=set_cell(MEETINGS, "F2", "서면 정기"),
         note="회의구분 서면 정기: a regular meeting held in writing"),
    Case("code_response_done.xlsx", JONGNO, Accept(warnings=("code_synonym",)),
         edit=_set_where("모니터링의견", 7, "반영", "반영완료"),
         note="반영여부 반영완료 for 반영"),
    Case("code_sector_ex_officio.xlsx", SUWON, Accept(warnings=("code_synonym",)),
         edit=_set_where(MEMBERS, 4, "관", "당연직"),
         note="구분 당연직 for a public member (an ex-officio public official)"),
    Case("code_meeting_kind_bracket_mode.xlsx", SUWON, Accept(warnings=("code_extra_text",)),
         edit=set_cell(MEETINGS, "F2", "정기(서면)"),
         note="회의구분 정기(서면): read as 정기, the bracketed mode named in a warning"),
    Case("date_roster_header_yearless.xlsx", SUWON, Accept(),
         edit=both(set_cell("출석부_실무협의체", "C1", "1/4"), set_cell("출석부_실무협의체", "D1", "3월 1일")),
         note="roster columns headed by meeting dates without a year (1/4, 3월 1일)"),
    Case("code_sector_private_appointed.xlsx", SUWON, Accept(warnings=("code_extra_text",)),
         edit=set_cell(MEMBERS, "D2", "민간(위촉직)"),
         note="구분 민간(위촉직): private; the appointment type named in a warning"),
    Case("date_meeting_iso_text.xlsx", JONGNO, Accept(), edit=set_cell(MEETINGS, "E2", "2023-01-04T00:00:00"),
         note="meeting date as ISO date-time text from another system's export"),
    # ------------------------------------------------------------------ refused
    Case("date_member_joined_yearless.xlsx", SUWON, Refuse("ambiguous_date", MEMBERS, 2, "위촉일"),
         edit=set_cell(MEMBERS, "H2", "7/1"),
         note="위촉일 7/1 without a year: a member may have joined in any year"),
    Case("date_meeting_month_only.xlsx", SUWON, Refuse("ambiguous_date", MEETINGS, 2, "개최일"),
         edit=set_cell(MEETINGS, "E2", "2023년 1월"),
         note="meeting date 2023년 1월 without a day"),
    Case("date_meeting_period.xlsx", SUWON, Refuse("ambiguous_date", MEETINGS, 2, "개최일"),
         edit=set_cell(MEETINGS, "E2", "2023. 1. 4. ~ 1. 5."),
         note="a meeting over two days: which date is not said"),
    Case("date_info_year_out_of_range.xlsx", SUWON, Refuse("year_out_of_range", "제출정보", 3, "연도"),
         edit=set_cell("제출정보", "B3", 2203),
         note="제출정보 연도 2203 (a typo for 2023)"),
    Case("date_member_joined_typo_year.xlsx", SUWON, Refuse("year_out_of_range", MEMBERS, 2, "위촉일"),
         edit=set_cell(MEMBERS, "H2", "2202. 7. 1."),
         note="위촉일 with the year 2202 (a typo for 2020)"),
    Case("date_services_month_other_year.xlsx", SUWON, Refuse("date_outside_year", "서비스실적", 2, "월"),
         edit=set_cell("서비스실적", "C2", "2022년 1월"),
         note="서비스실적 월 2022년 1월 in the 2023 submission"),
    Case("code_sector_appointed.xlsx", SUWON, Refuse("ambiguous_code", MEMBERS, 2, "구분"),
         edit=set_cell(MEMBERS, "D2", "위촉직"),
         note="구분 위촉직: appointed says nothing of private or public"),
    Case("code_district_dong_code.xlsx", SUWON, Refuse("bad_district", "지역현황", 2, "시군구코드"),
         edit=set_cell("지역현황", "A2", "4111051000"),
         note="a 10-digit 읍면동 code where the 시군구 code belongs"),
    Case("code_response_bracket_partly.xlsx", JONGNO, Refuse("ambiguous_code", "모니터링의견", column="반영여부"),
         edit=_set_where("모니터링의견", 7, "반영", "반영(일부)"),
         note="반영여부 반영(일부): 반영 or 일부반영?"),
    Case("date_meeting_year_last.xlsx", SUWON, Refuse("bad_date", MEETINGS, 2, "개최일"),
         edit=set_cell(MEETINGS, "E2", "1.4.2023"),
         note="meeting date with the year last (1.4.2023): month-day order unknown"),
]
