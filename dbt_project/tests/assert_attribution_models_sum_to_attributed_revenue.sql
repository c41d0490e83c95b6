-- Every attribution model shares out each attributed order exactly once. Fails with:
--   * each model whose attributed revenue differs from the total attributed revenue (the
--     amounts of the orders with at least one touch, each counted once) by more than a
--     penny (0.01): an order missing from a model, or counted twice;
--   * each order and model whose credits do not sum to 1 (tolerance 1e-9), an order that
--     a model left out included (its credits sum to 0).
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

-- listed, not read from the table: a model missing altogether must fail too
attribution_models as (
    select unnest({{ attribution_models() }}) as attribution_model
),

total_attributed_revenue as (
    select sum(order_amount) as revenue from attributed_orders
),

model_revenue as (
    select
        attribution_models.attribution_model,
        coalesce(sum(order_attributions.attributed_revenue), 0) as revenue
    from attribution_models
    left join order_attributions
        on attribution_models.attribution_model = order_attributions.attribution_model
    group by attribution_models.attribution_model
),

order_credits as (
    select
        attribution_models.attribution_model,
        attributed_orders.order_id,
        coalesce(sum(order_attributions.credit), 0) as credit
    from attribution_models
    cross join attributed_orders
    left join order_attributions
        on
            attribution_models.attribution_model = order_attributions.attribution_model
            and attributed_orders.order_id = order_attributions.order_id
    group by attribution_models.attribution_model, attributed_orders.order_id
),

revenue_mismatches as (
    select
        'model revenue != total attributed revenue' as problem,
        model_revenue.attribution_model,
        cast(null as varchar) as order_id,
        cast(total_attributed_revenue.revenue as double) as expected,
        model_revenue.revenue as actual
    from model_revenue
    cross join total_attributed_revenue
    where abs(model_revenue.revenue - total_attributed_revenue.revenue) > 0.01
),

credit_mismatches as (
    select
        'order credits do not sum to 1' as problem,
        attribution_model,
        order_id,
        1.0 as expected,
        credit as actual
    from order_credits
    where abs(credit - 1) > 1e-9
)

select * from revenue_mismatches
union all
select * from credit_mismatches
