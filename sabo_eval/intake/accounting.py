"""What became of every non-empty row of every sheet: loaded, set aside, or ignored and why.

Computed after loading from what loading left behind (the tables' provenance rows,
the published totals, the rows set aside) so that no reader needs to count: a row
that is none of these, below a sheet's first data row, is counted as ignored — the
accounting shows a loss that nothing else names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import parsing
from .schemas import ROSTER_SHEET_PREFIXES, normalise_header
from .submission import RawSheet, Submission

__all__ = ["SheetAccount", "account_sheets", "accounting_lines"]

#: Why a whole sheet was not read: (Korean, English).
SHEET_REASONS = {
    "info": ("제출정보", "submission details"),
    "instructions": ("안내 시트", "instruction sheet"),
    "unknown": ("알 수 없는 시트", "unknown sheet"),
    "no_header": ("머리글 없음", "no header row"),
    "unread": ("읽지 않은 행", "rows not read"),
    "no_marks": ("출석 표시가 모두 '-'·빈칸인 위원 행", "member rows whose marks are all '-' or blank"),
}


@dataclass
class SheetAccount:
    """One sheet's non-empty rows: loaded, set aside as totals, notes above the data, ignored."""

    sheet: str
    loaded: int = 0
    totals: int = 0
    notes: int = 0
    ignored: dict[str, int] = field(default_factory=dict)

    @property
    def n_ignored(self) -> int:
        """Rows ignored, all reasons together."""
        return sum(self.ignored.values())


def account_sheets(sub: Submission, sheets: list[RawSheet], skipped: dict[str, str]) -> list[SheetAccount]:
    """Account for every non-empty row of every sheet; stored in ``sub.accounting``.

    Parameters
    ----------
    sub : Submission
        A loaded submission.
    sheets : list of RawSheet
        Its sheets as read.
    skipped : dict of str to str
        Sheets not read as tables, by name: ``info``, ``instructions`` or ``unknown``.

    Returns
    -------
    list of SheetAccount
        One per sheet, in workbook order.
    """
    loaded: dict[str, set[int]] = {}
    for frame in sub.tables.values():
        if frame is None or frame.empty or "_sheet" not in frame:
            continue
        for sheet, row in zip(frame["_sheet"], frame["_row"], strict=True):
            loaded.setdefault(sheet, set()).add(int(row))
    aside: dict[str, set[int]] = {}
    for total in sub.totals:
        aside.setdefault(total.sheet, set()).add(int(total.row))
    notes: dict[str, set[int]] = {}  # titles and notes around a table (not totals)
    for sheet, row, kind, *_text in sub.set_aside:
        (notes if kind in ("note", "title") else aside).setdefault(sheet, set()).add(int(row))
    accounts = []
    for sheet in sheets:
        filled = [i + 1 for i, row in enumerate(sheet.rows) if _filled(row)]
        account = SheetAccount(sheet.name)
        if sheet.name in skipped:
            kind = skipped[sheet.name]
            if kind == "info":
                account.loaded = len(filled)
            elif filled:
                account.ignored[kind] = len(filled)
            accounts.append(account)
            continue
        rows_in, rows_aside = loaded.get(sheet.name, set()), aside.get(sheet.name, set()) - loaded.get(sheet.name, set())
        account.loaded, account.totals = len(rows_in), len(rows_aside)
        used = rows_in | rows_aside
        start = min(used) if used else None
        roster = normalise_header(sheet.name).startswith(tuple(normalise_header(p) for p in ROSTER_SHEET_PREFIXES))
        noted = notes.get(sheet.name, set()) - used
        for row in filled:
            if row in used:
                continue
            if row in noted:
                account.notes += 1
            elif start is None:
                account.ignored["no_header"] = account.ignored.get("no_header", 0) + 1
            elif row < start:
                account.notes += 1
            else:
                why = "no_marks" if roster else "unread"
                account.ignored[why] = account.ignored.get(why, 0) + 1
        accounts.append(account)
    sub.accounting = accounts
    return accounts


def _filled(row: list[object]) -> bool:
    """Whether a row holds a non-empty cell."""
    return any(cell is not None and not parsing.is_blank(cell) for cell in row)


def accounting_lines(accounts: list[SheetAccount], refused: bool = False) -> list[str]:
    """One line per sheet: rows loaded, set aside as totals, notes and headers, ignored and why.

    Parameters
    ----------
    accounts : list of SheetAccount
    refused : bool
        The submission was refused: its rows were read, not loaded.

    Returns
    -------
    list of str
    """
    lines = []
    read_ko, read_en = ("읽음", "read") if refused else ("적재", "loaded")
    for a in accounts:
        reasons_ko = ", ".join(f"{SHEET_REASONS[k][0]} {n:,}" for k, n in a.ignored.items())
        reasons_en = ", ".join(f"{SHEET_REASONS[k][1]} {n:,}" for k, n in a.ignored.items())
        ignored_ko = f"무시 {a.n_ignored:,}행" + (f"({reasons_ko})" if reasons_ko else "")
        ignored_en = f"ignored {a.n_ignored:,}" + (f" ({reasons_en})" if reasons_en else "")
        lines.append(
            f"  · {a.sheet}: {read_ko} {a.loaded:,}행, 합계로 따로 둠 {a.totals:,}행, 머리글·안내 {a.notes:,}행, {ignored_ko}"
            f" / {read_en} {a.loaded:,}, set aside as totals {a.totals:,}, headers/notes {a.notes:,}, {ignored_en}"
        )
    return lines
