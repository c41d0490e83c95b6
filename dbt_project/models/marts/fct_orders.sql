-- Every purchase, online or in store: one row per order, attached to a customer_key.
-- Receipts without a usable loyalty card carry an anonymous per-receipt key (see
-- int_records_keyed), so every order has a customer in dim_customers.
with

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

records_keyed as (
    select * from {{ ref('int_records_keyed') }}
),

online as (
    select
        'shop_orders' as source,
        {{ record_id('shop_orders') }} as record_id,
        -- Checkouts with an unknown device are counted as web, the shop's default.
        case device when 'app' then 'online_app' else 'online_web' end as channel,
        cast(null as varchar) as store_id,
        ordered_at,
        order_total as amount,
        discount,
        currency,
        item_count,
        coalesce(status, 'completed') as status,
        cast(null as varchar) as payment_method,
        utm_campaign as campaign_id
    from shop_orders
),

store as (
    select
        'pos_transactions' as source,
        {{ record_id('pos_transactions') }} as record_id,
        'store' as channel,
        store_id,
        transacted_at as ordered_at,
        amount,
        cast(null as decimal(12, 2)) as discount,
        -- The tills export no currency; the business trades in GBP (shop contract).
        'GBP' as currency,
        item_count,
        'completed' as status,
        payment_method,
        cast(null as varchar) as campaign_id
    from pos_transactions
),

orders as (
    select * from online
    union all
    select * from store
),

final as (
    select
        orders.source || ':' || orders.record_id as order_id,
        orders.source,
        orders.record_id,
        orders.channel,
        orders.store_id,
        orders.ordered_at,
        orders.amount,
        orders.discount,
        orders.currency,
        orders.item_count,
        orders.status,
        orders.payment_method,
        orders.campaign_id,
        records_keyed.customer_key,
        records_keyed.is_anonymous as is_anonymous_customer
    from orders
    left join records_keyed
        on
            orders.source = records_keyed.source
            and orders.record_id = records_keyed.record_id
)

select * from final
