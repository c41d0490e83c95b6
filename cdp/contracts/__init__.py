"""Declared source contracts: the one description of every channel export."""

from cdp.contracts.commerce import CRM_CUSTOMERS, MARKETING_SPEND, POS_TRANSACTIONS, SHOP_ORDERS
from cdp.contracts.digital import (
    APP_EVENTS,
    ESP_EMAIL_EVENTS,
    SOCIAL_INTERACTIONS,
    WEB_EVENTS,
)
from cdp.contracts.model import LINEAGE, LINEAGE_COLUMNS, Column, IdentifierKind, SourceContract
from cdp.contracts.service import CALLCENTER_CALLS, SUPPORT_TICKETS, SURVEY_RESPONSES

SOURCES: dict[str, SourceContract] = {
    c.name: c
    for c in (
        CRM_CUSTOMERS,
        SHOP_ORDERS,
        POS_TRANSACTIONS,
        WEB_EVENTS,
        APP_EVENTS,
        ESP_EMAIL_EVENTS,
        CALLCENTER_CALLS,
        SOCIAL_INTERACTIONS,
        SUPPORT_TICKETS,
        SURVEY_RESPONSES,
        MARKETING_SPEND,
    )
}


def get_source(name: str) -> SourceContract:
    """The contract called ``name``, or a KeyError listing the known ones."""
    try:
        return SOURCES[name]
    except KeyError:
        raise KeyError(f"unknown source {name!r}; known: {', '.join(SOURCES)}") from None


__all__ = [
    "LINEAGE",
    "LINEAGE_COLUMNS",
    "SOURCES",
    "Column",
    "IdentifierKind",
    "SourceContract",
    "get_source",
]
