"""Member × meeting attendance as an HTML heat table, one table per subcommittee or body.

Each cell carries the roster mark secretariats already use (○ 참석, △ 대리참석,
× 불참) on a coloured background; a blank cell means the person was not a member on
that meeting day. Being text, the table is read by screen readers, searchable,
printable, and costs milliseconds where a rendered image of 250 names costs most of
a second. Names arrive already masked from the caller.
"""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["MARKS", "attendance_grid_html"]

#: status → (CSS class, mark shown, Korean label); an eligible seat without a mark is absent.
MARKS = {
    "attended": ("a", "○", "참석"),
    "proxy": ("p", "△", "대리참석"),
    "absent": ("x", "×", "불참"),
    "excused": ("x", "×", "불참"),
}
_ABSENT = MARKS["absent"]
_BODY_LABELS = {"representative": "대표협의체", "working": "실무협의체", "dong": "동협의체"}

_STYLE = """<style>
.sabo-heat { display: flex; flex-wrap: wrap; gap: 6px 22px; align-items: flex-start; }
.sabo-heat table { border-collapse: collapse; font-size: 11px; line-height: 1.1; margin: 0.2em 0 0.8em 0; }
.sabo-heat caption { text-align: left; font-weight: bold; padding: 2px 0; }
.sabo-heat th { font-weight: normal; padding: 1px 4px; white-space: nowrap; background: none; border: none; }
.sabo-heat thead th { writing-mode: vertical-rl; transform: rotate(180deg); font-size: 11px; color: #555; padding: 2px 0; }
.sabo-heat td { width: 16px; min-width: 16px; height: 14px; padding: 0; text-align: center; border: 1px solid #fff; }
.sabo-heat td.a { background: #4f8fc0; color: #fff; }
.sabo-heat td.p { background: #f3d38b; color: #333; }
.sabo-heat td.x { background: #e9b3ad; color: #333; }
.sabo-heat-legend span { display: inline-block; padding: 0 6px; margin-right: 6px; }
</style>"""


def _group_label(body: str, subcommittee: object) -> str | None:
    if body == "subcommittee":
        return None if subcommittee is None or pd.isna(subcommittee) else str(subcommittee)
    return _BODY_LABELS.get(str(body))


def attendance_grid_html(records: pd.DataFrame, name_of: dict[str, str]) -> str:
    """The heat table of every subcommittee and body, subcommittees first, in name order.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`sabo_eval.metrics.attendance.attendance_records` (eligible
        seats of one district-year).
    name_of : dict
        ``member_id`` → label shown on the row (already masked by the caller).

    Returns
    -------
    str
        HTML (a ``<style>`` block, a legend and one ``<table>`` per group); every
        name and label escaped.
    """
    if records.empty:
        return "<p>회의 참석 자료가 없습니다.</p>"
    data = records[["body", "subcommittee", "member_id", "meeting_id", "held_on", "status"]]
    labels = [_group_label(b, s) for b, s in zip(data["body"], data["subcommittee"], strict=True)]
    data = data.assign(group=labels).dropna(subset=["group"])
    groups = sorted(data["group"].unique(), key=lambda g: (g.endswith("협의체"), g))
    legend = "".join(
        f'<span class="{css}" style="{style}">{mark} {label}</span>'
        for css, mark, label, style in (
            ("a", "○", "참석", "background:#4f8fc0;color:#fff"), ("p", "△", "대리참석", "background:#f3d38b"),
            ("x", "×", "불참", "background:#e9b3ad"), ("n", "&nbsp;", "재임 전·후", "border:1px solid #999"),
        )
    )
    tables = []
    for group, part in data.groupby("group", sort=False):
        meetings = part.drop_duplicates("meeting_id").sort_values(["held_on", "meeting_id"])
        marks = {(m, t): s for m, t, s in zip(part["member_id"], part["meeting_id"], part["status"], strict=True)}
        head = "".join(f'<th scope="col">{d.month}/{d.day}</th>' for d in pd.to_datetime(meetings["held_on"]))
        rows = []
        for member in sorted(part["member_id"].unique()):
            cells = []
            for meeting in meetings["meeting_id"]:
                if (member, meeting) not in marks:
                    cells.append("<td></td>")
                    continue
                status = marks[(member, meeting)]
                css, mark, label = MARKS.get(status, _ABSENT) if isinstance(status, str) else _ABSENT
                cells.append(f'<td class="{css}" title="{label}">{mark}</td>')
            name = html.escape(str(name_of.get(member, member)))
            rows.append(f'<tr><th scope="row">{name}</th>{"".join(cells)}</tr>')
        tables.append((group, f'<table><caption>{html.escape(str(group))}</caption><thead><tr><th></th>{head}</tr></thead>'
                              f'<tbody>{"".join(rows)}</tbody></table>'))
    order = {g: i for i, g in enumerate(groups)}
    body = "".join(t for _g, t in sorted(tables, key=lambda item: order[item[0]]))
    return f'{_STYLE}<p class="sabo-heat-legend">{legend}</p><div class="sabo-heat">{body}</div>'
