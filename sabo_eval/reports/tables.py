"""HTML tables of the reports: every header and cell escaped, bullets kept as lines."""

from __future__ import annotations

import html
import re

import pandas as pd

__all__ = ["html_table", "list_lines"]


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "-"
    return html.escape(str(value)).replace("\n", "<br>")


def html_table(frame: pd.DataFrame, caption: str = "", css_class: str = "sabo-table") -> str:
    """Render a table as HTML, escaping every header and cell.

    Line breaks inside a cell become ``<br>`` after escaping, so list structure in a
    text survives while no markup from the data reaches the page.

    Parameters
    ----------
    frame : DataFrame
    caption : str
        Shown above the table (escaped).
    css_class : str
    """
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in frame.itertuples(index=False))
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<table class="{html.escape(css_class, quote=True)}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


_BULLET = re.compile(r"(?<=\S)[ \t]+(?=-\S)")


def list_lines(text: object) -> object:
    """Put each ``-`` bullet of a pasted list on its own line (seed 000's cells)."""
    return _BULLET.sub("\n", text) if isinstance(text, str) else text
