"""Text is text in charts: every submitted string is drawn as typed, never parsed as mathtext.

Each chart of the reports is drawn with labels such as ``$\\undefinedmacro{x}$`` (which
mathtext cannot parse) and ``$x^2$`` (which it would draw as a formula); the figure must
render to PNG and every text artist must hold the label unchanged and unparsed.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from sabo_eval.metrics import attendance_inference
from sabo_eval.reports import charts, pilot_charts
from sabo_eval.reports.funnel_chart import funnel_chart, wrap_cells
from sabo_eval.stats.funnel import funnel

MACRO = r"$\undefinedmacro{x}$"
MATH = "$x^2$ 분과"
DOLLARS = "예산 $5 와 $6"
LABELS = [MACRO, MATH, DOLLARS]


def _drawn(fig) -> list[Text]:
    """Render ``fig`` (raises if any text fails) and return its text artists."""
    charts.figure_html(fig, alt="그림")  # savefig: every text is laid out and drawn
    return [t for t in fig.findobj(Text) if t.get_text()]


def _assert_literal(texts: list[Text], expected: list[str]) -> None:
    drawn = [t.get_text() for t in texts]
    for label in expected:
        hits = [t for t in texts if label in t.get_text()]
        assert hits, (label, drawn)
        for text in hits:
            assert text._preprocess_math(text.get_text()) == (text.get_text(), False)  # noqa: SLF001


def _records() -> pd.DataFrame:
    rows = []
    for sub in LABELS:
        for month in (1, 2):
            for i in range(3):
                status = ("attended", "absent", "proxy")[(i + month) % 3]
                rows.append(dict(district_code="11110", year=2023, meeting_id=f"{sub}{month}", body="subcommittee", subcommittee=sub,
                                 held_on=pd.Timestamp(f"2023-{month:02d}-10"), month=month, member_id=f"{sub}{i}", name=MACRO,
                                 sector=("private", "public")[i % 2], role="위원", status=status, attended=status == "attended"))
    return pd.DataFrame(rows)


def test_mathtext_is_off_for_every_text():
    charts.use_korean_font()
    assert matplotlib.rcParams["text.parse_math"] is False
    assert matplotlib.rcParams["text.usetex"] is False


def test_monthly_chart_titles_are_literal():
    table = pd.DataFrame({"label": ["1", "2"], "month": [1, 2], "total_rate": [50.0, 60.0], "private_rate": [40.0, 70.0],
                          "public_rate": [60.0, 50.0]})
    fig = charts.monthly_attendance_chart({label: table for label in LABELS})
    _assert_literal(_drawn(fig), LABELS)


def test_heatmap_names_and_groups_are_literal():
    records = _records()
    fig = charts.attendance_heatmap(records, {m: MACRO for m in records["member_id"]})
    _assert_literal(_drawn(fig), LABELS)


def test_subcommittee_bars_are_literal():
    comparison = attendance_inference.subcommittee_comparison(_records())
    fig = charts.subcommittee_bar_chart(comparison, 50.0)
    _assert_literal(_drawn(fig), LABELS)


def test_achievement_and_budget_charts_are_literal():
    strategies = pd.DataFrame({"framework": [MACRO, MATH, MATH], "strategy": LABELS, "achievement": [90.0, 110.0, 70.0]})
    _assert_literal(_drawn(charts.achievement_chart(strategies)), LABELS)
    by_strategy = pd.DataFrame({"strategy": LABELS, "planned": [1e6, 2e6, 3e6], "revised": [1e6, 2e6, 3e6], "executed": [9e5, 2e6, 1e6]})
    _assert_literal(_drawn(charts.budget_chart(by_strategy, unit=DOLLARS)), [*LABELS, f"예산({DOLLARS})"])


def test_funnel_title_and_district_label_are_literal():
    units = [f"{11110 + 10 * i}" for i in range(12)]
    result = funnel(units, [30 + i for i in range(12)], [100 + 20 * i for i in range(12)])
    fig = funnel_chart(result, highlight=units[0], title=MACRO, labels={units[0]: MATH})
    _assert_literal(_drawn(fig), [MACRO, MATH])


@pytest.mark.parametrize("label", LABELS)
def test_pilot_figures_are_literal(label):
    coef = pd.DataFrame({"event_time": [-2, -1, 0, 1], "period": ["2023-01", "2023-02", "2023-03", "2023-04"],
                         "estimate": [0.1, 0.0, 0.3, 0.2], "ci_low": [-0.1, 0.0, 0.1, 0.0], "ci_high": [0.3, 0.0, 0.5, 0.4],
                         "kind": ["lead", "reference", "lag", "lag"]})
    fig = pilot_charts.event_study_figure(coef, "2023-03", label, label)
    _assert_literal(_drawn(fig), [label])
    periods = ["2023-01", "2023-02", "2023-03"]
    frames = pd.DataFrame({"district_code": ["11110"] * 3, "period": periods, "rate": np.array([1.0, 2.0, 3.0])})
    base = pd.Series([1.5, 1.5, 1.5], index=periods)
    fig = pilot_charts.small_multiples_figure(frames, base, {"11110": "pilot"}, periods, "2023-02", lambda _c: label, label, label)
    _assert_literal(_drawn(fig), [label])


@pytest.mark.parametrize(
    ("largest", "unit", "expected"),
    [
        (7_000_000, "천원", (100_000, "억원")),  # 70억원, not "7,000,000 천원"
        (32_633_000, "천원", (100_000, "억원")),
        (50_000, "천원", (1_000, "백만원")),  # 5천만원 → 50 백만원
        (800, "천원", (1.0, "천원")),
        (250_000_000, "원", (100_000_000, "억원")),
        (5, "억원", (1.0, "억원")),  # never a smaller unit than the submission's
        (1e9, DOLLARS, (1.0, DOLLARS)),
    ],
)
def test_money_is_shown_in_the_unit_readers_think_in(largest, unit, expected):
    assert charts.money_scale(largest, unit) == expected


def test_budget_axis_reads_in_eok_won():
    by_strategy = pd.DataFrame({"strategy": LABELS, "planned": [3e6, 7e6, 1e6], "revised": [3e6, 7e6, 1e6], "executed": [2e6, 6e6, 1e6]})
    fig = charts.budget_chart(by_strategy, unit="천원")
    ax = fig.axes[0]
    fig.canvas.draw()
    assert ax.get_xlabel() == "예산(억원)"
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "0" in ticks and max(float(t.replace(",", "")) for t in ticks) <= 80  # 70억원 at most, not 7,000,000


def test_bar_chart_legends_sit_outside_the_data():
    strategies = pd.DataFrame({"framework": [MACRO, MATH, MATH], "strategy": LABELS, "achievement": [90.0, 110.0, 170.0]})
    by_strategy = pd.DataFrame({"strategy": LABELS, "planned": [3e6, 7e6, 1e6], "revised": [3e6, 7e6, 1e6], "executed": [2e6, 7e6, 1e6]})
    for fig in (charts.achievement_chart(strategies), charts.budget_chart(by_strategy, unit="천원")):
        fig.canvas.draw()
        ax = fig.axes[0]
        legend = ax.get_legend().get_window_extent()
        assert not legend.overlaps(ax.get_window_extent()), "the legend covers the bars"


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("가나다 라마바 사아자", 7, ["가나다", "라마바", "사아자"]),  # a Korean syllable is two cells
    ("가나다 라마바 사아자", 13, ["가나다 라마바", "사아자"]),
    ("abc def ghi", 7, ["abc def", "ghi"]),
    ("첫 줄\n둘째 줄", 40, ["첫 줄", "둘째 줄"]),
    ("아주긴단어하나", 4, ["아주긴단어하나"]),  # a word longer than the line is kept whole
])
def test_chart_text_is_wrapped_by_display_cells(text, width, lines):
    assert wrap_cells(text, width).split("\n") == lines
