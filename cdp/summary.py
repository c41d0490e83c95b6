"""What a person wants to see after a run: row counts per layer and where things are."""

from __future__ import annotations

from cdp.config import Settings
from cdp.warehouse import connect_read_only, table_row_counts
from models.identity.scoring import SCORES_TABLE

LAYERS = ("raw", "staging", "intermediate", "identity", "marts", "analytics")


def layer_row_counts(settings: Settings) -> dict[str, dict[str, int]]:
    """Rows of every table and view per layer schema, plus ingest bookkeeping."""
    with connect_read_only(settings.warehouse_path) as con:
        counts = table_row_counts(con, (*LAYERS, "ingest"), views=True)
    out: dict[str, dict[str, int]] = {}
    for key, n in counts.items():
        schema, table = key.split(".", 1)
        out.setdefault(schema, {})[table] = n
    return out


def render_summary(settings: Settings, counts: dict[str, dict[str, int]]) -> str:
    """A short plain-text summary for the end of ``cdp run`` / ``make demo``."""
    lines = ["Rows per layer:"]
    for schema in (*LAYERS, "ingest"):
        tables = counts.get(schema, {})
        if not tables:
            continue
        lines.append(f"  {schema} ({len(tables)} tables, {sum(tables.values()):,} rows)")
        if schema in ("raw", "marts", "ingest"):
            lines += [f"    {name:<28} {n:>12,}" for name, n in tables.items()]
    if score := latest_identity_score(settings):
        lines += ["", "Identity vs truth: " + ", ".join(f"{k} {v}" for k, v in score.items())]
    if "customer_360" in counts.get("analytics", {}):
        lines += ["", *customer_mix(settings)]
    if "attribution_model_comparison" in counts.get("marts", {}):
        lines += ["", *contact_mix(settings)]
    card = settings.reports_dir / "churn_model_card.md"
    lines += [
        "",
        f"Warehouse:  {settings.warehouse_path}",
        f"Landing:    {settings.landing_dir}",
        f"Exports:    {settings.exports_dir}",
        *([f"Churn card: {card}"] if card.exists() else []),
        'Query it:   cdp query "select * from customer_360 limit 10"   (masked analyst.*)',
        "Segments:   cdp segments list; cdp export high_value_at_risk --format csv",
        "Dagster UI: cdp ui   (then open http://127.0.0.1:3000)",
    ]
    return "\n".join(lines)


def latest_identity_score(settings: Settings) -> dict[str, str] | None:
    """The last identity accuracy figures, formatted, or None when never scored."""
    with connect_read_only(settings.warehouse_path) as con:
        if not table_row_counts(con, ("analytics",)).get(SCORES_TABLE):
            return None
        row = con.execute(f"""
            select precision, recall, overmerged_persons, split_persons
            from {SCORES_TABLE} order by scored_at desc limit 1
        """).fetchone()  # fmt: skip
    precision, recall, overmerged, split = row
    return {"precision": f"{precision:.4f}", "recall": f"{recall:.4f}",
            "over-merged persons": str(overmerged), "split persons": str(split)}  # fmt: skip


def customer_mix(settings: Settings) -> list[str]:
    """Customers per lifecycle stage and per RFM segment, one line each."""
    lines = []
    with connect_read_only(settings.warehouse_path) as con:
        for label, column in (("Lifecycle", "lifecycle_stage"), ("RFM", "rfm_segment")):
            rows = con.execute(f"""
                select {column}, count(*) from analytics.customer_360
                where {column} is not null group by 1 order by 2 desc
            """).fetchall()  # fmt: skip
            lines.append(f"{label}: " + ", ".join(f"{name} {n:,}" for name, n in rows))
    return lines


def contact_mix(settings: Settings) -> list[str]:
    """Contacts per CCPR contact point, and each channel's share of attributed revenue
    under last-touch and linear attribution."""
    with connect_read_only(settings.warehouse_path) as con:
        points = con.execute("""
            select contact_point, sum(contacts) from marts.ccpr_outcomes_overall
            group by 1 order by 2 desc
        """).fetchall()  # fmt: skip
        shares = con.execute("""
            select channel, share_of_revenue_last_touch, share_of_revenue_linear
            from marts.attribution_model_comparison order by 2 desc
        """).fetchall()  # fmt: skip
    return [
        "Contacts: " + ", ".join(f"{point} {n:,}" for point, n in points),
        "Attributed revenue share, last touch / linear: "
        + ", ".join(f"{channel} {last:.0%}/{linear:.0%}" for channel, last, linear in shares),
    ]
