"""Build the bad-input corpus (run: python tests/corpus/build_corpus.py).

Every file in ``bad/`` is one submission a secretariat might really send, each with
one thing wrong; ``bad/EXPECTED.csv`` says which problem it must produce (rule, and
where: sheet, Excel row, column as written). Most are the minimal good fixture with
one change; the rest are broken files (empty, renamed, encrypted, macros, encodings).
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
sys.path.insert(0, str(HERE.parent))

from fixtures import build_fixtures as fx  # noqa: E402

# (file, change, rule, sheet, row, column); sheet/row/column '' when not located there.
VARIANTS = [
    ("wrong_header.xlsx", fx._set("위원명단", 0, 2, "위언명"), "missing_column", "위원명단", 1, "위언명"),
    ("missing_column.xlsx", fx._set("회의목록", 0, 4, "개최"), "missing_column", "회의목록", 1, "개최"),
    ("duplicate_header.xlsx", fx._set("회의목록", 0, 5, "개최일자"), "duplicate_header", "회의목록", 1, "개최일자"),
    ("merged_header_unknown.xlsx", lambda s: (s["예산"][0].__setitem__(1, "금액(천원)"), s["예산"][1].__setitem__(1, "계획액")),
     "missing_column", "예산", 2, "계획액"),
    ("notes_then_no_header.xlsx", lambda s: s.__setitem__("시행계획", [["※ 작성 요령"], ["※ 단위: 천원"], ["세부 사업 목록", "내용"], ["가", "나"]]),
     "header_not_found", "시행계획", "", ""),
    ("text_in_count.xlsx", fx._set("지역현황", 2, 3, "많음"), "bad_int", "지역현황", 3, "인구수"),
    ("text_in_amount.xlsx", fx._set("예산", 2, 3, "약 천만"), "bad_float", "예산", 3, "집행액"),
    ("number_in_words.xlsx", fx._set("성과지표", 1, 8, "일천삼백"), "bad_float", "성과지표", 2, "실적"),
    ("misplaced_commas.xlsx", fx._set("성과지표", 1, 7, "1,2,00"), "bad_float", "성과지표", 2, "목표"),
    ("negative_count.xlsx", fx._set("서비스실적", 5, 6, -5), "below_minimum", "서비스실적", 6, "실적"),
    ("negative_budget.xlsx", fx._set("예산", 3, 1, -5000), "below_minimum", "예산", 4, "계획예산"),
    ("attended_outside_tenure.xlsx", fx._set("출석부_연구기획분과", 4, 3, "○"), "outside_tenure", "출석부_연구기획분과", 5, "2월"),
    ("impossible_date.xlsx", fx._set("회의목록", 1, 4, "2023. 2. 30."), "bad_date", "회의목록", 2, "개최일"),
    ("impossible_month.xlsx", fx._set("위원명단", 1, 7, "2023-13-01"), "bad_date", "위원명단", 2, "위촉일"),
    ("future_meeting.xlsx", fx._set("회의목록", 4, 4, "2099. 4. 20."), "future_date", "회의목록", 5, "개최일"),
    ("meeting_other_year.xlsx", fx._set("회의목록", 4, 4, "2021.04.20"), "date_outside_year", "회의목록", 5, "개최일"),
    ("duplicate_member_id.xlsx", fx._append("위원명단", ["11110", "M03", "최정화", "민", "분과", "연구기획분과", "위원", "2020.01.01", None]),
     "duplicate_key", "위원명단", 7, "위원ID"),
    ("duplicate_meeting_id.xlsx", fx._append("회의목록", ["11110", "R03", "분과", "연구기획분과", "2023. 5. 18.(목)", "정기"]),
     "duplicate_key", "회의목록", 6, "회의ID"),
    ("duplicate_mark.xlsx", fx._append("회의참석", ["11110", "W01", "M05", "×"]), "duplicate_key", "회의참석", 3, "위원ID"),
    ("duplicate_indicator.xlsx", fx._append("성과지표", ["11110", 2023, "I-1-1", "돌봄 대상자 수", "명", "상향", 1, 2, 3]),
     "duplicate_key", "성과지표", 5, "성과지표명"),
    ("unknown_member_roster.xlsx", fx._append("출석부_연구기획분과", ["M99", "홍길동", "○", "○", "○"]),
     "unknown_member", "출석부_연구기획분과", 6, "위원ID"),
    ("unknown_member_long.xlsx", fx._append("회의참석", ["11110", "W01", "M77", "○"]), "unknown_member", "회의참석", 3, "위원ID"),
    ("unknown_meeting.xlsx", fx._append("회의참석", ["11110", "X99", "M05", "○"]), "unknown_meeting", "회의참석", 3, "회의ID"),
    ("unknown_item_indicator.xlsx", fx._append("성과지표", ["11110", 2023, "Z-9-9", "없는 지표", "건", "상향", None, 10, 5]),
     "unknown_item", "성과지표", 5, "사업번호"),
    ("unknown_item_budget.xlsx", lambda s: s["예산"].insert(4, ["Z-1", 10, None, 5]), "unknown_item", "예산", 5, "사업번호"),
    ("unknown_item_opinion.xlsx", fx._append("모니터링의견", ["11110", 2023, "Q-1", "아동분과", "의견", "회신", None]),
     "unknown_item", "모니터링의견", 4, "사업번호"),
    ("numerator_above_denominator.xlsx", fx._set("서비스실적", 5, 6, 3500), "numerator_above_denominator", "서비스실적", 6, "실적"),
    ("total_mismatch_budget.xlsx", fx._set("예산", 5, 3, 15000), "total_mismatch", "예산", 6, "집행액"),
    ("total_mismatch_services.xlsx", fx._set("서비스실적", 3, 6, 2500), "total_mismatch", "서비스실적", 4, "실적"),
    ("bad_sector_code.xlsx", fx._set("위원명단", 1, 3, "기타"), "bad_code", "위원명단", 2, "구분"),
    ("bad_roster_mark.xlsx", fx._set("출석부_연구기획분과", 1, 2, "?"), "bad_code", "출석부_연구기획분과", 2, "1월"),
    ("bad_direction.xlsx", fx._set("성과지표", 1, 5, "위"), "bad_code", "성과지표", 2, "지표방향"),
    ("left_before_joined.xlsx", fx._set("위원명단", 3, 8, "2020.01.01"), "left_before_joined", "위원명단", 4, "해촉일"),
    ("wrong_district_in_row.xlsx", fx._set("위원명단", 2, 0, "11140"), "wrong_district_code", "위원명단", 3, "시군구코드"),
    ("wrong_year_in_row.xlsx", fx._set("성과지표", 1, 1, 2022), "wrong_year", "성과지표", 2, "연도"),
    ("short_district_code.xlsx", fx._set("제출정보", 1, 1, "1111"), "bad_info_value", "제출정보", 2, "시군구코드"),
    ("path_in_district_code.xlsx", fx._set("제출정보", 1, 1, "../11110"), "bad_info_value", "제출정보", 2, "시군구코드"),
    ("slash_in_district_code.xlsx", fx._set("위원명단", 1, 0, "11/110"), "bad_district", "위원명단", 2, "시군구코드"),
    ("missing_year.xlsx", lambda s: s["제출정보"].pop(2), "missing_submission_info", "제출정보", "", "연도"),
    ("html_in_code.xlsx", fx._set("위원명단", 2, 3, "<b>민간</b>"), "bad_code", "위원명단", 3, "구분"),
    ("script_in_count.xlsx", fx._set("지역현황", 2, 4, "<script>alert(1)</script>"), "bad_int", "지역현황", 3, "65세이상인구"),
    ("script_in_date.xlsx", fx._set("위원명단", 1, 7, "<script>alert(1)</script>"), "bad_date", "위원명단", 2, "위촉일"),
    ("script_in_district_code.xlsx", fx._set("회의목록", 1, 0, "<img src=x onerror=alert(1)>"), "bad_district", "회의목록", 2, "시군구코드"),
    ("formula_hyperlink.xlsx", fx._set("모니터링의견", 1, 5, '=HYPERLINK("http://example.invalid","회신 보기")'),
     "dangerous_formula", "모니터링의견", 2, "F열"),
    ("formula_dde.xlsx", fx._set("시행계획", 1, 7, "=cmd|' /C calc'!A0"), "dangerous_formula", "시행계획", 2, "H열"),
    ("formula_without_value.xlsx", fx._set("서비스실적", 1, 6, "=1000+200"), "formula_without_value", "서비스실적", 2, "G열"),
    ("empty_member_sheet.xlsx", lambda s: s.__setitem__("위원명단", []), "unknown_member", "출석부_연구기획분과", 2, "위원ID"),
    ("only_submission_sheet.xlsx", lambda s: [s.pop(k) for k in list(s) if k != "제출정보"], "no_data", "", "", ""),
]


def _write_variant(name: str, change) -> Path:
    return fx.write_workbook(BAD / name, fx.variant(change), fx.MERGES)


def _broken_files() -> list[tuple[str, str, str, object, str]]:
    """Files that cannot be read as submissions at all."""
    out = []
    (BAD / "empty_file.xlsx").write_bytes(b"")
    out.append(("empty_file.xlsx", "unreadable_file", "", "", ""))
    (BAD / "renamed_text.xlsx").write_text("이것은 엑셀 파일이 아닙니다\n", encoding="utf-8")
    out.append(("renamed_text.xlsx", "unreadable_file", "", "", ""))
    (BAD / "renamed_pdf.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    out.append(("renamed_pdf.xlsx", "unreadable_file", "", "", ""))
    good = BAD.parent.parent / "fixtures" / "good" / "11110_2023_minimal.xlsx"
    from msoffcrypto.format.ooxml import OOXMLFile  # only needed to rebuild the corpus

    with open(good, "rb") as source, open(BAD / "password_protected.xlsx", "wb") as target:
        OOXMLFile(source).encrypt("1234", target)
    out.append(("password_protected.xlsx", "unreadable_file", "", "", ""))
    buffer = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake VBA project: Sub AutoOpen() Shell \"calc\" End Sub")
    (BAD / "macros.xlsm").write_bytes(buffer.getvalue())
    out.append(("macros.xlsm", "unreadable_file", "", "", ""))
    shutil.copy(good, BAD / "..\\..\\11110_2023.xlsx")
    out.append(("..\\..\\11110_2023.xlsx", "unsafe_file_name", "", "", ""))
    return out


def _too_many_rows() -> tuple[str, str, str, object, str]:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in fx.BASE.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name == "서비스실적":
            for i in range(100_010):
                ws.append(["11110", 2023, None, f"동{i}", "돌봄SOS", "식사지원", 1])
    wb.save(BAD / "too_many_rows.xlsx")
    return ("too_many_rows.xlsx", "too_many_rows", "서비스실적", 100_001, "")


def _csv_folders() -> list[tuple[str, str, str, object, str]]:
    out = []
    folder = fx.write_csv_folder(BAD / "cp949_saved_as_utf8", fx.BASE, "utf-8")
    for file in folder.glob("*.csv"):  # text that went through the wrong conversion once
        text = file.read_text(encoding="utf-8").encode("utf-8").decode("cp949", errors="replace")
        file.write_text(text, encoding="utf-8")
    out.append(("cp949_saved_as_utf8", "missing_submission_info", "", "", ""))
    folder = fx.write_csv_folder(BAD / "utf8_saved_as_cp949", fx.BASE, "cp949")
    for file in folder.glob("*.csv"):
        text = file.read_bytes().decode("cp949").encode("cp949").decode("utf-8", errors="replace")
        file.write_bytes(text.encode("cp949", errors="replace"))
    out.append(("utf8_saved_as_cp949", "missing_submission_info", "", "", ""))
    folder = fx.write_csv_folder(BAD / "invalid_encoding", fx.BASE, "utf-8")
    (folder / "위원명단.csv").write_bytes(b"\xff\xfe\x81\x00\xc8" * 20)
    out.append(("invalid_encoding", "unreadable_file", "", "", ""))
    folder = fx.write_csv_folder(BAD / "nul_in_cell", fx.BASE, "utf-8")
    path = folder / "위원명단.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("김범수", "김\x00범수"), encoding="utf-8")
    out.append(("nul_in_cell", "bad_text", "위원명단", 2, "위원명"))
    folder = fx.write_csv_folder(BAD / "long_cell", fx.variant(fx._set("모니터링의견", 1, 4, "가" * 100_000)), "utf-8")
    out.append(("long_cell", "bad_text", "모니터링의견", 2, "모니터링의견"))
    folder = fx.write_csv_folder(BAD / "empty_csv_member_list", fx.BASE, "utf-8")
    (folder / "위원명단.csv").write_text("", encoding="utf-8")
    out.append(("empty_csv_member_list", "unknown_member", "출석부_연구기획분과", 2, "위원ID"))
    return out


def build() -> None:
    """Rebuild ``bad/`` and ``bad/EXPECTED.csv``."""
    if BAD.exists():
        shutil.rmtree(BAD)
    BAD.mkdir(parents=True)
    rows = []
    for name, change, rule, sheet, row, column in VARIANTS:
        _write_variant(name, change)
        rows.append((name, rule, sheet, row, column))
    rows += _broken_files()
    rows.append(_too_many_rows())
    rows += _csv_folders()
    with open(BAD / "EXPECTED.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "rule", "sheet", "row", "column"])
        writer.writerows(rows)


if __name__ == "__main__":
    build()
