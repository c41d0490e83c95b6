"""The two sides of the probabilistic stage, read from the warehouse as Arrow tables.

Left: till receipts that no usable identifier links (no loyalty card, or one the guards
refuse, such as a store's house card) and that carry a name or a postcode. Right: the
latest version of every CRM customer (from its versions) whose ``crm_id`` is usable.
Both come out with the same columns, the ones the splink model compares:

``unique_id`` (receipt_id; ``crm_id:<value>`` on the right), ``first_name``, ``surname``
(lower case), ``first_initial``, ``postcode`` (``SE12 3AB``) and ``district`` (``SE12``).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

RECEIPTS = "staging.stg_pos__transactions"
# Every version of the CRM customers (built with the identity graph, before this stage);
# the latest of each is compared.
CUSTOMER_VERSIONS = "staging.stg_crm__customer_versions"
GUARDED = "intermediate.int_identifiers_guarded"
# Words of a till name that are not names: titles, as 'mrs j smith' or 'smith/jane mr'.
TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir")
DISTRICT = "^[A-Z]{1,2}[0-9][A-Z0-9]?"  # outward code of a UK postcode

# A till name is free text in lower case ('jane smith', 'j smith', 'smith/jane',
# 'mrs j smith'): 'surname/first' is turned round, titles and punctuation dropped, and
# the first and last words kept. One word alone is taken as a surname.
_PARTS = f"""
    list_filter(
        string_split(
            regexp_replace(
                case when contains(customer_name, '/')
                     then split_part(customer_name, '/', 2) || ' '
                          || split_part(customer_name, '/', 1)
                     else customer_name end,
                '[^a-z'' -]', ' ', 'g'),
            ' '),
        lambda w: w <> '' and w not in {TITLES!r})
"""

_LEFT = f"""
    with receipts as (
        select cast(p.receipt_id as varchar) as unique_id,
               {_PARTS} as parts,
               p.postcode
        from {RECEIPTS} as p
        left join {GUARDED} as g on g.identifier_id = 'loyalty_id:' || p.loyalty_id
        where (p.loyalty_id is null or not coalesce(g.is_usable, false))
          and (p.customer_name is not null or p.postcode is not null)
    ),
    named as (
        select unique_id,
               case when len(parts) > 1 then parts[1] end as first_name,
               case when len(parts) > 0 then parts[-1] end as surname,
               postcode
        from receipts
    )
    {{final}}
"""

_RIGHT = f"""
    with named as (
        select g.identifier_id as unique_id,
               nullif(lower(trim(c.first_name)), '') as first_name,
               nullif(lower(trim(c.last_name)), '') as surname,
               c.postcode
        from (select * from {CUSTOMER_VERSIONS}
              qualify row_number() over (partition by crm_id order by updated_at desc) = 1) as c
        join {GUARDED} as g on g.identifier_id = 'crm_id:' || c.crm_id
        where g.is_usable
    )
    {{final}}
"""

_FINAL = f"""
    select unique_id, first_name, surname, left(first_name, 1) as first_initial,
           postcode, nullif(regexp_extract(postcode, '{DISTRICT}'), '') as district
    from named
    order by unique_id
"""


def read_sides(con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, pa.Table]:
    """The anonymous receipts (left) and the linkable CRM customers (right).

    Parameters
    ----------
    con
        A connection to the warehouse where dbt has built staging and intermediate.

    Returns
    -------
    tuple of pyarrow.Table
        Receipts and customers, with the columns of the module docstring, sorted by
        ``unique_id`` so that everything downstream is deterministic.
    """
    left = con.sql(_LEFT.format(final=_FINAL)).to_arrow_table()
    right = con.sql(_RIGHT.format(final=_FINAL)).to_arrow_table()
    return left, right
