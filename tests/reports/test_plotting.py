"""Charts render Korean text with a registered font and no missing-glyph warning."""

import warnings

import matplotlib
import pandas as pd

from sabo_eval.metrics import attendance
from sabo_eval.reports import charts as plotting


def _monthly():
    rows = []
    for month, (t, p, g) in enumerate([(68.4, 60.0, 100.0), (90.0, 93.3, 80.0), (47.4, 57.1, 20.0)], start=1):
        rows.append({"label": str(month), "month": month, "total_rate": t, "private_rate": p, "public_rate": g})
    rows.append({"label": attendance.MEAN_LABEL, "month": float("nan"), "total_rate": 68.6, "private_rate": 70.1, "public_rate": 66.7})
    return pd.DataFrame(rows)


def test_korean_chart_emits_no_missing_glyph_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plotting.monthly_attendance_chart({"연구기획분과": _monthly(), "이주민분과": _monthly()})
        html = plotting.figure_html(fig, alt="분과별 참석률 -3", caption="월별 참석률")
    glyph = [w for w in caught if "Glyph" in str(w.message) or "missing from font" in str(w.message)]
    assert glyph == []
    assert matplotlib.rcParams["font.family"] == [plotting.KOREAN_FONT]
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert html.startswith('<figure class="sabo-figure"><img alt="분과별 참석률 -3"')
    assert "data:image/png;base64," in html and "<figcaption>월별 참석률</figcaption>" in html


def test_font_is_the_bundled_nanum_gothic():
    from matplotlib import font_manager

    plotting.use_korean_font()
    path = font_manager.findfont(plotting.KOREAN_FONT, fallback_to_default=False)
    assert path.endswith("NanumGothic.ttf")


def test_alt_and_caption_are_escaped():
    fig = plotting.monthly_attendance_chart({})
    html = plotting.figure_html(fig, alt='"><script>x</script>', caption="<b>굵게</b>")
    assert "<script>" not in html and "&lt;b&gt;굵게&lt;/b&gt;" in html


def _records():
    rows = []
    for sub, n in (("연구기획분과", 5), ("이주민분과", 4)):
        for month in (1, 2, 3):
            for i in range(n):
                status = ["attended", "absent", "proxy", None][(i + month) % 4]
                rows.append(dict(district_code="41110", year=2022, meeting_id=f"{sub}{month}", body="subcommittee", subcommittee=sub,
                                 held_on=pd.Timestamp(f"2022-{month:02d}-17"), month=month, member_id=f"{sub}{i}", name=f"김범{i}",
                                 sector="private", role="위원", status=status, attended=status == "attended"))
    return pd.DataFrame(rows)


def test_heatmap_and_bar_chart_render_korean_without_warnings():
    from sabo_eval.metrics import attendance_inference as att

    records = _records()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        heat = plotting.attendance_heatmap(records, {f"연구기획분과{i}": "김*수" for i in range(5)})
        labels = [t.get_text() for t in heat.axes[0].texts if t.get_rotation() == 0]  # row labels are texts beside the panel
        comparison = att.subcommittee_comparison(records)
        bars = plotting.subcommittee_bar_chart(comparison, att.comparison_summary(comparison)["council_mean"])
        html = plotting.figure_html(heat, alt="열지도") + plotting.figure_html(bars, alt="막대")
    assert [w for w in caught if "Glyph" in str(w.message)] == []
    assert labels == ["김*수"] * 5  # masked labels are what is drawn
    assert html.count("data:image/png;base64,") == 2


def test_no_line_runs_across_months_without_a_meeting():
    table = _monthly()
    table.loc[1, "month"] = 5  # meetings in months 1, 3 and 5 only
    x, y = plotting.gapped_months(table[table["month"].notna()], "total_rate", [1, 3, 5])
    assert x == [1, 2, 3, 4, 5]
    assert y[0] == 68.4 and y[2] == 47.4 and y[4] == 90.0
    assert y[1] != y[1] and y[3] != y[3]  # NaN: matplotlib breaks the line there
    fig = plotting.monthly_attendance_chart({"연구기획분과": table})
    line = fig.axes[0].get_lines()[0]
    assert list(line.get_xdata()) == [1, 2, 3, 4, 5] and pd.isna(line.get_ydata()[1])


def test_monthly_chart_text_is_at_least_10_pt_and_three_panels_a_row():
    fig = plotting.monthly_attendance_chart({f"분과{i}": _monthly() for i in range(5)})
    fig.canvas.draw()
    sizes = [t.get_fontsize() for ax in fig.axes for t in [*ax.get_xticklabels(), *ax.get_yticklabels()] if t.get_text()]
    assert sizes and min(sizes) >= 10
    assert fig.get_size_inches()[0] * 110 <= 1100  # shown at (about) its own size in a 1100 px page
