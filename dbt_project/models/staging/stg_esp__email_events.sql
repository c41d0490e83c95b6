-- Email service provider events, one row per event_id; recipient email normalised.
with

source as (
    select * from {{ source('raw', 'esp_email_events') }}
),

deduplicated as (
    select * from source
    {{ keep_latest_load(['event_id']) }}
),

final as (
    select
        event_id,
        {{ normalize_id('campaign_id') }} as campaign_id,
        {{ normalize_email('email') }} as email,
        {{ normalize_code('event_type') }} as event_type,
        occurred_at,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from deduplicated
)

select * from final
