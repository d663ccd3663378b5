"""Binary ``.xls`` (BIFF8) cases: sparse-sheet bombs, lying DIMENSIONS, macros, objects, links, unsafe formulas.

Each file is a real ``.xls``: the valid workbook's cells written by xlwt (``xls_build``),
then changed record by record where xlwt cannot write the hostile part (a link, a macro
sheet, a storage). python-calamine reads every sheet of an ``.xls`` when it opens it and
allocates each sheet's rectangle from A1, so before the guard a 6 KB file with cells A1
and IV65536 took 1.1 GB and four such sheets 2.6 GB.
"""

from __future__ import annotations

import struct

import xls_build as xb
from hostile import GOOD, Accept, Case, Refuse, write_bytes

_NAME = "11110_2023.xls"


def _fixture(extra=None) -> bytes:
    return xb.xls_of(GOOD, extra)


def _rewrite(raw: bytes, change=None, insert: bytes = b"", storages: tuple[str, ...] = ()) -> bytes:
    """``raw`` with its stream's records changed (same sizes), globals inserted, storages added."""
    stream = xb.workbook_stream(raw)
    if change:
        stream = xb.patch_records(stream, change)
    if insert:
        stream = xb.insert_global(stream, insert)
    return xb.compound_file(stream, storages)


def _dimensions(rows: int, columns: int, only_first: bool = True):
    """A change setting DIMENSIONS to claim ``rows`` × ``columns`` (the first sheet's, or every sheet's)."""
    seen = []

    def change(kind: int, payload: bytes):
        if kind != 0x0200 or (only_first and seen):
            return None
        seen.append(1)
        return struct.pack("<IIHH", 0, rows, 0, columns) + payload[12:]

    return change


def _far_rk(kind: int, payload: bytes):
    """Move the first RK cell (the far number) to row 20001, column 16384 (XFD), past BIFF8's 256 columns."""
    if kind == 0x027E and struct.unpack_from("<H", payload)[0] > 0:
        return struct.pack("<HH", 20000, 16383) + payload[4:]
    return None


def _formula(sheet: str, row: int, column: int, text: str):
    def extra(book) -> None:
        import xlwt

        names = [s.name for s in book._Workbook__worksheets]
        book.get_sheet(names.index(sheet)).write(row, column, xlwt.Formula(text))

    return extra


def _macro_sheet(kind: int, payload: bytes):
    """The last BOUNDSHEET (서비스실적) turned into an Excel 4 macro sheet (type 1)."""
    if kind == 0x0085 and "서비스실적".encode("utf-16-le") in payload:
        return payload[:5] + b"\x01" + payload[6:]
    return None


def _supbook(path: str, tabs: int) -> bytes:
    encoded = path.encode("utf-16-le")
    sheets = struct.pack("<HB", 6, 0) + b"Sheet1" if tabs else b""
    return xb.record(0x01AE, struct.pack("<HH", tabs, len(path)) + b"\x01" + encoded + sheets)


def _name(flags: int, name: bytes, rgce: bytes = b"") -> bytes:
    """A NAME (Lbl) record."""
    return xb.record(0x0018, struct.pack("<HBBHHH4B", flags, 0, len(name), len(rgce), 0, 0, 0, 0, 0, 0)
                     + b"\x00" + name + rgce)


def _dde() -> bytes:
    external = xb.record(0x0023, struct.pack("<HI", 0x0002, 0) + xb.short_string("A0") + b"\x00\x00")
    return _supbook("cmd\x03/c calc", 0) + external


CASES = [
    Case("xls_valid.xls", write_bytes(_NAME, _fixture), Accept(),
         "the valid workbook saved as Excel 97-2003 .xls (xlwt): read as before"),
    Case("xls_sparse_iv65536.xls", write_bytes(_NAME, lambda: xb.sparse_xls(1)), Refuse("oversized_file"),
         "a 6 KB .xls with cells A1 and IV65536 (16.7 million cells; was 1.1 GB)"),
    Case("xls_sparse_iv65536_4_sheets.xls", write_bytes(_NAME, lambda: xb.sparse_xls(4)), Refuse("oversized_file"),
         "four sheets with A1 and IV65536 (was 2.6 GB)"),
    Case("xls_dimensions_understated.xls",
         write_bytes(_NAME, lambda: _rewrite(xb.sparse_xls(1), _dimensions(2, 2))), Refuse("oversized_file"),
         "DIMENSIONS claims A1:B2 while the cells reach IV65536: the cells are counted, not the claim"),
    Case("xls_dimensions_claim.xls", write_bytes(_NAME, lambda: _rewrite(_fixture(), _dimensions(65536, 256))),
         Refuse("oversized_file"), "the valid workbook with a sheet claiming 65,536 × 256 as its used range"),
    Case("xls_rk_xfd20001.xls", write_bytes(_NAME, lambda: _rewrite(xb.sparse_xls(1, (5, 5)), _far_rk)),
         Refuse("oversized_file"), "an RK cell at XFD20001, past BIFF8's 256 columns (327 million cells; was > 3 GB)"),
    Case("xls_hyperlink_formula.xls",
         write_bytes(_NAME, lambda: _fixture(_formula("모니터링의견", 1, 4, 'HYPERLINK("http://evil.example/x";"y")'))),
         Refuse("dangerous_formula"), "a monitoring opinion that is a HYPERLINK formula"),
    Case("xls_info_formula.xls",
         write_bytes(_NAME, lambda: _fixture(_formula("시행계획", 1, 5, 'INFO("directory")'))),
         Refuse("dangerous_formula"), "a project name that is INFO(\"directory\") (discloses the machine)"),
    Case("xls_external_workbook.xls",
         write_bytes(_NAME, lambda: _rewrite(_fixture(), insert=_supbook("\x01C\x03secret\x03book.xls", 1))),
         Refuse("unsafe_workbook"), "a SUPBOOK link to another workbook (C:\\secret\\book.xls)"),
    Case("xls_dde_link.xls", write_bytes(_NAME, lambda: _rewrite(_fixture(), insert=_dde())),
         Refuse("unsafe_workbook"), "a DDE link (SUPBOOK cmd|'/c calc', EXTERNNAME A0)"),
    Case("xls_vba_storage.xls", write_bytes(_NAME, lambda: _rewrite(_fixture(), storages=("_VBA_PROJECT_CUR",))),
         Refuse("unsafe_workbook"), "a VBA project storage beside the Workbook stream"),
    Case("xls_ole_object.xls", write_bytes(_NAME, lambda: _rewrite(_fixture(), storages=("MBD0001A2B3",))),
         Refuse("unsafe_workbook"), "an embedded OLE object storage (MBD…)"),
    Case("xls_macro_sheet.xls", write_bytes(_NAME, lambda: _rewrite(_fixture(), _macro_sheet)),
         Refuse("unsafe_workbook"), "a sheet turned into an Excel 4 (XLM) macro sheet"),
    Case("xls_auto_open.xls", write_bytes(_NAME, lambda: _rewrite(_fixture(), insert=_name(0x0020, b"\x01"))),
         Refuse("unsafe_workbook"), "a built-in Auto_Open name"),
    Case("xls_future_webservice.xls",
         write_bytes(_NAME, lambda: _rewrite(_fixture(), insert=_name(0x8003, b"_xlfn.WEBSERVICE"))),
         Refuse("unsafe_workbook"), "a future-function name _xlfn.WEBSERVICE"),
]
