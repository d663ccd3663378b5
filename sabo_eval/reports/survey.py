"""The district report's "자체평가 설문" section: the members' self-evaluation survey.

Summary sentences first (:func:`sabo_eval.metrics.survey.survey_sentences`), then the
response rate against the members in office (by sector), the 5-point items as
diverging stacked bars (:mod:`.survey_charts`), the item table (n, mean with its 95 %
interval, share of positive answers with its interval), 민 − 관 and 소속 differences,
the change from last year and Cronbach's α per domain. Every number comes from
:mod:`sabo_eval.metrics.survey`; this module only formats.

**Suppression**: an item answered by fewer than ``min_n`` members (the parameter, else
``SABO_EVAL_SURVEY_MIN_N``, else 5) is listed with "응답 N명 미만 — 표시하지 않음" and
none of its numbers (not even its count) in the HTML or in the tables for the xlsx; a
group or a year with too few answers likewise.
"""

from __future__ import annotations

import html

import pandas as pd

from ..metrics import survey
from ..metrics.survey_scales import CATEGORIES
from ..settings import survey_min_n
from . import charts
from .survey_charts import likert_chart, likert_rows
from .tables import folded, html_table, not_submitted

__all__ = ["ITEM_SHEET", "METHOD_NOTE", "survey_section", "suppressed_text", "item_table", "rate_table"]

#: The item table's caption, also its sheet in the xlsx.
ITEM_SHEET = "설문문항별"
_SCALE_KO = {"likert5": "5점", "appropriateness": "적절·보통·부적절", "yesno": "예·아니오"}

#: The statistics explained once, in plain Korean.
METHOD_NOTE = (
    "<p class='sabo-note'>읽는 법: 평균은 5점 문항이면 1(매우 그렇지 않다)~5(매우 그렇다), 적절·보통·부적절 문항이면 "
    "1(부적절)~3(적절)입니다. 괄호 안 95% 구간은 같은 방식으로 다시 조사해도 평균이 있을 법한 범위로, 응답이 적을수록 넓습니다. "
    "긍정 응답 비율은 '그렇다'·'매우 그렇다'(또는 적절, 예)라고 답한 비율입니다. 두 집단의 차이는 구간이 0을 포함하면 "
    "우연일 수 있다고 읽습니다. 크론바흐 α는 한 영역의 문항들이 같은 것을 재는지(0~1, 0.7 이상이면 대체로 충분)를 봅니다. "
    "응답자가 드러나지 않도록 응답이 {min_n}명 미만인 문항·집단은 수치를 표시하지 않습니다.</p>"
)


def suppressed_text(min_n: int) -> str:
    """What a suppressed figure shows: ``응답 5명 미만 — 표시하지 않음``."""
    return f"응답 {min_n}명 미만 — 표시하지 않음"


def _num(value: float, digits: int = 2) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:.{digits}f}"


def _interval(mean: float, low: float, high: float, digits: int = 2, unit: str = "") -> str:
    if pd.isna(mean):
        return "-"
    if pd.isna(low) or pd.isna(high):
        return f"{mean:.{digits}f}{unit}"
    return f"{mean:.{digits}f}{unit} [{low:.{digits}f}~{high:.{digits}f}]"


def _signed(value: float, low: float, high: float) -> str:
    if pd.isna(value):
        return "-"
    return f"{value:+.2f} [{low:+.2f}~{high:+.2f}]" if not (pd.isna(low) or pd.isna(high)) else f"{value:+.2f}"


def rate_table(rates: pd.DataFrame) -> pd.DataFrame:
    """Respondents against the members in office: 전체, 민간, 공공 (one survey's rows)."""
    rows = []
    for _, r in rates.iterrows():
        for suffix, label in (("", "전체"), ("_private", "민간"), ("_public", "공공")):
            members = int(r[f"members{suffix or '_in_office'}"])
            rows.append({"조사명": r["survey"], "구분": label, "재임 위원": f"{members}명",
                         "응답자": f"{int(r[f'respondents{suffix}'])}명", "응답률": "-" if pd.isna(r[f"rate{suffix}"]) else f"{r[f'rate{suffix}']:.1f}%"})
    return pd.DataFrame(rows, columns=["조사명", "구분", "재임 위원", "응답자", "응답률"])


