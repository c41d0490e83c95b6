-- One row per CRM customer: the latest version (greatest updated_at) of each crm_id,
-- with identifiers normalised under their contract names.
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

versioned as (
    select
        *,
        count(distinct updated_at) over (partition by crm_id) as version_count,
        min(created_at) over (partition by crm_id) as first_created_at
    from normalised
    where crm_id is not null
),

latest as (
    select * from versioned
    {{ keep_latest_load(['crm_id'], order_first=['updated_at']) }}
),

final as (
    select
        crm_id,
        first_name,
        last_name,
        email,
        phone,
        loyalty_id,
        account_id,
        address_line,
        city,
        postcode,
        country,
        birth_date,
        marketing_consent,
        first_created_at as created_at,
        updated_at,
        version_count,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from latest
)

select * from final
