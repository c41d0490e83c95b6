-- Help-desk tickets, one row per ticket_id; email and phone normalised.
with

source as (
    select * from {{ source('raw', 'support_tickets') }}
),

deduplicated as (
    select * from source
    {{ keep_latest_load(['ticket_id']) }}
),

final as (
    select
        ticket_id,
        created_at,
        {{ normalize_email('email') }} as email,
        {{ normalize_phone('phone') }} as phone,
        {{ normalize_code('channel') }} as channel,
        {{ normalize_code('category') }} as category,
        is_complaint,
        {{ normalize_code('priority') }} as priority,
        {{ normalize_code('status') }} as status,
        resolved_at,
        csat,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from deduplicated
)

select * from final
