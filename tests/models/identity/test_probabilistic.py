"""Probabilistic identity: anonymous receipts linked to CRM customers by name and postcode.

A hand-built warehouse: a few customers and receipts that each test one rule, among a few
hundred unrelated customers and receipts so that splink's u sampling sees realistic
chance agreement (1 in 20 on a first name or a surname, almost never on a postcode).
Real splink, no mocks.
"""

from __future__ import annotations

import duckdb
import pytest

from models.identity.probabilistic import RECORD_LINKS_TABLE, link_anonymous_receipts

FIRST = ["Emily", "George", "Harry", "Isla", "Jack", "Mia", "Noah", "Poppy", "Thomas", "Ella",
         "Leo", "Ivy", "Max", "Ava", "Sam", "Rosie", "Ben", "Lily", "Tom", "Grace"]  # fmt: skip
LAST = ["Jones", "Taylor", "Wilson", "Davies", "Evans", "Walker", "White", "Hall", "Wood",
        "Clarke", "Hughes", "Moore", "King", "Lee", "Allen", "Scott", "Young", "Ward", "Hill",
        "Baker"]  # fmt: skip
CUSTOMERS = [  # crm_id, first name, last name, postcode
    ("C1", "Jane", "Smith", "SE12 3AB"),
    ("C2", "John", "Smith", "SE12 3AB"),  # Jane's husband: same surname, initial, postcode
    ("C3", "Priya", "Patel", "M1 1AA"),
    ("C4", "Oliver", "Brown", "LS8 4YH"),
    ("C5", "Alice", "Green", "B1 3XX"),
]
RECEIPTS = [  # receipt_id, loyalty_id, customer_name, postcode
    ("R1", None, "jane smith", "SE12 3AB"),  # exact: Jane, not John
    ("R2", None, "j smith", "SE12 3AB"),  # Jane or John: refused
    ("R3", None, "p patle", "M1 1AA"),  # initial and a typo in the surname
    ("R4", None, "oliver brown", "NG8 6LU"),  # wrong postcode: a name alone is not enough
    ("R5", "L5", "alice green", "B1 3XX"),  # a usable loyalty card: not a candidate
    ("R6", "HOUSE", "oliver brown", "LS8 4YH"),  # the store's house card is refused
    ("R7", None, None, "M1 1AA"),  # a postcode alone is not enough
]


@pytest.fixture
def con():
    """A warehouse with the staging and intermediate tables the stage reads."""
    connection = duckdb.connect()
    connection.execute("""
        create schema staging; create schema intermediate;
        create table staging.stg_crm__customer_versions (
            crm_id varchar, first_name varchar, last_name varchar, postcode varchar,
            updated_at timestamp default timestamp '2024-01-01');
        create table staging.stg_pos__transactions (
            receipt_id varchar, loyalty_id varchar, customer_name varchar, postcode varchar);
    """)  # fmt: skip
    # Unrelated customers and anonymous receipts, each postcode its own.
    names = {"first": FIRST, "last": LAST}
    connection.execute("""
        insert into staging.stg_crm__customer_versions (crm_id, first_name, last_name, postcode)
        select 'F' || i, $first[1 + i % 20], $last[1 + (i * 7 + i // 20) % 20],
               'Q' || (10 + i // 9) || ' ' || (1 + i % 9) || 'ZZ'
        from range(400) as t(i)
    """, names)  # fmt: skip
    connection.execute("""
        insert into staging.stg_pos__transactions
        select 'X' || i, null, lower($first[1 + i * 3 % 20] || ' ' || $last[1 + i % 20]),
               'W' || (10 + i // 9) || ' ' || (1 + i % 9) || 'YY'
        from range(200) as t(i)
    """, names)  # fmt: skip
    connection.executemany(
        "insert into staging.stg_crm__customer_versions (crm_id, first_name, last_name, postcode)"
        " values (?, ?, ?, ?)",
        CUSTOMERS,
    )
    connection.executemany(
        "insert into staging.stg_pos__transactions values (?, ?, ?, ?)", RECEIPTS
    )
    connection.execute("""
        create table intermediate.int_identifiers_guarded as
        select 'crm_id:' || crm_id as identifier_id, true as is_usable
        from staging.stg_crm__customer_versions
        union all values ('loyalty_id:L5', true), ('loyalty_id:HOUSE', false)
    """)  # fmt: skip
    yield connection
    connection.close()


def links(con) -> dict[str, str]:
    return dict(con.execute(f"select record_id, identifier_id from {RECORD_LINKS_TABLE}")
                .fetchall())  # fmt: skip


def test_receipts_link_to_the_one_customer_they_fit(con):
    result = link_anonymous_receipts(con)
    assert links(con) == {"R1": "crm_id:C1", "R3": "crm_id:C3", "R6": "crm_id:C4"}
    assert result.links == 3
    assert result.candidates == 200 + len(RECEIPTS) - 1  # R5 has a usable card
    assert result.customers == 400 + len(CUSTOMERS)
    assert result.compared_pairs >= 6


def test_a_receipt_two_housemates_fit_is_refused(con):
    result = link_anonymous_receipts(con)
    assert "R2" not in links(con)
    assert result.refused_ambiguous == 1
    assert result.above_threshold == result.links + result.refused_ambiguous


def test_the_table_is_replaced_and_nothing_else_is_left_behind(con):
    link_anonymous_receipts(con)
    first = con.execute(f"select * from {RECORD_LINKS_TABLE} order by all").fetchall()
    # C4 moves: a newer version with another postcode, which is the one compared
    con.execute("""insert into staging.stg_crm__customer_versions
                   values ('C4', 'Oliver', 'Brown', 'LS9 1AA', timestamp '2024-06-01')""")
    link_anonymous_receipts(con)
    second = con.execute(f"select * from {RECORD_LINKS_TABLE} order by all").fetchall()
    assert [row[1] for row in second] == ["R1", "R3"]
    assert [row[:3] for row in first if row[1] != "R6"] == [row[:3] for row in second]
    assert all(row[0] == "pos_transactions" and 0.9 < row[3] <= 1 for row in second)
    columns = con.execute(f"describe {RECORD_LINKS_TABLE}").fetchall()
    assert [(c[0], c[1]) for c in columns] == [
        ("source", "VARCHAR"),
        ("record_id", "VARCHAR"),
        ("identifier_id", "VARCHAR"),
        ("match_probability", "DOUBLE"),
        ("match_weight", "DOUBLE"),
    ]
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema not in ('staging', 'intermediate')"
    ).fetchall()
    assert tables == [("identity", "record_links")]


def test_the_same_warehouse_gives_the_same_links(con):
    link_anonymous_receipts(con)
    first = con.execute(f"select * from {RECORD_LINKS_TABLE} order by all").fetchall()
    link_anonymous_receipts(con)
    assert con.execute(f"select * from {RECORD_LINKS_TABLE} order by all").fetchall() == first


def test_no_candidates_writes_an_empty_table(con):
    con.execute("delete from staging.stg_pos__transactions")
    result = link_anonymous_receipts(con)
    assert (result.candidates, result.compared_pairs, result.links) == (0, 0, 0)
    assert links(con) == {}
