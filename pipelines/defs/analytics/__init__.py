"""The analytics stage: RFM, CLV, churn, lifecycle (today and over time) and clusters,
written to ``analytics``.

Every asset here is a thin wrapper over a model in ``models/``; the settings come from
:class:`~pipelines.defs.analytics.resources.AnalyticsResource`.
"""

from pipelines.defs.analytics.churn import customer_churn
from pipelines.defs.analytics.clusters import customer_clusters
from pipelines.defs.analytics.clv import customer_clv
from pipelines.defs.analytics.history import lifecycle_stage_monthly
from pipelines.defs.analytics.resources import AnalyticsResource
from pipelines.defs.analytics.scores import customer_lifecycle, customer_rfm

ANALYTICS_ASSETS = [
    customer_rfm,
    customer_clv,
    customer_churn,
    customer_lifecycle,
    customer_clusters,
    lifecycle_stage_monthly,
]

__all__ = ["ANALYTICS_ASSETS", "AnalyticsResource"]
