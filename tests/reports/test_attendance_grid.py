"""The member × meeting heat table of the district report."""

from __future__ import annotations

import re

import pandas as pd

from sabo_eval.reports.attendance_grid import attendance_grid_html

D, Y = "11110", 2023


def _records(rows):
    return pd.DataFrame(
        [
            dict(district_code=D, year=Y, meeting_id=m, body=b, subcommittee=s, held_on=pd.Timestamp(d), month=pd.Timestamp(d).month,
                 member_id=i, name="x", sector="private", role="위원", status=st, attended=st == "attended")
            for m, b, s, d, i, st in rows
        ]
    )


def test_marks_blank_cells_groups_and_order():
    records = _records([
        ("M2", "subcommittee", "나분과", "2023-02-10", "A", "attended"),
        ("M1", "subcommittee", "나분과", "2023-01-10", "A", "proxy"),
        ("M1", "subcommittee", "나분과", "2023-01-10", "B", None),  # eligible, no mark: absent
        ("M3", "representative", None, "2023-03-03", "C", "excused"),
        ("M4", "subcommittee", "가분과", "2023-04-04", "D", "attended"),
    ])
    page = attendance_grid_html(records, {"A": "김*수", "B": "<b>이*희</b>", "C": "박*민", "D": "최*영"})
    captions = re.findall(r"<caption>(.*?)</caption>", page)
    assert captions == ["가분과", "나분과", "대표협의체"]  # subcommittees by name, then the bodies
    table = page.split("<caption>나분과</caption>")[1].split("</table>")[0]
    assert re.findall(r'<th scope="col">(.*?)</th>', table) == ["1/10", "2/10"]  # meetings by date
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table)
    assert [name for name, _ in rows] == ["김*수", "&lt;b&gt;이*희&lt;/b&gt;"]  # escaped
    assert re.findall(r"<td[^>]*>(.*?)</td>", rows[0][1]) == ["△", "○"]
    assert re.findall(r"<td[^>]*>(.*?)</td>", rows[1][1]) == ["×", ""]  # no seat at 2/10: blank
    assert 'title="불참">×' in page.split("<caption>대표협의체</caption>")[1]  # excused counts as absent


def test_no_records_gives_a_sentence():
    assert "없습니다" in attendance_grid_html(pd.DataFrame(), {})
