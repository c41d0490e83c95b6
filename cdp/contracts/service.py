"""Contracts of the service channels: call centre, support desk, surveys."""

from cdp.contracts.model import Column as Col
from cdp.contracts.model import SourceContract

CALL_OUTCOMES = ("resolved", "escalated", "callback_scheduled", "no_answer", "sale", "complaint")
CONTACT_REASONS = (
    "order_status",
    "billing",
    "product_question",
    "returns",
    "complaint",
    "account",
    "retention_offer",
)
COMPLAINT_CATEGORIES = (
    "delivery",
    "billing",
    "product_quality",
    "returns",
    "account",
    "service",
    "other",
)

CALLCENTER_CALLS = SourceContract(
    name="callcenter_calls",
    system="callcenter",
    entity="call",
    format="csv",
    description="Call-centre contacts, inbound and outbound, with reason, outcome and CSAT.",
    primary_key=("call_id",),
    timestamp_column="started_at",
    columns=(
        Col("call_id", "VARCHAR", "Telephony call id.", nullable=False),
        Col(
            "phone",
            "VARCHAR",
            "Caller or callee number, as the telephony system logged it.",
            identifier="phone",
            aliases=("caller_number", "phone_number"),
        ),
        Col("started_at", "TIMESTAMP", "Call start, UTC.", nullable=False),
        Col("duration_seconds", "INTEGER", "Talk time in seconds.", between=(0, None)),
        Col("direction", "VARCHAR", "Who called whom.", values=("inbound", "outbound")),
        Col("reason", "VARCHAR", "Contact reason coded by the agent.", values=CONTACT_REASONS),
        Col("outcome", "VARCHAR", "Outcome coded by the agent.", values=CALL_OUTCOMES),
        Col(
            "csat",
            "INTEGER",
            "Post-call CSAT, 1 to 5, when the customer answered it.",
            between=(1, 5),
        ),
        Col("agent_id", "VARCHAR", "Agent code."),
    ),
)

SUPPORT_TICKETS = SourceContract(
    name="support_tickets",
    system="support",
    entity="ticket",
    format="csv",
    description="Help-desk tickets, complaints among them, with resolution and satisfaction.",
    primary_key=("ticket_id",),
    timestamp_column="created_at",
    columns=(
        Col("ticket_id", "VARCHAR", "Ticket number.", nullable=False),
        Col("created_at", "TIMESTAMP", "When the ticket was opened.", nullable=False),
        Col("email", "VARCHAR", "Requester email, if known.", identifier="email"),
        Col("phone", "VARCHAR", "Requester phone, if known.", identifier="phone"),
        Col(
            "channel",
            "VARCHAR",
            "Where the ticket came in.",
            values=("email", "web_form", "chat", "phone"),
        ),
        Col("category", "VARCHAR", "Ticket category.", values=COMPLAINT_CATEGORIES),
        Col("is_complaint", "BOOLEAN", "Flagged as a formal complaint."),
        Col("priority", "VARCHAR", "Priority.", values=("low", "normal", "high", "urgent")),
        Col(
            "status",
            "VARCHAR",
            "Status at export time.",
            values=("open", "resolved", "escalated", "closed_unresolved"),
        ),
        Col("resolved_at", "TIMESTAMP", "When it was resolved, if it was."),
        Col(
            "csat",
            "INTEGER",
            "Satisfaction with the resolution, 1 to 5, if answered.",
            between=(1, 5),
        ),
    ),
)

SURVEY_RESPONSES = SourceContract(
    name="survey_responses",
    system="surveys",
    entity="response",
    format="csv",
    description="NPS and CSAT survey responses.",
    primary_key=("response_id",),
    timestamp_column="submitted_at",
    columns=(
        Col("response_id", "VARCHAR", "Survey response id.", nullable=False),
        Col("email", "VARCHAR", "Respondent email.", identifier="email"),
        Col(
            "survey_type",
            "VARCHAR",
            "NPS (0-10) or CSAT (1-5).",
            nullable=False,
            values=("nps", "csat"),
        ),
        Col(
            "touchpoint",
            "VARCHAR",
            "What the survey asked about.",
            values=("post_purchase", "post_support", "relationship"),
        ),
        Col(
            "score",
            "INTEGER",
            "The score given: NPS 0 to 10, CSAT 1 to 5.",
            nullable=False,
            between=(0, 10),
        ),
        Col("submitted_at", "TIMESTAMP", "When it was submitted.", nullable=False),
        Col("comment", "VARCHAR", "Free-text comment.", required=False),
    ),
)
