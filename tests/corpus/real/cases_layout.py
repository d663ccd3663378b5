"""Layout cases: merged cells, group headers, title and note rows, the published opinion
table with continuation rows, and a 제출정보 written across a row."""

from corpus import SUWON, Accept, Case, Refuse, both, find_column
from openpyxl.utils import get_column_letter

PLAN, OPINIONS, BUDGET, INFO = "시행계획", "모니터링의견", "예산", "제출정보"


def merge_runs(sheet: str, *headers: str, header_row: int = 1):
    """Merge each run of equal values down a column, as a secretariat formats a table."""

    def edit(wb) -> None:
        ws = wb[sheet]
        for header in headers:
            col = find_column(ws, header, header_row)
            letter = get_column_letter(col)
            start = header_row + 1
            for r in range(header_row + 2, ws.max_row + 2):
                value = ws.cell(r, col).value if r <= ws.max_row else object()
                if value != ws.cell(start, col).value:
                    if r - 1 > start:
                        ws.merge_cells(f"{letter}{start}:{letter}{r - 1}")
                    start = r

    return edit


def merge(sheet: str, cells: str):
    def edit(wb) -> None:
        wb[sheet].merge_cells(cells)

    return edit


def insert_rows(sheet: str, rows: list[list[object]], merge_first: bool = False):
    """Rows inserted above the header (titles, notes, stray lines)."""

    def edit(wb) -> None:
        ws = wb[sheet]
        width = ws.max_column
        ws.insert_rows(1, len(rows))
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row, start=1):
                ws.cell(i, j).value = value
        if merge_first:
            ws.merge_cells(f"A1:{get_column_letter(width)}1")

    return edit


def published_opinions(merged: bool = False, drop_opinion_at: int | None = None):
    """The opinion table as seed 000 publishes it: 전략 | 사업번호 | 세부사업명 | 담당부서 | 팀 |
    모니터링분과 | 모니터링의견 | 부서의견 (| 반영여부), a further opinion on the same project
    leaving the first five cells blank (or merged down when ``merged``)."""

    def edit(wb) -> None:
        plan = {r[5]: r for r in wb[PLAN].iter_rows(min_row=2, values_only=True)}
        old = list(wb[OPINIONS].iter_rows(min_row=2, values_only=True))
        ws = wb[OPINIONS]
        ws.delete_rows(1, ws.max_row)
        ws.append(["전략", "사업번호", "세부사업명", "담당부서", "팀", "모니터링분과", "모니터링의견", "부서의견", "반영여부"])
        previous, start = None, None
        for i, (_dc, _yr, item, sub, opinion, response, status) in enumerate(old, start=2):
            p = plan[item]
            lead = [p[3], item, p[6], p[7], p[8]] if item != previous else [None] * 5
            if item != previous:
                start = i
            ws.append([*lead, sub, None if i == drop_opinion_at else opinion, response, status])
            if merged and item == previous:
                for col in "ABCDE":
                    ws.merge_cells(f"{col}{start}:{col}{i}")  # runs are two rows long in the sample
            previous = item

    return edit


def info_rows(*rows: list[object]):
    """The 제출정보 sheet rewritten with these rows."""

    def edit(wb) -> None:
        ws = wb[INFO]
        ws.delete_rows(1, ws.max_row)
        for row in rows:
            ws.append(row)

    return edit


_INFO_PAIRS = [
    "시군구코드", "41110", "연도", 2023, "예산단위", "천원", "작성기관", "수원시지역사회보장협의체 사무국",
    "작성일", "2024. 1. 18.(목)", "평가기준일", "2023. 12. 31.(일)",
]
_NOTE = (
    "시행계획의 seed 사업(I-1-1 등 7개)과 모니터링의견 9건은 seed 000의 모니터링 표를 그대로 옮긴 값. "
    "그 밖의 값은 합성(synthetic) 예시 데이터 — 실제 통계 아님"
)


def two_row_budget_header(wb) -> None:
    """예산(천원) merged over 계획 | 변경 | 집행, the key headers merged over both rows."""
    ws = wb[BUDGET]
    ws.insert_rows(3)
    for col, text in zip("ABC", ("시군구코드", "연도", "사업번호"), strict=True):
        ws[f"{col}2"] = text
        ws.merge_cells(f"{col}2:{col}3")
    ws["D2"] = "예산(천원)"
    ws["E2"] = ws["F2"] = None
    ws.merge_cells("D2:F2")
    ws["D3"], ws["E3"], ws["F3"] = "계획", "변경", "집행"


