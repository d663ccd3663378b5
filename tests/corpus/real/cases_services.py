"""Service-row cases: year rows beside monthly rows, month labels, months as columns, unused items."""

from corpus import JONGNO, SUWON, Accept, Case, Refuse

from sabo_eval.intake import parsing

SHEET = "서비스실적"
JONGNO_2012 = "11110_2012_종로구.xlsx"
MONTHS = [f"{m}월" for m in range(1, 13)]


def _last_row(ws) -> int:
    """The last row holding a value."""
    return max(row[0].row for row in ws.iter_rows() if any(c.value is not None for c in row))


def _month_sum(ws, program: str, measure: str) -> float:
    """The sum of the monthly rows of one measure (columns 월 C, 사업 E, 항목 F, 실적 G)."""
    total = 0.0
    for month, _dong, program_, measure_, value in ws.iter_rows(min_row=2, min_col=3, max_col=7, values_only=True):
        if month is not None and (program_, measure_) == (program, measure) and not isinstance(month, str):
            total += parsing.parse_number(value)
    return total


def add_year_row(program: str, measure: str, month_label=None, delta: float = 0.0, code="41110", year=2023):
    """An edit adding a year row (월 blank or ``month_label``) for a measure that has monthly rows."""

    def edit(wb) -> None:
        ws = wb[SHEET]
        value = _month_sum(ws, program, measure) + delta
        row = _last_row(ws) + 1
        for col, cell in enumerate((code, year, month_label, None, program, measure, f"{value:,.0f}"), start=1):
            ws.cell(row, col, cell)

    return edit


def year_rows_for_all(code="11110", year=2012):
    """An edit adding a year row per monthly measure, right after that measure's months."""

    def edit(wb) -> None:
        ws = wb[SHEET]
        rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True) if any(c is not None for c in r)]
        out, sums = [], {}
        for r in rows:
            sums.setdefault((r[4], r[5]), 0.0)
            sums[(r[4], r[5])] += parsing.parse_number(r[6])
            out.append(r)
            if r[2] == 12:
                out.append([code, year, None, None, r[4], r[5], sums[(r[4], r[5])]])
        for i, r in enumerate(out, start=2):
            for j, v in enumerate(r, start=1):
                ws.cell(i, j).value = v

    return edit


def month_labels(fmt: str):
    """An edit writing every month of the 월 column as text (``"{m}월"``, ``"{m:02d}월"``)."""

    def edit(wb) -> None:
        ws = wb[SHEET]
        for (cell,) in ws.iter_rows(min_row=2, min_col=3, max_col=3):
            if isinstance(cell.value, int):
                cell.value = fmt.format(m=cell.value)

    return edit


def set_month(row: int, label: str):
    """An edit writing one 월 cell."""

    def edit(wb) -> None:
        wb[SHEET].cell(row, 3, label)

    return edit


def months_as_columns(context: bool = True, total: bool = True, change=None):
    """An edit rewriting the service sheet as ``사업 | 항목 | 1월 … 12월 | 계``.

    ``change(rows)`` may alter the wide rows (lists) before they are written.
    """

    def edit(wb) -> None:
        ws = wb[SHEET]
        start = next(r[0].row for r in ws.iter_rows() if r[0].value == "시군구코드")
        long_rows = [r for r in ws.iter_rows(min_row=start + 1, values_only=True) if any(c is not None for c in r)]
        wide: dict[tuple, dict] = {}
        for code, year, month, dong, program, measure, value in long_rows:
            entry = wide.setdefault((program, measure), {"ctx": (code, year, dong)})
            entry["계" if month is None else month] = value
        index = wb.sheetnames.index(SHEET)
        del wb[SHEET]
        new = wb.create_sheet(SHEET, index)
        head = (["시군구코드", "연도", "동"] if context else []) + ["사업", "항목", *MONTHS] + (["계"] if total else [])
        out = [head]
        for (program, measure), entry in wide.items():
            months = [entry.get(m) for m in range(1, 13)]
            year_value = entry.get("계")
            if year_value is None and total and all(v is not None for v in months):
                year_value = f"{sum(parsing.parse_number(v) for v in months):,.0f}"
            row = (list(entry["ctx"]) if context else []) + [program, measure, *months] + ([year_value] if total else [])
            out.append(row)
        if change is not None:
            change(out)
        for row in out:
            new.append(row)

    return edit


