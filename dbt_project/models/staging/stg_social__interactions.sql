-- Social interactions, one row per interaction_id. The handle is qualified with its
-- platform ('instagram:jane.doe'): the same handle on two networks need not be the
-- same person.
with

source as (
    select * from {{ source('raw', 'social_interactions') }}
),

deduplicated as (
    select * from source
    {{ keep_latest_load(['interaction_id']) }}
),

normalised as (
    select
        interaction_id,
        occurred_at,
        {{ normalize_code('platform') }} as platform,
        {{ normalize_handle('handle') }} as bare_handle,
        {{ normalize_email('email') }} as email,
        {{ normalize_code('interaction_type') }} as interaction_type,
        {{ normalize_code('direction') }} as direction,
        sentiment,
        {{ normalize_id('topic') }} as topic,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from deduplicated
),

final as (
    select
        interaction_id,
        occurred_at,
        platform,
        coalesce(platform, 'unknown') || ':' || bare_handle as handle,
        email,
        interaction_type,
        direction,
        sentiment,
        topic,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from normalised
)

select * from final