def item_table(summary: pd.DataFrame, min_n: int, *, distribution: bool = False) -> pd.DataFrame:
    """The items as shown: 문항, n, 평균 [95% 구간], 긍정 응답 비율 [구간]; suppressed items without any number.

    Parameters
    ----------
    summary : DataFrame
        :func:`sabo_eval.metrics.survey.item_summary`.
    min_n : int
        The threshold used (named in the suppressed rows).
    distribution : bool
        Add one column per answer category (share, %) — the xlsx's version.
    """
    hidden = summary["suppressed"].astype(bool)
    table = pd.DataFrame({
        "조사명": summary["survey"], "문항번호": summary["item"], "영역": summary["domain"], "문항": summary["wording"],
        "척도": summary["scale"].map(_SCALE_KO).fillna(summary["scale"]),
        "n": [("-" if h else f"{int(n)}명") for n, h in zip(summary["n"], hidden, strict=True)],
        "평균 [95% 구간]": [
            "-" if s == "yesno" else _interval(m, lo, hi)
            for s, m, lo, hi in zip(summary["scale"], summary["mean"], summary["ci_low"], summary["ci_high"], strict=True)
        ],
        "긍정 응답 비율 [구간]": [
            _interval(t, lo, hi, 1, "%") for t, lo, hi in zip(summary["top_box"], summary["top_box_low"], summary["top_box_high"], strict=True)
        ],
    })
    if distribution:
        labels = list(dict.fromkeys(label for cats in CATEGORIES.values() for _, label in cats))
        for label in labels:
            table[f"{label}(%)"] = [_num(v, 1) if not h else "-" for v, h in zip(summary[f"share_{label}"], hidden, strict=True)]
    table.loc[hidden.to_numpy(), "평균 [95% 구간]"] = suppressed_text(min_n)
    if summary["survey"].nunique() <= 1:
        table = table.drop(columns="조사명")
    return table


def _difference_table(diff: pd.DataFrame, min_n: int, a: str, b: str) -> pd.DataFrame:
    hidden = diff["suppressed"].astype(bool).to_numpy()
    named = a == "소속 A"  # body pairs: each cell names its group
    table = pd.DataFrame({
        "문항번호": diff["item"], "문항": diff["wording"],
        a: [f"{g} {_num(v)}" if named else _num(v) for g, v in zip(diff["group_a"], diff["mean_a"], strict=True)],
        b: [f"{g} {_num(v)}" if named else _num(v) for g, v in zip(diff["group_b"], diff["mean_b"], strict=True)],
        "차이 [95% 구간]": [_signed(d, lo, hi) for d, lo, hi in zip(diff["difference"], diff["ci_low"], diff["ci_high"], strict=True)],
    })
    table.loc[hidden, "차이 [95% 구간]"] = suppressed_text(min_n)
    return table


def _change_table(change: pd.DataFrame, min_n: int) -> pd.DataFrame:
    hidden = change["suppressed"].astype(bool).to_numpy()
    table = pd.DataFrame({
        "문항번호": change["item"], "문항": change["wording"],
        "전년 평균": [f"{_num(m)} ({int(y)}년)" if pd.notna(m) else "-" for m, y in zip(change["mean_last"], change["year_last"], strict=True)],
        "올해 평균": change["mean"].map(_num),
        "변화 [95% 구간]": [_signed(d, lo, hi) for d, lo, hi in zip(change["change"], change["ci_low"], change["ci_high"], strict=True)],
    })
    table.loc[hidden, "변화 [95% 구간]"] = suppressed_text(min_n)
    return table


def _alpha_table(alphas: pd.DataFrame, min_n: int) -> pd.DataFrame:
    hidden = alphas["suppressed"].astype(bool).to_numpy()
    table = pd.DataFrame({
        "영역": alphas["domain"], "문항 수": alphas["k"].map(lambda k: f"{int(k)}개"),
        "응답자(모든 문항 응답)": ["-" if h else f"{int(n)}명" for n, h in zip(alphas["n"], hidden, strict=True)],
        "크론바흐 α [95% 구간]": [_interval(a, lo, hi) for a, lo, hi in zip(alphas["alpha"], alphas["ci_low"], alphas["ci_high"], strict=True)],
        "판단": ["낮음 — 문항 점검 필요" if low else "충분" for low in alphas["low"].astype(bool)],
    })
    table.loc[hidden, ["크론바흐 α [95% 구간]", "판단"]] = [suppressed_text(min_n), "-"]
    return table


