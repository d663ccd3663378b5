"""Number cases: how offices really write numbers, and the ones that could mean two things.

Accepted cases write the base file's own values another way (full-width digits,
no-break spaces, Korean multipliers, money units, percent formats): the warehouse
must hold exactly the base's tables. Refused cases could be read two ways, or
contradict a declared unit, and must be refused naming why.
"""

from corpus import SUWON, Accept, Case, Refuse, both, set_cell

INFO, REGION, SERVICES, INDICATORS, BUDGET = "제출정보", "지역현황", "서비스실적", "성과지표", "예산"


def _budget_in_won(wb) -> None:
    """예산 amounts rewritten in 원 (×1,000), the total row too."""
    ws = wb[BUDGET]
    for row in range(3, 29):
        for column in "DEF":
            cell = ws[f"{column}{row}"]
            if isinstance(cell.value, int | float):
                cell.value = cell.value * 1000


def _no_declared_unit(wb) -> None:
    """제출정보 without its 예산단위 value."""
    wb[INFO]["B4"].value = None


def _baseline_negative(tables) -> None:
    """The 대기 기간 baseline of I-1-4 becomes -12 (written △12)."""
    frame = tables["indicators"]
    row = (frame["item_code"] == "I-1-4") & (frame["indicator"] == "대기 기간")
    frame.loc[row, "baseline"] = -12.0


