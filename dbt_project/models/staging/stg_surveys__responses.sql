-- NPS and CSAT survey responses, one row per response_id.
with

source as (
    select * from {{ source('raw', 'survey_responses') }}
),

deduplicated as (
    select * from source
    {{ keep_latest_load(['response_id']) }}
),

final as (
    select
        response_id,
        {{ normalize_email('email') }} as email,
        {{ normalize_code('survey_type') }} as survey_type,
        {{ normalize_code('touchpoint') }} as touchpoint,
        score,
        submitted_at,
        {{ normalize_id('comment') }} as comment,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from deduplicated
)

select * from final
