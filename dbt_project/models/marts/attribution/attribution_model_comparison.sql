-- The five attribution models side by side, per marketing channel: how many orders
-- (fractional conversions) and how much revenue each model gives the channel, and the
-- channel's share of the total attributed revenue under each model. One row per channel
-- that received credit under any model (0 under the models that give it none).
--
-- Total attributed revenue: the amounts of the orders with at least one touch, each
-- counted once; every model shares out exactly that, so the shares of one model sum to 1.
-- It is repeated on every row (total_attributed_revenue), the denominator of the shares.
-- Conversions keep the 6 decimals of credit, revenue is rounded to pennies, shares to
-- 4 decimals.
{%- set model_names = attribution_models() %}

with

order_attributions as (
    select * from {{ ref('fct_order_attributions') }}
),

attributed_orders as (
    select distinct
        order_id,
        order_amount
    from order_attributions
),

total_attributed_revenue as (
    select sum(order_amount) as revenue from attributed_orders
),

channel_totals as (
    select
        {%- for model in model_names %}
        sum(credit) filter (where attribution_model = '{{ model }}') as conversions_{{ model }},
        sum(attributed_revenue) filter (
            where attribution_model = '{{ model }}'
        ) as revenue_{{ model }},
        {%- endfor %}
        channel
    from order_attributions
    group by channel
),

final as (
    select
        channel_totals.channel,
        {%- for model in model_names %}
        round(coalesce(channel_totals.conversions_{{ model }}, 0), 6) as conversions_{{ model }},
        {%- endfor %}
        {%- for model in model_names %}
        round(coalesce(channel_totals.revenue_{{ model }}, 0), 2) as revenue_{{ model }},
        {%- endfor %}
        {%- for model in model_names %}
        round(
            coalesce(channel_totals.revenue_{{ model }}, 0) / total_attributed_revenue.revenue, 4
        ) as share_of_revenue_{{ model }},
        {%- endfor %}
        total_attributed_revenue.revenue as total_attributed_revenue
    from channel_totals
    cross join total_attributed_revenue
)

select * from final
