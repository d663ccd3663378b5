"""Figures drawn once and stamped per district: the funnels every district report shares.

Every district report of a year shows the same funnels (limits, target line, every
district's point, axes, legend); only the reader's own point and the labels differ.
Drawing a funnel from scratch costs most of a report's time (tick and text layout),
so a warm kernel that writes many reports draws each shared part once, keeps its
pixels, and for each report restores them and draws only the district's marks on top
(matplotlib's blitting). The picture is the one a full draw gives, except that the
marks are always drawn above the shared part.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["stamped_png", "clear_stamped_figures", "MAX_BASES"]

#: Shared parts kept per process (a funnel's pixels take about 1 MB).
MAX_BASES = 32


@dataclass
class _Base:
    figure: Figure
    axes: Axes
    pixels: object  # the canvas region saved after the shared part was drawn
    owner: object  # keeps whatever the key's identity refers to alive


_BASES: OrderedDict[Hashable, _Base] = OrderedDict()


def clear_stamped_figures() -> None:
    """Forget every shared part (closes their figures)."""
    while _BASES:
        plt.close(_BASES.popitem()[1].figure)


def _base(key: Hashable, make_base: Callable[[], tuple[Figure, Axes]], dpi: int, owner: object) -> _Base:
    if key in _BASES:
        _BASES.move_to_end(key)
        return _BASES[key]
    figure, axes = make_base()
    figure.set_dpi(dpi)
    figure.canvas.draw()
    base = _Base(figure, axes, figure.canvas.copy_from_bbox(figure.bbox), owner)
    _BASES[key] = base
    while len(_BASES) > MAX_BASES:
        plt.close(_BASES.popitem(last=False)[1].figure)
    return base


def stamped_png(key: Hashable, make_base: Callable[[], tuple[Figure, Axes]], stamp: Callable[[Axes], list[Artist]], *,
                dpi: int, owner: object = None) -> bytes:
    """A PNG of the shared figure ``key`` with this call's marks drawn on it.

    Parameters
    ----------
    key : hashable
        Identifies the shared part (with ``dpi``); equal keys must describe equal drawings.
    make_base : callable
        Draws the shared part; returns the figure and the axes the marks go on. The figure
        must lay itself out (fixed margins: no tight bounding box), as its size is kept.
    stamp : callable
        Adds this call's artists to the axes and returns them; they are drawn, then removed.
    dpi : int
        Resolution of the PNG.
    owner : object, optional
        Kept alive with the shared part (when ``key`` holds an ``id()``, the object it is of).

    Returns
    -------
    bytes
        The PNG.
    """
    base = _base((key, dpi), make_base, dpi, owner)
    canvas = base.figure.canvas
    canvas.restore_region(base.pixels)
    artists = stamp(base.axes)
    try:
        for artist in artists:
            base.axes.draw_artist(artist)
        width, height = canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), bytes(canvas.buffer_rgba()), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", dpi=(dpi, dpi))
    finally:
        for artist in artists:
            artist.remove()
    return buffer.getvalue()
