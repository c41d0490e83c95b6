-- fct_orders holds exactly the staged online orders and store receipts, no more, no less.
{{ config(meta={'dagster': {'ref': {'name': 'fct_orders'}}}) }}
with

expected as (
    select count(*) as order_count from {{ ref('stg_shop__orders') }}
    union all
    select count(*) as order_count from {{ ref('stg_pos__transactions') }}
),

expected_total as (
    select sum(order_count) as order_count from expected
),

actual_total as (
    select count(*) as order_count from {{ ref('fct_orders') }}
)

select
    expected_total.order_count as expected_orders,
    actual_total.order_count as actual_orders
from expected_total
cross join actual_total
where expected_total.order_count != actual_total.order_count
