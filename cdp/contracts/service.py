"""Contracts of the service channels: call centre, support desk, surveys."""

from cdp.contracts.model import Column as C
from cdp.contracts.model import SourceContract

CALL_OUTCOMES = ("resolved", "escalated", "callback_scheduled", "no_answer", "sale", "complaint")
CONTACT_REASONS = ("order_status", "billing", "product_question", "returns", "complaint",
                   "account", "retention_offer")
COMPLAINT_CATEGORIES = ("delivery", "billing", "product_quality", "returns", "account",
                        "service", "other")

CALLCENTER_CALLS = SourceContract(
    name="callcenter_calls",
    system="callcenter",
    entity="call",
    format="csv",
    description="Call-centre contacts, inbound and outbound, with reason, outcome and CSAT.",
    primary_key=("call_id",),
    timestamp_column="started_at",
    columns=(
        C("call_id", "VARCHAR", "Telephony call id.", nullable=False),
        C("phone", "VARCHAR", "Caller or callee number, as the telephony system logged it.",
          identifier="phone", aliases=("caller_number", "phone_number")),
        C("started_at", "TIMESTAMP", "Call start, UTC.", nullable=False),
        C("duration_seconds", "INTEGER", "Talk time in seconds."),
        C("direction", "VARCHAR", "Who called whom.", values=("inbound", "outbound")),
        C("reason", "VARCHAR", "Contact reason coded by the agent.", values=CONTACT_REASONS),
        C("outcome", "VARCHAR", "Outcome coded by the agent.", values=CALL_OUTCOMES),
        C("csat", "INTEGER", "Post-call CSAT, 1 to 5, when the customer answered it."),
        C("agent_id", "VARCHAR", "Agent code."),
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
        C("ticket_id", "VARCHAR", "Ticket number.", nullable=False),
        C("created_at", "TIMESTAMP", "When the ticket was opened.", nullable=False),
        C("email", "VARCHAR", "Requester email, if known.", identifier="email"),
        C("phone", "VARCHAR", "Requester phone, if known.", identifier="phone"),
        C("channel", "VARCHAR", "Where the ticket came in.",
          values=("email", "web_form", "chat", "phone")),
        C("category", "VARCHAR", "Ticket category.", values=COMPLAINT_CATEGORIES),
        C("is_complaint", "BOOLEAN", "Flagged as a formal complaint."),
        C("priority", "VARCHAR", "Priority.", values=("low", "normal", "high", "urgent")),
        C("status", "VARCHAR", "Status at export time.",
          values=("open", "resolved", "escalated", "closed_unresolved")),
        C("resolved_at", "TIMESTAMP", "When it was resolved, if it was."),
        C("csat", "INTEGER", "Satisfaction with the resolution, 1 to 5, if answered."),
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
        C("response_id", "VARCHAR", "Survey response id.", nullable=False),
        C("email", "VARCHAR", "Respondent email.", identifier="email"),
        C("survey_type", "VARCHAR", "NPS (0-10) or CSAT (1-5).", nullable=False,
          values=("nps", "csat")),
        C("touchpoint", "VARCHAR", "What the survey asked about.",
          values=("post_purchase", "post_support", "relationship")),
        C("score", "INTEGER", "The score given.", nullable=False),
        C("submitted_at", "TIMESTAMP", "When it was submitted.", nullable=False),
        C("comment", "VARCHAR", "Free-text comment.", required=False),
    ),
)
