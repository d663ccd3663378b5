"""Reading generated files back, independent of the sabo_eval loaders."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd

from .common import korean_header
from .districts import SASANG, District

_NUM_RE = re.compile(r"-?\d+(?:\.\d+)?")
_DATE_RE = re.compile(r"(\d{2,4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})")
FULL_SHEETS = (
    "제출정보",
    "지역현황",
    "위원명단",
    "회의목록",
    "시행계획",
    "성과지표",
    "예산",
    "모니터링의견",
    "서비스실적",
)


def parse_num(v: object) -> float | None:
    """Parse a number that may be text with separators and units.

    Parameters
    ----------
    v : object
        A cell value.

    Returns
    -------
    float or None
        ``None`` for blanks and ``-``.
    """
    if v is None or (isinstance(v, str) and v.strip() in ("", "-")):
        return None
    if isinstance(v, int | float):
        return float(v)
    m = _NUM_RE.search(str(v).replace(",", ""))
    return float(m.group()) if m else None


def parse_date(v: object) -> date | None:
    """Parse an Excel date or one of the text formats written here.

    Parameters
    ----------
    v : object
        A cell value.

    Returns
    -------
    datetime.date or None
    """
    if v is None or v == "":
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    m = _DATE_RE.search(str(v))
    if not m:
        raise ValueError(f"not a date: {v!r}")
    y, mo, d = (int(x) for x in m.groups())
    return date(y + 2000 if y < 100 else y, mo, d)


def read_sheets(path: Path) -> dict[str, list[list]]:
    """Sheet name → rows of raw values, for a workbook or a CSV folder.

    Parameters
    ----------
    path : pathlib.Path
        An ``.xlsx`` file or a folder of CP949 CSV files.

    Returns
    -------
    dict
    """
    if path.is_dir():
        out = {}
        for f in sorted(path.glob("*.csv")):
            df = pd.read_csv(f, header=None, dtype=str, encoding="cp949", keep_default_na=False)
            out[f.stem] = [
                [None if v == "" else v for v in row] for row in df.itertuples(index=False)
            ]
        return out
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def sheet_records(rows: list[list], first_header: str) -> list[dict]:
    """Rows under the header row that starts with ``first_header`` (skips note rows).

    Parameters
    ----------
    rows : list of list
        Raw rows of a sheet.
    first_header : str
        First cell of the header row.

    Returns
    -------
    list of dict
        Header → value of every non-blank row below the header.
    """
    for i, r in enumerate(rows):
        if r and r[0] == first_header:
            header = [str(h) for h in r]
            return [
                dict(zip(header, row, strict=False))
                for row in rows[i + 1 :]
                if any(v not in (None, "") for v in row)
            ]
    raise AssertionError(f"header {first_header!r} not found")


def submission_path(out_dir: Path, d: District, year: int) -> Path:
    """Where :func:`~sabo_eval.sampledata.generate` writes a submission.

    Parameters
    ----------
    out_dir : pathlib.Path
        Output folder.
    d : District
        The district.
    year : int
        The year.

    Returns
    -------
    pathlib.Path
        The workbook, or the CSV folder for 사상구 2022.
    """
    stem = f"{d.code}_{year}_{d.name}"
    return out_dir / stem if (d.code == SASANG.code and year == 2022) else out_dir / f"{stem}.xlsx"


def roster_table(
    sheets: dict, sheet: str, members: dict[str, dict], meeting_dates: dict[int, date]
) -> list[tuple[int, int, int, int, int, int]]:
    """Per month: (attended, eligible) for total, private, public from a roster sheet.

    Parameters
    ----------
    sheets : dict
        Sheet name → rows.
    sheet : str
        The roster sheet.
    members : dict
        Member ID → member (:func:`members_by_id`).
    meeting_dates : dict
        Month → meeting date of the group.

    Returns
    -------
    list of tuple
        ``(month, attended, eligible, private attended, private eligible, public
        attended, public eligible)``.
    """
    recs = sheet_records(sheets[sheet], korean_header("members", "member_id"))
    months = [int(str(h).removesuffix("월")) for h in list(recs[0])[2:]]
    out = []
    for mo in months:
        held = meeting_dates[mo]
        at = {"민": 0, "관": 0}
        el = {"민": 0, "관": 0}
        for r in recs:
            m = members[r[korean_header("members", "member_id")]]
            eligible = m["joined"] <= held and (m["left"] is None or m["left"] >= held)
            mark = r[f"{mo}월"]
            assert (mark == "-") == (not eligible), (
                f"{sheet} {mo}월 {m['name']}: mark {mark!r} vs eligibility {eligible}"
            )
            if eligible:
                el[m["sector"]] += 1
                at[m["sector"]] += mark == "○"
        out.append(
            (mo, at["민"] + at["관"], el["민"] + el["관"], at["민"], el["민"], at["관"], el["관"])
        )
    return out


def members_by_id(sheets: dict, code: str) -> dict[str, dict]:
    """The 위원명단 sheet by member ID (IDs must be unique).

    Parameters
    ----------
    sheets : dict
        Sheet name → rows.
    code : str
        District code, for the messages.

    Returns
    -------
    dict
        Member ID → name, sector, body, sub, joined and left.
    """
    out = {}
    for r in sheet_records(sheets["위원명단"], korean_header("members", "district_code")):
        mid = r[korean_header("members", "member_id")]
        assert mid not in out, f"{code}: duplicate member id {mid}"
        out[mid] = {
            "name": r[korean_header("members", "name")],
            "sector": r[korean_header("members", "sector")],
            "body": r[korean_header("members", "body")],
            "sub": r[korean_header("members", "subcommittee")],
            "joined": parse_date(r[korean_header("members", "joined_on")]),
            "left": parse_date(r[korean_header("members", "left_on")]),
        }
    return out


def meetings_by_id(sheets: dict) -> dict[str, dict]:
    """The 회의목록 sheet by meeting ID.

    Parameters
    ----------
    sheets : dict
        Sheet name → rows.

    Returns
    -------
    dict
        Meeting ID → body, sub and date held.
    """
    return {
        r[korean_header("meetings", "meeting_id")]: {
            "body": r[korean_header("meetings", "body")],
            "sub": r[korean_header("meetings", "subcommittee")],
            "held": parse_date(r[korean_header("meetings", "held_on")]),
        }
        for r in sheet_records(sheets["회의목록"], korean_header("meetings", "district_code"))
    }


def snapshot(out_dir: Path) -> dict[str, object]:
    """Every cell value of every generated file (CSV and text files as bytes).

    Parameters
    ----------
    out_dir : pathlib.Path
        An output folder.

    Returns
    -------
    dict
        Relative path → sheets (workbooks) or bytes (CSV and text files).
    """
    snap: dict[str, object] = {}
    for path in sorted(Path(out_dir).rglob("*")):
        rel = str(path.relative_to(out_dir))
        if path.suffix == ".xlsx":
            snap[rel] = read_sheets(path)
        elif path.suffix in (".csv", ".txt"):
            snap[rel] = path.read_bytes()
    return snap


def compare_outputs(a: Path, b: Path) -> list[str]:
    """Return the files whose cell values differ between two output folders.

    Parameters
    ----------
    a, b : pathlib.Path
        Output folders.

    Returns
    -------
    list of str
        Relative paths, sorted; empty when the folders hold the same values.
    """
    sa, sb = snapshot(a), snapshot(b)
    return sorted(k for k in set(sa) | set(sb) if sa.get(k) != sb.get(k))
