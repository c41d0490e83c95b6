"""Activation: segment membership, the analyst views, the published snapshot, exports."""

from pipelines.defs.activation.assets import (
    analyst_views,
    published_snapshot,
    segment_exports,
    segment_membership,
)
from pipelines.defs.activation.resources import ActivationResource

ACTIVATION_ASSETS = [segment_membership, analyst_views, published_snapshot, segment_exports]

__all__ = ["ACTIVATION_ASSETS", "ActivationResource"]
