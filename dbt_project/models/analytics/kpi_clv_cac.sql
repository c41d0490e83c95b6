-- Customer value against its acquisition cost, by acquisition channel: how many
-- customers each channel won (customer_acquisitions), the average discounted CLV of
-- those the CLV model scored (analytics.customer_clv, as of the same observation date),
-- and the channel's overall CAC (kpi_cac_by_channel, period 'overall'). One row per
-- channel of kpi_cac_by_channel. clv_to_cac = average_clv / cac, null where the channel
-- has no CAC (no new customer) or a CAC of 0 (non-paid channels: nothing was spent).
with

acquisitions as (
    select * from {{ ref('customer_acquisitions') }}
),

clv as (
    select * from {{ source('analytics', 'customer_clv') }}
),

cac_by_channel as (
    select * from {{ ref('kpi_cac_by_channel') }}
),

channel_value as (
    select
        acquisitions.acquisition_channel,
        count(*) as customers,
        count(clv.clv) as customers_with_clv,
        avg(clv.clv) as average_clv
    from acquisitions
    left join clv on acquisitions.customer_key = clv.customer_key
    group by acquisitions.acquisition_channel
),

final as (
    select
        cac_by_channel.acquisition_channel,
        coalesce(channel_value.customers, 0) as customers,
        coalesce(channel_value.customers_with_clv, 0) as customers_with_clv,
        round(channel_value.average_clv, 2) as average_clv,
        cac_by_channel.cac,
        round(channel_value.average_clv / nullif(cac_by_channel.cac, 0), 4) as clv_to_cac
    from cac_by_channel
    left join channel_value
        on cac_by_channel.acquisition_channel = channel_value.acquisition_channel
    where cac_by_channel.period = 'overall'
)

select * from final
