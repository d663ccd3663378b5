"""Funnels drawn once per process and stamped per district (reports/stamped_figures.py, reports/funnel_chart.py)."""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from sabo_eval.reports import charts, stamped_figures
from sabo_eval.reports.funnel_chart import funnel_base, funnel_chart, funnel_figure_html
from sabo_eval.stats.funnel import funnel

UNITS = [f"U{i:02d}" for i in range(30)]
NAMES = {u: f"{u}구" for u in UNITS}


@pytest.fixture(scope="module")
def result():
    rng = np.random.default_rng(7)
    denominators = rng.integers(200, 20_000, len(UNITS))
    numerators = (denominators * rng.uniform(0.55, 0.8, len(UNITS))).astype(int)
    numerators[3] = int(denominators[3] * 0.98)  # one clear outlier, labelled on every reader's funnel
    return funnel(UNITS, numerators, denominators)


def _png(page: str) -> Image.Image:
    data = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    return Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")


def _html(result, code: str) -> str:
    return funnel_figure_html(result, highlight=code, title="보편방문", labels=NAMES, alt="a", caption="c")


def test_the_shared_part_is_drawn_once_and_each_stamp_leaves_nothing_behind(result, monkeypatch):
    stamped_figures.clear_stamped_figures()
    drawn = []
    real = stamped_figures._base

    def counting(key, make_base, dpi, owner):
        if key not in stamped_figures._BASES:
            drawn.append(key)
        return real(key, make_base, dpi, owner)

    monkeypatch.setattr(stamped_figures, "_base", counting)
    first = _html(result, "U00")
    other = _html(result, "U10")
    again = _html(result, "U00")
    assert len(drawn) == 1
    assert first == again  # the earlier reader's marks were removed
    assert first != other


def test_a_stamped_funnel_shows_what_a_full_drawing_shows(result):
    """Same size; the pixels differ only where a label overlaps a shared line (labels are always on top)."""
    stamped_figures.clear_stamped_figures()
    for code in ("U00", "U03", "U17"):
        stamped = np.asarray(_png(_html(result, code)).convert("L"), dtype=int)
        full = np.asarray(Image.open(io.BytesIO(charts.png_bytes(
            funnel_chart(result, highlight=code, title="보편방문", labels=NAMES), dpi=charts.FUNNEL_DPI, tight=False))).convert("L"),
            dtype=int)
        assert stamped.shape == full.shape
        assert (np.abs(stamped - full) > 40).mean() < 0.004, code
        red = np.asarray(_png(_html(result, code)))
        assert ((red[..., 0] > 180) & (red[..., 1] < 80) & (red[..., 2] < 80)).sum() > 50  # the reader's red point is there


def test_the_shared_parts_kept_are_bounded_and_not_in_pyplots_list(result):
    import matplotlib.pyplot as plt

    stamped_figures.clear_stamped_figures()
    open_before = len(plt.get_fignums())
    for i in range(stamped_figures.MAX_BASES + 3):
        stamped_figures.stamped_image(("t", i), lambda i=i: funnel_base(result, title=str(i)), lambda ax: [], dpi=40)
    assert len(stamped_figures._BASES) == stamped_figures.MAX_BASES
    assert len(plt.get_fignums()) == open_before
