"""Roster cases: attendance rosters as secretariats really send them.

Sheet names in every usual form, marks in every usual notation, a leading 번호 column,
summary columns and rows, names with inner spaces, blank absences (refused unless the
제출정보 declares what a blank means), a member of two bodies, and a roster given only
as monthly rates (refused, saying what to send).
"""

from __future__ import annotations

import datetime as dt

from corpus import SUWON, Accept, Case, Refuse, both, rename_sheet

RESEARCH = "출석부_연구기획분과"
WORKING = "출석부_실무협의체"


def map_marks(sheet: str, mapping: dict, first_col: int = 3):
    """An edit replacing marks (cells right of 위원ID | 위원명) through ``mapping``."""

    def edit(wb) -> None:
        ws = wb[sheet]
        for row in ws.iter_rows(min_row=2, min_col=first_col):
            for cell in row:
                if cell.value in mapping:
                    cell.value = mapping[cell.value]

    return edit


def cycle_marks(sheet: str, attended: tuple[str, ...], absent: tuple[str, ...]):
    """An edit writing each ○ and × as the next of several equivalent notations."""

    def edit(wb) -> None:
        ws = wb[sheet]
        n = 0
        for row in ws.iter_rows(min_row=2, min_col=3):
            for cell in row:
                if cell.value in ("○", "×"):
                    choices = attended if cell.value == "○" else absent
                    cell.value = choices[n % len(choices)]
                    n += 1

    return edit


def declare(value: str):
    """An edit adding the 제출정보 row '출석부 공란'."""

    def edit(wb) -> None:
        wb["제출정보"].append(["출석부 공란", value])

    return edit


def _marks(ws, row: int) -> list[object]:
    return [c.value for c in ws[row][2:]]


def _rate(marks: list[object]) -> float:
    marked = [m for m in marks if m in ("○", "×", "△")]
    return round(100 * marks.count("○") / len(marked), 1)


def add_summary_columns(count_shift: int = 0, rate_text=None, note: str | None = None):
    """An edit adding 출석횟수 | 출석률 | 비고 right of the marks (count shifted to make it wrong)."""

    def edit(wb) -> None:
        ws = wb[RESEARCH]
        last = ws.max_column
        for j, header in enumerate(("출석횟수", "출석률", "비고"), start=1):
            ws.cell(row=1, column=last + j, value=header)
        for r in range(2, ws.max_row + 1):
            marks = _marks(ws, r)
            ws.cell(row=r, column=last + 1, value=marks.count("○") + (count_shift if r == 3 else 0))
            rate = f"{_rate(marks)}%" if rate_text is None or r != 3 else rate_text
            ws.cell(row=r, column=last + 2, value=rate)
        if note is not None:
            ws.cell(row=13, column=last + 3, value=note)

    return edit


def add_summary_rows(shift: int = 0):
    """An edit adding a 계 row (○ per month) and a 출석률 row below the members."""

    def edit(wb) -> None:
        ws = wb[RESEARCH]
        last_row, width = ws.max_row, ws.max_column
        columns = [[ws.cell(row=r, column=c).value for r in range(2, last_row + 1)] for c in range(3, width + 1)]
        ws.cell(row=last_row + 1, column=2, value="계")
        ws.cell(row=last_row + 2, column=2, value="출석률")
        for k, marks in enumerate(columns):
            ws.cell(row=last_row + 1, column=3 + k, value=marks.count("○") + (shift if k == 4 else 0))
            ws.cell(row=last_row + 2, column=3 + k, value=_rate(marks) / 100).number_format = "0.0%"

    return edit


def number_rows(wb) -> None:
    """A leading 번호 column (1, 2, 3 …) before 위원ID."""
    ws = wb[RESEARCH]
    ws.insert_cols(1)
    ws.cell(row=1, column=1, value="번호")
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=1, value=r - 1)


def names_only_with_spaces(wb) -> None:
    """No 위원ID column; names typed with a space after the surname."""
    ws = wb[RESEARCH]
    for r in range(2, ws.max_row + 1):
        name = ws.cell(row=r, column=2).value
        ws.cell(row=r, column=2, value=f"{name[0]} {name[1:]}")
    ws.delete_cols(1)


def rates_only(wb) -> None:
    """The 실무협의체 roster replaced by the monthly-rate table of a meeting handout."""
    ws = wb[WORKING]
    ws.delete_rows(1, ws.max_row)
    ws.append(["월", "합", "민", "관"])
    for month, total, private, public in (("1월", "65.2%", "70.0%", "58.3%"), ("3월", "52.2%", "50.0%", "54.5%")):
        ws.append([month, total, private, public])


