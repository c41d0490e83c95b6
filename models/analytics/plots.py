"""Small PNG charts of the analytics results, for asset metadata and reports.

Figures are built with matplotlib's object API on the Agg canvas: no pyplot global
state, so assets running in threads or subprocesses never share a figure, and nothing
needs a display; nor pyplot's rcParams layout, which a notebook's style may set.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

SIZE = (4.8, 3.2)
DPI = 90


def _figure() -> Figure:
    # The layout is explicit: rcParams (a notebook's style, say) must not pick another.
    return Figure(figsize=SIZE, layout="tight")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def grid_heatmap(
    counts: np.ndarray, *, title: str, xlabel: str, ylabel: str, ticks: Sequence[str]
) -> bytes:
    """A square grid of counts (rows on y, columns on x), each cell annotated."""
    figure = _figure()
    axes = figure.add_subplot()
    image = axes.imshow(counts, cmap="Blues", origin="lower")
    for (row, column), value in np.ndenumerate(counts):
        colour = "white" if value > counts.max() / 2 else "black"
        axes.text(column, row, f"{value:,}", ha="center", va="center", fontsize=7, color=colour)
    axes.set_xticks(range(len(ticks)), ticks)
    axes.set_yticks(range(len(ticks)), ticks)
    axes.set(title=title, xlabel=xlabel, ylabel=ylabel)
    figure.colorbar(image, ax=axes, label="customers")
    return _png(figure)


def histogram(values: np.ndarray, *, title: str, xlabel: str, bins: int = 40) -> bytes:
    """The distribution of ``values`` (NaN dropped), its median marked."""
    values = values[~np.isnan(values)]
    figure = _figure()
    axes = figure.add_subplot()
    axes.hist(values, bins=bins, color="tab:blue")
    if values.size:
        median = float(np.median(values))
        axes.axvline(median, color="tab:red", linestyle="--", label=f"median {median:,.1f}")
        axes.legend()
    axes.set(title=title, xlabel=xlabel, ylabel="customers")
    return _png(figure)


def calibration_curve(predicted: Sequence[float], observed: Sequence[float], title: str) -> bytes:
    """Observed rate against mean predicted probability per bin, with the diagonal."""
    figure = _figure()
    axes = figure.add_subplot()
    axes.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect calibration")
    axes.plot(predicted, observed, marker="o", color="tab:blue", label="model")
    axes.set(title=title, xlabel="mean predicted probability", ylabel="observed rate")
    axes.set(xlim=(0, 1), ylim=(0, 1))
    axes.legend(loc="upper left")
    return _png(figure)


def bar_counts(labels: Sequence[str], counts: Sequence[int], *, title: str, xlabel: str) -> bytes:
    """Horizontal bars of ``counts`` per label, in the order given."""
    figure = _figure()
    axes = figure.add_subplot()
    axes.barh(list(labels), list(counts), color="tab:blue")
    axes.invert_yaxis()  # first label on top
    axes.set(title=title, xlabel=xlabel)
    return _png(figure)
