"""Excel's "단일 파일 웹 페이지" (MHTML: ``.mht``, often renamed ``.xls``).

The file is a MIME message: a first HTML part lists the sheets (``<x:Name>`` with
its ``<x:WorksheetSource HRef=…>``), and one HTML part per sheet holds its table.
Each sheet part is read by :mod:`.html_tables` under the name the first part gives
it; a sheet part that no name points to is refused rather than named by guess.
"""

from __future__ import annotations

import email
import re
from email import policy
from pathlib import PurePosixPath

from ..errors import SubmissionError
from .html_tables import html_text_tables
from .submission import RawSheet

__all__ = ["looks_like_mhtml", "read_mhtml"]

_SHEET_ENTRY = re.compile(
    r"<x:ExcelWorksheet>.*?<x:Name>(.*?)</x:Name>.*?<x:WorksheetSource\s+HRef=\"([^\"]+)\"", re.I | re.S
)


def looks_like_mhtml(raw: bytes) -> bool:
    """Whether the bytes are a MIME (MHTML) web archive.

    Parameters
    ----------
    raw : bytes

    Returns
    -------
    bool
    """
    head = raw[:2048].lower()
    return head.lstrip().startswith(b"mime-version:") and b"multipart/related" in head


def _base(location: str) -> str:
    """The last component of a part's ``Content-Location`` (a file URL or a path)."""
    return PurePosixPath(location.replace("\\", "/")).name.lower()


def read_mhtml(raw: bytes, file_name: str, stem: str) -> list[RawSheet]:
    """Every sheet of an Excel MHTML workbook.

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    file_name : str
        The file's name, for messages.
    stem : str
        The name of a single sheet that nothing else names.

    Returns
    -------
    list of RawSheet

    Raises
    ------
    SubmissionError
        When the archive holds no HTML, or a sheet part has no name.
    """
    message = email.message_from_bytes(raw, policy=policy.default)
    pages = [
        (_base(part.get("Content-Location", "")), part.get_content())
        for part in message.walk()
        if part.get_content_type() == "text/html"
    ]
    if not pages:
        raise SubmissionError(file_name, "웹 보관 파일(MHTML)에 HTML이 없습니다", "the MHTML file holds no HTML")
    names = {_base(href): name for name, href in _SHEET_ENTRY.findall(pages[0][1])}
    if not names:  # a single page: its tables are the sheets
        return [sheet for _, page in pages for sheet in html_text_tables(page, file_name, stem)]
    sheets = []
    for location, page in pages[1:]:
        if location not in names:
            if "<table" not in page.lower():
                continue
            raise SubmissionError(
                file_name,
                f"웹 보관 파일(MHTML)의 '{location}' 부분은 어느 시트인지 이름이 없습니다 — .xlsx로 저장하세요",
                f"the part '{location}' of the MHTML file names no sheet; save as .xlsx",
            )
        sheets.extend(html_text_tables(page, file_name, names[location]))
    return sheets
