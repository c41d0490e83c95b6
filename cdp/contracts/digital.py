"""Contracts of the digital channels: web analytics, the app, the ESP, social listening."""

from cdp.contracts.model import Column as Col
from cdp.contracts.model import SourceContract

UTM = "STRUCT(source VARCHAR, medium VARCHAR, campaign VARCHAR)"

WEB_EVENTS = SourceContract(
    name="web_events",
    system="web",
    entity="event",
    format="jsonl",
    description="Web analytics events; email is attached once the visitor logs in.",
    primary_key=("event_id",),
    timestamp_column="occurred_at",
    columns=(
        Col("event_id", "VARCHAR", "Event id from the tracker.", nullable=False),
        Col("occurred_at", "TIMESTAMP", "Event time, UTC.", nullable=False),
        Col(
            "cookie_id",
            "VARCHAR",
            "First-party anonymous cookie.",
            nullable=False,
            identifier="cookie_id",
        ),
        Col("session_id", "VARCHAR", "Tracker session id."),
        Col("email", "VARCHAR", "Email of the logged-in visitor, if any.", identifier="email"),
        Col(
            "event_type",
            "VARCHAR",
            "What happened.",
            values=("page_view", "product_view", "add_to_cart", "login", "checkout"),
        ),
        Col("page_url", "VARCHAR", "Page path."),
        Col("utm", UTM, "Campaign parameters of the landing URL (nested object).", required=False),
    ),
)

APP_EVENTS = SourceContract(
    name="app_events",
    system="app",
    entity="event",
    format="jsonl",
    description="Mobile app events; account id is attached once the user signs in.",
    primary_key=("event_id",),
    timestamp_column="occurred_at",
    columns=(
        Col("event_id", "VARCHAR", "Event id from the app SDK.", nullable=False),
        Col("occurred_at", "TIMESTAMP", "Event time, UTC.", nullable=False),
        Col("device_id", "VARCHAR", "App install id.", nullable=False, identifier="device_id"),
        Col(
            "account_id",
            "VARCHAR",
            "Shop account of the signed-in user, if any.",
            identifier="account_id",
        ),
        Col(
            "event_type",
            "VARCHAR",
            "What happened.",
            values=(
                "app_open",
                "product_view",
                "add_to_cart",
                "push_received",
                "push_open",
                "login",
            ),
        ),
        Col("platform", "VARCHAR", "Operating system.", values=("ios", "android")),
        Col("campaign_id", "VARCHAR", "Push campaign, for push events.", required=False),
    ),
)

ESP_EMAIL_EVENTS = SourceContract(
    name="esp_email_events",
    system="esp",
    entity="email_event",
    format="csv",
    description="Email service provider export: sends, opens, clicks, bounces, unsubscribes.",
    primary_key=("event_id",),
    timestamp_column="occurred_at",
    columns=(
        Col("event_id", "VARCHAR", "ESP event id.", nullable=False),
        Col("campaign_id", "VARCHAR", "Email campaign.", nullable=False),
        Col(
            "email",
            "VARCHAR",
            "Recipient address.",
            nullable=False,
            identifier="email",
            aliases=("recipient", "email_address"),
        ),
        Col(
            "event_type",
            "VARCHAR",
            "Delivery or engagement event.",
            nullable=False,
            values=("sent", "delivered", "open", "click", "bounce", "unsubscribe"),
        ),
        Col("occurred_at", "TIMESTAMP", "Event time, UTC.", nullable=False),
    ),
)

SOCIAL_INTERACTIONS = SourceContract(
    name="social_interactions",
    system="social",
    entity="interaction",
    format="jsonl",
    description="Social listening: mentions, comments and DMs with the brand's accounts.",
    primary_key=("interaction_id",),
    timestamp_column="occurred_at",
    columns=(
        Col("interaction_id", "VARCHAR", "Platform interaction id.", nullable=False),
        Col("occurred_at", "TIMESTAMP", "Time, UTC.", nullable=False),
        Col(
            "platform",
            "VARCHAR",
            "Social network.",
            values=("instagram", "facebook", "x", "tiktok"),
        ),
        Col(
            "handle",
            "VARCHAR",
            "The customer's handle on that network.",
            nullable=False,
            identifier="social_handle",
        ),
        Col(
            "email",
            "VARCHAR",
            "Email, when the customer shared it in a DM.",
            identifier="email",
            required=False,
        ),
        Col(
            "interaction_type",
            "VARCHAR",
            "Kind of interaction.",
            values=("mention", "comment", "dm", "reply"),
        ),
        Col("direction", "VARCHAR", "Who started it.", values=("inbound", "outbound")),
        Col(
            "sentiment",
            "DOUBLE",
            "Sentiment score from -1 (negative) to 1 (positive).",
            between=(-1, 1),
        ),
        Col("topic", "VARCHAR", "Topic assigned by the listening tool."),
    ),
)
