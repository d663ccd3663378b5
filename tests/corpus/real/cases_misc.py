"""Loose ends: money units in 성과지표 values, district codes written with their name,
and a unit note written beside the header row."""

from corpus import SUWON, Accept, Case, Refuse, both, set_cell

INFO, REGION, INDICATORS, BUDGET = "제출정보", "지역현황", "성과지표", "예산"


def _unit(item: str, indicator: str, unit: str):
    """An adjust: the 단위 of one indicator row becomes ``unit``."""

    def adjust(tables) -> None:
        frame = tables["indicators"]
        row = (frame["item_code"] == item) & (frame["indicator"] == indicator)
        assert row.sum() == 1
        frame.loc[row, "unit"] = unit

    return adjust


def _note_beside_header(text: str):
    """An edit: 예산's unit note moved from above the table to the right of its header."""

    def edit(wb) -> None:
        ws = wb[BUDGET]
        ws["A1"].value = None
        ws["H2"].value = text

    return edit


CASES = [
    Case(
        "misc_indicator_amount_in_eok.xlsx", SUWON,
        Accept(adjust=_unit("I-1-1", "통합돌봄 대상자 수", "백만원")),
        edit=both(set_cell(INDICATORS, "E2", "백만원"), set_cell(INDICATORS, "H2", "14.75억원")),
        note="a 백만원 indicator whose 목표 is written 14.75억원: read exactly as 1,475 백만원",
    ),
    Case(
        "misc_indicator_amount_in_won.xlsx", SUWON,
        Accept(adjust=_unit("I-1-1", "돌봄서비스 연계 건수", "천원")),
        edit=both(set_cell(INDICATORS, "E3", "천원"), set_cell(INDICATORS, "I3", "2,996,000원")),
        note="a 천원 indicator whose 실적 is written in 원: 2,996,000원 is 2,996 천원",
    ),
    Case(
        "misc_indicator_amount_on_count_row.xlsx", SUWON,
        Refuse("unit_mismatch", INDICATORS, 2, "목표"),
        edit=set_cell(INDICATORS, "H2", "14.75억원"),
        note="an amount of money (14.75억원) as the 목표 of a 명 indicator: not a value of the row",
    ),
    Case(
        "misc_indicator_multiplier_on_money_row.xlsx", SUWON,
        Refuse("ambiguous_amount_unit", INDICATORS, 2, "목표"),
        edit=both(set_cell(INDICATORS, "E2", "천원"), set_cell(INDICATORS, "H2", "147만")),
        note="147만 on a 천원 row: 1,470,000 천원 or 147만원?",
    ),
    Case(
        "misc_district_code_with_name.xlsx", SUWON,
        Accept(warnings=("district_code_with_name",)),
        edit=both(set_cell(INFO, "B2", "41110(수원시)"), set_cell(REGION, "A2", "41110 수원시")),
        note="시군구코드 written with the district's name: 41110(수원시), 41110 수원시",
    ),
    Case(
        "misc_district_name_first.xlsx", SUWON,
        Accept(warnings=("district_code_with_name",)),
        edit=set_cell(BUDGET, "A3", "경기도 수원시(41110)"),
        note="a 예산 row's 시군구코드 written name first: 경기도 수원시(41110)",
    ),
    Case(
        "misc_district_name_mismatch.xlsx", SUWON,
        Refuse("district_name_mismatch", INFO, 2, "시군구코드"),
        edit=set_cell(INFO, "B2", "41110(성남시)"),
        note="41110 written with another district's name (성남시): code or name wrong?",
    ),
    Case(
        "misc_unit_note_beside_header.xlsx", SUWON, Accept(),
        edit=_note_beside_header("※ 단위: 천원"),
        note="예산's unit note written right of the header row, not above the table",
    ),
    Case(
        "misc_unit_note_beside_header_disagrees.xlsx", SUWON,
        Refuse("budget_unit_mismatch", BUDGET, 2),
        edit=_note_beside_header("(단위: 원)"),
        note="a unit note beside the header (원) contradicting 예산단위 천원",
    ),
]
