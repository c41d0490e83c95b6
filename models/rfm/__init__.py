"""RFM: recency, frequency and monetary scores and the named segments they fall in.

:func:`build_rfm` scores every customer (:mod:`models.rfm.scoring`); the segment grid is
in :mod:`models.rfm.segments`.
"""

from models.rfm.scoring import (
    ANONYMOUS_REASON,
    NO_ORDER_REASON,
    RfmResult,
    build_rfm,
)
from models.rfm.segments import SEGMENT_BY_CELL, SEGMENT_GRID, SEGMENTS, fm_score

__all__ = [
    "ANONYMOUS_REASON",
    "NO_ORDER_REASON",
    "SEGMENTS",
    "SEGMENT_BY_CELL",
    "SEGMENT_GRID",
    "RfmResult",
    "build_rfm",
    "fm_score",
]
