-- Multi-touch attribution: the credit for each completed order shared among the marketing
-- contacts that preceded it, under five attribution models. One row per order, touch and
-- attribution model, for the touches the model gives credit to (credit > 0).
--
-- Rules:
--   * orders: fct_orders with status = 'completed' (returns and cancellations are not
--     purchases);
--   * touches of an order: fct_contacts of the same customer_key that are marketing
--     (is_marketing: newsletter sends, pushes, campaign web sessions) and that the
--     customer engaged with (is_response: opened or clicked, pushes opened, sessions),
--     with contacted_at in [ordered_at - var('attribution_lookback_days') days,
--     ordered_at): the boundary is inclusive, the order's own instant excluded;
--   * an order without a touch is organic (or a store sale) and absent from the table;
--   * touch_position: 1 = earliest, ties broken by contacted_at then contact_id;
--   * first_touch / last_touch: all the credit to position 1 / touch_count;
--     linear: 1 / touch_count each;
--     time_decay: weight 2^(-days before the order / var('attribution_half_life_days')),
--     in fractional days, normalised per order;
--     position_based (U-shaped): 1 touch gets 1, 2 touches 0.5 each, from 3 touches the
--     first and the last get var('attribution_position_end_share') each and the ones
--     between share the rest equally.
--   * credit is rounded to 6 decimals, and the rounding remainder goes to the order's
--     latest touch, so that the credits of an order still sum to exactly 1 (e.g. linear
--     over 3: 0.333333, 0.333333, 0.333334). attributed_revenue = credit x order_amount,
--     computed in decimals so it is exact too.
with

orders as (
    select * from {{ ref('fct_orders') }}
),

contacts as (
    select * from {{ ref('fct_contacts') }}
),

completed_orders as (
    select
        order_id,
        customer_key,
        ordered_at,
        amount as order_amount,
        ordered_at - to_days({{ var('attribution_lookback_days') }}) as lookback_starts_at
    from orders
    where status = 'completed'
),

engaged_marketing_contacts as (
    select
        contact_id,
        customer_key,
        contacted_at,
        channel,
        campaign_id,
        contact_point,
        method
    from contacts
    where is_marketing and is_response
),

touches as (
    select
        completed_orders.order_id,
        completed_orders.customer_key,
        completed_orders.ordered_at,
        completed_orders.order_amount,
        engaged_marketing_contacts.contact_id,
        engaged_marketing_contacts.contacted_at,
        engaged_marketing_contacts.channel,
        engaged_marketing_contacts.campaign_id,
        engaged_marketing_contacts.contact_point,
        engaged_marketing_contacts.method,
        row_number() over (
            partition by completed_orders.order_id
            order by engaged_marketing_contacts.contacted_at, engaged_marketing_contacts.contact_id
        ) as touch_position,
        count(*) over (partition by completed_orders.order_id) as touch_count,
        date_diff(
            'second', engaged_marketing_contacts.contacted_at, completed_orders.ordered_at
        ) / 86400.0 as days_before_order
    from completed_orders
    inner join engaged_marketing_contacts
        on
            completed_orders.customer_key = engaged_marketing_contacts.customer_key
            -- contacted_at in [lookback start, ordered_at): the order's own instant is out
            and completed_orders.lookback_starts_at <= engaged_marketing_contacts.contacted_at
            and completed_orders.ordered_at > engaged_marketing_contacts.contacted_at
),

decay_weighted as (
    select
        *,
        pow(2.0, -days_before_order / {{ var('attribution_half_life_days') }}) as decay_weight
    from touches
),

-- the exact share of each touch under every model, one column per model
shares as (
    select
        * exclude (decay_weight),
        case when touch_position = 1 then 1.0 else 0.0 end as first_touch,
        case when touch_position = touch_count then 1.0 else 0.0 end as last_touch,
        1.0 / touch_count as linear,
        decay_weight / sum(decay_weight) over (partition by order_id) as time_decay,
        case
            when touch_count = 1 then 1.0
            when touch_count = 2 then 0.5
            when touch_position in (1, touch_count)
                then {{ var('attribution_position_end_share') }}
            else (1 - 2 * {{ var('attribution_position_end_share') }}) / (touch_count - 2)
        end as position_based
    from decay_weighted
),

model_shares as (
    unpivot shares
    on {{ attribution_models() | join(', ') }}
    into name attribution_model value share
),

rounded_shares as (
    select
        *,
        cast(round(share, 6) as decimal(18, 6)) as rounded_share
    from model_shares
),

credited as (
    select
        *,
        -- the latest touch takes what rounding left over: the credits sum to exactly 1
        case
            when touch_position = touch_count
                then rounded_share
                    + 1 - sum(rounded_share) over (partition by order_id, attribution_model)
            else rounded_share
        end as credit_decimal
    from rounded_shares
),

final as (
    select
        order_id,
        customer_key,
        ordered_at,
        order_amount,
        contact_id,
        contacted_at,
        channel,
        campaign_id,
        contact_point,
        method,
        touch_position,
        touch_count,
        attribution_model,
        cast(credit_decimal as double) as credit,
        cast(credit_decimal * order_amount as double) as attributed_revenue
    from credited
    where credit_decimal > 0
)

select * from final
