"""Chart text reads at 10 points or more at the size the report shows it, and the trend figure.

The effective size of a text is computed from the figure's width, the PNG's dpi and
the report column (:func:`sabo_eval.reports.charts.displayed_points`): a figure wider
than the column is scaled down, and its text with it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sabo_eval.metrics import attendance_inference
from sabo_eval.metrics.trends import SECTOR_FIGURES, sector_rates, trend_frame
from sabo_eval.reports import charts
from sabo_eval.reports.funnel_chart import funnel_chart
from sabo_eval.reports.trend_chart import trend_chart
from sabo_eval.stats.funnel import funnel

GROUPS = ["연구기획분과", "노인복지분과", "장애인복지분과", "아동청소년분과", "보건의료분과", "대표협의체", "실무협의체"]


def _records() -> pd.DataFrame:
    rows = []
    for sub in GROUPS[:4]:
        for month in (1, 2, 3):
            for i in range(6):
                status = ("attended", "absent", "proxy")[(i + month) % 3]
                rows.append(dict(district_code="41110", year=2023, meeting_id=f"{sub}{month}", body="subcommittee", subcommittee=sub,
                                 held_on=pd.Timestamp(f"2023-{month:02d}-10"), month=month, member_id=f"{sub}{i}", name="김*수",
                                 sector=("private", "public")[i % 2], role="위원", status=status, attended=status == "attended"))
    return pd.DataFrame(rows)


def _monthly():
    months = list(range(1, 13))
    table = pd.DataFrame({"label": [str(m) for m in months], "month": months, "total_rate": np.linspace(40, 90, 12),
                          "private_rate": np.linspace(30, 95, 12), "public_rate": np.linspace(60, 70, 12)})
    return charts.monthly_attendance_chart({g: table for g in GROUPS}), charts.DPI, False


def _subcommittees():
    return charts.subcommittee_bar_chart(attendance_inference.subcommittee_comparison(_records()), 61.7), charts.DPI, True


def _achievement():
    strategies = pd.DataFrame({"framework": ["지역사회보장", "지역사회보장", "특화사업"], "strategy": GROUPS[:3],
                               "achievement": [91.9, 107.5, 143.2]})
    return charts.achievement_chart(strategies), charts.DPI, True


def _budget():
    by_strategy = pd.DataFrame({"strategy": GROUPS[:3], "planned": [3e6, 7e6, 1e6], "revised": [3e6, 7e6, 1e6], "executed": [2e6, 6e6, 1e6]})
    return charts.budget_chart(by_strategy, "천원"), charts.DPI, True


def _funnel():
    units = [f"{11110 + 10 * i}" for i in range(27)]
    result = funnel(units, [30 + i for i in range(26)] + [250], [100 + 20 * i for i in range(27)])
    names = {u: f"시군구{i}" for i, u in enumerate(units)}
    return funnel_chart(result, highlight=units[0], title="보편방문 상담률(전체)", labels=names), charts.FUNNEL_DPI, False


def _trend():
    return trend_chart(trend_frame(_figures([2019, 2020, 2021, 2022, 2023]))), charts.DPI, False


@pytest.mark.parametrize("build", [_monthly, _subcommittees, _achievement, _budget, _funnel, _trend], ids=lambda f: f.__name__[1:])
def test_chart_text_reads_at_ten_points_as_shown(build):
    fig, dpi, tight = build()
    assert charts.small_texts(fig, dpi, tight=tight) == []


def test_displayed_size_follows_dpi_and_the_column():
    assert charts.displayed_points(10, 5, 96) == pytest.approx(10)  # one image pixel per CSS pixel
    assert charts.displayed_points(12, 7.5, 80) == pytest.approx(10)  # a funnel
    assert charts.displayed_points(10, 20, 110) == pytest.approx(10 * 110 / 96 * 1090 / 2200)  # scaled into the column


def test_a_funnel_labels_the_reader_and_the_outliers_and_keeps_its_legend_off_the_points():
    fig, _dpi, _tight = _funnel()
    fig.canvas.draw()
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert any("시군구0" in t and "%" in t for t in texts)  # the reader's district, with its value
    assert any("시군구26" in t for t in texts)  # the outlier
    legend = ax.get_legend().get_window_extent()
    assert not legend.overlaps(ax.get_window_extent())
    assert fig.bbox.contains(*legend.p0) and fig.bbox.contains(*legend.p1)  # not cut off at the bottom
    assert not [t for t in fig.texts if "φ" in t.get_text()]  # formulas go to the 방법 appendix


def _figures(years: list[int]) -> dict[int, dict[str, float]]:
    return {
        y: {"n_meetings": 120.0 + i, "attendance_rate": 60.0 + i, "subcommittee_rate": 55.0, "achievement": 100.0 + 2 * i,
            "execution_rate": 91.9 if y < years[-1] else 78.0, "private_rate": 65.0, "public_rate": 58.0}
        for i, y in enumerate(years)
    }


def test_no_trend_chart_with_a_single_year():
    assert trend_chart(trend_frame(_figures([2023]))) is None


def test_trend_chart_has_one_panel_per_figure_with_the_last_value_written():
    trend = trend_frame(_figures([2021, 2022, 2023]))
    fig = trend_chart(trend)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(fig.axes) == 1  # one axes: the panels are drawn on it
    for label in ["회의 수", "회의 참석률(합산)", *SECTOR_FIGURES.values(), "성과지표 달성률", "예산 집행률"]:
        assert label in texts
    assert "78.0%" in texts and "91.9%" in texts  # last and first year of the budget execution
    assert texts.count("2021") == trend["key"].nunique()  # the year ticks of every panel


def test_trend_line_breaks_at_a_year_without_a_value():
    figures = _figures([2019, 2020, 2021])
    figures[2020]["execution_rate"] = float("nan")
    fig = trend_chart(trend_frame(figures))
    lines = [line for line in fig.axes[0].get_lines() if line.get_marker() == "o"]
    gapped = [line for line in lines if any(math.isnan(v) for v in line.get_ydata())]
    assert len(gapped) == 1 and len(lines) == 7


def test_sector_rates_are_pooled_seats():
    records = pd.DataFrame({"sector": ["private"] * 4 + ["public"] * 2, "attended": [True, True, True, False, False, True]})
    assert sector_rates(records) == {"private_rate": 75.0, "public_rate": 50.0}
    assert all(math.isnan(v) for v in sector_rates(records.iloc[:0]).values())


def test_trend_frame_puts_the_sectors_after_the_total():
    keys = list(dict.fromkeys(trend_frame(_figures([2022, 2023]))["key"]))
    assert keys[:4] == ["n_meetings", "attendance_rate", "private_rate", "public_rate"]
    assert "private_rate" not in set(trend_frame({2023: {"attendance_rate": 60.0}})["key"])


def test_embedded_charts_are_palette_pngs_of_few_colours():
    import io

    from PIL import Image

    fig, dpi, tight = _funnel()
    data = charts.png_bytes(fig, dpi=dpi, tight=tight)
    image = Image.open(io.BytesIO(data))
    assert image.mode == "P" and len(image.getcolors()) <= charts.PNG_COLOURS
    assert image.size == (792, 368)  # 9.9 × 4.6 inches at 80 dpi
    assert len(data) < 25_000


def test_the_readers_label_stays_inside_the_figure_at_the_right_edge():
    units = [f"{11110 + 10 * i}" for i in range(27)]
    result = funnel(units, [30 + i for i in range(27)], [100 + 20 * i for i in range(26)] + [20_000])
    fig = funnel_chart(result, highlight=units[-1], title="보편방문", labels={units[-1]: "수원시"})
    fig.canvas.draw()
    label = next(t for t in fig.axes[0].texts if t.get_text().startswith("수원시"))
    assert fig.bbox.contains(*label.get_window_extent().p0) and fig.bbox.contains(*label.get_window_extent().p1)


def test_the_legend_names_only_what_is_drawn():
    units = [f"{11110 + 10 * i}" for i in range(12)]
    result = funnel(units, [30 + i for i in range(12)], [100 + 20 * i for i in range(12)])  # nobody outside
    fig = funnel_chart(result, highlight=units[0], title="보편방문", labels={})
    entries = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "99.8% 한계 밖" not in entries and "이 시군구" in entries
    fig, _dpi, _tight = _funnel()  # one outside
    assert "99.8% 한계 밖" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
