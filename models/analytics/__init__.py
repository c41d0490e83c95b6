"""What every analytics model shares: the observation date and the ``analytics`` schema."""

from models.analytics.observation import observation_date
from models.analytics.tables import ANALYTICS_SCHEMA, write_table

__all__ = ["ANALYTICS_SCHEMA", "observation_date", "write_table"]
