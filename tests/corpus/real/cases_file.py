"""File and sheet cases: the kinds of files secretariats send, and their sheets.

File kinds: an HTML table export saved as ``.xls`` (government systems' "엑셀
다운로드"), an ``.ods`` workbook, an ``.xlsx`` renamed ``.xls``, Excel's 유니코드
텍스트 (UTF-16, tab separated; one file per sheet, in a folder), CSV with a semicolon
or tab separator, a folder mixing sheets with other files, a file name with ``..``.
Sheets: hidden, unknown (with values or empty), names with stray spaces, the
instructions sheet kept.

No ``.xls`` (BIFF) file can be produced here (no LibreOffice, no xlwt): the real
binary ``.xls`` path is python-calamine's and is not covered by a case.
"""

from __future__ import annotations

import csv
import html
import io
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from corpus import SASANG_CSV, SUWON, Accept, Case, Refuse, both, rename_sheet
from python_calamine import CalamineWorkbook

# ----------------------------------------------------------------------------- helpers


def _sheets(base: Path) -> list[tuple[str, list[list[object]]]]:
    """The base workbook's sheets as the loader reads them (python-calamine)."""
    book = CalamineWorkbook.from_path(str(base))
    return [(n, book.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in book.sheet_names]


def _text(value: object) -> str:
    """A cell as a spreadsheet shows it in a text export."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _html_page(base: Path, out: Path, *, name_by: str, encoding: str = "cp949") -> None:
    """An HTML page with one table per sheet, saved under an ``.xls`` name."""
    charset = "euc-kr" if encoding == "cp949" else encoding
    parts = [
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel">',
        f'<head><meta http-equiv="Content-Type" content="application/vnd.ms-excel; charset={charset}">',
    ]
    sheets = _sheets(base)
    if name_by == "excel":
        names = "".join(f"<x:ExcelWorksheet><x:Name>{escape(n)}</x:Name></x:ExcelWorksheet>" for n, _ in sheets)
        parts.append(f"<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets>{names}</x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->")
    parts.append("</head><body>")
    for name, rows in sheets:
        if name_by == "heading":
            parts.append(f"<h3>{escape(name)}</h3>")
        parts.append('<table border="1">')
        if name_by == "caption":
            parts.append(f"<caption>{escape(name)}</caption>")
        for row in rows:
            cells = "".join(_html_cell(v, name_by == "excel") for v in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    out.write_bytes("\n".join(parts).encode(encoding, errors="xmlcharrefreplace"))


def _html_cell(value: object, excel: bool) -> str:
    """A cell; Excel's web page shows numbers formatted (rounded) and keeps them in ``x:num``."""
    if excel and isinstance(value, float):
        return f'<td x:num="{_text(value)}">{value:,.0f}</td>'
    return f"<td>{html.escape(_text(value))}</td>"


def html_by_caption(base: Path, out: Path) -> None:
    _html_page(base, out, name_by="caption")


def html_by_heading(base: Path, out: Path) -> None:
    _html_page(base, out, name_by="heading", encoding="utf-8")


def html_by_excel_names(base: Path, out: Path) -> None:
    _html_page(base, out, name_by="excel")


def html_unnamed(base: Path, out: Path) -> None:
    _html_page(base, out, name_by="none")


def _ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, float):
        return f'<table:table-cell office:value-type="float" office:value="{_text(value)}"><text:p>{_text(value)}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