def rename_item(program: str, measure: str, new_program: str, new_measure: str):
    """An edit renaming a service item on every row (columns 사업 E, 항목 F)."""

    def edit(wb) -> None:
        for cells in wb[SHEET].iter_rows(min_col=5, max_col=6):
            if (cells[0].value, cells[1].value) == (program, measure):
                cells[0].value, cells[1].value = new_program, new_measure

    return edit


def renamed_in_tables(program: str, measure: str, new_program: str, new_measure: str):
    """The adjust matching :func:`rename_item`."""

    def adjust(tables) -> None:
        services = tables["services"]
        mask = (services["program"] == program) & (services["measure"] == measure)
        services.loc[mask, "program"] = new_program
        services.loc[mask, "measure"] = new_measure

    return adjust


def _wrong_year_cell(rows) -> None:
    """The 계 of the first wide row off by 10 (a typo in the year column)."""
    rows[1][-1] = f"{parsing.parse_number(rows[1][-1]) + 10:,.0f}"


def _bad_march(rows) -> None:
    """A March cell of the second wide row that is not a number."""
    rows[2][rows[0].index("3월")] = "1,1O2"


CASES = [
    # --- a year row beside the monthly rows of the same measure: a total, set aside
    Case("service_year_row_beside_months.xlsx", SUWON, Accept(),
         edit=add_year_row("보편방문-65세", "대상인원"),
         note="year row (월 blank) for 보편방문-65세/대상인원 beside its 12 monthly rows; equals their sum"),
    Case("service_year_row_labelled_gye.xlsx", SUWON, Accept(),
         edit=add_year_row("보편방문-65세", "상담인원", month_label="계"),
         note="year row with 월 written 계 beside the monthly rows; equals their sum"),
    Case("service_year_rows_after_each_measure.xlsx", JONGNO_2012, Accept(warnings=("unused_service_item",)),
         edit=year_rows_for_all(),
         note="2012 monthly file with a year total row after each measure's December"),
    # --- a year row that is not the sum of the months: refused, never both counted
    Case("service_year_row_not_the_sum.xlsx", SUWON,
         Refuse("service_year_total_mismatch", SHEET, 93, "실적"),
         edit=add_year_row("보편방문-65세", "대상인원", delta=100),
         note="year row 100 above the sum of the months: which is right cannot be told"),
    Case("service_year_gye_not_the_sum.xlsx", SUWON,
         Refuse("service_year_total_mismatch", SHEET, 93, "실적"),
         edit=add_year_row("보편방문-65세", "가정방문", month_label="계", delta=-5),
         note="월 = 계 row 5 below the sum of the monthly rows"),
    # --- month written as text
    Case("service_month_written_wol.xlsx", SUWON, Accept(), edit=month_labels("{m}월"),
         note="월 column written 1월 … 12월"),
    Case("service_month_zero_padded_wol.xlsx", SUWON, Accept(), edit=month_labels("{m:02d}월"),
         note="월 column written 01월 … 12월"),
    Case("service_month_half_year.xlsx", SUWON, Refuse("bad_int", SHEET, 2, "월"), edit=set_month(2, "1~6월"),
         note="a half-year figure written in the 월 column: not a month"),
    # --- months laid out as columns
    Case("service_months_as_columns.xlsx", SUWON, Accept(), edit=months_as_columns(),
         note="시군구코드 | 연도 | 동 | 사업 | 항목 | 1월 … 12월 | 계; annual items in 계 only"),
    Case("service_months_as_columns_bare.xlsx", SUWON, Accept(), edit=months_as_columns(context=False),
         note="사업 | 항목 | 1월 … 12월 | 계 without code/year/dong columns"),
    Case("service_months_as_columns_no_total.xlsx", JONGNO_2012, Accept(warnings=("unused_service_item",)),
         edit=months_as_columns(context=False, total=False),
         note="2012 monthly measures as 1월 … 12월 columns, no 계 column"),
    Case("service_months_as_columns_wrong_total.xlsx", SUWON,
         Refuse("service_year_total_mismatch", SHEET, 2, "계"), edit=months_as_columns(change=_wrong_year_cell),
         note="months as columns; the 계 column is 10 above the sum of the months"),
    Case("service_months_as_columns_bad_cell.xlsx", SUWON, Refuse("bad_float", SHEET, 3, "3월"),
         edit=months_as_columns(change=_bad_march),
         note="months as columns; a March cell typed with the letter O for zero"),
    # --- names no catalogue indicator uses: loaded, with a warning naming them
    Case("service_unused_item_renamed.xlsx", JONGNO,
         Accept(adjust=renamed_in_tables("정신건강", "동행요청", "정신건강", "동행 요청건수"), warnings=("unused_service_item",)),
         edit=rename_item("정신건강", "동행요청", "정신건강", "동행 요청건수"),
         note="a measure written differently from the catalogue (동행 요청건수 for 동행요청)"),
]


