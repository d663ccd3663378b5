"""Root causes, not cascades: one mistake reported once, with the problems it causes folded under it.

Some slips make many other checks fail: a 분과 written two ways ("노인" / "노인분과"),
a 분과 left blank in 위원명단, a 연도 missing from 제출정보 (no roster month can then be
matched to a meeting). The user should see the slip, where to fix it, and how many
problems follow from it. Nothing is dropped: each following problem stays in the list
with :attr:`~.problems.Problem.root` naming its root, and the root counts them in
:attr:`~.problems.Problem.related` (the terminal shows the count, ``--out`` and
``--annotate`` every problem). A root no rule reported (a spelling) is added here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from .column_cache import header_of
from .problems import ERROR, WARNING, Problem
from .roster_layout import group_text, subcommittee_stem
from .schemas import SUBMISSION_INFO_FIELDS, SUBMISSION_INFO_SHEET, normalise_header
from .submission import Submission

__all__ = ["fold_cascades", "fold", "ROSTER_CASCADE_RULES"]

#: Rules of roster problems that follow from a 분과 or year that does not match.
ROSTER_CASCADE_RULES = frozenset({
    "unknown_meeting", "ambiguous_meeting", "roster_unknown_group", "roster_member_other_group",
    "roster_member_missing", "blank_attendance_mark", "roster_member_without_subcommittee",
})
#: Tables whose 분과 column names a 분과 (member list, meeting list, monitoring opinions).
_NAMED_IN = ("members", "meetings", "opinions")
_YEAR_LABEL = next(label for key, label, *_ in SUBMISSION_INFO_FIELDS if key == "year")
_SHOWN_PLACES = 6


def fold_cascades(sub: Submission) -> list[Problem]:
    """Fold the problems that follow from a root under it; add roots no rule reported.

    Parameters
    ----------
    sub : Submission
        A validated submission; ``sub.problems`` is replaced by the folded list.

    Returns
    -------
    list of Problem
    """
    problems = list(sub.problems)
    for root, follows in _spelling_roots(sub, problems):  # the most particular cause first
        problems = fold(problems, root, follows, alone=WARNING)
    for root, follows in _blank_subcommittee_roots(sub, problems):
        problems = fold(problems, root, follows)
    problems = _year_root(sub, problems)
    sub.problems[:] = problems
    return problems


def fold(
    problems: list[Problem], root: Problem, follows: Callable[[Problem], bool], alone: str | None = None
) -> list[Problem]:
    """Mark every problem ``follows`` picks (and not yet folded) as following ``root``.

    ``root`` is added when it is not among the problems already; it carries the count.
    A root that nothing follows is kept as it is (a problem of its own); when it is new
    and ``alone`` is given, with that severity (a 분과 spelled two ways only in
    모니터링의견 breaks no check: a warning).
    """
    label = root.label
    out, related = [], 0
    for p in problems:
        if p is root or p == root or p.root or p.related or not follows(p):
            out.append(p)
            continue
        out.append(dataclasses.replace(p, root=label))
        related += 1
    counted = dataclasses.replace(root, related=root.related + related)
    if any(p is root or p == root for p in out):
        return [counted if (p is root or p == root) else p for p in out]
    if not related and alone is not None:
        counted = dataclasses.replace(counted, severity=alone)
    return [counted, *out]


def _year_root(sub: Submission, problems: list[Problem]) -> list[Problem]:
    """With no year, no roster month matches a meeting: those problems follow the missing 연도."""
    if sub.year is not None:
        return problems
    info_sheet = normalise_header(SUBMISSION_INFO_SHEET)
    root = next((p for p in problems if p.column == _YEAR_LABEL and p.severity == ERROR
                 and (p.row is None or normalise_header(p.sheet) == info_sheet)), None)
    if root is None:
        return problems
    return fold(problems, root, lambda p: p.rule in ROSTER_CASCADE_RULES or p.rule == "date_outside_year")


def _spellings(sub: Submission) -> dict[str, dict[str, list[tuple[str, str, int | None]]]]:
    """Per 분과 stem, each spelling and where it is written: (sheet, column header, row or None)."""
    found: dict[str, dict[str, list]] = {}
    for table in _NAMED_IN:
        frame = sub.tables.get(table)
        if frame is None or frame.empty or "subcommittee" not in frame:
            continue
        header = header_of(sub, table, "subcommittee")
        for value, sheet, row in zip(frame["subcommittee"], frame["_sheet"], frame["_row"], strict=True):
            if value is None or value != value or not str(value).strip():
                continue
            spelling = str(value).strip()
            stem = subcommittee_stem(normalise_header(spelling))
            found.setdefault(stem, {}).setdefault(spelling, []).append((str(sheet), header, int(row)))
    for sheet in _roster_sheets(sub):
        text = group_text(sheet)
        if text and text in {normalise_header(s) for spellings in found.values() for s in spellings}:
            stem = subcommittee_stem(text)
            spelling = next(s for s in found[stem] if normalise_header(s) == text)
            found[stem][spelling].append((sheet, "", None))
    return {stem: spellings for stem, spellings in found.items() if len(spellings) > 1}


def _roster_sheets(sub: Submission) -> list[str]:
    """Names of the roster sheets read or reported on."""
    attendance = sub.tables.get("attendance")
    names = set(attendance["_sheet"].astype(str)) if attendance is not None and "_sheet" in attendance else set()
    names |= {p.sheet for p in sub.problems if p.sheet}
    return sorted(n for n in names if group_text(n) and group_text(n) != normalise_header(n))


def _spelling_roots(sub: Submission, problems: list[Problem]) -> Iterable[tuple[Problem, Callable]]:
    """One root per 분과 written two (or more) ways, at the first place of the less used spelling."""
    for stem, spellings in _spellings(sub).items():
        ranked = sorted(spellings, key=lambda s: (len({sheet for sheet, *_ in spellings[s]}), len(spellings[s])))
        odd = ranked[0]
        sheet, header, row = next((p for p in spellings[odd] if p[2] is not None), spellings[odd][0])
        where = "; ".join(f"'{s}' — {_places(spellings[s])}" for s in sorted(spellings))
        where_en = "; ".join(f"'{s}' — {_places(spellings[s], en=True)}" for s in sorted(spellings))
        names = " / ".join(f"'{s}'" for s in sorted(spellings))
        root = Problem(
            sub.file_name, sheet, row, header or "", odd,
            f"같은 분과가 {len(spellings)}가지로 쓰였습니다({names}): {where} — 한 가지 이름으로 맞추세요",
            f"one subcommittee is written {len(spellings)} ways ({names}): {where_en}; use one name everywhere",
            "subcommittee_spelling",
        )
        yield root, _follows_group(stem, spellings)


def _follows_group(stem: str, spellings: dict) -> Callable[[Problem], bool]:
    """Roster problems of this 분과's sheet, and problems that name one of its spellings."""
    written = set(spellings)

    def follows(p: Problem) -> bool:
        if p.rule in ROSTER_CASCADE_RULES and subcommittee_stem(group_text(p.sheet)) == stem:
            return True
        return p.rule in ROSTER_CASCADE_RULES and any(f"'{s}'" in p.reason_ko for s in written)

    return follows


