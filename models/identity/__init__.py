"""Identity resolution: how well the stitch matches who is really behind each record."""

from models.identity.scoring import (
    SCORES_TABLE,
    IdentityScore,
    customer_persons,
    record_score,
    score_identity,
)

__all__ = [
    "SCORES_TABLE",
    "IdentityScore",
    "customer_persons",
    "record_score",
    "score_identity",
]
