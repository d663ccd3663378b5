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
    """Read the labelled values of the 제출정보 sheet into ``sub.info``; the keys that failed.

    A label's value is the cell right of it (by position, so a note further right is
    never taken for an empty value); a row may hold several label–value pairs. A row
    of labels only takes its values from the row below. A field written twice with
    different values is refused: which one is meant cannot be told.
    """
    labels = {}
    for key, label, kind, _required in SUBMISSION_INFO_FIELDS:
        for alias in (key, label):
            labels[normalise_header(alias)] = (key, label, kind)
    invalid: set[str] = set()
    seen: dict[str, tuple[object, int]] = {}
    rows = info_sheet.rows
    # A label merged across cells (a form's label box) has its value right of the box.
    ends = {(r0, c0): c1 for r0, c0, _r1, c1 in info_sheet.merged}
    skip = -1
    for i, row in enumerate(rows):
        if i == skip:
            continue
        found = [(j, *hit) for j, c in enumerate(row) if (hit := _label(c, labels)) is not None]
        filled = sum(not parsing.is_blank(c) for c in row)
        if not found:
            _report_unread_row(sub, info_sheet.name, i, row, filled)
            continue
        if len(found) >= 2 and filled == len(found) and i + 1 < len(rows) and all(v is _NONE for *_, v in found):
            skip = value_row = i + 1  # labels across, values below
            below = rows[value_row]
            pairs = [(match, below[j] if j < len(below) else None) for j, match, _v in found]
            used = {j for j, *_ in found}
        else:
            value_row = i
            pairs, used = _pairs(row, found, ends.get if info_sheet.merged else None, i)
        for (key, label, kind), value in pairs:
            _take(sub, info_sheet.name, value_row + 1, key, label, kind, value, invalid, seen)
        _report_unread_cells(sub, info_sheet.name, value_row, rows[value_row], used)
    return invalid


def _pairs(row: list[object], found: list[tuple], end_of, i: int) -> tuple[list[tuple], set[int]]:
    """(field, value) of each label of a row and its value cell; the cells used."""
    pairs, used, taken = [], set(), -1
    for j, match, v in found:
        if j <= taken:
            continue  # the value cell of the label before it (비고 | 연도: 회계연도)
        at = (end_of((i, j), j) if end_of else j) + 1  # right of the label, or of its merged box
        pairs.append((match, row[at] if at < len(row) and v is _NONE else v))
        used.update((j, at) if v is _NONE else (j,))
        taken = at if v is _NONE else -1
    return pairs, used


def _report_unread_cells(sub: Submission, sheet_name: str, i: int, row: list[object], used: set[int]) -> None:
    """Name the filled cells of a 제출정보 row that are neither a label nor its value."""
    for j, cell in enumerate(row):
        if j in used or parsing.is_blank(cell):
            continue
        sub.problem(
            sheet_name, i + 1, "", cell,
            "제출정보의 이 칸은 항목 이름도 그 값도 아니어서 읽지 않았습니다",
            "this 제출정보 cell is neither a label nor a label's value and was not read",
            "unread_info_cell", WARNING,
        )


_NONE = object()
#: Headers of a 제출정보 sheet written as a table (항목 | 값): not fields.
_INFO_HEADERS = {"항목", "값", "구분", "내용", "item", "value", "key", "field"}


def _label(cell: object, labels: dict[str, tuple[str, str, str]]) -> tuple[tuple[str, str, str], object] | None:
    """The field a cell labels (``연도``, ``연도:``) and a value written in it (``연도: 2023``)."""
    if not isinstance(cell, str):
        return None
    text = cell.strip().rstrip(":：").strip()
    match = labels.get(normalise_header(text))
    if match is not None:
        return match, _NONE
    head, sep, tail = text.replace("：", ":").partition(":")
    match = labels.get(normalise_header(head)) if sep else None
    if match is not None and tail.strip():
        return match, tail.strip()
    return None


def _report_unread_row(sub: Submission, sheet_name: str, i: int, row: list[object], filled: int) -> None:
    """Name a filled 제출정보 row without a known label (``담당자 | 김철수``): it is not read.

    A row of one text without a colon is the sheet's title: set aside, not named.
    """
    if not filled or all(normalise_header(c) in _INFO_HEADERS for c in row if not parsing.is_blank(c)):
        return
    text = " | ".join(str(c).strip() for c in row if not parsing.is_blank(c))
    if filled == 1 and ":" not in text.replace("：", ":"):
        sub.set_aside.append((sheet_name, i + 1, "title", text))  # the sheet's title
        return
    known = ", ".join(label for _k, label, _kind, _r in SUBMISSION_INFO_FIELDS)
    sub.problem(
        sheet_name, i + 1, "", text,
        f"제출정보의 이 행은 알려진 항목이 아니어서 읽지 않았습니다(항목: {known})",
        f"this 제출정보 row has no known label and was not read (labels: {known})",
        "unknown_info_row", WARNING,
    )


def _take(
    sub: Submission, sheet_name: str, excel_row: int, key: str, label: str, kind: str, value: object,
    invalid: set[str], seen: dict[str, tuple[object, int]],
) -> None:
    """Parse one labelled value into ``sub.info``, refusing a second, different value."""
    try:
        parsed, notes = interpret_info(value, key, kind, label)
    except parsing.CellError as err:
        invalid.add(key)
        rule = getattr(err, "rule", None) or "bad_info_value"
        sub.problem(sheet_name, excel_row, label, value, err.reason_ko, err.reason_en, rule)
        return
    for note in notes:
        sub.problem(sheet_name, excel_row, label, value, note.reason_ko, note.reason_en, note.rule, WARNING)
    if key in seen and parsed is not None and seen[key][0] is not None and seen[key][0] != parsed:
        first, first_row = seen[key]
        invalid.add(key)
        sub.info.pop(key, None)
        sub.problem(
            sheet_name, excel_row, label, value,
            f"'{label}'이(가) 다른 값으로 두 번 적혀 있습니다({first_row}행: {first}, {excel_row}행: {value})"
            " — 어느 값인지 알 수 없습니다",
            f"'{label}' ({key}) is written twice with different values (row {first_row}: {first},"
            f" row {excel_row}: {value}); it is unclear which one is meant",
            "conflicting_info",
        )
        return
    if key in invalid:
        return
    if key not in seen or seen[key][0] is None:
        seen[key] = (parsed, excel_row)
        sub.info[key] = parsed
