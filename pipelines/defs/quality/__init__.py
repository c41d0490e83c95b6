"""Quality gates as Dagster asset checks: the Great Expectations suites of
``expectations/`` (:mod:`.suites`) and the freshness of marts and analytics
(:mod:`.freshness`). dbt tests become checks through dagster-dbt; the raw sources'
landing-file freshness is checked by the ingest assets themselves.
"""

from pipelines.defs.quality.freshness import freshness_checks
from pipelines.defs.quality.resources import QualityResource
from pipelines.defs.quality.suites import SUITE_CHECKS

__all__ = ["SUITE_CHECKS", "QualityResource", "freshness_checks"]
