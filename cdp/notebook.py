"""What the notebooks in ``notebooks/`` start from: the published snapshot opened
read-only, SQL answered as Polars frames, one plot style, and a ``show`` that refuses a
chart without a title or axis labels.

Notebooks are an edge: the snapshot's path comes from :meth:`Settings.from_env`
(``CDP_DATA_DIR`` or ``CDP_PUBLISHED_WAREHOUSE``). They never open the live warehouse,
which a running pipeline holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import matplotlib.pyplot as plt
import polars as pl

from cdp.config import Settings
from cdp.publish import connect_published
from cdp.warehouse import WarehouseNotFoundError

STYLE: dict[str, Any] = {
    "figure.figsize": (10.0, 4.5),
    "figure.constrained_layout.use": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titleweight": "bold",
}
_snapshot: list[duckdb.DuckDBPyConnection] = []  # the connection sql() reads, if any


def open_snapshot(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the published snapshot read-only for :func:`sql`, and set the plot style.

    Parameters
    ----------
    path
        The snapshot; ``None`` reads ``published_path`` of ``Settings.from_env()``.
    """
    path = Settings.from_env().published_path if path is None else Path(path)
    if not path.exists():
        raise WarehouseNotFoundError(
            f"no published snapshot at {path}: run `make demo` first (or set CDP_DATA_DIR "
            "to a built data dir, or CDP_PUBLISHED_WAREHOUSE to a snapshot file)"
        )
    while _snapshot:  # DuckDB shares one instance per path: close before reopening
        _snapshot.pop().close()
    _snapshot.append(connect_published(path))
    plt.rcParams.update(STYLE)
    return _snapshot[0]


def sql(query: str, params: list[Any] | None = None) -> pl.DataFrame:
    """The result of ``query`` (with ``?`` bound to ``params``) on the open snapshot."""
    if not _snapshot:
        raise RuntimeError("no snapshot open: call open_snapshot() first")
    return _snapshot[0].sql(query, params=params).pl()


def show(fig: plt.Figure | None = None) -> None:
    """Show ``fig`` (default: the current figure) once every plot in it has a title and
    both axes labelled, on itself or on a plot sharing that axis; else ``ValueError``."""
    fig = plt.gcf() if fig is None else fig
    for ax in (a for a in fig.axes if a.get_label() != "<colorbar>"):
        x_labelled = any(a.get_xlabel() for a in ax.get_shared_x_axes().get_siblings(ax))
        y_labelled = any(a.get_ylabel() for a in ax.get_shared_y_axes().get_siblings(ax))
        if not (ax.get_title() and x_labelled and y_labelled):
            raise ValueError(f"every chart needs a title and axis labels: {ax.get_title()!r}")
    plt.show()
