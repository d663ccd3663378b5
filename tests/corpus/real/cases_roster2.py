"""Roster cases, second family: two-row headers, merged cells, meeting columns by order.

Rosters laid out for printing: a label (``회의 개최월``, ``2023년``) merged over the
meeting columns with the months in a second row, a merged title above the header, a
section label merged across a row; meeting columns headed ``1차``/``제1회`` or by date;
and merged cells that could mean two things (a mark over two meetings, a name over two
rows), which are refused with the ambiguity named.
"""

from __future__ import annotations

from corpus import SUWON, Accept, Case, Refuse

RESEARCH = "출석부_연구기획분과"


def _two_row_header(label: str, second=None):
    """An edit putting ``label`` merged over the meeting columns, 위원ID/위원명 merged down."""

    def edit(wb) -> None:
        ws = wb[RESEARCH]
        ws.insert_rows(1)
        width = ws.max_column
        ws["A1"], ws["B1"] = "위원ID", "위원명"
        ws["A2"], ws["B2"] = None, None
        ws.merge_cells("A1:A2")
        ws.merge_cells("B1:B2")
        if second is not None:
            for j, cell in enumerate(ws[2][2:width], start=1):
                cell.value = second(j)
        ws["C1"] = label
        ws.merge_cells(start_row=1, start_column=3, end_row=1, end_column=width)

    return edit


def _order_headers(form: str, drop_last: bool = False, only_first: int | None = None):
    """An edit heading the meeting columns by their order (``form`` with {n})."""

    def edit(wb) -> None:
        ws = wb[RESEARCH]
        for n, cell in enumerate(ws[1][2:], start=1):
            if only_first is None or n <= only_first:
                cell.value = form.format(n=n)
        if drop_last:
            ws.delete_cols(ws.max_column)

    return edit


def _date_headers(wb) -> None:
    """Meeting columns headed by the meeting dates (1/19, 2/16 …) instead of months."""
    days = ("1/19", "2/16", "3/16", "4/20", "5/18", "6/15", "7/20", "9/21", "10/19", "11/16")
    for day, cell in zip(days, wb[RESEARCH][1][2:], strict=True):
        cell.value = day


def _title_row(wb) -> None:
    """A title merged across the sheet above the header."""
    ws = wb[RESEARCH]
    ws.insert_rows(1)
    ws["A1"] = "2023년 연구기획분과 출석부"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ws.max_column)


def _section_label(wb) -> None:
    """A section label '민간위원' merged across the row above the members."""
    ws = wb[RESEARCH]
    ws.insert_rows(2)
    ws["A2"] = "민간위원"
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ws.max_column)


def _nameless_row(wb) -> None:
    """A member row whose 위원ID and 위원명 were cleared, its marks left in place."""
    ws = wb[RESEARCH]
    ws["A5"].value = None
    ws["B5"].value = None


def _merge(coordinates: str, blank: tuple[str, ...], delete_id_column: bool = False):
    """An edit merging cells (the covered ones blanked first, as Excel keeps only the first)."""

    def edit(wb) -> None:
        ws = wb[RESEARCH]
        if delete_id_column:
            ws.delete_cols(1)
        for coordinate in blank:
            ws[coordinate] = None
        ws.merge_cells(coordinates)

    return edit


CASES = [
    # --- two-row headers
    Case("roster2_two_row_header.xlsx", SUWON, Accept(), _two_row_header("회의 개최월"),
         note="'회의 개최월' merged over the months, which are in a second row; 위원ID/위원명 merged down"),
    Case("roster2_two_row_year_over_order.xlsx", SUWON, Accept(), _two_row_header("2023년", lambda n: f"제{n}회"),
         note="'2023년' merged over 제1회 … 제10회 in a second row"),
    Case("roster2_title_row.xlsx", SUWON, Accept(), _title_row, note="a title merged across the sheet above the header"),
    # --- meeting columns by order or date
    Case("roster2_order_columns.xlsx", SUWON, Accept(), _order_headers("{n}차"),
         note="meeting columns headed 1차 … 10차 (the n-th meeting of the 분과 in date order)"),
    Case("roster2_order_columns_hoe.xlsx", SUWON, Accept(), _order_headers("{n}회"),
         note="meeting columns headed 1회 … 10회"),
    Case("roster2_order_count_mismatch.xlsx", SUWON,
         Refuse("roster_meeting_order", sheet=RESEARCH, row=1, column="1차"), _order_headers("{n}차", drop_last=True),
         note="9 order columns for 10 meetings: which meeting each is cannot be known"),
    Case("roster2_order_mixed_with_months.xlsx", SUWON,
         Refuse("roster_meeting_order", sheet=RESEARCH, row=1, column="1차"), _order_headers("{n}차", only_first=3),
         note="1차 2차 3차 then 4월 5월 …: order and month columns mixed"),
    Case("roster2_date_headers.xlsx", SUWON, Accept(), _date_headers, note="meeting columns headed 1/19, 2/16 …"),
    # --- merged cells in the body
    Case("roster2_merged_mark.xlsx", SUWON,
         Refuse("roster_merged_mark", sheet=RESEARCH, row=3, column="1월"), _merge("C3:D3", ("D3",)),
         note="one ○ merged over the 1월 and 2월 cells: one mark each, or one for both?"),
    Case("roster2_merged_mark_down.xlsx", SUWON,
         Refuse("roster_merged_mark", sheet=RESEARCH, row=2, column="1월"), _merge("C2:C3", ("C3",)),
         note="one ○ merged down over two members' 1월 cells"),
    Case("roster2_merged_name.xlsx", SUWON,
         Refuse("roster_merged_member", sheet=RESEARCH, row=2, column="위원명"),
         _merge("A2:A3", ("A3",), delete_id_column=True),
         note="no 위원ID column; a name merged down over two rows (one member twice, or a row unnamed?)"),
    Case("roster2_merged_name_beside_ids.xlsx", SUWON, Accept(), _merge("B2:B3", ("B3",)),
         note="a name merged over two rows whose 위원ID cells differ: the ids identify the rows"),
    Case("roster2_section_label.xlsx", SUWON, Accept(warnings=("roster_label_row",)), _section_label,
         note="'민간위원' merged across a row above the members: a label, named"),
    Case("roster2_marks_without_member.xlsx", SUWON, Refuse("roster_row_without_member", RESEARCH, 5), _nameless_row,
         note="a row's 위원ID and 위원명 deleted, its marks left: whose attendance it is cannot be told"),
]
