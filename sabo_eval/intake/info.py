"""Read the 제출정보 (submission information) sheet and fix the submission's district and year.

The sheet holds label–value pairs (label in the first filled cell of a row, value right
of it). A file name such as ``41110_2023_수원시.xlsx`` gives the district code and year
when the sheet does not; required fields still missing are reported.
"""

from __future__ import annotations

import re

from . import parsing
from .interpret import interpret_info
from .problems import WARNING
from .schemas import SUBMISSION_INFO_FIELDS, SUBMISSION_INFO_SHEET, normalise_header
from .submission import RawSheet, Submission

__all__ = ["read_info"]


def read_info(sub: Submission, sheets: list[RawSheet]) -> None:
    """Read 제출정보 (key–value) and fix the submission's district and year.

    Parameters
    ----------
    sub : Submission
        The submission: ``info``, ``district_code`` and ``year`` are set, problems added.
    sheets : list of RawSheet
        Every sheet of the submission.
    """
    info_sheet = next(
        (s for s in sheets if normalise_header(s.name) in {normalise_header(SUBMISSION_INFO_SHEET), "submission"}),
        None,
    )
    invalid = _read_values(sub, info_sheet) if info_sheet is not None else set()
    # Fall back to a file name such as 41110_2023_수원시.xlsx.
    match = re.match(r"^(\d{5})_(\d{4})", sub.file_name)
    if "district_code" not in sub.info and match:
        sub.info["district_code"] = match.group(1)
    if "year" not in sub.info and match:
        sub.info["year"] = int(match.group(2))
    sheet_name = info_sheet.name if info_sheet else SUBMISSION_INFO_SHEET
    for key, label, _kind, required in SUBMISSION_INFO_FIELDS:
        if required and sub.info.get(key) is None and key not in invalid:
            sub.problem(
                sheet_name, None, label, "",
                f"제출정보에 '{label}'이(가) 없습니다",
                f"the submission sheet has no '{label}' ({key})",
                "missing_submission_info",
            )
    sub.district_code = sub.info.get("district_code")  # type: ignore[assignment]
    sub.year = sub.info.get("year")  # type: ignore[assignment]


def _read_values(sub: Submission, info_sheet: RawSheet) -> set[str]:
    """Read the labelled values of the 제출정보 sheet into ``sub.info``; the keys that failed."""
    labels = {}
    for key, label, kind, _required in SUBMISSION_INFO_FIELDS:
        for alias in (key, label):
            labels[normalise_header(alias)] = (key, label, kind)
    invalid: set[str] = set()
    for i, row in enumerate(info_sheet.rows):
        # Label in the first filled cell, value in the cell right of it (by position,
        # so a note further right is never taken for an empty value).
        first = next((j for j, c in enumerate(row) if not parsing.is_blank(c)), None)
        if first is None:
            continue
        match = labels.get(normalise_header(row[first]))
        if match is None:
            continue
        key, label, kind = match
        value = row[first + 1] if first + 1 < len(row) else None
        try:
            sub.info[key], notes = interpret_info(value, key, kind, label)
        except parsing.CellError as err:
            invalid.add(key)
            rule = getattr(err, "rule", None) or "bad_info_value"
            sub.problem(info_sheet.name, i + 1, label, value, err.reason_ko, err.reason_en, rule)
            continue
        for note in notes:
            sub.problem(info_sheet.name, i + 1, label, value, note.reason_ko, note.reason_en, note.rule, WARNING)
    return invalid
