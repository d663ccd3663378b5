"""File kinds and folders: separators, HTML exports, UTF-16 text, stray files, file names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sabo_eval.cli import main
from sabo_eval.errors import SubmissionError
from sabo_eval.intake.html_tables import read_html_tables
from sabo_eval.intake.loaders import find_submissions, read_raw_sheets, unsafe_file_name
from sabo_eval.intake.text_sheets import decode_text, sniff_delimiter, split_rows, stray_files
from sabo_eval.intake.xml_spreadsheet import read_spreadsheetml

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
SUWON = SAMPLE / "41110_2023_수원시.xlsx"
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2;3\n", ";"),
        ("a\tb\tc\n1\t2,5\t3\n", "\t"),
        ("항목\n값\n", ","),
        # a semicolon file whose amounts carry thousands separators: only ';' is even
        ("코드;금액\n1;10,129,000\n2;5,000\n3;12\n", ";"),
        # a comma file with a ';' in one opinion: ';' does not split most lines
        ("a,b\n1,\"x; y\"\n2,z\n3,w\n4,v\n5,u\n", ","),
    ],
)
def test_the_separator_is_recognised(text, delimiter):
    assert sniff_delimiter(text, "x.csv") == delimiter


def test_a_separator_that_could_be_two_is_refused_with_both_named():
    text = "항목;값,비고\n연도;2023,확정\n코드;41110,확정\n"
    with pytest.raises(SubmissionError) as info:
        sniff_delimiter(text, "제출정보.csv")
    assert "쉼표" in info.value.message_ko and "세미콜론" in info.value.message_ko
    assert "comma" in info.value.message_en and "semicolon" in info.value.message_en


def test_an_excel_separator_line_names_the_separator_and_is_not_a_row():
    assert split_rows("sep=;\r\n항목;값,비고\r\n연도;2023,확정\r\n", "x.csv") == [["항목", "값,비고"], ["연도", "2023,확정"]]


def test_utf16_text_is_decoded_and_split_at_tabs():
    data = "위원ID\t위원명\r\nM001\t김범수\r\n".encode("utf-16")
    assert split_rows(decode_text(data, "위원명단.txt"), "위원명단.txt") == [["위원ID", "위원명"], ["M001", "김범수"]]


def test_utf16_marked_garbage_is_an_unknown_encoding():
    with pytest.raises(SubmissionError, match="인코딩"):
        decode_text(b"\xff\xfe\x81\x00\xc8\x00" * 10, "x.txt")


def test_html_spans_become_merged_ranges_and_cells_are_placed_under_them():
    page = (
        "<html><body><table><caption>예산</caption>"
        "<tr><th rowspan=2>사업번호</th><th colspan=2>예산</th></tr>"
        "<tr><th>계획</th><th>집행</th></tr>"
        "<tr><td>I-1-1</td><td>1,000</td><td>900<br>(잠정)</td></tr>"
        "</table></body></html>"
    ).encode()
    (sheet,) = read_html_tables(page, "x.xls", "x")
    assert sheet.name == "예산"
    assert sheet.rows == [["사업번호", "예산", None], [None, "계획", "집행"], ["I-1-1", "1,000", "900\n(잠정)"]]
    assert sorted(sheet.merged) == [(0, 0, 1, 0), (0, 1, 0, 2)]


def test_a_single_unnamed_html_table_takes_the_file_name():
    (sheet,) = read_html_tables(b"<table><tr><td>1</td></tr></table>", "위원명단.xls", "위원명단")
    assert sheet.name == "위원명단" and sheet.rows == [["1"]]


def test_an_encrypted_workbook_is_named_as_such(tmp_path):
    path = tmp_path / "41110_2023.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(SubmissionError, match="암호"):
        read_raw_sheets(path)


@pytest.mark.parametrize(("name", "unsafe"), [("수원시..최종.xlsx", False), ("..", True), ("a/b.xlsx", True), ("..\\x.xlsx", True)])
def test_two_dots_inside_a_name_are_not_a_path(name, unsafe):
    assert unsafe_file_name(name) is unsafe


def test_a_folder_finds_xls_ods_and_text_folders_and_lists_the_rest(tmp_path):
    for name in ("a.xls", "b.ods", "c.xlsx"):
        shutil.copyfile(SUWON, tmp_path / name)
    texts = tmp_path / "d_텍스트"
    texts.mkdir()
    (texts / "위원명단.txt").write_bytes("위원ID\tM001\n".encode("utf-16"))
    (tmp_path / "공문.hwp").write_bytes(b"x")
    (tmp_path / "~$c.xlsx").write_bytes(b"lock")
    (tmp_path / "첨부").mkdir()
    (tmp_path / "첨부" / "사진.jpg").write_bytes(b"x")
    assert [p.name for p in find_submissions(tmp_path)] == ["a.xls", "b.ods", "c.xlsx", "d_텍스트"]
    assert stray_files(tmp_path) == ["공문.hwp", "첨부/"]
    assert find_submissions(texts) == [texts] and stray_files(texts) == []


def test_ingest_of_a_folder_with_nothing_to_read_says_so_and_fails(tmp_path, capsys):
    folder = tmp_path / "받은자료"
    folder.mkdir()
    (folder / "공문.hwp").write_bytes(b"x")
    assert main(["ingest", str(folder), "--db", str(tmp_path / "w.duckdb")]) == 1
    out = capsys.readouterr().out
    assert "제출 자료를 찾지 못해" in out and "공문.hwp" in out


def test_validate_lists_stray_files_beside_a_good_workbook(tmp_path, capsys):
    shutil.copyfile(SUWON, tmp_path / SUWON.name)
    (tmp_path / "메모.txt").write_text("메모", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "메모.txt" in out and "읽지 않은 파일 1개" in out


def test_the_readme_of_data_raw_is_not_a_stray_file(tmp_path, capsys):
    """``data/raw/README.md`` ships with the repository: ``ingest data/raw/`` does not fail on it."""
    shutil.copyfile(SUWON, tmp_path / SUWON.name)
    (tmp_path / "README.md").write_text("# 실제 제출 자료", encoding="utf-8")
    (tmp_path / "NOTES.md").write_text("메모", encoding="utf-8")
    assert stray_files(tmp_path) == ["NOTES.md"]
    (tmp_path / "NOTES.md").unlink()
    assert main(["validate", str(tmp_path)]) == 0
    assert "README.md" not in capsys.readouterr().out


def test_excel_2003_xml_places_cells_by_index_and_reads_types_merges_formulas_and_visibility():
    xml = (
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<Worksheet ss:Name="예산"><Table>'
        '<Row><Cell ss:MergeDown="1"><Data ss:Type="String">사업번호</Data></Cell>'
        '<Cell ss:MergeAcross="1"><Data ss:Type="String">예산</Data></Cell></Row>'
        '<Row><Cell ss:Index="2"><Data ss:Type="String">계획</Data></Cell><Cell><Data ss:Type="String">집행</Data></Cell></Row>'
        '<Row ss:Index="4"><Cell><Data ss:Type="String">I-1-1</Data></Cell><Cell><Data ss:Type="Number">1000</Data></Cell>'
        '<Cell ss:Formula="=RC[-1]*0.9"><Data ss:Type="Number">900</Data></Cell>'
        '<Cell><Data ss:Type="DateTime">2023-03-15T00:00:00.000</Data></Cell></Row>'
        '</Table><WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible>'
        "</WorksheetOptions></Worksheet></Workbook>"
    ).encode()
    (sheet,) = read_spreadsheetml(xml, "x.xls")
    assert sheet.name == "예산" and sheet.hidden
    assert sheet.rows[0][:3] == ["사업번호", "예산", None] and sheet.rows[1][1:3] == ["계획", "집행"]
    assert sheet.rows[2] == [None] * 4
    assert sheet.rows[3][:3] == ["I-1-1", 1000.0, 900.0] and sheet.rows[3][3].year == 2023
    assert sorted(sheet.merged) == [(0, 0, 1, 0), (0, 1, 0, 2)]
    assert sheet.formulas == [(4, "C", "RC[-1]*0.9", True)]


def test_ingest_of_a_folder_holding_only_an_xls_ingests_it(tmp_path, capsys):
    folder = tmp_path / "받은자료"
    folder.mkdir()
    shutil.copyfile(SUWON, folder / "41110_2023_수원시.xls")
    assert main(["ingest", str(folder), "--db", str(tmp_path / "w.duckdb")]) == 0
    assert "✓ 41110_2023_수원시.xls: 41110 2023" in capsys.readouterr().out


def test_ingest_of_a_folder_of_unicode_text_sheets_ingests_it(tmp_path, capsys):
    import csv
    import io

    folder = tmp_path / "받은자료" / "26530_2022_사상구"
    folder.mkdir(parents=True)
    for file in sorted((SAMPLE / "26530_2022_사상구").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(file.read_bytes().decode("cp949"))))
        buffer = io.StringIO()
        csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(rows)
        (folder / f"{file.stem}.txt").write_bytes(buffer.getvalue().encode("utf-16"))
    assert main(["ingest", str(folder.parent), "--db", str(tmp_path / "w.duckdb")]) == 0
    assert "✓ 26530_2022_사상구: 26530 2022" in capsys.readouterr().out