_BUDGET_HEADER = (  # 예산's header over two rows: 예산 spans 계획예산·변경예산, the rest span both rows
    "<table:table-row>"
    + "".join(f'<table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
              for h in ("시군구코드", "연도", "사업번호"))
    + '<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>예산</text:p></table:table-cell>'
    + "<table:covered-table-cell/>"
    + '<table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>집행액</text:p></table:table-cell>'
    + "</table:table-row><table:table-row>"
    + '<table:covered-table-cell table:number-columns-repeated="3"/>'
    + "".join(f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>' for h in ("계획예산", "변경예산"))
    + "<table:covered-table-cell/></table:table-row>"
)


def _ods_formula_cell(value: object, formula: str) -> str:
    """A formula cell: with its stored result, or none (``value`` None)."""
    if value is None:
        return f'<table:table-cell table:formula="{formula}"/>'
    return f'<table:table-cell table:formula="{formula}" office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def _ods_rows(name: str, rows: list[list[object]], merged_header: bool, formula: tuple | None) -> str:
    out = []
    for r, row in enumerate(rows):
        if merged_header and name == "예산" and row[:2] == ["시군구코드", "연도"]:
            out.append(_BUDGET_HEADER)
            continue
        cells = [_ods_cell(v) for v in row]
        if formula is not None and formula[:2] == (name, r):
            _, _, c, text, keep = formula
            cells[c] = _ods_formula_cell(row[c] if keep else None, text)
        out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    return "".join(out)


def ods_workbook(base: Path, out: Path, merged_header: bool = False, formula: tuple | None = None) -> None:
    """The workbook saved as OpenDocument (LibreOffice / 한컴오피스 한셀 "ODS").

    ``formula``: ``(sheet, row index, column index, formula, keep the stored value)``.
    """
    tables = []
    for name, rows in _sheets(base):
        body = _ods_rows(name, rows, merged_header, formula)
        tables.append(f"<table:table table:name={quoteattr(name)}>{body}</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_entry("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr(_entry("content.xml"), content, zipfile.ZIP_DEFLATED)
        archive.writestr(_entry("META-INF/manifest.xml"), manifest, zipfile.ZIP_DEFLATED)


def ods_merged_budget_header(base: Path, out: Path) -> None:
    ods_workbook(base, out, merged_header=True)


def ods_external_formula(base: Path, out: Path) -> None:
    ods_workbook(base, out, formula=("모니터링의견", 1, 4, "of:=HYPERLINK(&quot;http://example.org&quot;;[.E2])", True))


def ods_formula_without_value(base: Path, out: Path) -> None:
    ods_workbook(base, out, formula=("예산", 2, 5, "of:=[.D3]*0.9", False))


def _xml_cell(value: object, column: int, previous: int, extra: str = "") -> str:
    index = "" if column == previous + 1 else f' ss:Index="{column + 1}"'
    if isinstance(value, float):
        return f'<Cell{index}{extra}><Data ss:Type="Number">{_text(value)}</Data></Cell>'
    return f'<Cell{index}{extra}><Data ss:Type="String">{escape(str(value))}</Data></Cell>'


def _xml_rows(name: str, rows: list[list[object]], formula: tuple | None) -> str:
    out = []
    for r, row in enumerate(rows):
        cells, previous = [], -1
        for c, value in enumerate(row):
            if formula is not None and (name, r, c) == formula[:3]:
                cells.append(f'<Cell ss:Index="{c + 1}" ss:Formula="{formula[3]}"/>')
                previous = c
            elif value not in (None, ""):
                note = isinstance(value, str) and value.startswith("※")
                cells.append(_xml_cell(value, c, previous, f' ss:MergeAcross="{len(row) - 1}"' if note else ""))
                previous = c + (len(row) - 1 if note else 0)
                if note:
                    break
        out.append(f"<Row>{''.join(cells)}</Row>")
    return "".join(out)


def xml_2003(base: Path, out: Path, hidden: str = "", formula: tuple | None = None) -> None:
    """An Excel 2003 XML workbook (SpreadsheetML) named ``.xls``, as many systems export it."""
    sheets = []
    for name, rows in _sheets(base):
        options = (
            '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>'
            if name == hidden else ""
        )
        sheets.append(f"<Worksheet ss:Name={quoteattr(name)}><Table>{_xml_rows(name, rows, formula)}</Table>{options}</Worksheet>")
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        + "\n".join(sheets) + "</Workbook>"
    )
    out.write_bytes(text.encode("utf-8"))


def xml_2003_hidden(base: Path, out: Path) -> None:
    xml_2003(base, out, hidden="지역현황")


def xml_2003_formula(base: Path, out: Path) -> None:
    xml_2003(base, out, formula=("예산", 2, 5, "=RC[-2]*0.9"))


def mhtml_workbook(base: Path, out: Path) -> None:
    """Excel's 단일 파일 웹 페이지 (MHTML), quoted-printable, KS C 5601, saved as ``.xls``."""
    import quopri

    boundary = "----=_NextPart_01DA0000.00000000"
    sheets = _sheets(base)
    entries = "".join(
        f'<x:ExcelWorksheet><x:Name>{escape(n)}</x:Name><x:WorksheetSource HRef="Book_files/sheet{i:03d}.htm"/></x:ExcelWorksheet>'
        for i, (n, _) in enumerate(sheets, 1)
    )
    parts = [("Book.htm", f"<html><head><!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets>{entries}"
              "</x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]--></head><frameset></frameset></html>")]
    for i, (_, rows) in enumerate(sheets, 1):
        body = "".join("<tr>" + "".join(_html_cell(v, True) for v in row) + "</tr>" for row in rows)
        parts.append((f"Book_files/sheet{i:03d}.htm", f'<html><body><table x:str border=0>{body}</table></body></html>'))
    chunks = [f'MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related; boundary="{boundary}"\r\n\r\n'.encode()]
    for location, page in parts:
        encoded = quopri.encodestring(page.encode("cp949", errors="xmlcharrefreplace"))
        chunks.append(
            f"--{boundary}\r\nContent-Location: file:///C:/Temp/{location}\r\n"
            'Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset="ks_c_5601-1987"\r\n\r\n'.encode()
            + encoded + b"\r\n"
        )
    chunks.append(f"--{boundary}--\r\n".encode())
    out.write_bytes(b"".join(chunks))


def _entry(name: str) -> zipfile.ZipInfo:
    return zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))


