-- Every version of every CRM customer: one row per (crm_id, updated_at), the source's
-- own grain, identifiers normalised under their contract names. A customer's earlier
-- versions keep the phones and emails they had then, which the identity graph needs
-- (a call from last year's phone number); stg_crm__customers keeps the latest version.
with

source as (
    select * from {{ source('raw', 'crm_customers') }}
),

normalised as (
    select
        {{ normalize_id('crm_id') }} as crm_id,
        {{ normalize_id('first_name') }} as first_name,
        {{ normalize_id('last_name') }} as last_name,
        {{ normalize_email('email') }} as email,
        {{ normalize_phone('phone') }} as phone,
        {{ normalize_id('loyalty_id') }} as loyalty_id,
        {{ normalize_id('account_id') }} as account_id,
        {{ normalize_id('address_line') }} as address_line,
        {{ normalize_id('city') }} as city,
        upper({{ normalize_id('postcode') }}) as postcode,
        upper({{ normalize_id('country') }}) as country,
        birth_date,
        marketing_consent,
        created_at,
        updated_at,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from source
),

final as (
    select * from normalised
    where crm_id is not null
    {{ keep_latest_load(['crm_id', 'updated_at']) }}
)

select * from final