def member_of_two_bodies(wb) -> None:
    """이우서 (실무협의체) also sits in 연구기획분과: a second 위원명단 row, rosters by name."""
    wb["위원명단"].append(["41110", "M0900", "이우서", "민", "분과", "연구기획분과", "위원", "2020. 7. 1.(수)", None])
    ws = wb[RESEARCH]
    ws.append(["M0900", "이우서", *["○"] * 10])
    for sheet in (RESEARCH, WORKING):
        wb[sheet].delete_cols(1)


def _add_two_body_member(tables) -> None:
    import pandas as pd

    members = tables["members"]
    row = members[members["member_id"] == "M0024"].iloc[[0]].copy()
    row["member_id"], row["body"], row["subcommittee"], row["role"] = "M0900", "subcommittee", "연구기획분과", "위원"
    row["joined_on"], row["left_on"] = pd.Timestamp(dt.date(2020, 7, 1)), pd.NaT
    tables["members"] = pd.concat([members, row], ignore_index=True).astype(members.dtypes.to_dict())
    meetings = tables["meetings"]
    ids = meetings.loc[meetings["subcommittee"] == "연구기획분과", "meeting_id"]
    attendance = tables["attendance"]
    extra = pd.DataFrame({"district_code": "41110", "meeting_id": list(ids), "member_id": "M0900", "status": "attended"})
    tables["attendance"] = pd.concat([attendance, extra[attendance.columns]], ignore_index=True)


def move_member(wb) -> None:
    """A 노인분과 member's row pasted into the 연구기획분과 roster."""
    ws = wb[RESEARCH]
    ws.append(["M0125", "박소연", *["○"] * 10])


def delete_row(sheet: str, row: int):
    """An edit deleting one row of a sheet."""

    def edit(wb) -> None:
        wb[sheet].delete_rows(row)

    return edit


def append_row(sheet: str, values: list):
    """An edit appending one row to a sheet."""

    def edit(wb) -> None:
        wb[sheet].append(values)

    return edit


def set_mark(sheet: str, coordinate: str, value: object):
    """An edit writing one roster cell."""

    def edit(wb) -> None:
        wb[sheet][coordinate].value = value

    return edit


def affiliation_column(wb) -> None:
    """A 소속기관 column between 위원명 and the months."""
    ws = wb[RESEARCH]
    ws.insert_cols(3)
    ws.cell(row=1, column=3, value="소속기관")
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=3, value=f"수원시 {r}복지관")


def member_list_columns(wb) -> None:
    """구분 and 직위 columns copied from the member list between 위원명 and the months."""
    ws = wb[RESEARCH]
    ws.insert_cols(3, 2)
    ws.cell(row=1, column=3, value="구분")
    ws.cell(row=1, column=4, value="직위")
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=3, value="민")
        ws.cell(row=r, column=4, value="위원")


def total_and_absence_columns(wb) -> None:
    """계 (attendances) and 불참횟수 columns right of the marks."""
    ws = wb[WORKING]
    last = ws.max_column
    ws.cell(row=1, column=last + 1, value="계")
    ws.cell(row=1, column=last + 2, value="불참횟수")
    for r in range(2, ws.max_row + 1):
        marks = _marks(ws, r)
        ws.cell(row=r, column=last + 1, value=marks.count("○"))
        ws.cell(row=r, column=last + 2, value=marks.count("×"))



def names_with_roles(wb) -> None:
    """No 위원ID column; the first rows' names carry the role: '소현이(분과장)'."""
    ws = wb[RESEARCH]
    for r, role in ((2, "분과장"), (3, "간사")):
        ws.cell(row=r, column=2, value=f"{ws.cell(row=r, column=2).value}({role})")
    ws.delete_cols(1)


def seats_row(wb) -> None:
    """A 재적 row below the members: the members marked at each meeting."""
    ws = wb[RESEARCH]
    last_row, width = ws.max_row, ws.max_column
    ws.cell(row=last_row + 1, column=1, value="재적")
    for c in range(3, width + 1):
        marks = [ws.cell(row=r, column=c).value for r in range(2, last_row + 1)]
        ws.cell(row=last_row + 1, column=c, value=f"{sum(m in ('○', '×', '△') for m in marks)}명")



def rates_transposed(wb) -> None:
    """The 실무협의체 roster replaced by monthly rates with months across and 합 | 민 | 관 down."""
    ws = wb[WORKING]
    ws.delete_rows(1, ws.max_row)
    ws.append(["구분", "1월", "3월", "5월"])
    for label, rates in (("합", ("65.2%", "52.2%", "87.0%")), ("민", ("70.0%", "50.0%", "90.0%")), ("관", ("58.3%", "54.5%", "83.3%"))):
        ws.append([label, *rates])


