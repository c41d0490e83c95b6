-- Mobile app events, one row per event_id.
with

source as (
    select * from {{ source('raw', 'app_events') }}
),

deduplicated as (
    select * from source
    {{ keep_latest_load(['event_id']) }}
),

final as (
    select
        event_id,
        occurred_at,
        {{ normalize_id('device_id') }} as device_id,
        {{ normalize_id('account_id') }} as account_id,
        {{ normalize_code('event_type') }} as event_type,
        {{ normalize_code('platform') }} as platform,
        {{ normalize_id('campaign_id') }} as campaign_id,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from deduplicated
)

select * from final
