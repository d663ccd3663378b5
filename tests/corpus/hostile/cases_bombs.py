"""Bombs: files of a few MB (or KB) that ask a reader for gigabytes — refused before any parser.

Generated at test time: a deflate stream of a repeated block is made once and repeated
(each block after a full flush is independent), so a 3 GiB entry is written in about a
second. ``raw_zip`` writes zip entries by hand so that sizes can lie and names repeat.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

from hostile import (
    GOOD_CSV,
    ROOT,
    Accept,
    Case,
    Refuse,
    good_bytes,
    patch_zip,
    sheet_member,
    write_bytes,
)

GiB = 1 << 30
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ----------------------------------------------------------------------------- zip writing


class Deflated:
    """An entry's precompressed content: ``data`` deflated, its CRC and the sizes to declare."""

    def __init__(self, data: bytes, crc: int, size: int, declared: int | None = None) -> None:
        self.data, self.crc, self.size = data, crc, size
        self.declared = size if declared is None else declared


def repeated(head: bytes, block: bytes, times: int, tail: bytes) -> Deflated:
    """``head + block * times + tail`` deflated without ever holding it inflated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert middle == again, "a block after a full flush compresses the same every time"
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return Deflated(first + middle * times + end, crc, len(head) + len(block) * times + len(tail))


def raw_zip(entries: list[tuple[str, bytes | Deflated]]) -> bytes:
    """A zip written by hand: entries in order (names may repeat; a Deflated may declare a false size)."""
    out, directory = io.BytesIO(), []
    for name, content in entries:
        if not isinstance(content, Deflated):
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            content = Deflated(compressor.compress(content) + compressor.flush(), zlib.crc32(content), len(content))
        encoded = name.encode()
        offset = out.tell()
        fields = (20, 0x800, 8, 0, 0x21, content.crc, len(content.data), content.declared, len(encoded), 0)
        out.write(b"PK\x03\x04" + struct.pack("<5H3L2H", *fields) + encoded + content.data)
        directory.append(b"PK\x01\x02" + struct.pack("<6H3L5H2L", 20, 20, 0x800, 8, 0, 0x21, content.crc,
                                                     len(content.data), content.declared, len(encoded), 0, 0, 0, 0,
                                                     0, offset) + encoded)
    start = out.tell()
    for record in directory:
        out.write(record)
    out.write(b"PK\x05\x06" + struct.pack("<4H2LH", 0, 0, len(directory), len(directory), out.tell() - start,
                                          start, 0))
    return out.getvalue()


def good_entries() -> list[tuple[str, bytes]]:
    """The entries of the valid workbook, in order."""
    with zipfile.ZipFile(io.BytesIO(good_bytes())) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def with_extra_sheet(content: bytes | Deflated, name: str = "부록") -> bytes:
    """The valid workbook plus a worksheet ``name`` whose part is ``content``."""
    entries = []
    for member, data in good_entries():
        if member == "xl/workbook.xml":
            data = data.replace(b"</sheets>", f'<sheet name="{name}" sheetId="99" r:id="rId99"/></sheets>'.encode())
        elif member == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", f'<Relationship Id="rId99" Type="{_REL}/worksheet" '
                                f'Target="/xl/worksheets/sheet99.xml"/></Relationships>'.encode())
        elif member == "[Content_Types].xml":
            data = data.replace(b"</Types>", b'<Override PartName="/xl/worksheets/sheet99.xml" ContentType='
                                b'"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        entries.append((member, data))
    entries.append(("xl/worksheets/sheet99.xml", content))
    return raw_zip(entries)


def sheet_xml(body: str, dimension: str = "") -> bytes:
    """A worksheet part holding ``body`` as its sheetData."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{_MAIN}">{dim}<sheetData>{body}</sheetData></worksheet>'.encode()


# ----------------------------------------------------------------------------- bombs