def copy_file(base: Path, out: Path) -> None:
    shutil.copyfile(base, out)


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("cp949"))))


def text_folder(suffix: str, encoding: str, delimiter: str, only: str | None = None):
    """A CSV folder rewritten with another encoding and separator (optionally one file only)."""

    def write(base: Path, out: Path) -> None:
        shutil.copytree(base, out)
        for file in sorted(out.glob("*.csv")):
            if only is not None and file.stem != only:
                continue
            rows = _csv_rows(file)
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
            file.unlink()
            file.with_suffix(suffix).write_bytes(buffer.getvalue().encode(encoding))

    return write


def folder_with_strays(base: Path, out: Path) -> None:
    """A CSV folder into which the workbook and the cover letter were also copied."""
    shutil.copytree(base, out)
    shutil.copyfile(base.parent / "11110_2023_종로구.xlsx", out / "26530_2022_사상구.xlsx")
    (out / "공문_제출.hwp").write_bytes(b"HWP Document File" + bytes(64))


def one_unicode_text(base: Path, out: Path) -> None:
    """Only the active sheet saved as 유니코드 텍스트 (what Excel writes)."""
    rows = _csv_rows(base / "위원명단.csv")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(rows)
    out.write_bytes(buffer.getvalue().encode("utf-16"))


def tab_text_as_xls(base: Path, out: Path) -> None:
    """A system's "엑셀 다운로드" that is tab-separated text named ``.xls``."""
    rows = _csv_rows(base / "위원명단.csv")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(rows)
    out.write_bytes(buffer.getvalue().encode("cp949"))


def _thousands(value: str) -> str:
    return f"{int(float(value)):,}" if value.replace(".", "", 1).isdigit() and float(value).is_integer() else value


def semicolon_thousands(base: Path, out: Path) -> None:
    """예산 saved with semicolons, its amounts written with thousands separators (unquoted)."""
    shutil.copytree(base, out)
    file = out / "예산.csv"
    rows = _csv_rows(file)
    amounts = [r[:3] + [_thousands(v) for v in r[3:]] if r and r[0].isdigit() else r for r in rows]
    text = "\r\n".join(";".join(r) for r in amounts) + "\r\n"
    file.write_bytes(text.encode("cp949"))


def mac_file_names(base: Path, out: Path) -> None:
    """A CSV folder copied from a Mac: file (sheet) names in decomposed Hangul (NFD)."""
    import unicodedata

    out.mkdir()
    for file in sorted(base.glob("*.csv")):
        shutil.copyfile(file, out / unicodedata.normalize("NFD", file.name))


