"""The probabilistic identity stage as an asset: till receipts linked on name and postcode.

Runs between the two dbt phases, beside ``identity/customer_keys``: it reads staging
and the guarded identifiers (phase one) and writes ``identity.record_links``, which
``int_records_keyed`` (phase two) reads through a dbt source. The linking is
:func:`models.identity.probabilistic.link_anonymous_receipts`.
"""

import dagster as dg

from cdp.config import Settings
from models.identity.probabilistic import RECORD_LINKS_TABLE, link_anonymous_receipts
from models.identity.probabilistic.links import clear_links
from pipelines.defs.resources import WAREHOUSE_WRITER_POOL, WarehouseResource

RECORD_LINKS = dg.AssetKey(["identity", "record_links"])


class RecordLinkingResource(dg.ConfigurableResource):
    """Whether the probabilistic stage runs, and the bar a link must clear."""

    enabled: bool
    threshold: float
    margin: float

    @classmethod
    def from_settings(cls, settings: Settings) -> "RecordLinkingResource":
        return cls(
            enabled=settings.identity_probabilistic,
            threshold=settings.identity_match_threshold,
            margin=settings.identity_match_margin,
        )


@dg.asset(
    key=RECORD_LINKS,
    group_name="identity",
    pool=WAREHOUSE_WRITER_POOL,
    kinds={"duckdb", "python"},
    deps=[
        dg.AssetKey(["intermediate", "int_identifiers_guarded"]),
        dg.AssetKey(["staging", "stg_crm__customer_versions"]),
        dg.AssetKey(["staging", "stg_pos__transactions"]),
    ],
    description=(
        "Probabilistic links (splink): till receipts with no usable identifier -> the CRM "
        "customer whose name and postcode match, when the match is likely and unambiguous."
    ),
)
def record_links(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    record_linking: RecordLinkingResource,
) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        if not record_linking.enabled:
            clear_links(con)
            return dg.MaterializeResult(
                metadata={"enabled": False, "links": 0, "table": RECORD_LINKS_TABLE}
            )
        result = link_anonymous_receipts(
            con, threshold=record_linking.threshold, margin=record_linking.margin
        )
    context.log.info(f"probabilistic links: {result.links:,} of {result.candidates:,} receipts")
    return dg.MaterializeResult(
        metadata={
            **result.as_dict(),
            "enabled": True,
            "threshold": record_linking.threshold,
            "margin": record_linking.margin,
            "table": RECORD_LINKS_TABLE,
        }
    )
