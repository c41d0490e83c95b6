"""Daily media spend per channel and campaign, consistent with the campaign activity.

Spend is an aggregate over the whole world: the chunks of a split world each add their
campaign landings and email sends (see :class:`Activity`), and the spend is built and
written once, at the end, from their sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
import polars as pl

from cdp.generate.campaigns import Calendar
from cdp.generate.config import GeneratorConfig, stream

# Per paid channel: cost per click (GBP), click-through rate, and clicks per day from
# people outside the simulated population for every 5,000 customers simulated.
MEDIA = {
    "paid_search": (0.65, 0.04, 25),
    "paid_social": (0.45, 0.012, 20),
    "display": (0.25, 0.003, 15),
    "affiliate": (0.35, 0.01, 8),
}
EMAIL_COST = (0.004, 20.0)  # ESP price per send, and a fixed production cost per campaign


@dataclass
class Activity:
    """Campaign landings and email activity, summed over the chunks of a world.

    Both are small (a row per day and campaign, a row per campaign), whatever the size
    of the world.
    """

    landings: list[pl.DataFrame] = field(default_factory=list)
    emails: list[pl.DataFrame] = field(default_factory=list)

    def add(self, landings: pl.DataFrame, emails: pl.DataFrame) -> None:
        """Add one chunk's :func:`visits` and :func:`email_activity`."""
        self.landings.append(landings)
        self.emails.append(emails)

    def spend(self, config: GeneratorConfig, cal: Calendar) -> pl.DataFrame:
        """The world's spend (see :func:`build`); ``config`` is the whole world's."""
        landings = pl.concat(self.landings).group_by("day", "campaign_id").agg(pl.sum("visits"))
        emails = pl.concat(self.emails).group_by("campaign_id").agg(pl.sum("impressions", "clicks"))
        return build(config, cal, landings, emails)


def visits(web_events: pl.DataFrame) -> pl.DataFrame:
    """Campaign landings per day and campaign id, from the web events' utm."""
    return (
        web_events.filter(pl.col("utm").is_not_null())
        .group_by(
            day=pl.col("occurred_at").dt.date(), campaign_id=pl.col("utm").struct.field("campaign")
        )
        .agg(visits=pl.len())
    )


def email_activity(esp_events: pl.DataFrame) -> pl.DataFrame:
    """Sends and clicks per email campaign, from the ESP export."""
    return esp_events.group_by("campaign_id").agg(
        impressions=(pl.col("event_type") == "sent").sum(),
        clicks=(pl.col("event_type") == "click").sum(),
    )


def build(
    config: GeneratorConfig, cal: Calendar, landings: pl.DataFrame, emails: pl.DataFrame
) -> pl.DataFrame:
    """One row per day, channel and live campaign.

    Paid clicks are the population's landings plus outside traffic, so the spend is at
    least what the observed visits would cost; email rows price the sends of each send.
    """
    rng = stream(config, "spend")
    days = config.days
    day = np.tile(np.arange(days), len(cal.paid_channels))
    campaign = cal.active.ravel()
    media = np.array([MEDIA.get(c, (0.5, 0.01, 10)) for c in cal.paid_channels])
    which = np.repeat(np.arange(len(cal.paid_channels)), days)
    cpc, ctr, outside = (media[which, k] for k in range(3))
    dates = pl.date_range(config.start, config.start + timedelta(days=days - 1), eager=True)
    paid = pl.DataFrame(
        {
            "spend_date": dates.gather(day),
            "channel": pl.Series(cal.paid_channels).gather(which),
            "campaign_id": cal.ids.gather(campaign),
            "_outside": rng.poisson(outside * config.customers / 5000),
            "_cpc": cpc * rng.lognormal(0, 0.15, len(day)),
            "_ctr": ctr * rng.lognormal(0, 0.2, len(day)),
        }
    ).join(
        landings.rename({"day": "spend_date"}),
        on=["spend_date", "campaign_id"],
        how="left",
        maintain_order="left",
    )
    paid = paid.with_columns(clicks=pl.col("visits").fill_null(0) + pl.col("_outside"))
    paid = paid.with_columns(
        spend=(pl.col("clicks") * pl.col("_cpc")).round(2),
        impressions=(pl.col("clicks") / pl.col("_ctr")).round(0).cast(pl.Int64),
    )
    sends = pl.DataFrame(
        {
            "campaign_id": cal.ids.gather(cal.emails),
            "spend_date": dates.gather(np.floor(cal.start[cal.emails]).astype(np.int64)),
        }
    )
    email = sends.join(emails, on="campaign_id", how="inner", maintain_order="left").with_columns(
        channel=pl.lit("email"),
        spend=(pl.col("impressions") * EMAIL_COST[0] + EMAIL_COST[1]).round(2),
    )
    columns = ["spend_date", "channel", "campaign_id", "spend", "impressions", "clicks"]
    return pl.concat(
        [
            paid.select(columns),
            email.select(columns).cast({"impressions": pl.Int64, "clicks": pl.Int64}),
        ]
    )