def _natural(frame: pd.DataFrame) -> pd.DataFrame:
    """Items in survey order: Q2 before Q10."""
    key = frame["item"].astype(str).str.extract(r"^(\D*)(\d*)")
    order = pd.DataFrame({"s": frame["survey"].astype(str), "p": key[0], "n": pd.to_numeric(key[1], errors="coerce"), "i": frame["item"]})
    return frame.loc[order.sort_values(["s", "p", "n", "i"], kind="stable").index].reset_index(drop=True)


def _shown_items(frame: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    """Rows of items not suppressed overall (a suppressed item leaves no trace in the other tables)."""
    hidden = summary.loc[summary["suppressed"].astype(bool), ["survey", "item"]]
    keys = set(zip(hidden["survey"], hidden["item"], strict=True))
    return _natural(frame[[(s, i) not in keys for s, i in zip(frame["survey"], frame["item"], strict=True)]])


def survey_section(
    tables: dict[str, pd.DataFrame], last_year: dict[str, pd.DataFrame] | None, year: int, *, min_n: int | None = None
) -> tuple[str, dict[str, pd.DataFrame]]:
    """The section's HTML and its tables (caption → table, for the xlsx).

    Parameters
    ----------
    tables : dict
        The district-year's canonical tables (``survey_items``, ``survey_responses``, ``members``).
    last_year : dict, optional
        Last year's ``survey_items`` and ``survey_responses`` (the change from last year).
    year : int
    min_n : int, optional
        Suppression threshold (default ``SABO_EVAL_SURVEY_MIN_N``, else 5).

    Returns
    -------
    (str, dict)
        The HTML (a one-sentence note when the district has no survey) and the tables.
    """
    items, responses = tables["survey_items"], tables["survey_responses"]
    if items.empty or responses.empty:
        return not_submitted("자체평가 설문", "설문문항·설문응답", year), {}
    min_n = survey_min_n(min_n)
    values = survey.answer_values(responses, items)
    rates = survey.response_rate(responses, tables["members"], year)
    summary = _natural(survey.item_summary(values, items, min_n=min_n))
    alphas = survey.domain_alpha(values, items, min_n=min_n)
    sentences = survey.survey_sentences(rates, summary, alphas, min_n=min_n)
    out = {"자체평가 설문 응답률": rate_table(rates), ITEM_SHEET: item_table(summary, min_n, distribution=True)}
    parts = ["<ul class='sabo-findings'>" + "".join(f"<li>{html.escape(s)}</li>" for s in sentences) + "</ul>",
             html_table(out["자체평가 설문 응답률"], caption="응답률 (재임 위원 대비, 민간·공공)")]
    for name, part in summary.groupby("survey", sort=True):
        rows = likert_rows(part)
        if len(rows):
            parts.append(charts.figure_html(
                likert_chart(rows), tight=False, caption=f"{name}: 5점 문항의 응답 분포 (가운데 0선에 '보통'의 가운데를 맞춤, 숫자는 %)",
                alt=f"{name} 5점 척도 {len(rows)}개 문항의 응답 분포 가로 막대그래프, 왼쪽은 부정 응답, 오른쪽은 긍정 응답"))
    change_parts = _change_parts(values, items, last_year, summary, min_n, out)
    page_items = _with_last_year(item_table(summary, min_n), out.get("설문 전년 비교"))
    parts.append(html_table(page_items, caption="문항별 결과"))
    parts += _group_parts(values, items, summary, min_n, out)
    parts += change_parts
    if len(alphas):
        out["영역별 신뢰도(크론바흐 α)"] = _alpha_table(alphas, min_n)
        parts.append(html_table(out["영역별 신뢰도(크론바흐 α)"], caption="영역별 내적 일관성 (크론바흐 α)"))
    parts.append(METHOD_NOTE.format(min_n=min_n))
    return "".join(parts), out


def _group_parts(values: pd.DataFrame, items: pd.DataFrame, summary: pd.DataFrame, min_n: int, out: dict) -> list[str]:
    """민 − 관 per item; 소속 pairs whose interval leaves out 0 (every pair in the xlsx)."""
    parts = []
    sector = _shown_items(survey.group_difference(values, items, "sector", min_n=min_n), summary)
    sector = sector[(sector["group_a"] == "private") & (sector["group_b"] == "public")]
    if len(sector):
        out["민관 차이"] = _difference_table(sector, min_n, "민간 평균", "공공 평균")
        shown = sector[~sector["suppressed"].astype(bool)]
        clear = int(((shown["ci_low"] > 0) | (shown["ci_high"] < 0)).sum())
        parts.append(f"<p>민간과 공공 위원의 문항 평균 차이는 {len(shown)}개 문항 중 {clear}개에서 95% 구간이 0을 벗어납니다"
                     "(뚜렷한 차이).</p>" + folded(html_table(out["민관 차이"], caption="민간 − 공공 위원의 평균 차이"),
                                             f"민간·공공 차이 보기 ({len(shown)}개 문항)", "민간·공공 차이 표는 화면과 xlsx에 있습니다."))
    body = _shown_items(survey.group_difference(values.dropna(subset=["body"]), items, "body", min_n=min_n), summary)
    if len(body):
        out["소속 간 차이"] = _difference_table(body[~body["suppressed"].astype(bool)], min_n, "소속 A", "소속 B")
        clear = body[(body["ci_low"] > 0) | (body["ci_high"] < 0)]
        clear = clear.reindex(clear["difference"].abs().sort_values(ascending=False, kind="stable").index).head(10)
        lead = f"<p>소속(협의체·분과) 사이 평균 차이의 95% 구간이 0을 벗어난 경우는 {len(clear)}건입니다"
        if clear.empty:
            parts.append(lead + " (모든 비교는 함께 제공되는 xlsx에 있습니다).</p>")
        else:
            table = html_table(_difference_table(clear, min_n, "소속 A", "소속 B"), caption="소속 사이 차이가 뚜렷한 문항 (차이가 큰 순, 최대 10건)")
            parts.append(lead + ".</p>" + folded(table, f"소속 사이 차이 보기 ({len(clear)}건)", "소속 사이 차이 표는 xlsx에 있습니다."))
    return parts


def _change_parts(values: pd.DataFrame, items: pd.DataFrame, last_year: dict | None, summary: pd.DataFrame, min_n: int,
                  out: dict) -> list[str]:
    """This year beside last year, for the items asked both years."""
    if not last_year or last_year["survey_items"].empty or last_year["survey_responses"].empty:
        return ["<p>전년 설문 자료가 없어 전년과 비교하지 않습니다.</p>"]
    last_values = survey.answer_values(last_year["survey_responses"], last_year["survey_items"])
    change = _shown_items(survey.year_change(values, last_values, items, last_year["survey_items"], min_n=min_n), summary)
    if change.empty:
        return ["<p>전년과 같은 문장으로 물은 문항이 없어 전년과 비교하지 않습니다.</p>"]
    out["설문 전년 비교"] = _change_table(change, min_n)
    up = int((change["ci_low"] > 0).sum())
    down = int((change["ci_high"] < 0).sum())
    lead = (f"<p>전년과 같은 문항 {len(change)}개 중 뚜렷이 오른 문항 {up}개, 내린 문항 {down}개입니다(95% 구간 기준). "
            "전년 평균은 위 '문항별 결과' 표의 마지막 열에 있습니다.</p>")
    table = html_table(out["설문 전년 비교"], caption="전년 대비 문항 평균의 변화")
    return [lead + folded(table, f"전년 대비 변화와 구간 보기 ({len(change)}개 문항)", "전년 대비 변화의 구간 표는 화면과 xlsx에 있습니다.")]


def _with_last_year(table: pd.DataFrame, change: pd.DataFrame | None) -> pd.DataFrame:
    """The item table with last year's mean beside this year's (items asked both years), for the page."""
    if change is None or change.empty:
        return table
    last = dict(zip(change["문항번호"], change["전년 평균"], strict=True))
    return table.assign(**{"전년 평균": [last.get(item, "-") for item in table["문항번호"]]})
