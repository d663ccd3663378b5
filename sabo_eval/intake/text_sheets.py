"""Folders of text sheets: CSV files and Excel's "유니코드 텍스트" (one file per sheet).

A folder submission holds one text file per sheet, named after the sheet:
``.csv`` (comma, semicolon or tab separated; UTF-8, UTF-8 with BOM, CP949 or UTF-16)
or ``.txt`` (what Excel writes as 유니코드 텍스트: UTF-16 with a byte-order mark,
tab separated — Excel writes only the active sheet, so each sheet is saved on its
own). The separator is recognised from the file; when two separators could both be
meant, the file is refused with both named, never guessed.

Anything else in such a folder (a workbook, a document, a sub-folder) is refused with
every such file listed: the folder would otherwise be read without it, or it without
the folder.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..errors import SubmissionError
from .files import entry_refusal
from .limits import limit
from .zip_guard import oversized

__all__ = [
    "TEXT_SHEET_SUFFIXES",
    "WORKBOOK_SUFFIXES",
    "is_ignorable",
    "is_text_folder",
    "text_sheet_files",
    "decode_text",
    "split_rows",
    "read_text_rows",
    "stray_files",
    "refused_entries",
]

TEXT_SHEET_SUFFIXES = (".csv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
#: Files an operating system or Excel leaves in a folder; never part of a submission.
SYSTEM_FILES = {"thumbs.db", "desktop.ini", ".ds_store", "__macosx"}
#: The note a folder of submissions may carry (``data/raw/README.md``): not a submission.
FOLDER_NOTES = {"readme.md"}
#: A folder of discussion minutes (``data/sample/discussions``): read by ``sabo-eval minutes``, no submission.
MINUTES_FOLDERS = {"discussions"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SEP_HINT = re.compile(r"sep=([,;\t|])\r?\n")
_DELIMITERS = {",": "쉼표(,)", ";": "세미콜론(;)", "\t": "탭"}
_DELIMITERS_EN = {",": "comma", ";": "semicolon", "\t": "tab"}


def is_ignorable(path: Path) -> bool:
    """Whether a folder entry is hidden, an Excel lock file, an operating system's file, a README, a warehouse or minutes.

    Parameters
    ----------
    path : Path

    Returns
    -------
    bool
    """
    name = path.name.lower()
    return (name.startswith((".", "~$")) or name in SYSTEM_FILES or name in FOLDER_NOTES
            or name.endswith((".duckdb", ".duckdb.wal")) or (name in MINUTES_FOLDERS and path.is_dir()))


def is_text_folder(folder: Path) -> bool:
    """Whether a folder is one submission of text sheets.

    It is when it holds a ``.csv`` file, or ``.txt`` files and no workbook (a folder
    of workbooks with a ``.txt`` note beside them is a collection of submissions).

    Parameters
    ----------
    folder : Path

    Returns
    -------
    bool
    """
    files = [p for p in folder.iterdir() if p.is_file() and not is_ignorable(p)]
    suffixes = {p.suffix.lower() for p in files}
    return ".csv" in suffixes or (".txt" in suffixes and not suffixes & set(WORKBOOK_SUFFIXES))


def text_sheet_files(folder: Path) -> list[Path]:
    """The sheet files of a text folder, refusing a folder that holds anything else.

    Parameters
    ----------
    folder : Path

    Returns
    -------
    list of Path
        Sorted ``.csv``/``.txt`` files.

    Raises
    ------
    SubmissionError
        When the folder holds no sheet file, other files beside them, a link to a
        file outside it or a special file (see :mod:`.files`; the error's ``rule``
        names which).
    """
    entries = sorted(p for p in folder.iterdir() if not is_ignorable(p))
    refused = [found for p in entries if (found := entry_refusal(p, folder)) is not None]
    if refused:  # a link out of the folder, a FIFO, a device: never read
        error = SubmissionError(folder.name, "; ".join(r[0] for r in refused), "; ".join(r[1] for r in refused))
        error.rule = refused[0][2]  # type: ignore[attr-defined]
        raise error
    files = [p for p in entries if p.is_file() and p.suffix.lower() in TEXT_SHEET_SUFFIXES]
    if not files:
        raise SubmissionError(folder.name, "CSV 파일이 없습니다", "no CSV files in the folder")
    stray = [p.name + ("/" if p.is_dir() else "") for p in entries if p not in files]
    if stray:
        listed = ", ".join(stray)
        raise SubmissionError(
            folder.name,
            f"CSV·텍스트 시트 폴더에 다른 파일이 섞여 있습니다: {listed} — 이 파일들은 읽지 않으므로 "
            "빼거나 따로 제출하세요(통합문서는 폴더 밖에 두세요)",
            f"the folder of CSV/text sheets also holds other files: {listed}; they would not be read — "
            "remove them or submit them separately (keep workbooks outside the folder)",
        )
    return files


def decode_text(data: bytes, name: str) -> str:
    """Decode a text sheet: UTF-16 (byte-order mark), UTF-8 (with or without BOM), else CP949.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        The file name, for the error message.

    Returns
    -------
    str

    Raises
    ------
    SubmissionError
        When no encoding reads the file.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None and not _CONTROL.search(text):  # control characters: not UTF-16 text
            return text
    else:
        for encoding in ("utf-8-sig", "cp949"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise SubmissionError(
        name,
        "문자 인코딩을 알 수 없습니다(UTF-8, CP949 또는 유니코드 텍스트로 저장하세요)",
        "unknown text encoding (save as UTF-8, CP949 or Unicode text)",
    )


def split_rows(text: str, name: str) -> list[list[str]]:
    """The rows of a text sheet, split at the separator the file uses.

    The separator is the one an Excel ``sep=`` first line names, else the one
    :func:`sniff_delimiter` recognises.

    Parameters
    ----------
    text : str
        The decoded file.
    name : str
        The file name, for the error message.

    Returns
    -------
    list of list of str

    Raises
    ------
    SubmissionError
        When two separators could both be the one meant.
    """
    return read_text_rows(text, name, None)[0]


def read_text_rows(text: str, name: str, most: int | None) -> tuple[list[list[str]], int]:
    """:func:`split_rows` keeping at most ``most`` rows: (the rows kept, how many rows there are).

    A field of any length is read (Python's csv module stops at 131,072 characters by
    default; a long cell is reported by validation, not a crash). A sheet whose
    rectangle (rows × widest row) exceeds :data:`~.limits.MAX_SHEET_CELLS` is refused
    (``oversized_file``).

    Parameters
    ----------
    text : str
        The decoded file.
    name : str
        The file name, for messages.
    most : int or None
        Rows to keep (None: all).

    Returns
    -------
    rows : list of list of str
    total : int
    """
    if "\r" in text and "\n" not in text:  # classic Mac line ends (CSV (Macintosh))
        text = text.replace("\r", "\n")
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    hint = _SEP_HINT.match(text)
    if hint:  # Excel's "sep=;" first line names the separator and is no row of the sheet
        reader = csv.reader(io.StringIO(text[hint.end():]), delimiter=hint.group(1))
    else:
        reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text, name))
    rows: list[list[str]] = []
    total = width = 0
    cap = limit("SABO_EVAL_MAX_SHEET_CELLS")
    try:
        for row in reader:
            total += 1
            if most is not None and total > most:  # counted, not kept (reported as too_many_rows)
                continue
            width = max(width, len(row))
            if total * width > cap:
                raise oversized(name, "텍스트 시트의 셀 범위(행 × 열)", "the cell range of the text sheet (rows × columns)",
                                total * width, "SABO_EVAL_MAX_SHEET_CELLS")
            rows.append(row)
    except csv.Error as exc:
        raise SubmissionError(name, f"CSV 파일을 읽을 수 없습니다: {exc}", f"cannot read the CSV file: {exc}") from exc
    return rows, total


