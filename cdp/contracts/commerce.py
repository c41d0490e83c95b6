"""Contracts of the commerce systems: CRM master, web shop, store tills, ad spend."""

from cdp.contracts.model import Column as Col
from cdp.contracts.model import SourceContract

MONEY = "DECIMAL(12,2)"

CRM_CUSTOMERS = SourceContract(
    name="crm_customers",
    system="crm",
    entity="customer",
    format="csv",
    description="CRM customer master, exported daily as the rows created or changed that day.",
    primary_key=("crm_id", "updated_at"),
    versions_model="stg_crm__customer_versions",
    timestamp_column="updated_at",
    columns=(
        Col("crm_id", "VARCHAR", "CRM customer id.", nullable=False, identifier="crm_id"),
        Col("first_name", "VARCHAR", "Given name as typed by the customer or agent."),
        Col("last_name", "VARCHAR", "Family name."),
        Col(
            "email",
            "VARCHAR",
            "Email, as entered (case and spaces vary).",
            identifier="email",
            aliases=("email_address", "e_mail"),
        ),
        Col(
            "phone",
            "VARCHAR",
            "Phone, in whatever format it was typed.",
            identifier="phone",
            aliases=("phone_number", "mobile"),
        ),
        Col("loyalty_id", "VARCHAR", "Loyalty card number, if enrolled.", identifier="loyalty_id"),
        Col(
            "account_id",
            "VARCHAR",
            "Web-shop account id, if registered online.",
            identifier="account_id",
        ),
        Col("address_line", "VARCHAR", "Street address."),
        Col("city", "VARCHAR", "City."),
        Col("postcode", "VARCHAR", "Postal code."),
        Col("country", "VARCHAR", "ISO 3166 alpha-2 country code."),
        Col("birth_date", "DATE", "Date of birth, if given."),
        Col("marketing_consent", "BOOLEAN", "Opted in to marketing at the time of export."),
        Col("created_at", "TIMESTAMP", "When the CRM record was created.", nullable=False),
        Col(
            "updated_at",
            "TIMESTAMP",
            "When this version of the record was written.",
            nullable=False,
        ),
    ),
)

SHOP_ORDERS = SourceContract(
    name="shop_orders",
    system="shop",
    entity="order",
    format="parquet",
    description="Online orders from the e-commerce platform (web and app checkouts).",
    primary_key=("order_id",),
    timestamp_column="ordered_at",
    columns=(
        Col("order_id", "VARCHAR", "Order number.", nullable=False),
        Col(
            "account_id",
            "VARCHAR",
            "Shop account; null for guest checkout.",
            identifier="account_id",
        ),
        Col("email", "VARCHAR", "Email given at checkout.", identifier="email"),
        Col("ordered_at", "TIMESTAMP", "When the order was placed.", nullable=False),
        Col(
            "order_total",
            MONEY,
            "Amount paid after discounts, in the order currency.",
            nullable=False,
            between=(0, None),
        ),
        Col("discount", MONEY, "Discount granted on the order.", between=(0, None)),
        Col("currency", "VARCHAR", "ISO 4217 currency code.", values=("GBP",)),
        Col("item_count", "INTEGER", "Number of items.", between=(1, None)),
        Col("device", "VARCHAR", "Where the checkout happened.", values=("web", "app")),
        Col("status", "VARCHAR", "Order status.", values=("completed", "returned", "cancelled")),
        Col("utm_campaign", "VARCHAR", "Campaign credited by the shop, if any.", required=False),
    ),
)

POS_TRANSACTIONS = SourceContract(
    name="pos_transactions",
    system="pos",
    entity="transaction",
    format="csv",
    description=(
        "Store till receipts; a loyalty card is scanned on some of them, a name or a "
        "postcode captured on others."
    ),
    primary_key=("receipt_id",),
    timestamp_column="transacted_at",
    columns=(
        Col("receipt_id", "VARCHAR", "Receipt number, unique across stores.", nullable=False),
        Col("store_id", "VARCHAR", "Store code.", nullable=False),
        Col(
            "loyalty_id",
            "VARCHAR",
            "Loyalty card scanned at the till, if any.",
            identifier="loyalty_id",
            aliases=("loyalty_card", "card_number"),
        ),
        Col("transacted_at", "TIMESTAMP", "When the receipt was closed.", nullable=False),
        Col("amount", MONEY, "Amount paid.", nullable=False, between=(0, None)),
        Col("item_count", "INTEGER", "Number of items.", between=(1, None)),
        Col(
            "payment_method", "VARCHAR", "How the customer paid.", values=("card", "cash", "mobile")
        ),
        Col(
            "customer_name",
            "VARCHAR",
            "Name captured at the till (card slip or e-receipt sign-up), free text such as "
            "Jane Smith, J SMITH, SMITH/JANE or Mrs J Smith; often null.",
            required=False,
        ),
        Col(
            "postcode",
            "VARCHAR",
            "Postcode the customer gave at the till, as typed; often null.",
            required=False,
        ),
    ),
)

MARKETING_SPEND = SourceContract(
    name="marketing_spend",
    system="marketing",
    entity="spend",
    format="csv",
    description="Daily media spend per channel and campaign, from the ad platforms and ESP.",
    primary_key=("spend_date", "channel", "campaign_id"),
    timestamp_column="spend_date",
    columns=(
        Col("spend_date", "DATE", "Day the money was spent.", nullable=False),
        Col(
            "channel",
            "VARCHAR",
            "Marketing channel.",
            nullable=False,
            values=("email", "paid_search", "paid_social", "display", "affiliate"),
        ),
        Col(
            "campaign_id",
            "VARCHAR",
            "Campaign id, shared with UTM and ESP campaign ids.",
            nullable=False,
        ),
        Col("spend", MONEY, "Amount spent, GBP.", nullable=False, between=(0, None)),
        Col("impressions", "BIGINT", "Impressions or sends.", between=(0, None)),
        Col("clicks", "BIGINT", "Clicks.", between=(0, None)),
    ),
)
