-- Customer acquisition cost by acquisition channel: new customers (customer_acquisitions,
-- by the month of their first completed order) against the marketing spend of the same
-- channel and month (stg_marketing__spends, spend_date up to the observation date).
-- One row per calendar month (acquisition_month) x channel, period = 'month', every
-- month from the first with a new customer or a spend to the observation month and every
-- channel, so a month with spend and no new customer is a row with a null cac; plus one
-- row per channel over the whole period (period = 'overall', acquisition_month null).
-- Channels: the spend channels, the non-paid 'organic', 'store' and 'push', and any
-- other acquisition channel seen. A non-paid channel has spend 0, and cac 0 where it won
-- customers: they cost no media.
with

acquisitions as (
    select * from {{ ref('customer_acquisitions') }}
),

spends as (
    select * from {{ ref('stg_marketing__spends') }}
),

monthly_spend as (
    select
        cast(date_trunc('month', spend_date) as date) as acquisition_month,
        channel as acquisition_channel,
        sum(spend) as spend
    from spends
    where spend_date <= {{ observation_date() }}
    group by all
),

monthly_new as (
    select
        cohort_month as acquisition_month,
        acquisition_channel,
        count(*) as new_customers
    from acquisitions
    group by all
),

channels as (
    select acquisition_channel from monthly_spend
    union
    select acquisition_channel from monthly_new
    union
    select unnest(['organic', 'store', 'push']) as acquisition_channel
),

-- From the first month with a new customer or a spend to the observation month.
months as (
    select
        cast(unnest(generate_series(
            min(activity.acquisition_month),
            cast(date_trunc('month', {{ observation_date() }}) as date),
            interval 1 month
        )) as date) as acquisition_month
    from (
        select acquisition_month from monthly_spend
        union all
        select acquisition_month from monthly_new
    ) as activity
),

monthly as (
    select
        'month' as period,
        months.acquisition_month,
        channels.acquisition_channel,
        coalesce(monthly_new.new_customers, 0) as new_customers,
        coalesce(monthly_spend.spend, 0) as spend
    from months
    cross join channels
    left join monthly_new
        on
            months.acquisition_month = monthly_new.acquisition_month
            and channels.acquisition_channel = monthly_new.acquisition_channel
    left join monthly_spend
        on
            months.acquisition_month = monthly_spend.acquisition_month
            and channels.acquisition_channel = monthly_spend.acquisition_channel
),

overall as (
    select
        'overall' as period,
        cast(null as date) as acquisition_month,
        acquisition_channel,
        cast(sum(new_customers) as bigint) as new_customers,
        sum(spend) as spend
    from monthly
    group by acquisition_channel
),

periods as (
    select * from monthly
    union all
    select * from overall
),

final as (
    select
        period,
        acquisition_month,
        acquisition_channel,
        new_customers,
        cast(spend as decimal(14, 2)) as spend,
        -- GBP per new customer; null when the channel won none (nothing to divide by).
        round(spend / nullif(new_customers, 0), 2) as cac
    from periods
)

select * from final