def month_dates(as_text: bool):
    """An edit writing every month as a date of the submission year: ``2023-01`` text or a real date."""
    import datetime as dt

    def edit(wb) -> None:
        ws = wb[SHEET]
        for (cell,) in ws.iter_rows(min_row=2, min_col=3, max_col=3):
            if isinstance(cell.value, int):
                if as_text:
                    cell.value = f"2023-{cell.value:02d}"
                else:
                    cell.value = dt.datetime(2023, cell.value, 1)
                    cell.number_format = "yyyy-mm"

    return edit


def grand_total_row(delta: float = 0.0):
    """An edit adding a ``계`` row in the 월 column, 사업·항목 blank, under all rows."""

    def edit(wb) -> None:
        ws = wb[SHEET]
        rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if any(c is not None for c in r)]
        total = sum(parsing.parse_number(r[6]) for r in rows) + delta
        row = _last_row(ws) + 1
        ws.cell(row, 3).value = "계"
        ws.cell(row, 7).value = total

    return edit


CASES += [
    Case("service_month_as_text_date.xlsx", SUWON, Accept(), edit=month_dates(as_text=True),
         note="월 written 2023-01 … 2023-12 (text)"),
    Case("service_month_as_excel_date.xlsx", SUWON, Accept(), edit=month_dates(as_text=False),
         note="월 written as real dates on the first of each month, shown yyyy-mm"),
    Case("service_month_other_year.xlsx", SUWON, Refuse("date_outside_year", SHEET, 13, "월"), edit=set_month(13, "2022-12"),
         note="one month written 2022-12 in a 2023 submission: not a month of this year"),
    Case("service_grand_total_in_month_column.xlsx", JONGNO_2012, Accept(warnings=("unused_service_item",)),
         edit=grand_total_row(), note="a 계 row under the monthly rows (월 = 계, 사업·항목 blank) equal to their sum"),
    Case("service_grand_total_wrong.xlsx", JONGNO_2012, Refuse("service_year_total_mismatch", SHEET, 38, "실적"),
         edit=grand_total_row(delta=1), note="a 계 row under the monthly rows, 1 above their sum"),
]


def _wrong_wide_subtotal(rows) -> None:
    """The 돌봄SOS 계 row of a months-as-columns sheet off by 8 (a typo)."""
    row = next(r for r in rows if r[3:5] == ["돌봄SOS", "계"])
    row[-1] = f"{parsing.parse_number(row[-1]) + 8:,.0f}"


def _add_wide_grand_total(rows) -> None:
    """A 합계 row under a months-as-columns sheet: every month and the 계 column summed."""
    head = rows[0]
    total = ["", "", "", "합계", ""]
    for j in range(5, len(head)):
        values = [parsing.parse_number(r[j]) for r in rows[1:] if r[4] != "계"]
        total.append(f"{sum(v for v in values if v is not None):,.0f}")
    rows.append(total)


CASES += [
    Case("service_months_as_columns_subtotal_wrong.xlsx", SUWON, Refuse("total_mismatch", SHEET, 23, "계"),
         edit=months_as_columns(change=_wrong_wide_subtotal),
         note="months as columns; the 돌봄SOS 계 row 8 above its items"),
    Case("service_months_as_columns_grand_total.xlsx", SUWON, Accept(),
         edit=months_as_columns(change=_add_wide_grand_total),
         note="months as columns with a 합계 row under all items (months and 계 summed)"),
]
