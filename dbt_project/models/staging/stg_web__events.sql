-- Web analytics events, one row per event_id; the utm struct flattened.
with

source as (
    select * from {{ source('raw', 'web_events') }}
),

deduplicated as (
    select * from source
    {{ keep_latest_load(['event_id']) }}
),

final as (
    select
        event_id,
        occurred_at,
        {{ normalize_id('cookie_id') }} as cookie_id,
        {{ normalize_id('session_id') }} as session_id,
        {{ normalize_email('email') }} as email,
        {{ normalize_code('event_type') }} as event_type,
        {{ normalize_id('page_url') }} as page_url,
        {{ normalize_code("struct_extract(utm, 'source')") }} as utm_source,
        {{ normalize_code("struct_extract(utm, 'medium')") }} as utm_medium,
        {{ normalize_id("struct_extract(utm, 'campaign')") }} as utm_campaign,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from deduplicated
)

select * from final
