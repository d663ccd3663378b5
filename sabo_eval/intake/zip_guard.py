"""A workbook's zip package opened with bounds: entries, names, and sizes counted while inflating.

``.xlsx`` and ``.ods`` workbooks are zip packages. Before any parser sees one, the
package is opened here: too many entries, two entries of one name (Excel reads one
copy, another reader the other), compression Excel never writes, or encrypted entries
are refused; each entry is then inflated in chunks, counting the bytes it really
gives (the sizes the zip *declares* can lie) against :mod:`.limits`, and stopping at
the first byte over. An entry whose content does not match its declared size or
checksum, or an XML part with a document type declaration (entities: the
"billion laughs"), is refused: Excel refuses both.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import SubmissionError
from .limits import limit

__all__ = ["Budget", "open_package", "inflate", "read_part", "refuse", "oversized", "part_key"]

#: Bytes of compressed data handed to the inflater at a time.
_CHUNK = 1 << 16
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_DOCTYPES = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def refuse(file_name: str, rule: str, message_ko: str, message_en: str) -> SubmissionError:
    """A refusal of the whole file under ``rule`` (``unsafe_workbook``, ``oversized_file`` …)."""
    return SubmissionError(file_name, message_ko, message_en, rule=rule)


def oversized(file_name: str, what_ko: str, what_en: str, found: int, variable: str) -> SubmissionError:
    """A refusal for a limit of :mod:`.limits` (``oversized_file``), naming the limit and its variable."""
    allowed = limit(variable)
    return refuse(
        file_name, "oversized_file",
        f"{what_ko}이(가) 한도를 넘습니다({found:,}, 최대 {allowed:,}) — 실제 자료보다 훨씬 큰 파일은 받지 않습니다. "
        f"빈 행·열과 서식을 지우고 값만 .xlsx로 다시 저장하거나 파일을 나누어 제출하세요(한도: {variable})",
        f"{what_en} is over the limit ({found:,}, at most {allowed:,}); delete empty rows, columns and formatting "
        f"and save the values as .xlsx again, or split the file (limit: {variable})",
    )


def part_key(name: str) -> str:
    """A part name as Excel compares them: ``/``-separated, no leading ``/``, case-insensitive."""
    return name.replace("\\", "/").lstrip("/").lower()


@dataclass
class Budget:
    """Inflated bytes and cell text still allowed for one package."""

    file_name: str
    inflated: int = 0
    text_chars: int = 0
    most_text: int = 0

    def __post_init__(self) -> None:
        self.most_text = limit("SABO_EVAL_MAX_TEXT_CHARS")

    def add_text(self, chars: int) -> None:
        """Count ``chars`` characters of cell or formula text, refusing past :data:`~.limits.MAX_TEXT_CHARS`."""
        self.text_chars += chars
        if self.text_chars > self.most_text:
            raise oversized(self.file_name, "셀·수식의 글자 수 합계", "the text of all cells and formulas",
                            self.text_chars, "SABO_EVAL_MAX_TEXT_CHARS")


def open_package(raw: bytes, file_name: str) -> zipfile.ZipFile:
    """The zip of a workbook, its directory checked (entries, duplicate names, methods, sizes claimed).

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    file_name : str
        For messages.

    Returns
    -------
    zipfile.ZipFile

    Raises
    ------
    SubmissionError
        ``unreadable_file`` (broken zip), ``unsafe_workbook`` (duplicate or path-like
        names, encrypted entries, unusual compression) or ``oversized_file``.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise SubmissionError(file_name, f"통합문서가 손상되었습니다: {exc}", f"the workbook is damaged: {exc}") from exc
    if len(infos) > limit("SABO_EVAL_MAX_ZIP_ENTRIES"):
        raise oversized(file_name, "압축 파일 안의 항목 수", "the number of entries in the zip package", len(infos),
                        "SABO_EVAL_MAX_ZIP_ENTRIES")
    seen: set[str] = set()
    for info in infos:
        key = part_key(info.filename)
        if key in seen:
            raise refuse(file_name, "unsafe_workbook",
                         f"통합문서 안에 같은 이름의 항목이 두 번 들어 있습니다('{info.filename}') — 프로그램마다 다른 쪽을 "
                         "읽게 되므로 받지 않습니다. Excel에서 새 통합문서로 .xlsx 저장하세요",
                         f"the package holds two entries named '{info.filename}' (readers differ on which one they read); "
                         "save as a new .xlsx in Excel")
        seen.add(key)
        _check_entry(info, file_name)
    declared = sum(info.file_size for info in infos)
    if declared > limit("SABO_EVAL_MAX_INFLATED_BYTES"):
        raise oversized(file_name, "압축을 푼 크기", "the inflated size of the package", declared,
                        "SABO_EVAL_MAX_INFLATED_BYTES")
    return archive


def _check_entry(info: zipfile.ZipInfo, file_name: str) -> None:
    """One directory entry: a plain relative name, deflated or stored, not encrypted, sizes within limits."""
    name = info.filename.replace("\\", "/")
    if ".." in name.split("/") or name.startswith("/") or ":" in name or any(ord(ch) < 32 for ch in name):
        raise refuse(file_name, "unsafe_workbook",
                     f"통합문서 안 항목 이름이 경로처럼 생겼습니다('{info.filename}') — Excel에서 .xlsx로 다시 저장하세요",
                     f"an entry of the package is named like a path ('{info.filename}'); save as .xlsx again in Excel")
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise refuse(file_name, "unsafe_workbook",
                     f"통합문서 안 항목('{info.filename}')이 암호화되었거나 Excel이 쓰지 않는 방식으로 압축되었습니다 — "
                     "Excel에서 .xlsx로 다시 저장하세요",
                     f"the entry '{info.filename}' is encrypted or compressed in a way Excel never writes; "
                     "save as .xlsx again in Excel")
    if info.file_size > limit("SABO_EVAL_MAX_PART_BYTES"):
        raise oversized(file_name, f"항목 '{info.filename}'의 압축을 푼 크기", f"the inflated size of '{info.filename}'",
                        info.file_size, "SABO_EVAL_MAX_PART_BYTES")


