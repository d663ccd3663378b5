"""Opening submitted files safely: regular files only, and only inside their folder.

A folder given to ``validate``/``ingest`` (a collection of submissions, or a folder of
text sheets) may hold a symbolic link to a file elsewhere on the machine, or a special
file (a FIFO, a device such as ``/dev/zero``, a socket). Neither is read:

* an entry whose real path (:meth:`pathlib.Path.resolve`) is outside the folder it was
  found in is named with the reason (:data:`OUTSIDE_RULE`); a link that stays inside
  the folder is read like the file it points to;
* a special file is named with the reason (:data:`NOT_REGULAR_RULE`), whether given
  directly or found in a folder.

Nothing is opened before it is known to be a regular file, and the one place that
reads a submitted file, :func:`regular_file_bytes`, opens without blocking and checks
the opened file again (a FIFO put in place meanwhile never hangs the reader).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import SubmissionError

__all__ = [
    "OUTSIDE_RULE",
    "NOT_REGULAR_RULE",
    "entry_refusal",
    "special_kind",
    "regular_file_bytes",
    "refuse_special",
]

#: Problem rule of a folder entry that resolves outside its folder (a symbolic link out).
OUTSIDE_RULE = "outside_folder"
#: Problem rule of a FIFO, device or socket given as a submission or found in a folder.
NOT_REGULAR_RULE = "not_a_regular_file"

_KINDS = (
    (stat.S_ISFIFO, "FIFO(이름 있는 파이프)", "a FIFO (named pipe)"),
    (stat.S_ISCHR, "문자 장치", "a character device"),
    (stat.S_ISBLK, "블록 장치", "a block device"),
    (stat.S_ISSOCK, "소켓", "a socket"),
)


def special_kind(mode: int) -> tuple[str, str] | None:
    """What a file of ``st_mode`` ``mode`` is when it is neither a regular file nor a folder (Korean, English)."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, korean, english in _KINDS:
        if test(mode):
            return korean, english
    return "특수 파일", "a special file"


def _not_regular(name: str, kind: tuple[str, str]) -> tuple[str, str, str]:
    return (
        f"{name}: 일반 파일이 아니라 {kind[0]}입니다 — 읽지 않았습니다(통합문서나 CSV 파일을 제출하세요)",
        f"{name}: not a regular file but {kind[1]}; it was not read (submit a workbook or CSV files)",
        NOT_REGULAR_RULE,
    )


def entry_refusal(entry: Path, folder: Path) -> tuple[str, str, str] | None:
    """Why an entry of ``folder`` is not read (Korean, English, rule), or None when it may be.

    Parameters
    ----------
    entry : Path
        A child of ``folder`` (as listed, links not followed).
    folder : Path
        The folder it was found in.

    Returns
    -------
    tuple of str or None
        The reasons and rule: a link whose target is outside ``folder``
        (:data:`OUTSIDE_RULE`, a dangling link included), or a special file
        (:data:`NOT_REGULAR_RULE`).
    """
    name = entry.name
    try:
        real = entry.resolve(strict=True)
        inside = real.is_relative_to(folder.resolve())
        mode = real.stat().st_mode
    except (OSError, RuntimeError):  # a dangling link or a loop of links
        inside, mode = False, None
    if not inside:
        return (
            f"{name}: 폴더 밖의 파일을 가리키는 바로가기(심볼릭 링크)입니다 — 읽지 않았습니다(파일 자체를 폴더에 넣으세요)",
            f"{name}: a symbolic link to a file outside the folder; it was not read (put the file itself in the folder)",
            OUTSIDE_RULE,
        )
    kind = special_kind(mode)
    return _not_regular(name, kind) if kind is not None else None


def refuse_special(path: Path) -> None:
    """Refuse a path given as a submission that is a FIFO, a device or a socket.

    Raises
    ------
    SubmissionError
        With :data:`NOT_REGULAR_RULE` as its ``rule``.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing: named by the caller
    kind = special_kind(mode)
    if kind is not None:
        korean, english, rule = _not_regular(str(path), kind)
        error = SubmissionError(str(path), korean.split(": ", 1)[1], english.split(": ", 1)[1])
        error.rule = rule  # type: ignore[attr-defined]
        raise error


def regular_file_bytes(path: Path) -> bytes:
    """The bytes of a regular file, opened without blocking and checked once opened.

    Parameters
    ----------
    path : Path

    Returns
    -------
    bytes

    Raises
    ------
    SubmissionError
        When the path is not a regular file (rule :data:`NOT_REGULAR_RULE`) or
        cannot be opened.
    """
    # O_BINARY: without it Windows reads in text mode (CR LF turned to LF, stops at Ctrl-Z)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SubmissionError(
            path.name, f"파일을 열 수 없습니다({exc.strerror or exc})", f"cannot open the file ({exc.strerror or exc})"
        ) from None
    try:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind is not None or stat.S_ISDIR(os.fstat(fd).st_mode):
            korean, english, rule = _not_regular(path.name, kind or ("폴더", "a folder"))
            error = SubmissionError(path.name, korean.split(": ", 1)[1], english.split(": ", 1)[1])
            error.rule = rule  # type: ignore[attr-defined]
            raise error
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            return handle.read()
    finally:
        if fd >= 0:
            os.close(fd)
