-- One row per CRM customer: the latest version (greatest updated_at) of each crm_id,
-- from stg_crm__customer_versions, with the number of versions and the first creation.
with

versions as (
    select * from {{ ref('stg_crm__customer_versions') }}
),

versioned as (
    select
        *,
        count(*) over (partition by crm_id) as version_count,
        min(created_at) over (partition by crm_id) as first_created_at
    from versions
),

latest as (
    select * from versioned
    qualify row_number() over (partition by crm_id order by updated_at desc) = 1
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
