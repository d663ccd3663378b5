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

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["stamped_image", "clear_stamped_figures", "MAX_BASES"]

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
    """Forget every shared part."""
    _BASES.clear()


def _base(key: Hashable, make_base: Callable[[], tuple[Figure, Axes]], dpi: int, owner: object) -> _Base:
    if key in _BASES:
        _BASES.move_to_end(key)
        return _BASES[key]
    figure, axes = make_base()
    plt.close(figure)  # kept here, not in pyplot's list of open figures
    FigureCanvasAgg(figure)  # closing took its canvas: give it its own again
    figure.set_dpi(dpi)
    figure.canvas.draw()
    base = _Base(figure, axes, figure.canvas.copy_from_bbox(figure.bbox), owner)
    _BASES[key] = base
    while len(_BASES) > MAX_BASES:
        _BASES.popitem(last=False)
    return base


def stamped_image(key: Hashable, make_base: Callable[[], tuple[Figure, Axes]], stamp: Callable[[Axes], list[Artist]], *,
                  dpi: int, owner: object = None) -> Image.Image:
    """The shared figure ``key`` with this call's marks drawn on it, as an RGB image.

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
        Resolution of the image.
    owner : object, optional
        Kept alive with the shared part (when ``key`` holds an ``id()``, the object it is of).

    Returns
    -------
    PIL.Image.Image
        A copy: later stamps do not change it.
    """
    base = _base((key, dpi), make_base, dpi, owner)
    canvas = base.figure.canvas
    canvas.restore_region(base.pixels)
    artists = stamp(base.axes)
    try:
        for artist in artists:
            base.axes.draw_artist(artist)
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    finally:
        for artist in artists:
            artist.remove()
    return image