def sniff_delimiter(text: str, name: str) -> str:
    """The separator of a text sheet: comma, semicolon or tab.

    A separator is a candidate when it splits at least four in five of the non-blank
    lines; one candidate is the separator; of several, the one that gives every line
    the same number of fields; no candidate means a one-column sheet (comma).

    Parameters
    ----------
    text : str
        The decoded file.
    name : str
        The file name, for the error message.

    Returns
    -------
    str

    Raises
    ------
    SubmissionError
        When several separators remain.
    """
    widths = {}
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    for delimiter in _DELIMITERS:
        rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
        widths[delimiter] = [len(r) for r in rows]
    candidates = [d for d, w in widths.items() if w and sum(n > 1 for n in w) >= 0.8 * len(w)]
    if len(candidates) > 1:
        candidates = [d for d in candidates if len(set(widths[d])) == 1] or candidates
    if not candidates:
        return ","
    if len(candidates) == 1:
        return candidates[0]
    raise SubmissionError(
        name,
        f"열 구분 문자가 {'와 '.join(_DELIMITERS[d] for d in candidates)} 중 어느 것인지 알 수 없습니다 — "
        "쉼표로 구분한 CSV(UTF-8)로 다시 저장하세요",
        f"the column separator could be {' or '.join(_DELIMITERS_EN[d] for d in candidates)}; "
        "save again as comma-separated CSV (UTF-8)",
    )


def stray_files(root: Path | str) -> list[str]:
    """What a folder of submissions holds that is no submission (and so is not read).

    Parameters
    ----------
    root : path-like
        A path given to ``validate``/``ingest``.

    Returns
    -------
    list of str
        Names of the files (and non-empty folders, with a trailing ``/``) that are
        neither workbooks nor text-sheet folders; empty for a file or a text folder.
    """
    root = Path(root)
    if not root.is_dir() or is_text_folder(root):
        return []
    stray = []
    for child in sorted(root.iterdir()):
        if is_ignorable(child) or entry_refusal(child, root) is not None:  # named by refused_entries
            continue
        if child.is_file() and child.suffix.lower() not in WORKBOOK_SUFFIXES:
            stray.append(child.name)
        elif child.is_dir() and not is_text_folder(child) and any(not is_ignorable(p) for p in child.iterdir()):
            stray.append(child.name + "/")
    return stray


def refused_entries(root: Path | str) -> list[tuple[str, str, str]]:
    """The entries of a folder of submissions that are not read, and why (see :mod:`.files`).

    Parameters
    ----------
    root : path-like
        A path given to ``validate``/``ingest``.

    Returns
    -------
    list of tuple
        (reason in Korean, reason in English, rule) of each link out of the folder
        and each special file; empty for a file or a text folder (whose own
        entries are checked when it is read).
    """
    root = Path(root)
    if not root.is_dir() or is_text_folder(root):
        return []
    return [found for child in sorted(root.iterdir()) if not is_ignorable(child)
            and (found := entry_refusal(child, root)) is not None]
