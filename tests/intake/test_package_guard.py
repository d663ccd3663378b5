"""The package inspected before any parser: sizes counted while inflating, extents, links, formulas."""

import io
import sys
import zipfile
from pathlib import Path

import pytest

from sabo_eval.errors import SubmissionError
from sabo_eval.intake.package_guard import guard_xlsx
from sabo_eval.intake.sheet_scan import scan_sheet
from sabo_eval.intake.zip_guard import Budget

HOSTILE = Path(__file__).resolve().parents[1] / "corpus" / "hostile"
sys.path.insert(0, str(HOSTILE))

from cases_bombs import Deflated, good_entries, raw_zip, sheet_xml, with_extra_sheet  # noqa: E402
from hostile import good_bytes  # noqa: E402


def _refusal(raw: bytes, monkeypatch=None) -> SubmissionError:
    with pytest.raises(SubmissionError) as info:
        guard_xlsx(raw, "x.xlsx")
    return info.value


def test_the_valid_workbook_passes_with_its_formula_cells():
    assert isinstance(guard_xlsx(good_bytes(), "x.xlsx"), dict)


def test_cells_without_r_take_their_position_from_order():
    part = sheet_xml('<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c><f>A1</f><v>1</v></c></row>')
    scan = scan_sheet([part], "s.xml", [], Budget("x.xlsx"))
    assert (scan.rows, scan.columns) == (4, 3)
    assert scan.formulas == [(4, "A", "A1", True)]


def test_a_prefixed_sheet_is_read_like_any_other():
    part = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
            b'<x:row r="7"><x:c r="D7"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    scan = scan_sheet([part], "s.xml", [], Budget("x.xlsx"))
    assert (scan.rows, scan.columns, scan.formulas) == (7, 4, [(7, "D", "1+1", True)])


def test_the_limit_is_read_at_use(monkeypatch):
    raw = with_extra_sheet(sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row><row r="30"><c r="J30"><v>1</v></c></row>'))
    guard_xlsx(raw, "x.xlsx")
    monkeypatch.setenv("SABO_EVAL_MAX_SHEET_CELLS", "299")
    error = _refusal(raw)
    assert error.rule == "oversized_file" and "SABO_EVAL_MAX_SHEET_CELLS" in error.message_ko


def test_a_size_the_directory_understates_is_refused_at_once():
    entries = good_entries()
    name, data = entries[0]
    import zlib

    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush()
    entries[0] = (name, Deflated(body, zlib.crc32(data), len(data), declared=len(data) - 1))
    assert _refusal(raw_zip(entries)).rule == "unsafe_workbook"


def test_duplicate_names_differing_only_in_case_are_refused():
    entries = good_entries() + [("XL/Workbook.xml", b"<workbook/>")]
    error = _refusal(raw_zip(entries))
    assert error.rule == "unsafe_workbook" and "XL/Workbook.xml" in error.message_en


def test_an_absolute_internal_target_inside_the_package_is_fine_and_dotdot_out_is_not():
    rels = "xl/_rels/workbook.xml.rels"
    entries = [(n, d.replace(b'Target="/xl/worksheets/sheet1.xml"', b'Target="worksheets/../worksheets/sheet1.xml"'))
               if n == rels else (n, d) for n, d in good_entries()]
    guard_xlsx(raw_zip(entries), "x.xlsx")
    entries = [(n, d.replace(b'Target="/xl/worksheets/sheet1.xml"', b'Target="../../sheet1.xml"'))
               if n == rels else (n, d) for n, d in good_entries()]
    assert _refusal(raw_zip(entries)).rule == "unsafe_workbook"


def test_a_stored_entry_is_counted_too(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in good_entries():
            archive.writestr(name, data)
        archive.writestr("xl/media/big.bin", b"\0" * 5000)
    monkeypatch.setenv("SABO_EVAL_MAX_PART_BYTES", "4096")
    assert _refusal(buffer.getvalue()).rule == "oversized_file"
