"""Lifecycle stages: of every customer today (:mod:`.stages`), and their mix over time
(:mod:`.history`)."""

from models.analytics.reasons import ANONYMOUS_REASON
from models.lifecycle.history import build_lifecycle_history, month_ends
from models.lifecycle.stages import STAGES, LifecycleResult, build_lifecycle

__all__ = [
    "ANONYMOUS_REASON",
    "STAGES",
    "LifecycleResult",
    "build_lifecycle",
    "build_lifecycle_history",
    "month_ends",
]
