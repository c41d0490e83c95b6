"""What the splink model compares, and how often each level occurs for the same person.

m probabilities are fixed priors, not trained. Expectation maximisation was tried and
learns *households*, not persons: on postcode-blocked pairs, housemates sharing a
surname look like matches, so it put 14-17% of true matches on a different first name
(weight -2.8 instead of -5.6) and none on a different surname (weight -31). On the
100,000-customer sample it made as many wrong links as these priors at threshold 0.99,
and twice as many at 0.5 (12 against 6).

The priors describe how tills capture names and postcodes. How often a till writes only
an initial is read from the receipts themselves (``initials_share``), since the u of
the initial level, sampled from the same receipts, depends on it too.
"""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink.internals.comparison_creator import ComparisonCreator

OWN_NAME = 0.98  # a till name is the customer's own; else a housemate's card
NAME_TYPO = 0.04  # a full first name typed one edit off
SURNAME_M = (0.96, 0.03, 0.01)  # exact, one edit, other (someone else's card)
# Postcodes are mostly current; movers sometimes give the old one (or the CRM still has
# it), and a mistyped last letter keeps the sector: exact, sector, district, area, other.
POSTCODE_M = (0.85, 0.02, 0.01, 0.02, 0.10)


def first_name(initials_share: float) -> ComparisonCreator:
    """First names: exact, one edit apart, an initial that agrees, other.

    ``initials_share`` is the share of named receipts that give an initial only.
    """
    full = OWN_NAME * (1 - initials_share)
    m = [full * (1 - NAME_TYPO), full * NAME_TYPO, OWN_NAME * initials_share, 1 - OWN_NAME]
    return cl.CustomComparison(
        output_column_name="first_name",
        comparison_levels=[
            cll.NullLevel("first_name"),
            cll.ExactMatchLevel("first_name"),
            cll.CustomLevel(
                "length(first_name_l) > 1 and length(first_name_r) > 1 "
                "and damerau_levenshtein(first_name_l, first_name_r) <= 1",
                label_for_charts="One edit apart",
            ),
            cll.CustomLevel(
                "(length(first_name_l) = 1 or length(first_name_r) = 1) "
                "and first_initial_l = first_initial_r",
                label_for_charts="Initial agrees",
            ),
            cll.ElseLevel(),
        ],
    ).configure(m_probabilities=m)


def surname() -> ComparisonCreator:
    """Surnames: exact, one edit apart, other."""
    return cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname"),
            cll.DamerauLevenshteinLevel("surname", 1),
            cll.ElseLevel(),
        ],
    ).configure(m_probabilities=list(SURNAME_M))


def postcode() -> ComparisonCreator:
    """UK postcodes: exact, same sector, same district, same area, other."""
    return cl.PostcodeComparison("postcode").configure(m_probabilities=list(POSTCODE_M))
