"""Table previews shown in the Dagster UI: counts, types, and no personal data in clear."""

import duckdb

from cdp.preview import profile_table


def test_profile_counts_rows_and_masks_declared_and_undeclared_personal_columns() -> None:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("""
        create table marts.people as
        select 'k' || i as customer_key, 'jane' || i || '@example.com' as email,
               'Very unhappy, call me on 07700 900123' as comment, i * 1.5::double as revenue
        from range(12) t(i)
    """)  # fmt: skip
    profile = profile_table(con, "marts", "people", rows=3)
    assert profile is not None
    assert profile.relation == "marts.people" and profile.row_count == 12
    assert [c for c, _ in profile.columns] == ["customer_key", "email", "comment", "revenue"]
    assert len(profile.preview) == 3
    for key, email, comment, revenue in profile.preview:
        assert email == "j***@example.com" and comment == "***"
        assert key.startswith("k") and isinstance(revenue, float)


def test_profile_of_a_missing_relation_is_none() -> None:
    assert profile_table(duckdb.connect(), "marts", "nothing") is None
