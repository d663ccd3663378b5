"""The district report's "모니터링 의견 주제": which themes the monitoring opinions raised, and the replies per theme.

The opinions are coded with the codebook (:func:`sabo_eval.text.opinions.opinion_themes`);
each theme's row counts its opinions and the departments' responses (반영, 부분반영,
미반영, 검토중, 미회신; the status rules of :mod:`sabo_eval.metrics.opinions`) and
shows one example opinion with the words that coded it. The table also goes into the
xlsx beside the report.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ..text.codebook import Codebook, load_codebook
from ..text.opinions import STATUS_COLUMNS, opinion_theme_rows, opinion_themes
from .tables import html_table, not_submitted

__all__ = ["CAPTION", "opinion_theme_table", "opinion_themes_section"]

#: The caption of the theme table (also its sheet in the xlsx).
CAPTION = "모니터링 의견 주제와 부서 회신"
#: Status columns shown even when no opinion has them (the others only when some has).
_ALWAYS = ("반영", "부분반영", "미반영", "검토중", "미회신")


def opinion_theme_table(opinions: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The theme table as shown: 주제, 의견 수, one column per status, 예시 의견 (with the words that coded it).

    Parameters
    ----------
    opinions : DataFrame
        The district-year's ``opinions`` rows.
    codebook : Codebook

    Returns
    -------
    DataFrame
        One row per theme some opinion raised, most opinions first; empty when none did.
    """
    themes = opinion_themes(opinions, codebook)
    if themes.empty:
        return pd.DataFrame(columns=["주제", "의견 수", *_ALWAYS, "예시 의견"])
    rows = opinion_theme_rows(opinions, codebook)
    words = {(t, o): w for t, o, w in zip(rows["theme"], rows["opinion"], rows["matched_words"], strict=True)}
    statuses = [s for s in STATUS_COLUMNS if s in _ALWAYS or themes[s].sum() > 0]
    table = pd.DataFrame({"주제": themes["label"], "의견 수": themes["n_opinions"].map(lambda n: f"{n}건")})
    for status in statuses:
        table[status] = themes[status].map(lambda n: f"{n}건")
    table["예시 의견"] = [f"{example}\n(찾은 낱말: {words.get((theme, example), '-')})"
                       for theme, example in zip(themes["theme"], themes["example"], strict=True)]
    return table


def opinion_themes_section(opinions: pd.DataFrame, codebook: str | Path | Codebook | None, year: int) -> tuple[str, dict[str, pd.DataFrame]]:
    """The section's HTML and its tables (caption → table, for the xlsx).

    Parameters
    ----------
    opinions : DataFrame
        The district-year's ``opinions`` rows.
    codebook : path-like, Codebook or None
        The codebook (None: ``$SABO_EVAL_CODEBOOK``, else the shipped one).
    year : int

    Returns
    -------
    (str, dict)
    """
    if opinions.empty:
        return not_submitted("모니터링 의견", "모니터링의견", year), {}
    book = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    table = opinion_theme_table(opinions, book)
    rows = opinion_theme_rows(opinions, book)
    coded = rows[["opinion"]].drop_duplicates().shape[0]
    source = Path(book.source).name if book.source else "코드북"
    note = (f"<p class='sabo-note'>의견 문장에 코드북 <code>{html.escape(source)}</code>(식별값 {html.escape(book.digest[:12])})의 "
            "핵심어가 나오면 그 주제로 셉니다. 한 의견이 여러 주제에 들 수 있고, 회신 상태는 위 표의 반영여부(없으면 회신 문구로 판단)입니다.</p>")
    if table.empty:
        return f"<p>모니터링 의견 {len(opinions)}건 중 코드북의 주제에 든 의견이 없습니다.</p>{note}", {}
    top = table.iloc[0]
    lead = (f"<p>모니터링 의견 {len(opinions)}건 중 {coded}건이 주제 {len(table)}개에 들었습니다. 가장 많이 제기된 주제는 "
            f"{html.escape(str(top['주제']))}({html.escape(str(top['의견 수']))}, 반영 {html.escape(str(top['반영']))})입니다.</p>")
    page = html_table(table, caption=CAPTION, css_class="sabo-table sabo-text", long_columns=("예시 의견",))
    return lead + page + note, {CAPTION: table}
