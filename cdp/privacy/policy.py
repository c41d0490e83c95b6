"""The PII policy: which columns are personal, and how each is masked or hashed.

:data:`PII_COLUMNS` is the one declaration, by exact column name: a name means the same
thing in every table of the marts and analytics schemas. ``customer_key`` is not in it:
it is a pseudonymous surrogate key (a random md5 the identity graph assigns), which on its
own points to no one, so analysts keep it to join tables. Nor is ``country``: too coarse
to single anyone out. No mart carries free text: survey comments, POS customer names and
social handles stay in staging, which analysts cannot read.
"""

import re
from collections.abc import Sequence
from typing import Literal

PiiKind = Literal["email", "phone", "name", "address", "postcode", "birth_date", "identifier"]
PiiMode = Literal["hashed", "masked", "raw"]

PII_COLUMNS: dict[str, PiiKind] = {
    "email": "email",
    "phone": "phone",
    "first_name": "name",
    "last_name": "name",
    "address_line": "address",
    # Part of the postal address; analysts still get the region from the postcode district.
    "city": "address",
    "postcode": "postcode",
    "birth_date": "birth_date",
    # Source-system and device identifiers: each names one person (or their device).
    "crm_id": "identifier",
    "loyalty_id": "identifier",
    "account_id": "identifier",
    "device_id": "identifier",
    "cookie_id": "identifier",
    "social_handle": "identifier",
}

# Names that look personal to :func:`looks_personal` but are not.
NOT_PERSONAL: frozenset[str] = frozenset(
    {
        "country",  # one value per market, not a person; see the module docstring
        "campaign_name",  # names a campaign, not a person
        "mean_email_engagements_180d",  # a cluster's average count of email engagements
    }
)

_PERSONAL_NAME = re.compile(
    r"(?:^|_)(?:e?mail|phone|mobile|tel|name|surname|forename|address|street|city|country"
    r"|postcode|post_code|zip|birth|dob|handle|cookie|device|session|loyalty|account_id"
    r"|crm_id|ip|ssn|passport|comment|notes?|message|transcript|free_text)(?:_|$)"
)
# E.164 country calling codes: 1 and 7 have one digit, those listed two, the rest three.
_COUNTRY_CODE = r"^\+(1|7|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58]|[0-9]{3})"


def quote_identifier(column: str) -> str:
    """``column`` as a DuckDB quoted identifier (embedded quotes doubled)."""
    return '"' + column.replace('"', '""') + '"'


def masked_expression(column: str, kind: PiiKind) -> str:
    """The DuckDB expression masking ``column``: same type, null stays null.

    ``jane@example.com`` -> ``j***@example.com`` (``***`` without an ``@``);
    ``+447700900123`` -> ``+44*******123`` (E.164 country code and last three digits);
    names -> first letter and ``***``; addresses -> ``***``; ``SW1A 1AA`` or ``SW1A1AA``
    -> ``SW1A ***`` (outward code); birth dates -> 1 January of the year (age bands);
    identifiers -> ``***`` and the last four characters, at most half of the value.
    """
    c = quote_identifier(column)
    s = f"{c}::varchar"
    if kind == "email":
        kept = f"left({s}, 1) || '***@' || regexp_extract({s}, '@([^@]*)$', 1)"
        return f"case when position('@' in {s}) > 1 then {kept} when {c} is not null then '***' end"
    if kind == "phone":
        p = f"regexp_replace({s}, '[^0-9+]', '', 'g')"
        cc = f"regexp_extract({p}, '{_COUNTRY_CODE}', 0)"
        rest = f"length({p}) - length({cc})"
        return f"{cc} || repeat('*', greatest({rest} - 3, 0)) || right({p}, least(3, {rest}))"
    if kind == "name":
        return f"left(trim({s}), 1) || '***'"
    if kind == "postcode":
        pc = f"upper(trim({s}))"
        outward = f"left({pc}, greatest(length({pc}) - 3, 0))"
        return f"if(contains({pc}, ' '), split_part({pc}, ' ', 1), {outward}) || ' ***'"
    if kind == "birth_date":
        return f"date_trunc('year', {c})::date"
    if kind == "identifier":
        return f"'***' || right({s}, least(4, length({s}) // 2))"
    return f"case when {c} is not null then '***' end"  # address, and any other kind


def hashed_expression(column: str, kind: PiiKind) -> tuple[str, str] | None:
    """The (expression, output name) of ``column`` in a hashed, customer-match export.

    Hashes are lowercase hex SHA-256 of the UTF-8 text after normalising it, as Google
    Customer Match expects; null, or empty after normalising, gives null. In Python:

    - email and names: ``sha256(value.strip().lower())`` as ``<column>_sha256``, where
      ``strip`` removes surrounding spaces, tabs and line breaks;
    - phone: ``sha256(re.sub(r"[^0-9+]", "", value))`` as ``phone_sha256``: E.164 with
      its ``+`` (the warehouse stores E.164; spaces and punctuation are dropped);
    - identifiers: ``sha256(value)`` as stored, as ``<column>_sha256``;
    - postcode and birth date: their masked form (:func:`masked_expression`), same name.

    Returns
    -------
    tuple[str, str] | None
        ``None`` for addresses: hashed exports leave them out.
    """
    s = f"{quote_identifier(column)}::varchar"
    if kind in ("email", "name"):
        trimmed = rf"regexp_replace({s}, '^\s+|\s+$', '', 'g')"
        return f"sha256(nullif(lower({trimmed}), ''))", f"{column}_sha256"
    if kind == "phone":
        return f"sha256(nullif(regexp_replace({s}, '[^0-9+]', '', 'g'), ''))", "phone_sha256"
    if kind == "identifier":
        return f"sha256(nullif({s}, ''))", f"{column}_sha256"
    if kind in ("postcode", "birth_date"):
        return masked_expression(column, kind), column
    return None


def select_list(columns: Sequence[str], mode: PiiMode) -> list[str]:
    """The select items exporting ``columns`` under ``mode``, in order.

    ``raw`` selects every column as is; ``masked`` replaces each PII column by its masked
    expression under the same name; ``hashed`` by its hashed expression and name, leaving
    out the PII columns that have none. Other columns are selected as is in every mode.
    """
    items = []
    for column in columns:
        kind = PII_COLUMNS.get(column)
        if kind is None or mode == "raw":
            items.append(quote_identifier(column))
        elif mode == "masked":
            items.append(f"{masked_expression(column, kind)} as {quote_identifier(column)}")
        elif (hashed := hashed_expression(column, kind)) is not None:
            items.append(f"{hashed[0]} as {quote_identifier(hashed[1])}")
    return items


def looks_personal(column: str) -> bool:
    """Whether the name suggests personal data, so a test can demand it be declared.

    Counts (``*_count``, ``*_counts``) and :data:`NOT_PERSONAL` names are not personal.
    """
    if column in NOT_PERSONAL or column.endswith(("_count", "_counts")):
        return False
    return _PERSONAL_NAME.search(column.lower()) is not None