def budget_total_row(wb) -> None:
    """The budget table's 합계 row with its label merged over the key columns."""
    ws = wb[BUDGET]
    r = next(row[0].row for row in ws.iter_rows(min_row=3) if row[2].value == "합계")
    ws[f"A{r}"], ws[f"C{r}"] = "합계", None
    ws.merge_cells(f"A{r}:C{r}")


def note_below(sheet: str, text: str):
    """A ※ note row under the table, merged across its width."""

    def edit(wb) -> None:
        ws = wb[sheet]
        r = ws.max_row + 1
        ws[f"A{r}"] = text
        ws.merge_cells(f"A{r}:{get_column_letter(ws.max_column)}{r}")

    return edit


def group_over_full_names(wb) -> None:
    """예산 merged over 계획예산 | 변경예산 | 집행액 (children already complete), keys merged down."""
    ws = wb[BUDGET]
    ws.insert_rows(2)
    for col, text in zip("ABC", ("시군구코드", "연도", "사업번호"), strict=True):
        ws[f"{col}2"], ws[f"{col}3"] = text, None
        ws.merge_cells(f"{col}2:{col}3")
    ws["D2"] = "예산"
    ws.merge_cells("D2:F2")


def merged_over_separator(wb) -> None:
    """A blank row between the two strategy frameworks, 전략체계 merged over its section and the blank row."""
    ws = wb[PLAN]
    ws.insert_rows(17)  # framework I is rows 2-16
    for r in range(3, 17):
        ws[f"C{r}"] = None
    ws.merge_cells("C2:C17")


def unmerged_group_header(wb) -> None:
    """예산(천원) written once over 계획 | 변경 | 집행 (centred across, not merged); keys above a blank."""
    ws = wb[BUDGET]
    ws.insert_rows(3)
    ws["D2"], ws["E2"], ws["F2"] = "예산(천원)", None, None
    ws["D3"], ws["E3"], ws["F3"] = "계획", "변경", "집행"


def unnamed_column(wb) -> None:
    """Remarks written in the column right of the plan table, without a header."""
    ws = wb[PLAN]
    ws["K4"], ws["K9"] = "부서 확인 필요", "2024년 통합 예정"


def info_form(wb) -> None:
    """제출정보 as a printed form: label boxes merged over A:B, value boxes over C:F, two pairs a row."""
    ws = wb[INFO]
    ws.delete_rows(1, ws.max_row)
    ws["A1"] = "지역사회보장협의체 평가 자료 제출정보"
    ws.merge_cells("A1:L1")
    pairs = [*zip(_INFO_PAIRS[0::2], _INFO_PAIRS[1::2], strict=True), ("비고", _NOTE)]
    for k, (label, value) in enumerate(pairs):
        r, c = 3 + k // 2, 1 + 6 * (k % 2)
        ws.cell(r, c).value, ws.cell(r, c + 2).value = label, value
        ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + 1)
        ws.merge_cells(start_row=r, start_column=c + 2, end_row=r, end_column=c + 5)


def row_under_header(sheet: str, header_row: int, cells: dict[str, object]):
    """A row inserted just under the header (units, column numbers)."""

    def edit(wb) -> None:
        ws = wb[sheet]
        ws.insert_rows(header_row + 1)
        for col, value in cells.items():
            ws[f"{col}{header_row + 1}"] = value

    return edit


def group_written_once_over_full_names(wb) -> None:
    """예산 written once over 계획예산 | 변경예산 | 집행액, the key headers written again above."""
    ws = wb[BUDGET]
    ws.insert_rows(2)
    for col, text in zip("ABCD", ("시군구코드", "연도", "사업번호", "예산"), strict=True):
        ws[f"{col}2"] = text


def hidden_under_merge(wb) -> None:
    """팀 merged over two rows, the second row's own (different) team still stored under the merge."""
    from openpyxl.cell.cell import Cell

    ws = wb[PLAN]
    ws.merge_cells("I2:I3")
    ws._cells[(3, 9)] = Cell(ws, row=3, column=9, value="노인복지팀")  # what another tool leaves behind


