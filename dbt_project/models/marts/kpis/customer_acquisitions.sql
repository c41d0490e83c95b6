-- How each known customer was acquired: one row per customer (not an anonymous record)
-- with a completed order on or before the observation date, described by that first
-- completed order. The first order is the earliest completed one (ties: the smaller
-- order_id), so a returned or cancelled first attempt does not make a customer.
--
-- acquisition_channel: the campaign of the last-touch attribution of the first order
-- (fct_order_attributions), named by that campaign's marketing spend channel so that it
-- lines up with spend in kpi_cac_by_channel (a newsletter send through the ESP and the
-- session its link opened are both 'email'). A touched campaign without spend (pushes)
-- keeps the contact's own channel ('push'). A first order no contact led to is 'store'
-- when it was a till receipt, else 'organic'.
with

orders as (
    select * from {{ ref('fct_orders') }}
),

attributions as (
    select * from {{ ref('fct_order_attributions') }}
),

spends as (
    select * from {{ ref('stg_marketing__spends') }}
),

first_orders as (
    select
        customer_key,
        order_id,
        ordered_at,
        channel
    from orders
    where
        status = 'completed'
        and not is_anonymous_customer
        and cast(ordered_at as date) <= {{ observation_date() }}
    qualify row_number() over (partition by customer_key order by ordered_at, order_id) = 1
),

-- The contact the last-touch model gives the order's credit to. Ties on time (two
-- contacts in the same second) go to the larger contact_id, whatever else it carries.
last_touches as (
    select
        order_id,
        campaign_id,
        channel
    from attributions
    where attribution_model = 'last_touch' and credit > 0
    qualify
        row_number() over (partition by order_id order by contacted_at desc, contact_id desc) = 1
),

-- A campaign is bought on one channel; min() only makes a (never seen) second one
-- deterministic.
campaign_channels as (
    select
        campaign_id,
        min(channel) as channel
    from spends
    group by campaign_id
),

final as (
    select
        first_orders.customer_key,
        first_orders.order_id as first_order_id,
        first_orders.ordered_at as first_order_at,
        cast(date_trunc('month', first_orders.ordered_at) as date) as cohort_month,
        first_orders.channel as first_order_channel,
        case
            when campaign_channels.channel is not null then campaign_channels.channel
            when last_touches.order_id is not null then last_touches.channel
            when first_orders.channel = 'store' then 'store'
            else 'organic'
        end as acquisition_channel,
        last_touches.campaign_id as acquisition_campaign_id
    from first_orders
    left join last_touches on first_orders.order_id = last_touches.order_id
    left join campaign_channels on last_touches.campaign_id = campaign_channels.campaign_id
)

select * from final