def _places(places: list[tuple[str, str, int | None]], en: bool = False) -> str:
    """``위원명단 12~15·20행, 시트 이름 '출석부_노인'`` (the first few rows of each sheet; how many more)."""
    by_sheet: dict[str, list[int]] = {}
    names = []
    for sheet, _header, row in places:
        if row is None:
            names.append(f"sheet name '{sheet}'" if en else f"시트 이름 '{sheet}'")
        else:
            by_sheet.setdefault(sheet, []).append(row)
    parts = [f"{sheet} {_rows(rows, en)}" for sheet, rows in by_sheet.items()]
    return ", ".join([*parts, *names])


def _rows(rows: list[int], en: bool) -> str:
    """``12~15·20행`` for rows 12–15 and 20; after a few runs, how many rows there are in all."""
    rows = sorted(set(rows))
    runs: list[list[int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    shown = "·".join(f"{a}~{b}" if b > a else str(a) for a, b in runs[:_SHOWN_PLACES])
    if en:
        more = f"… ({len(rows):,} rows in all)" if len(runs) > _SHOWN_PLACES else ""
        return f"row(s) {shown}{more}"
    return f"{shown}행" + (f" 등 모두 {len(rows):,}행" if len(runs) > _SHOWN_PLACES else "")


def _blank_subcommittee_roots(sub: Submission, problems: list[Problem]) -> Iterable[tuple[Problem, Callable]]:
    """One root per 분과 member whose 분과 is blank, at that cell in 위원명단."""
    members = sub.tables.get("members")
    if members is None or members.empty or "subcommittee" not in members or "body" not in members:
        return
    header = header_of(sub, "members", "subcommittee")
    for member in members.to_dict("records"):
        value = member["subcommittee"]
        if member["body"] != "subcommittee" or not (value is None or value != value or not str(value).strip()):
            continue
        sheet, row = str(member["_sheet"]), int(member["_row"])
        existing = next((p for p in problems if (p.sheet, p.row, p.column) == (sheet, row, header)), None)
        root = existing or Problem(
            sub.file_name, sheet, row, header, "",
            "분과 위원인데 분과가 비어 있습니다 — 이 위원의 분과 이름을 회의목록·출석부와 똑같이 적으세요",
            "a subcommittee member with a blank subcommittee; write the subcommittee name as in the meeting list "
            "and roster sheet names",
            "blank_subcommittee",
        )
        yield root, _follows_member(member)


def _follows_member(member) -> Callable[[Problem], bool]:
    """Roster problems about this member (by id or name)."""
    keys = {str(v) for v in (member.get("member_id"), member.get("name")) if v is not None and v == v}

    def follows(p: Problem) -> bool:
        return p.rule in ROSTER_CASCADE_RULES and p.value in keys

    return follows
