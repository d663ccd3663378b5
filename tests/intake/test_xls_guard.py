"""The binary .xls guard: real xlwt files (changed record by record where needed) read before python-calamine."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest
import xlwt

from sabo_eval.errors import SubmissionError
from sabo_eval.intake.readers import read_raw_sheets
from sabo_eval.intake.xls_formulas import formula_reason, name_reason, shared_string_lengths
from sabo_eval.intake.xls_guard import guard_xls

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus" / "hostile"))

import xls_build as xb  # noqa: E402
from hostile import GOOD  # noqa: E402


def _book(fill) -> bytes:
    import io

    book = xlwt.Workbook(encoding="utf-8")
    fill(book.add_sheet("표"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refused(raw: bytes) -> SubmissionError:
    with pytest.raises(SubmissionError) as caught:
        guard_xls(raw, "x.xls")
    return caught.value


def test_the_valid_workbook_passes_and_its_extents_are_what_calamine_reads(tmp_path):
    from python_calamine import CalamineWorkbook

    raw = xb.xls_of(GOOD)
    scan = guard_xls(raw, "x.xls")
    workbook = CalamineWorkbook.from_filelike(__import__("io").BytesIO(raw))
    for name in workbook.sheet_names:
        end = workbook.get_sheet_by_name(name).end
        assert scan.extents[name] == (end[0] + 1, end[1] + 1), name
    path = tmp_path / "11110_2023.xls"
    path.write_bytes(raw)
    sheets, _ = read_raw_sheets(path)
    assert [s.name for s in sheets] == workbook.sheet_names


def test_a_far_cell_is_refused_naming_the_sheet_and_the_limit_and_the_limit_is_configurable(monkeypatch):
    raw = xb.sparse_xls(1)
    error = _refused(raw)
    assert error.rule == "oversized_file"
    assert "부록1" in str(error) and "SABO_EVAL_MAX_SHEET_CELLS" in str(error)
    monkeypatch.setenv("SABO_EVAL_MAX_SHEET_CELLS", "20000000")
    monkeypatch.setenv("SABO_EVAL_MAX_WORKBOOK_CELLS", "20000000")
    assert guard_xls(raw, "x.xls").extents["부록1"] == (65536, 256)


def test_cells_are_counted_not_the_dimensions_claim():
    stream = xb.workbook_stream(xb.sparse_xls(1))
    lied = xb.patch_records(stream, lambda kind, p: struct.pack("<IIHH", 0, 2, 0, 2) + p[12:] if kind == 0x0200 else None)
    error = _refused(xb.compound_file(lied))
    assert "65,536" in str(error) and "256" in str(error)


def test_workbook_total_and_record_count_limits(monkeypatch):
    raw = xb.xls_of(GOOD)
    monkeypatch.setenv("SABO_EVAL_MAX_WORKBOOK_CELLS", "50")
    assert "SABO_EVAL_MAX_WORKBOOK_CELLS" in str(_refused(raw))
    monkeypatch.delenv("SABO_EVAL_MAX_WORKBOOK_CELLS")
    monkeypatch.setenv("SABO_EVAL_MAX_XLS_RECORDS", "40")
    error = _refused(raw)
    assert error.rule == "oversized_file" and "SABO_EVAL_MAX_XLS_RECORDS" in str(error)


def test_a_shared_string_counts_once_per_cell_using_it(monkeypatch):
    text = "가" * 10_000  # over one record: the SST continues in CONTINUE records
    monkeypatch.setenv("SABO_EVAL_MAX_TEXT_CHARS", "15000")
    guard_xls(_book(lambda s: s.write(0, 0, text)), "x.xls")
    error = _refused(_book(lambda s: (s.write(0, 0, text), s.write(1, 0, text))))
    assert "SABO_EVAL_MAX_TEXT_CHARS" in str(error)


def test_shared_string_lengths_follow_continue_records_and_their_width_flags():
    first = struct.pack("<II", 2, 2) + struct.pack("<HB", 5, 0) + b"abc"  # 3 of 5 one-byte characters
    second = b"\x01" + "de".encode("utf-16-le") + struct.pack("<HB", 2, 1) + "한글".encode("utf-16-le")
    assert list(shared_string_lengths([first, second], 10)) == [5, 2]
    with pytest.raises(OverflowError):
        shared_string_lengths([struct.pack("<II", 11, 11)], 10)


@pytest.mark.parametrize("formula, reason", [
    ('HYPERLINK("http://x";"y")', "HYPERLINK()"),
    ('INFO("directory")', "INFO()"),
    ('CELL("filename";A1)', "CELL()"),
    ('IF(A1>0;HYPERLINK("http://x");0)', "HYPERLINK()"),
])
def test_unsafe_built_in_calls_are_refused_with_their_cell(formula, reason):
    error = _refused(_book(lambda s: (s.write(0, 0, 1), s.write(2, 3, xlwt.Formula(formula)))))
    assert error.rule == "dangerous_formula"
    assert f"표!D3 ({reason})" in str(error)


def test_safe_formulas_and_text_that_names_a_function_pass():
    raw = _book(lambda s: (s.write(0, 0, 1), s.write(0, 1, xlwt.Formula('SUM(A1;2)&"HYPERLINK(x)"')),
                           s.write(0, 2, xlwt.Formula('IF(A1>0;"a";"b")'))))
    assert guard_xls(raw, "x.xls").extents["표"] == (1, 3)


def test_formula_tokens():
    assert formula_reason(bytes([0x41]) + struct.pack("<H", 244)) == "INFO()"  # ptgFunc, value class
    assert formula_reason(bytes([0x22, 2]) + struct.pack("<H", 359)) == "HYPERLINK()"  # ptgFuncVar
    assert formula_reason(bytes([0x22, 1]) + struct.pack("<H", 0x8011)) == "macro command"  # RUN command
    assert formula_reason(bytes([0x17, 4, 0]) + b"INFO" + bytes([0x1E, 1, 0])) is None  # a string, an integer
    assert formula_reason(bytes([0x21]) + struct.pack("<H", 4)) is None  # SUM
    assert formula_reason(bytes([0x18, 0x0A, 0, 0, 0x0C, 0x80, 0x21, 0xF4, 0])) == "INFO()"  # after a label reference
    assert formula_reason(bytes([0x18, 0x55, 0, 0, 0, 0])).startswith("unreadable formula")
    assert formula_reason(bytes([0x21, 0xF4])).startswith("unreadable formula")  # cut short


def test_function_names():
    assert name_reason("EDATE", addin=True) is None
    assert name_reason("MYFUNC", addin=True) == "MYFUNC(): add-in function"
    assert name_reason("_xlfn.IFERROR", addin=False) is None
    assert name_reason("_xlfn.IMAGE", addin=False) == "IMAGE()"
    assert name_reason("_xlfn._xlws.WEBSERVICE", addin=True) == "WEBSERVICE()"


def test_an_add_in_function_name_is_refused_but_an_analysis_toolpak_one_passes():
    stream = xb.workbook_stream(xb.xls_of(GOOD))

    def addin(name: str) -> bytes:
        supbook = xb.record(0x01AE, struct.pack("<HH", 1, 0x3A01))
        return supbook + xb.record(0x0023, struct.pack("<HI", 0, 0) + xb.short_string(name) + b"\x02\x00\x1c\x17")

    guard_xls(xb.compound_file(xb.insert_global(stream, addin("NETWORKDAYS"))), "x.xls")
    error = _refused(xb.compound_file(xb.insert_global(stream, addin("XLL.RUN"))))
    assert error.rule == "unsafe_workbook" and "XLL.RUN" in str(error)


def test_damaged_encrypted_and_old_files_are_refused_with_a_message():
    raw = xb.xls_of(GOOD)
    assert _refused(raw[:3000]).rule == "unreadable_file"
    stream = xb.workbook_stream(raw)
    encrypted = xb.insert_global(stream, xb.record(0x002F, b"\x00\x00"))
    assert "암호" in str(_refused(xb.compound_file(encrypted)))
    biff5 = xb.compound_file(stream).replace("Workbook".encode("utf-16-le"), "Book\0\0\0\0".encode("utf-16-le"))
    biff5 = biff5.replace(struct.pack("<H", 18) + b"\x02", struct.pack("<H", 10) + b"\x02", 1)
    assert "5.0/95" in str(_refused(biff5))
