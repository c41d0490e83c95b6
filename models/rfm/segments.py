"""Named RFM segments: a grid over the R score and the FM score.

Frequency and monetary value move together for most customers, so the grid merges them
into one FM score, the mean of F and M rounded half up: ``fm = (f + m + 1) // 2`` (F 4 and
M 5 give FM 5, F 1 and M 2 give FM 2). Each of the 25 (R, FM) cells names one of the 11
standard segments:

=====  ==============  ==================  ==================  =========  ===============
R      FM 1            FM 2                FM 3                FM 4       FM 5
=====  ==============  ==================  ==================  =========  ===============
5      New             Potential Loyalist  Potential Loyalist  Champions  Champions
4      Promising       Potential Loyalist  Potential Loyalist  Loyal      Loyal
3      About to Sleep  About to Sleep      Need Attention      Loyal      Loyal
2      Hibernating     Hibernating         At Risk             At Risk    Can't Lose Them
1      Lost            Lost                At Risk             At Risk    Can't Lose Them
=====  ==============  ==================  ==================  =========  ===============

Read down a column: the same buyers drift from the top (bought lately) to the bottom
(not for a long time); the segment name says what to do about it.
"""

from __future__ import annotations

SEGMENTS: tuple[str, ...] = (
    "Champions",
    "Loyal",
    "Potential Loyalist",
    "New",
    "Promising",
    "Need Attention",
    "About to Sleep",
    "At Risk",
    "Can't Lose Them",
    "Hibernating",
    "Lost",
)

# R score -> segment by FM score 1..5; the module docstring renders the same table.
SEGMENT_GRID: dict[int, tuple[str, str, str, str, str]] = {
    5: ("New", "Potential Loyalist", "Potential Loyalist", "Champions", "Champions"),
    4: ("Promising", "Potential Loyalist", "Potential Loyalist", "Loyal", "Loyal"),
    3: ("About to Sleep", "About to Sleep", "Need Attention", "Loyal", "Loyal"),
    2: ("Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"),
    1: ("Lost", "Lost", "At Risk", "At Risk", "Can't Lose Them"),
}


def fm_score(f_score: int, m_score: int) -> int:
    """The mean of the F and M scores (1-5), rounded half up."""
    return (f_score + m_score + 1) // 2


# Every one of the 125 rfm_cell strings ('111' .. '555'), for a lookup on the cell.
SEGMENT_BY_CELL: dict[str, str] = {
    f"{r}{f}{m}": SEGMENT_GRID[r][fm_score(f, m) - 1]
    for r in range(1, 6)
    for f in range(1, 6)
    for m in range(1, 6)
}
