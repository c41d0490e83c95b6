-- Call-centre contacts, one row per call_id; phone normalised to E.164.
with

source as (
    select * from {{ source('raw', 'callcenter_calls') }}
),

deduplicated as (
    select * from source
    {{ keep_latest_load(['call_id']) }}
),

final as (
    select
        call_id,
        {{ normalize_phone('phone') }} as phone,
        started_at,
        duration_seconds,
        {{ normalize_code('direction') }} as direction,
        {{ normalize_code('reason') }} as reason,
        {{ normalize_code('outcome') }} as outcome,
        csat,
        {{ normalize_id('agent_id') }} as agent_id,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from deduplicated
)

select * from final
