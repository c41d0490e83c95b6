-- Daily media spend, one row per (spend_date, channel, campaign_id).
with

source as (
    select * from {{ source('raw', 'marketing_spend') }}
),

normalised as (
    select
        spend_date,
        {{ normalize_code('channel') }} as channel,
        {{ normalize_id('campaign_id') }} as campaign_id,
        cast(spend as decimal(12, 2)) as spend,
        impressions,
        clicks,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from source
),

final as (
    select * from normalised
    {{ keep_latest_load(['spend_date', 'channel', 'campaign_id']) }}
)

select * from final
