"""The splink model: Fellegi-Sunter over first name, surname and postcode, on DuckDB.

The splink modules of the package (this one and :mod:`.comparisons`) are the only
ones in the repository that import splink. It runs on a private in-memory DuckDB
connection (see :func:`models.identity.probabilistic.link_anonymous_receipts`), so
splink's ``__splink__*`` work tables never reach the warehouse.

- u probabilities (how often a level occurs between different persons): random sampling
  of receipt x customer pairs, with a fixed seed. A level no sampled pair fell into gets
  the rule-of-three bound ``3 / pairs sampled`` instead of splink's 1e-6.
- m probabilities (how often it occurs for the same person): fixed priors, see
  :mod:`.comparisons`.
- prior (``probability_two_random_records_match``): a receipt has at most one true
  customer, and ``prior_match_share`` of anonymous receipts are assumed to have one, so
  ``prior_match_share / customers``: the more customers, the more evidence a link needs.
- predictions: pairs sharing a postcode, or a surname, first initial and postcode
  district (which admits a typo in the postcode's last letters).
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from models.identity.probabilistic import comparisons

SEED = 20_240_613  # of the u sampling: the same warehouse always gets the same model
U_SAMPLE_PAIRS = 1e7


def score_pairs(
    con: duckdb.DuckDBPyConnection,
    receipts: pa.Table,
    customers: pa.Table,
    *,
    prior_match_share: float,
) -> str:
    """Fit the model on ``receipts`` x ``customers`` and score the blocked pairs.

    Parameters
    ----------
    con
        A scratch DuckDB connection (in memory): splink writes its tables here.
    receipts, customers
        The two sides (see :mod:`models.identity.probabilistic.inputs`), both non-empty.
    prior_match_share
        Share of receipts assumed to belong to some customer, for the prior.

    Returns
    -------
    str
        Name of a table in ``con`` with one row per scored pair: ``receipt_id``,
        ``identifier_id``, ``match_probability`` and ``match_weight``.
    """
    db_api = DuckDBAPI(connection=con)
    left = db_api.register(receipts, dataset_display_name="receipts")
    right = db_api.register(customers, dataset_display_name="customers")
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=min(prior_match_share / customers.num_rows, 1.0),
        comparisons=[
            comparisons.first_name(_initials_share(receipts)),
            comparisons.surname(),
            comparisons.postcode(),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("postcode"),
            block_on("surname", "first_initial", "district"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    # splink logs each step at INFO; keep that out of the pipeline's logs.
    logging.getLogger("splink").setLevel(logging.WARNING)
    linker = Linker([left, right], settings, log_level=None)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
    sampled = min(U_SAMPLE_PAIRS, receipts.num_rows * customers.num_rows)
    model = _bound_unobserved_u(linker.misc.save_model_to_json(), 3 / sampled)
    scored = Linker([left, right], model, log_level=None).inference.predict()
    con.execute(f"""
        create or replace table _record_link_pairs as
        select case when source_dataset_l = 'receipts' then unique_id_l
                    else unique_id_r end as receipt_id,
               case when source_dataset_l = 'receipts' then unique_id_r
                    else unique_id_l end as identifier_id,
               match_probability, match_weight
        from {scored.physical_name}
    """)  # fmt: skip
    return "_record_link_pairs"


def _initials_share(receipts: pa.Table) -> float:
    """Share of named receipts whose first name is an initial (0.5 when none is named)."""
    named = pc.drop_null(receipts["first_name"])
    if not len(named):
        return 0.5
    return pc.mean(pc.equal(pc.utf8_length(named), 1)).as_py()


def _bound_unobserved_u(model: dict[str, Any], bound: float) -> dict[str, Any]:
    """Give levels the u sampling never saw the upper bound ``bound`` as their u.

    A level no sampled pair of strangers fell into (a small warehouse; postcodes that
    never share a sector by chance) would otherwise weigh as near-proof of a match.
    """
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level"):
                level.setdefault("u_probability", bound)
    return model
