"""Real binary ``.xls`` files for the hostile corpus and the tests: written by xlwt, then changed record by record.

* :func:`xls_of` writes a workbook's cells (values, dates, merged ranges) to an ``.xls``
  with xlwt, as a person saving "Excel 97-2003" would;
* :func:`workbook_stream` / :func:`records` / :func:`insert_global` / :func:`patch_records`
  change its ``Workbook`` stream (an inserted global record shifts the sheets' offsets
  in ``BOUNDSHEET`` as Excel would write them);
* :func:`compound_file` writes an OLE compound file by hand (olefile cannot add
  streams or storages), so that a stream of any size and macro or object storages can
  be put beside the ``Workbook`` stream.
"""

from __future__ import annotations

import datetime
import io
import struct
from collections.abc import Callable
from pathlib import Path

_HEADER = struct.Struct("<HH")
_END, _FREE, _FAT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
_SECTOR = 512


def xls_of(xlsx: Path, extra: Callable | None = None) -> bytes:
    """The cells of workbook ``xlsx`` (values, dates, merged ranges) saved as a real ``.xls`` by xlwt.

    ``extra(book)`` may add to the xlwt workbook before it is saved.
    """
    import openpyxl
    import xlwt

    source = openpyxl.load_workbook(xlsx)
    book = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for sheet in source.worksheets:
        out = book.add_sheet(sheet.title, cell_overwrite_ok=True)
        merged = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                value, where = cell.value, (cell.row, cell.column)
                if where in merged:
                    r = merged[where]
                    out.write_merge(r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1, value)
                elif isinstance(value, (datetime.date, datetime.datetime)):
                    out.write(cell.row - 1, cell.column - 1, value, dates)
                else:
                    out.write(cell.row - 1, cell.column - 1, value)
    if extra:
        extra(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sparse_xls(sheets: int = 1, far: tuple[int, int] = (65535, 255)) -> bytes:
    """An ``.xls`` of ``sheets`` sheets, each with a text in A1 and a number at ``far`` (0-based row, column)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for index in range(sheets):
        sheet = book.add_sheet(f"부록{index + 1}")
        sheet.write(0, 0, "값")
        sheet.write(min(far[0], 65535), min(far[1], 255), 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_stream(raw: bytes) -> bytes:
    """The ``Workbook`` stream of an ``.xls``."""
    import olefile

    with olefile.OleFileIO(io.BytesIO(raw)) as ole:
        return ole.openstream("Workbook").read()


def records(stream: bytes):
    """(type, offset of the record, payload) of every record."""
    pos = 0
    while pos + 4 <= len(stream):
        kind, size = _HEADER.unpack_from(stream, pos)
        yield kind, pos, stream[pos + 4:pos + 4 + size]
        pos += 4 + size


def record(kind: int, payload: bytes) -> bytes:
    """One BIFF record."""
    return _HEADER.pack(kind, len(payload)) + payload


def patch_records(stream: bytes, change: Callable[[int, bytes], bytes | None]) -> bytes:
    """``stream`` with each record's payload replaced by ``change(type, payload)`` when not None (same size)."""
    out = bytearray(stream)
    for kind, pos, payload in records(stream):
        new = change(kind, payload)
        if new is not None:
            assert len(new) == len(payload), "patch_records keeps sizes; use insert_global to add bytes"
            out[pos + 4:pos + 4 + len(new)] = new
    return bytes(out)


def insert_global(stream: bytes, added: bytes) -> bytes:
    """``stream`` with records ``added`` just before the workbook globals' EOF, sheet offsets moved."""
    end = next(pos for kind, pos, _ in records(stream) if kind == 0x000A)
    moved = bytearray(stream[:end])
    for kind, pos, payload in records(bytes(moved)):
        if kind == 0x0085:  # BOUNDSHEET: the sheet's BOF offset comes first
            struct.pack_into("<I", moved, pos + 4, struct.unpack_from("<I", payload)[0] + len(added))
    return bytes(moved) + added + stream[end:]


def short_string(text: str) -> bytes:
    """A BIFF8 ShortXLUnicodeString (length, flags, UTF-16 characters)."""
    return bytes([len(text), 1]) + text.encode("utf-16-le")


def compound_file(stream: bytes, storages: tuple[str, ...] = ()) -> bytes:
    """An OLE compound file holding the ``Workbook`` stream and empty storages named ``storages``.

    The stream is padded to 4,096 bytes when shorter (no mini stream is written); padding
    after the globals is ignored by readers only if the stream ends with the last sheet's EOF,
    which xlwt's streams do.
    """
    if len(stream) < 4096:
        stream = stream + b"\0" * (4096 - len(stream))
    entries = [("Root Entry", 5, 0), ("Workbook", 2, len(stream))] + [(name, 1, 0) for name in storages]
    data_sectors = -(-len(stream) // _SECTOR)
    dir_sectors = -(-len(entries) // 4)
    fat_count = 1
    while fat_count * 128 < fat_count + dir_sectors + data_sectors:
        fat_count += 1
    fat = [_FAT] * fat_count
    first_dir = len(fat)
    fat += [first_dir + i + 1 for i in range(dir_sectors - 1)] + [_END]
    first_data = len(fat)
    fat += [first_data + i + 1 for i in range(data_sectors - 1)] + [_END]
    fat += [_FREE] * (fat_count * 128 - len(fat))
    children = sorted(range(1, len(entries)), key=lambda i: (len(entries[i][0]), entries[i][0].upper()))
    directory = b""
    for index, (name, kind, size) in enumerate(entries):
        right = children[children.index(index) + 1] if index in children[:-1] else _FREE
        child = children[0] if kind == 5 else _FREE
        start = first_data if kind == 2 else _END
        encoded = (name + "\0").encode("utf-16-le")
        directory += (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, _FREE, right, child)
                      + b"\0" * 36 + struct.pack("<IQ", start, size))
    directory = directory.ljust(dir_sectors * _SECTOR, b"\0")
    difat = [i for i in range(fat_count)] + [_FREE] * (109 - fat_count)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<9I", 0, fat_count, first_dir, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", *difat))
    body = b"".join(struct.pack("<128I", *fat[i * 128:(i + 1) * 128]) for i in range(fat_count))
    return header + body + directory + stream.ljust(data_sectors * _SECTOR, b"\0")