CASES = [
    Case(
        "number_fullwidth_digits.xlsx", SUWON, Accept(),
        edit=set_cell(REGION, "D2", "１，１９０，０００명"),
        note="population typed with a Korean IME in full-width: １，１９０，０００명",
    ),
    Case(
        "number_nbsp_groups.xlsx", SUWON, Accept(),
        edit=set_cell(REGION, "D2", "1\u00a0190\u00a0000 명"),
        note="population pasted from HWP with no-break spaces between thousands",
    ),
    Case(
        "number_zero_width.xlsx", SUWON, Accept(),
        edit=both(set_cell(SERVICES, "G2", "767\u200b"), set_cell(SERVICES, "G3", "\ufeff6\u200c90")),
        note="service counts pasted from a web page with zero-width spaces and a BOM",
    ),
    Case(
        "number_korean_multiplier.xlsx", SUWON, Accept(),
        edit=set_cell(REGION, "D2", "119만명"),
        note="population written 119만명 (= 1,190,000)",
    ),
    Case(
        "number_dot_groups.xlsx", SUWON, Accept(),
        edit=set_cell(REGION, "D2", "1.190.000"),
        note="population with dots between thousands (two groups: only 1,190,000 is possible)",
    ),
    Case(
        "number_dot_thousands_count.xlsx", SUWON, Refuse("ambiguous_thousands", SERVICES, 2, "실적"),
        edit=set_cell(SERVICES, "G2", "1.976"),
        note="a count written 1.976: 1,976 or 1.976?",
    ),
    Case(
        "number_dot_thousands_population.xlsx", SUWON, Refuse("ambiguous_thousands", REGION, 2, "65세이상인구"),
        edit=set_cell(REGION, "E2", "144.000명"),
        note="144.000명 in a count column: 144,000 or 144?",
    ),
    Case(
        "number_decimal_count.xlsx", SUWON, Refuse("decimal_count", REGION, 2, "65세이상인구"),
        edit=set_cell(REGION, "E2", 144.012),
        note="a number cell 144.012 in a count column (a locale that types . for thousands)",
    ),
    Case(
        "number_spaces_in_digits.xlsx", SUWON, Refuse("ambiguous_number", SERVICES, 2, "실적"),
        edit=set_cell(SERVICES, "G2", "7 67"),
        note="digits split by a stray space: one number or two?",
    ),
    Case(
        "number_approximate.xlsx", SUWON, Refuse("bad_float", SERVICES, 2, "실적"),
        edit=set_cell(SERVICES, "G2", "약 770"),
        note="an approximate count 약 770 where the exact one is needed",
    ),
    Case(
        "number_indicator_three_decimals.xlsx", SUWON, Accept(),
        edit=set_cell(INDICATORS, "I4", "93.900"),
        note="a satisfaction score 93.900점 (an indicator, not a count: read as 93.9)",
    ),
    Case(
        "number_percent_format_cell.xlsx", SUWON, Accept(),
        edit=set_cell(INDICATORS, "I5", 0.959, "0.0%"),
        note="actual 서비스 연계율 stored as 0.959 formatted 0.0% (shows 95.9%)",
    ),
    Case(
        "number_percent_format_rows.xlsx", SUWON, Accept(),
        edit=both(
            set_cell(INDICATORS, "G39", 0.681, "0.0%"),
            set_cell(INDICATORS, "H39", 0.722, "0.0%"),
            set_cell(INDICATORS, "I39", 0.772, "0.0%"),
            set_cell(INDICATORS, "H24", 0.116, "0.00%"),
        ),
        note="a percent indicator's baseline, target and actual all formatted as percents, beside typed 12.7%",
    ),
    Case(
        "number_percent_mixed.xlsx", SUWON, Refuse("percent_mixed", INDICATORS, 39, "실적"),
        edit=both(set_cell(INDICATORS, "I5", 0.959, "0.0%"), set_cell(INDICATORS, "I39", 0.772)),
        note="one percent cell formatted (0.959 → 95.9%), another typed as a plain fraction 0.772",
    ),
    Case(
        "number_money_eok.xlsx", SUWON, Accept(),
        edit=set_cell(BUDGET, "D4", "12.4억원"),
        note="planned budget written 12.4억원 in a 천원 table (= 1,240,000 천원)",
    ),
    Case(
        "number_money_won.xlsx", SUWON, Accept(),
        edit=set_cell(BUDGET, "F3", "190,325,000원"),
        note="executed amount written in 원 in a 천원 table",
    ),
    Case(
        "number_money_mixed_words.xlsx", SUWON, Accept(),
        edit=both(set_cell(BUDGET, "D3", "2억원"), set_cell(BUDGET, "D5", "18억 7,800만원")),
        note="amounts written 2억원 and 18억 7,800만원",
    ),
    Case(
        "number_money_total_in_eok.xlsx", SUWON, Accept(),
        edit=set_cell(BUDGET, "D28", "331.51억원"),
        note="the 합계 row written 331.51억원: checked against its parts in 천원",
    ),
    Case(
        "number_money_bare_multiplier.xlsx", SUWON, Refuse("ambiguous_amount_unit", BUDGET, 3, "계획예산"),
        edit=set_cell(BUDGET, "D3", "20만"),
        note="20만 in a 천원 column: 200,000 천원 or 20만원?",
    ),
    Case(
        "number_money_note_mismatch.xlsx", SUWON, Refuse("budget_unit_mismatch", BUDGET, 1),
        edit=both(set_cell(BUDGET, "A1", "※ 단위: 원"), _budget_in_won),
        note="amounts in 원 with a '※ 단위: 원' note, while 예산단위 says 천원",
    ),
    Case(
        "number_money_header_unit.xlsx", SUWON, Refuse("budget_unit_mismatch", BUDGET, 2, "계획예산(원)"),
        edit=set_cell(BUDGET, "D2", "계획예산(원)"),
        note="header 계획예산(원) while 예산단위 says 천원",
    ),
    Case(
        "number_money_note_only.xlsx", SUWON, Accept(warnings=("budget_unit_from_note",)),
        edit=both(_no_declared_unit, set_cell(BUDGET, "A1", "※ 단위: 원"), _budget_in_won),
        note="no 예산단위 declared; amounts in 원 under a '※ 단위: 원' note (converted to 천원)",
    ),
    Case(
        "number_total_mismatch.xlsx", SUWON, Refuse("total_mismatch", BUDGET, 28, "계획예산"),
        edit=set_cell(BUDGET, "D28", 33150000),
        note="the 합계 row 1,000 off its parts",
    ),
    Case(
        "number_money_unknown_unit.xlsx", SUWON, Refuse("bad_budget_unit", INFO, None, "예산단위"),
        edit=set_cell(INFO, "B4", "USD"),
        note="예산단위 given as USD: no amount can be read",
    ),
    Case(
        "number_money_note_beside_header.xlsx", SUWON, Refuse("budget_unit_mismatch", BUDGET, 2),
        edit=both(set_cell(BUDGET, "A1", None), set_cell(BUDGET, "H2", "(단위: 백만원)")),
        note="the unit note moved beside the header row, saying 백만원 while 예산단위 says 천원",
    ),
    Case(
        "number_money_in_service_count.xlsx", SUWON, Refuse("money_unit_in_count", SERVICES, 2, "실적"),
        edit=set_cell(SERVICES, "G2", "767,000원"),
        note="a money amount with 원 in 서비스실적, whose values are in the catalogue's unit",
    ),
    Case(
        "number_decimal_comma.xlsx", SUWON, Refuse("bad_float", INDICATORS, 5, "실적"),
        edit=set_cell(INDICATORS, "I5", "95,9"),
        note="a rate written with a decimal comma (95,9)",
    ),
    Case(
        "number_percent_fraction_on_percent_row.xlsx", SUWON, Refuse("percent_scale_mixed", INDICATORS, 5, "실적"),
        edit=set_cell(INDICATORS, "I5", 0.959),
        note="서비스 연계율 (단위 %) actual typed 0.959 beside target 91.3: a fraction among percents",
    ),
    Case(
        "number_percent_literal_format.xlsx", SUWON, Accept(),
        edit=set_cell(INDICATORS, "I5", 95.9, '0.0"%"'),
        note='actual 95.9 shown with a literal "%" in its format (not a percent format)',
    ),
    Case(
        "number_range.xlsx", SUWON, Refuse("bad_float", SERVICES, 2, "실적"),
        edit=set_cell(SERVICES, "G2", "760~770"),
        note="a range 760~770 where one count is needed",
    ),
    Case(
        "number_increase_mark.xlsx", SUWON, Accept(),
        edit=set_cell(INDICATORS, "G10", "▲12"),
        note="a baseline written ▲12 (▲ marks an increase: 12, not -12)",
    ),
    Case(
        "number_decrease_mark.xlsx", SUWON, Accept(adjust=_baseline_negative),
        edit=set_cell(INDICATORS, "G10", "△12"),
        note="a baseline written △12 (the office minus: -12)",
    ),
]