CASES = [
    # --- sheet names: every usual form must be read, not dropped with a warning
    Case("roster_sheet_suffix.xlsx", SUWON, Accept(), rename_sheet(RESEARCH, "연구기획분과 출석부"),
         note="roster sheet named '<분과> 출석부' (191 marks were dropped before)"),
    Case("roster_sheet_suffix_chulseok.xlsx", SUWON, Accept(), rename_sheet("출석부_아동분과", "아동분과_출석"),
         note="roster sheet named '<분과>_출석'"),
    Case("roster_sheet_subcommittee_alone.xlsx", SUWON, Accept(), rename_sheet("출석부_노인분과", "노인분과"),
         note="roster sheet named by the 분과 alone"),
    Case("roster_sheet_short_name.xlsx", SUWON, Accept(), rename_sheet(RESEARCH, "출석부_연구기획"),
         note="분과 name without the word 분과"),
    Case("roster_sheet_unknown_subcommittee.xlsx", SUWON,
         Refuse("roster_unknown_group", sheet="출석부_기획연구분과"), rename_sheet(RESEARCH, "출석부_기획연구분과"),
         note="roster named after a 분과 that exists nowhere: refused, naming the 분과 that exist"),
    # --- marks
    Case("roster_marks_latin_letters.xlsx", SUWON, Accept(), map_marks(RESEARCH, {"○": "O", "×": "X"}),
         note="O and X typed instead of ○ and ×"),
    Case("roster_marks_variants.xlsx", SUWON, Accept(),
         cycle_marks(RESEARCH, ("ㅇ", "〇", "Ｏ", "✓", "o"), ("Ｘ", "x", "✗")),
         note="ㅇ 〇 Ｏ ✓ o for attended, Ｘ x ✗ for absent, mixed in one sheet"),
    Case("roster_marks_one_zero.xlsx", SUWON, Accept(), map_marks(WORKING, {"○": 1, "×": 0}),
         note="1/0 instead of ○/×"),
    Case("roster_marks_words.xlsx", SUWON, Accept(), map_marks(WORKING, {"○": "참석", "×": "불참", "△": "대리참석"}),
         note="참석/불참/대리참석 written out"),
    # --- layout
    Case("roster_leading_number_column.xlsx", SUWON, Accept(), number_rows,
         note="a leading 번호 column (1, 2, 3 …) before 위원ID"),
    Case("roster_names_with_spaces.xlsx", SUWON, Accept(), names_only_with_spaces,
         note="no 위원ID column; names typed '소 현이'"),
    Case("roster_summary_columns.xlsx", SUWON, Accept(), add_summary_columns(),
         note="출석횟수 | 출석률 | 비고 columns right of the marks, all consistent"),
    Case("roster_summary_rows.xlsx", SUWON, Accept(), add_summary_rows(),
         note="계 and 출석률 (percent-formatted) rows below the members"),
    Case("roster_note_column.xlsx", SUWON, Accept(warnings=("roster_note_not_loaded",)),
         add_summary_columns(note="7월 해촉"), note="a 비고 note: not loaded, so named"),
    Case("roster_rate_column_off.xlsx", SUWON, Accept(warnings=("roster_rate_mismatch",)),
         add_summary_columns(rate_text="95%"), note="a 출석률 that the marks do not give: recomputed, warned"),
    Case("roster_count_column_wrong.xlsx", SUWON,
         Refuse("roster_count_mismatch", sheet=RESEARCH, row=3, column="출석횟수"), add_summary_columns(count_shift=2),
         note="출석횟수 disagrees with the marks of its row: which is right cannot be known"),
    Case("roster_total_row_wrong.xlsx", SUWON,
         Refuse("roster_count_mismatch", sheet=RESEARCH, row=22, column="5월"), add_summary_rows(shift=1),
         note="the 계 row disagrees with the marks of its column"),
    # --- blanks: membership comes from 위원명단 tenure
    Case("roster_blank_absences.xlsx", SUWON,
         Refuse("blank_attendance_mark", sheet=RESEARCH, row=3, column="5월"), map_marks(RESEARCH, {"×": None}),
         note="absences left blank (read as 'not a member' before: rate 100% instead of 63.9%)"),
    Case("roster_dash_absences.xlsx", SUWON,
         Refuse("blank_attendance_mark", sheet=WORKING, row=2, column="3월"), map_marks(WORKING, {"×": "-"}),
         note="absences marked '-' for members in tenure"),
    Case("roster_blank_declared_absent.xlsx", SUWON, Accept(),
         both(map_marks(RESEARCH, {"×": None}), declare("불참")),
         note="absences blank, 제출정보 '출석부 공란: 불참' declares it"),
    Case("roster_dash_declared_absent.xlsx", SUWON, Accept(),
         both(map_marks(WORKING, {"×": "-"}), declare("불참")),
         note="absences '-', 제출정보 '출석부 공란: 불참' declares it"),
    Case("roster_blank_declared_excluded.xlsx", SUWON,
         Refuse("bad_info_value", sheet="제출정보", column="출석부 공란"),
         both(map_marks(RESEARCH, {"×": None}), declare("제외")),
         note="blanks declared 'not counted' (제외): refused — tenure belongs in 위원명단, which the message says"),
    Case("roster_blank_convention_unreadable.xlsx", SUWON,
         Refuse("bad_info_value", sheet="제출정보", column="출석부 공란"), both(map_marks(RESEARCH, {"×": None}), declare("빈칸")),
         note="a convention value that says nothing: refused, naming the two accepted"),
    # --- members and bodies
    Case("roster_member_of_two_bodies.xlsx", SUWON, Accept(adjust=_add_two_body_member), member_of_two_bodies,
         note="one person in 실무협의체 and 연구기획분과, two 위원명단 rows, rosters by name"),
    Case("roster_member_in_wrong_roster.xlsx", SUWON,
         Refuse("roster_member_other_group", sheet=RESEARCH, row=22), move_member,
         note="a 노인분과 member's row pasted into the 연구기획분과 roster (would be matched to the wrong meetings)"),
    Case("roster_rates_only.xlsx", SUWON, Refuse("roster_rates_only", sheet=WORKING), rates_only,
         note="monthly rates (월 | 합 | 민 | 관) instead of marks: refused, saying to send marks"),
    # --- more names, columns and lines that real rosters carry
    Case("roster_sheet_year_and_hyunhwang.xlsx", SUWON, Accept(), rename_sheet(RESEARCH, "2023 연구기획분과 출석현황"),
         note="'2023 <분과> 출석현황'"),
    Case("roster_sheet_hyunhwang_prefix.xlsx", SUWON, Accept(), rename_sheet("출석부_아동분과", "출석현황_아동분과"),
         note="'출석현황_<분과>'"),
    Case("roster_affiliation_column.xlsx", SUWON, Accept(warnings=("roster_column_not_loaded",)), affiliation_column,
         note="a 소속기관 column between the name and the months: not loaded, named"),
    Case("roster_member_list_columns.xlsx", SUWON, Accept(warnings=("roster_column_not_loaded",)), member_list_columns,
         note="구분 and 직위 copied from the member list into the roster: not loaded, named"),
    Case("roster_legend_line.xlsx", SUWON, Accept(warnings=("roster_note_not_loaded",)),
         append_row(RESEARCH, ["※ ○: 참석, ×: 불참, △: 대리참석"]), note="a legend line below the members"),
    Case("roster_total_and_absence_columns.xlsx", SUWON, Accept(), total_and_absence_columns,
         note="계 and 불참횟수 columns, consistent with the marks"),
    Case("roster_member_row_missing.xlsx", SUWON,
         Refuse("roster_member_missing", sheet=RESEARCH, column="위원ID"), delete_row(RESEARCH, 5),
         note="a member in tenure left out of the roster (counted absent at every meeting otherwise)"),
    Case("roster_mark_with_conflicting_note.xlsx", SUWON,
         Refuse("ambiguous_mark", sheet=RESEARCH, row=2, column="3월"), set_mark(RESEARCH, "E2", "○(대리)"),
         note="'○(대리)': attended or proxy? refused with both readings named"),
    Case("roster_zero_for_circle.xlsx", SUWON, Refuse("ambiguous_mark", sheet=RESEARCH),
         both(set_mark(RESEARCH, "C2", 0), set_mark(RESEARCH, "D2", 0)),
         note="'0' typed among ○/× marks with no '1': a mistyped ○ or an absence?"),
    Case("roster_names_with_roles.xlsx", SUWON, Accept(), names_with_roles,
         note="names written with the role in brackets, no 위원ID column"),
    Case("roster_seats_row.xlsx", SUWON, Accept(), seats_row, note="a 재적 row ('19명') below the members"),
    Case("roster_rates_transposed.xlsx", SUWON, Refuse("roster_rates_only", sheet=WORKING), rates_transposed,
         note="monthly rates with months across and 합/민/관 down: refused, saying to send marks"),
]