def _sheet_bomb() -> bytes:
    """3 GiB of rows of numbers (about 3 MB deflated) as an extra worksheet."""
    row = b'<row><c t="n"><v>1</v></c><c t="n"><v>2</v></c><c t="n"><v>3</v></c><c t="n"><v>4</v></c></row>'
    block = row * ((1 << 20) // len(row))
    return with_extra_sheet(repeated(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode(), block, 3072,
                                     b"</sheetData></worksheet>"))


def _shared_strings_bomb() -> bytes:
    """A shared-string table inflating to 1 GiB (a 1 MB file)."""
    block = b"<si><t>" + b"\xea\xb0\x80" * 1000 + b"</t></si>"
    block = block * ((1 << 20) // len(block))
    head = f'<sst xmlns="{_MAIN}">'.encode()
    strings = repeated(head, block, 1024, b"</sst>")
    entries = []
    for member, data in good_entries():
        if member == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", f'<Relationship Id="rId98" Type="{_REL}/sharedStrings" '
                                'Target="/xl/sharedStrings.xml"/></Relationships>'.encode())
        elif member == "[Content_Types].xml":
            data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType='
                                b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        entries.append((member, data))
    entries.append(("xl/sharedStrings.xml", strings))
    return raw_zip(entries)


def _lying_size() -> bytes:
    """A worksheet whose zip entry declares 2 KB but inflates to 3 GiB."""
    row = b'<row><c t="n"><v>7</v></c><c t="n"><v>8</v></c></row>'
    bomb = repeated(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode(), row * ((1 << 20) // len(row)), 3072,
                    b"</sheetData></worksheet>")
    bomb.declared = 2048
    return with_extra_sheet(bomb)


def _sparse(last: str) -> bytes:
    return with_extra_sheet(sheet_xml(f'<row r="1"><c r="A1"><v>1</v></c></row>'
                                      f'<row r="{last[3:]}"><c r="{last}"><v>2</v></c></row>'))


def _sparse_without_reference() -> bytes:
    """The far cell has no ``r=``: Excel (and calamine) place it after XFC20000."""
    return with_extra_sheet(sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'
                                      '<row r="20000"><c r="XFC20000"><v>2</v></c><c><v>3</v></c></row>'))


def _rows_without_reference() -> bytes:
    """20,000 rows without ``r=`` (positions by order), the last reaching column XFD."""
    rows = "<row><c><v>1</v></c></row>" * 19_999
    return with_extra_sheet(sheet_xml(rows + '<row><c r="XFD20000"><v>2</v></c></row>'))


def _ods_bomb() -> bytes:
    """A real .ods whose first sheet gains one cell repeated over 1,000,000 rows × 1,000 columns."""
    bomb = (b'<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" '
            b'office:value="1" table:number-columns-repeated="1000"><text:p>1</text:p></table:table-cell>'
            b"</table:table-row></table:table>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(ROOT / "tests" / "corpus" / "real" / "files" / "file_ods_workbook.ods") as source, \
            zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                data = data.replace(b"</table:table>", bomb, 1)
            archive.writestr(info.filename, data,
                             zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


_SPREADSHEETML = (
    '<?xml version="1.0"?>{doctype}<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="제출정보"><Table>'
    '<Row><Cell><Data ss:Type="String">항목</Data></Cell><Cell><Data ss:Type="String">값</Data></Cell></Row>'
    '<Row><Cell><Data ss:Type="String">{value}</Data></Cell></Row></Table></Worksheet></Workbook>'
)


def _billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return _SPREADSHEETML.format(doctype=f"<!DOCTYPE Workbook [{entities}]>", value="&lol9;").encode()


def _external_entity() -> bytes:
    return _SPREADSHEETML.format(doctype='<!DOCTYPE Workbook [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                                 value="&x;").encode()


def _html_span_bomb() -> bytes:
    cells = '<td colspan="1000" rowspan="1000">x</td>' * 40
    return f"<html><body><table><caption>제출정보</caption><tr>{cells}</tr></table></body></html>".encode()


def _csv_folder(change) -> callable:
    """A ``make`` copying the valid CSV submission with one file changed by ``change(folder)``."""

    def make(folder: Path) -> Path:
        target = folder / "11110_2023_csv"
        shutil.copytree(GOOD_CSV, target)
        change(target)
        return target

    return make


def _long_field(folder: Path) -> None:
    path = folder / "모니터링의견.csv"
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    lines[1] = lines[1].replace("중복,중복,중복", '"' + "가" * 140_000 + '",중복,중복')
    lines[2] = lines[2].replace("중복,중복,중복", '"' + "가" * 140_000 + '",중복,중복')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _many_rows(folder: Path) -> None:
    path = folder / "모니터링의견.csv"
    text = path.read_text(encoding="utf-8-sig").rstrip("\n")
    last = text.splitlines()[-1]
    path.write_text(text + "\n" + "\n".join([last] * 150_000) + "\n", encoding="utf-8")


def _wide_row(folder: Path) -> None:
    path = folder / "모니터링의견.csv"
    path.write_text(path.read_text(encoding="utf-8-sig") + "," * 3_000_000 + "x\n", encoding="utf-8")


CASES = [
    Case("bomb_sheet_3gib.xlsx", write_bytes("11110_2023.xlsx", _sheet_bomb), Refuse("oversized_file"),
         "3 MB workbook whose extra worksheet inflates to 3 GiB"),
    Case("bomb_shared_strings_1gib.xlsx", write_bytes("11110_2023.xlsx", _shared_strings_bomb),
         Refuse("oversized_file"), "1 MB workbook whose shared strings inflate to 1 GiB"),
    Case("bomb_lying_size.xlsx", write_bytes("11110_2023.xlsx", _lying_size), Refuse("unsafe_workbook"),
         "a worksheet whose zip entry declares 2 KB and inflates to 3 GiB"),
    Case("sparse_xfd20000.xlsx", write_bytes("11110_2023.xlsx", lambda: _sparse("XFD20000")),
         Refuse("oversized_file"), "a 50 KB sheet holding A1 and XFD20000 (dense range of 327 million cells)"),
    Case("sparse_xfd1048576.xlsx", write_bytes("11110_2023.xlsx", lambda: _sparse("XFD1048576")),
         Refuse("oversized_file"), "A1 and XFD1048576: a reader asks for 512 GiB"),
    Case("sparse_cell_without_r.xlsx", write_bytes("11110_2023.xlsx", _sparse_without_reference),
         Refuse("oversized_file"), "the far cell has no r= and lands on XFD20000 by order"),
    Case("sparse_rows_without_r.xlsx", write_bytes("11110_2023.xlsx", _rows_without_reference),
         Refuse("oversized_file"), "rows without r=, counted by order, the last one at XFD20000"),
    Case("dimension_claim.xlsx", write_bytes("11110_2023.xlsx", lambda: patch_zip(good_bytes(), replace={
        sheet_member(good_bytes(), "제출정보"): lambda b: b.replace(b'<dimension ref="A1:B5" />',
                                                                  b'<dimension ref="A1:XFD1048576" />')})),
         Refuse("oversized_file"), "a sheet claiming A1:XFD1048576 as its used range"),
    Case("bomb_ods_repeats.ods", write_bytes("11110_2023.ods", _ods_bomb), Refuse("oversized_file"),
         "an .ods cell repeated over 1,000,000 rows × 1,000 columns (a 1 KB file)"),
    Case("billion_laughs.xls", write_bytes("11110_2023.xls", _billion_laughs), Refuse("unsafe_workbook"),
         "Excel 2003 XML with nested entities (billion laughs)"),
    Case("external_entity.xls", write_bytes("11110_2023.xls", _external_entity), Refuse("unsafe_workbook"),
         "Excel 2003 XML with an external entity reading /etc/passwd"),
    Case("html_span_bomb.xls", write_bytes("11110_2023.xls", _html_span_bomb), Refuse("oversized_file"),
         "an HTML 'xls' whose 40 cells each span 1000 × 1000"),
    Case("csv_field_140k", _csv_folder(_long_field), Refuse("bad_text"),
         "a CSV with a 140,000-character quoted field (over the csv module's limit)"),
    Case("csv_150k_rows", _csv_folder(_many_rows), Refuse("too_many_rows"),
         "a CSV sheet of 150,000 rows"),
    Case("csv_3m_columns", _csv_folder(_wide_row), Refuse("oversized_file"),
         "a CSV row of 3,000,000 separators"),
    Case("scary_but_fine_rows.xlsx", write_bytes("11110_2023.xlsx", lambda: patch_zip(good_bytes(), replace={
        sheet_member(good_bytes(), "제출정보"): lambda b: re.sub(rb'<dimension ref="[^"]*" />', b"", b)})),
         Accept(), "a valid workbook without a <dimension> element (allowed: the claim is optional)"),
]
