-- Attributed conversions and revenue per attribution model, marketing channel and
-- campaign: fct_order_attributions summed. One row per attribution_model, channel and
-- campaign_id that received credit.
--   orders_touched: distinct orders the channel's campaign touched (and got credit for);
--   attributed_conversions: the sum of its credits, i.e. fractional orders (6 decimals,
--     the precision of credit);
--   attributed_revenue: the sum of its attributed revenue, rounded to pennies;
--   touches: the credited touches (rows of fct_order_attributions).
with

order_attributions as (
    select * from {{ ref('fct_order_attributions') }}
),

final as (
    select
        attribution_model,
        channel,
        campaign_id,
        count(distinct order_id) as orders_touched,
        round(sum(credit), 6) as attributed_conversions,
        round(sum(attributed_revenue), 2) as attributed_revenue,
        count(*) as touches
    from order_attributions
    group by attribution_model, channel, campaign_id
)

select * from final