def mac_line_ends(base: Path, out: Path) -> None:
    """회의목록.csv saved as "CSV (Macintosh)": lines end with CR only; a __MACOSX folder beside."""
    shutil.copytree(base, out)
    file = out / "회의목록.csv"
    file.write_bytes(file.read_bytes().replace(b"\r\n", b"\r"))
    (out / "__MACOSX").mkdir()
    (out / "__MACOSX" / "._회의목록.csv").write_bytes(b"\x00\x05\x16\x07")


def hide(sheet: str, state: str = "hidden"):
    def edit(wb) -> None:
        wb[sheet].sheet_state = state

    return edit


def add_sheet(name: str, cells: dict[str, object], state: str = "visible"):
    def edit(wb) -> None:
        ws = wb.create_sheet(name)
        for coordinate, value in cells.items():
            ws[coordinate] = value
        ws.sheet_state = state

    return edit


def add_instructions(wb) -> None:
    ws = wb.create_sheet("안내", 0)
    ws["A1"] = "지역사회보장협의체 평가 제출 서식"
    ws["A3"] = "1. 제출정보 시트에 시군구코드와 연도를 적으세요."


# ----------------------------------------------------------------------------- cases

CASES = [
    Case("file_html_export_caption.xls", SUWON, Accept(), write=html_by_caption,
         note="system export: HTML tables (EUC-KR) named by <caption>, saved as .xls"),
    Case("file_html_export_heading.xls", SUWON, Accept(), write=html_by_heading,
         note="HTML export (UTF-8) with a heading above each table, saved as .xls"),
    Case("file_html_export_excel_names.xls", SUWON, Accept(), write=html_by_excel_names,
         note="Excel 'web page' HTML: names only in <x:Name>, numbers shown rounded with x:num"),
    Case("file_html_export_unnamed.xls", SUWON, Refuse("unreadable_file"), write=html_unnamed,
         note="HTML export with many tables and no names: which sheet is which is unknown"),
    Case("file_ods_workbook.ods", SUWON, Accept(), write=ods_workbook,
         note="saved as .ods (LibreOffice / 한셀)"),
    Case("file_ods_merged_header.ods", SUWON, Accept(), write=ods_merged_budget_header,
         note=".ods whose 예산 header spans two rows (예산 over 계획예산·변경예산, merged cells)"),
    Case("file_ods_external_formula.ods", SUWON, Refuse("dangerous_formula", "모니터링의견", 2, "E열"),
         write=ods_external_formula, note=".ods with a HYPERLINK formula in an opinion cell"),
    Case("file_ods_formula_without_value.ods", SUWON, Refuse("formula_without_value", "예산", 3, "F열"),
         write=ods_formula_without_value, note=".ods whose 집행액 formula has no stored result"),
    Case("file_xml2003_export.xls", SUWON, Accept(), write=xml_2003,
         note="system export as Excel 2003 XML (SpreadsheetML) named .xls; 예산 note merged across"),
    Case("file_xml2003_hidden_sheet.xls", SUWON, Accept(warnings=("hidden_sheet",)), write=xml_2003_hidden,
         note="Excel 2003 XML with 지역현황 hidden"),
    Case("file_xml2003_formula_without_value.xls", SUWON, Refuse("formula_without_value", "예산", 3, "F열"),
         write=xml_2003_formula, note="Excel 2003 XML whose 집행액 formula has no stored result"),
    Case("file_mhtml_web_archive.xls", SUWON, Accept(), write=mhtml_workbook,
         note="Excel 단일 파일 웹 페이지 (MHTML, KS C 5601, quoted-printable) renamed .xls"),
    Case("file_xlsx_named_xls.xls", SUWON, Accept(), write=copy_file,
         note="an .xlsx renamed .xls: read by its bytes"),
    Case("file_name_with_dots..최종.xlsx", SUWON, Accept(), write=copy_file,
         note="two dots inside the file name (not a path component)"),
    Case("file_unicode_text_folder", SASANG_CSV, Accept(), write=text_folder(".txt", "utf-16", "\t"),
         note="each sheet saved as 유니코드 텍스트 (UTF-16, tabs) into one folder"),
    Case("file_csv_semicolon", SASANG_CSV, Accept(), write=text_folder(".csv", "utf-8-sig", ";"),
         note="CSV folder saved with ';' separators (European Excel)"),
    Case("file_csv_tab_one_file", SASANG_CSV, Accept(), write=text_folder(".csv", "cp949", "\t", only="회의목록"),
         note="one CSV of the folder is tab-separated, the others commas"),
    Case("file_csv_semicolon_thousands", SASANG_CSV, Accept(), write=semicolon_thousands,
         note="예산.csv with ';' separators and amounts written 10,129 (commas inside values)"),
    Case("file_folder_with_workbook", SASANG_CSV, Refuse("unreadable_file"), write=folder_with_strays,
         note="CSV folder with a workbook and a .hwp letter copied into it"),
    Case("file_one_unicode_text.txt", SASANG_CSV, Refuse("unreadable_file"), write=one_unicode_text,
         note="only the active sheet saved as 유니코드 텍스트"),
    Case("file_tab_text_named_xls.xls", SASANG_CSV, Refuse("unreadable_file"), write=tab_text_as_xls,
         note="a system's 'Excel' download that is tab-separated text named .xls"),
    Case("sheet_hidden_members.xlsx", SUWON, Accept(warnings=("hidden_sheet",)), edit=hide("위원명단"),
         note="위원명단 hidden: read all the same, with a warning"),
    Case("sheet_very_hidden_roster.xlsx", SUWON, Accept(warnings=("hidden_sheet",)),
         edit=hide("출석부_주거분과", "veryHidden"), note="a roster sheet very hidden (VBA-style)"),
    Case("sheet_unknown_with_values.xlsx", SUWON, Refuse("unknown_sheet", "메모", 2, "B열"),
         edit=add_sheet("메모", {"B2": "위원 3명 추가 예정", "C5": 12}),
         note="a note sheet with values beside the tables"),
    Case("sheet_unknown_hidden.xlsx", SUWON, Refuse("unknown_sheet", "작업용", 1, "A열"),
         edit=add_sheet("작업용", {"A1": "임시 계산", "B1": 3}, state="hidden"),
         note="a hidden working sheet with values"),
    Case("sheet_unknown_empty.xlsx", SUWON, Accept(), edit=add_sheet("Sheet1", {"A1": "  "}),
         note="an empty Sheet1 left over (only a blank cell)"),
    Case("sheet_names_stray_spaces.xlsx", SUWON, Accept(),
         edit=both(rename_sheet("위원명단", " 위원명단 "), rename_sheet("제출정보", "제출정보 "),
                   rename_sheet("출석부_아동분과", "출석부_아동분과 ")),
         note="sheet names with leading/trailing spaces"),
    Case("sheet_name_zero_width_space.xlsx", SUWON, Accept(), edit=rename_sheet("회의목록", "회의목록\u200b"),
         note="a sheet name pasted with an invisible zero-width space"),
    Case("file_csv_folder_from_mac", SASANG_CSV, Accept(), write=mac_file_names,
         note="CSV folder copied from a Mac: file names in decomposed Hangul (NFD)"),
    Case("file_csv_mac_line_ends", SASANG_CSV, Accept(), write=mac_line_ends,
         note="one CSV with CR-only line ends and the __MACOSX folder of a Mac zip"),
    Case("sheet_instructions_kept.xlsx", SUWON, Accept(), edit=add_instructions,
         note="the template's 안내 sheet kept in front"),
    Case("sheet_dropdown_lists_hidden.xlsx", SUWON, Accept(),
         edit=add_sheet("목록", {"A1": "회의구분", "A2": "정기", "A3": "임시", "B1": "협의체", "B2": "대표"}, state="hidden"),
         note="a hidden 목록 sheet holding the drop-down lists"),
    Case("sheet_unknown_typo.xlsx", SUWON, Refuse("unknown_sheet", "회의목록표", 1, "A열"),
         edit=rename_sheet("회의목록", "회의목록표"),
         note="회의목록 renamed 회의목록표: not guessed, refused by name"),
]