def inflate(raw: bytes, info: zipfile.ZipInfo, budget: Budget, *, xml: bool = True) -> Iterator[bytes]:
    """The inflated content of one entry, in chunks, every byte counted against the limits.

    Decompresses the entry's data itself (not trusting its declared sizes) and stops
    with ``oversized_file`` at the first chunk over :data:`~.limits.MAX_PART_BYTES`,
    :data:`~.limits.MAX_INFLATED_BYTES` or :data:`~.limits.MAX_COMPRESSION_RATIO`;
    at the end the size and CRC must be those the zip declares.

    Parameters
    ----------
    raw : bytes
        The package's bytes.
    info : zipfile.ZipInfo
    budget : Budget
        What the package has inflated so far (updated).
    xml : bool
        Refuse a document type declaration in the content (XML parts).

    Yields
    ------
    bytes
    """
    name = budget.file_name
    data = _compressed(raw, info, name)
    part_cap, total_cap = limit("SABO_EVAL_MAX_PART_BYTES"), limit("SABO_EVAL_MAX_INFLATED_BYTES")
    ratio = limit("SABO_EVAL_MAX_COMPRESSION_RATIO")
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    size, crc, tail = 0, 0, b""
    for chunk, compressed in _chunks(data, inflater, name, info):
        size += len(chunk)
        if size > info.file_size:  # more than declared: stop at once (a lying directory)
            raise _mismatch(name, info)
        budget.inflated += len(chunk)
        if size > part_cap:
            raise oversized(name, f"항목 '{info.filename}'의 압축을 푼 크기", f"the inflated size of '{info.filename}'",
                            size, "SABO_EVAL_MAX_PART_BYTES")
        if budget.inflated > total_cap:
            raise oversized(name, "압축을 푼 크기", "the inflated size of the package", budget.inflated,
                            "SABO_EVAL_MAX_INFLATED_BYTES")
        if size > 5 << 20 and size > ratio * max(compressed, 1):
            raise oversized(name, f"항목 '{info.filename}'의 압축률", f"the compression ratio of '{info.filename}'",
                            size // compressed, "SABO_EVAL_MAX_COMPRESSION_RATIO")
        if xml and any(d in tail + chunk[:4096] or d in chunk for d in _DOCTYPES):
            raise refuse(name, "unsafe_workbook",
                         f"통합문서 안 '{info.filename}'에 문서 형식 선언(<!DOCTYPE>)이 있습니다 — Excel도 열지 않는 "
                         "파일입니다. Excel에서 .xlsx로 다시 저장하세요",
                         f"'{info.filename}' holds a document type declaration (<!DOCTYPE>), which Excel refuses; "
                         "save as .xlsx again in Excel")
        tail = chunk[-32:]
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if size != info.file_size or crc != info.CRC:
        raise _mismatch(name, info)


def _mismatch(file_name: str, info: zipfile.ZipInfo):
    return refuse(file_name, "unsafe_workbook",
                  f"통합문서 안 '{info.filename}'의 내용이 압축 목록에 적힌 크기·검사값과 다릅니다(조작되었거나 "
                  "손상된 파일) — Excel에서 .xlsx로 다시 저장하세요",
                  f"the content of '{info.filename}' does not match the size or checksum the zip declares "
                  "(altered or damaged); save as .xlsx again in Excel")



def _compressed(raw: bytes, info: zipfile.ZipInfo, file_name: str) -> memoryview:
    """The compressed bytes of an entry, found through its local header."""
    start = info.header_offset
    header = raw[start:start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise SubmissionError(file_name, f"통합문서가 손상되었습니다('{info.filename}')",
                              f"the workbook is damaged ('{info.filename}')")
    fields = _LOCAL_HEADER.unpack(header)
    begin = start + _LOCAL_HEADER.size + fields[-2] + fields[-1]
    return memoryview(raw)[begin:begin + info.compress_size]


def _chunks(data: memoryview, inflater, file_name: str, info: zipfile.ZipInfo) -> Iterator[tuple[bytes, int]]:
    """(inflated chunk, compressed bytes taken so far) of ``data``; ``inflater`` None: stored."""
    if inflater is None:
        for offset in range(0, len(data), _CHUNK):
            yield bytes(data[offset:offset + _CHUNK]), min(len(data), offset + _CHUNK)
        return
    try:
        for offset in range(0, len(data), _CHUNK):
            pending = bytes(data[offset:offset + _CHUNK])
            fed = offset + len(pending)
            while pending and not inflater.eof:
                out = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                if out:
                    yield out, fed - len(pending)
            if inflater.eof:
                return
        while not inflater.eof:  # what the inflater still holds
            out = inflater.decompress(b"", _CHUNK)
            if not out:
                break
            yield out, len(data)
    except zlib.error as exc:
        raise SubmissionError(file_name, f"통합문서가 손상되었습니다('{info.filename}': {exc})",
                              f"the workbook is damaged ('{info.filename}': {exc})") from exc


def read_part(raw: bytes, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    """The whole inflated content of an entry (within the limits of :func:`inflate`)."""
    return b"".join(inflate(raw, info, budget))