CASES = [
    Case(
        "layout_plan_merged_hierarchy.xlsx", SUWON, Accept(),
        edit=merge_runs(PLAN, "시군구코드", "계획기수", "전략체계", "추진전략", "중점사업"),
        note="plan hierarchy 전략체계/추진전략/중점사업 merged down over its projects",
    ),
    Case(
        "layout_plan_merged_department_team.xlsx", SUWON, Accept(),
        edit=merge_runs(PLAN, "담당부서", "팀", "변경구분"),
        note="담당부서 and 팀 cells merged down over consecutive projects of one team",
    ),
    Case(
        "layout_members_merged_body.xlsx", SUWON, Accept(),
        edit=merge_runs("위원명단", "시군구코드", "구분", "협의체"),
        note="위원명단: 구분 and 협의체 merged down over each group of members",
    ),
    Case(
        "layout_services_merged_month.xlsx", SUWON, Accept(),
        edit=merge_runs("서비스실적", "연도", "월", "사업"),
        note="서비스실적: 연도, 월 and 사업 merged down (keys, not amounts)",
    ),
    Case(
        "layout_opinions_merged_item.xlsx", SUWON, Accept(),
        edit=merge_runs(OPINIONS, "시군구코드", "연도", "사업번호"),
        note="two opinions on one project: the 사업번호 cell merged over both",
    ),
    Case(
        "layout_opinions_published.xlsx", SUWON, Accept(warnings=("unknown_column",)),
        edit=published_opinions(),
        note="opinion table as seed 000 publishes it: a second opinion leaves the first five cells blank",
    ),
    Case(
        "layout_opinions_published_merged.xlsx", SUWON, Accept(warnings=("unknown_column",)),
        edit=published_opinions(merged=True),
        note="the published opinion table with the first five cells merged down instead of blank",
    ),
    Case(
        "layout_opinions_published_no_opinion.xlsx", SUWON, Refuse("empty_value", OPINIONS, 4, "사업번호"),
        edit=published_opinions(drop_opinion_at=4),
        note="a continuation row without its opinion text is not continued: 사업번호 stays blank",
    ),
    Case(
        "layout_plan_blank_department.xlsx", SUWON, Refuse("empty_value", PLAN, 3, "담당부서"),
        edit=lambda wb: setattr(wb[PLAN]["H3"], "value", None),
        note="a blank (unmerged) 담당부서 is not filled from the row above",
    ),
    Case(
        "layout_budget_merged_amount.xlsx", SUWON, Refuse("merged_number", BUDGET, 3, "집행액"),
        edit=both(lambda wb: setattr(wb[BUDGET]["F4"], "value", None), merge(BUDGET, "F3:F4")),
        note="집행액 merged over two projects: each row's amount or their sum? refused",
    ),
    Case(
        "layout_plan_merged_across_columns.xlsx", SUWON, Refuse("merged_across_columns", PLAN, 3, "세부사업명"),
        edit=merge(PLAN, "G3:H3"),
        note="세부사업명 merged over the 담당부서 cell: which column's value? refused",
    ),
    Case(
        "layout_budget_merged_total_label.xlsx", SUWON, Accept(), edit=budget_total_row,
        note="a 합계 row whose label is merged over 시군구코드·연도·사업번호",
    ),
    Case(
        "layout_plan_note_below.xlsx", SUWON, Accept(), edit=note_below(PLAN, "※ 자료: 복지정책과 제출(2024. 1.)"),
        note="a ※ source note merged across the width under the plan table",
    ),
    Case(
        "layout_budget_two_row_header.xlsx", SUWON, Accept(), edit=two_row_budget_header,
        note="예산(천원) merged over 계획 | 변경 | 집행 (a two-row header)",
    ),
    Case(
        "layout_budget_group_over_full_names.xlsx", SUWON, Accept(), edit=group_over_full_names,
        note="예산 merged over 계획예산 | 변경예산 | 집행액, the key headers merged over both rows",
    ),
    Case(
        "layout_budget_group_header_unmerged.xlsx", SUWON, Accept(), edit=unmerged_group_header,
        note="예산(천원) written once over 계획 | 변경 | 집행 without merging (centred across selection)",
    ),
    Case(
        "layout_plan_unnamed_column.xlsx", SUWON, Accept(warnings=("unnamed_column",)), edit=unnamed_column,
        note="remarks in a column with no header, right of the plan table: named, not silently skipped",
    ),
    Case(
        "layout_plan_title_and_note.xlsx", SUWON, Accept(),
        edit=insert_rows(PLAN, [["2023년 수원시 지역사회보장계획 시행계획"], ["※ 작성 요령: 사업번호는 I-1-1 형식으로 적습니다"]],
                         merge_first=True),
        note="a merged title row and a ※ note row above the header",
    ),
    Case(
        "layout_indicators_row_above_header.xlsx", SUWON, Accept(warnings=("above_header",)),
        edit=insert_rows("성과지표", [["작성자", "홍길동", "연락처", "031-228-0000"], []]),
        note="a contact line above the header: not read, and named in a warning",
    ),
    Case(
        "layout_info_horizontal.xlsx", SUWON, Accept(),
        edit=info_rows(_INFO_PAIRS, ["비고", _NOTE]),
        note="제출정보 written across one row: label | value | label | value …",
    ),
    Case(
        "layout_info_label_row.xlsx", SUWON, Accept(),
        edit=info_rows(_INFO_PAIRS[0::2] + ["비고"], _INFO_PAIRS[1::2] + [_NOTE]),
        note="제출정보 as a header row of labels with the values in the row below",
    ),
    Case(
        "layout_info_conflicting_year.xlsx", SUWON, Refuse("conflicting_info", INFO, 2, "연도"),
        edit=info_rows(_INFO_PAIRS, ["연도", 2022, "비고", _NOTE]),
        note="연도 written twice with different values: which year? refused",
    ),
    Case(
        "layout_info_colon_labels.xlsx", SUWON, Accept(),
        edit=info_rows(
            ["시군구코드: 41110"], ["연도 :", 2023], ["예산단위：천원"], ["작성기관:", "수원시지역사회보장협의체 사무국"],
            ["작성일:", "2024. 1. 18.(목)"], ["평가기준일:", "2023. 12. 31.(일)"], ["비고:", _NOTE],
        ),
        note="제출정보 labels written with a colon, some with the value in the same cell",
    ),
    Case(
        "layout_info_contact_row.xlsx", SUWON, Accept(warnings=("unknown_info_row",)),
        edit=info_rows(["항목", "값"], *zip(_INFO_PAIRS[0::2], _INFO_PAIRS[1::2], strict=True), ["비고", _NOTE],
                       ["담당자", "김지원", "연락처", "031-228-0000"]),
        note="a contact line added to 제출정보: not a field, named in a warning",
    ),
    Case(
        "layout_indicators_title_with_unit.xlsx", SUWON, Accept(),
        edit=insert_rows("성과지표", [["2023년 성과지표 실적", None, None, None, None, None, None, None, "(단위: 지표별)"]]),
        note="a title with its unit note at the right end of the same row, above the header",
    ),
    Case(
        "layout_plan_merged_past_end.xlsx", SUWON, Accept(),
        edit=both(lambda wb: setattr(wb[PLAN]["E26"], "value", None), merge(PLAN, "E25:E30")),
        note="the last 중점사업 cell merged on over blank rows past the end of the table",
    ),
    Case(
        "layout_plan_merged_over_blank_row.xlsx", SUWON, Accept(), edit=merged_over_separator,
        note="전략체계 merged over its section and the blank row that separates it from the next",
    ),
    Case(
        "layout_info_note_mentions_a_label.xlsx", SUWON, Accept(),
        edit=info_rows(["항목", "값"], *zip(_INFO_PAIRS[0::2], _INFO_PAIRS[1::2], strict=True),
                       ["비고", "연도: 회계연도 기준으로 작성"]),
        note="제출정보 비고 whose text reads like a label (연도: …): it stays the note's value",
    ),
    Case(
        "layout_info_form_boxes.xlsx", SUWON, Accept(), edit=info_form,
        note="제출정보 as a form: a merged title, label boxes merged over two cells, two pairs a row",
    ),
    Case(
        "layout_budget_unit_row.xlsx", SUWON, Accept(),
        edit=row_under_header(BUDGET, 2, {"D": "(천원)", "E": "(천원)", "F": "(천원)"}),
        note="a row of units under the amount headers, as forms print it",
    ),
    Case(
        "layout_indicators_column_numbers.xlsx", SUWON, Accept(),
        edit=row_under_header("성과지표", 1, dict(zip("ABCDEFGHI", range(1, 10), strict=True))),
        note="a row numbering the columns 1 … 9 under the header, as government forms do",
    ),
    Case(
        "layout_budget_group_written_once.xlsx", SUWON, Accept(), edit=group_written_once_over_full_names,
        note="a group row (keys again, 예산 once) over the complete amount headers, nothing merged",
    ),
    Case(
        "layout_plan_hidden_under_merge.xlsx", SUWON, Refuse("merged_hidden_value", PLAN, 3, "팀"),
        edit=hidden_under_merge,
        note="a merged 팀 cell hiding a different team on its second row: which one? refused",
    ),
    Case(
        "layout_info_remark_beside_value.xlsx", SUWON, Accept(warnings=("unread_info_cell",)),
        edit=info_rows(["항목", "값"], ["시군구코드", "41110"], ["연도", 2023, "회계연도 기준"],
                       *zip(_INFO_PAIRS[4::2], _INFO_PAIRS[5::2], strict=True), ["비고", _NOTE]),
        note="a remark written beside the 연도 value in 제출정보: not read, named in a warning",
    ),
]
