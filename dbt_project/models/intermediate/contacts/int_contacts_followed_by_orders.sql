-- What followed each contact (fct_contacts), one row per contact:
--   * the customer's orders: the first completed order strictly after the contact
--     (next_order_at), whether one came within 7 / 30 days (boundary inclusive: an order
--     at contacted_at + 7 days converts), and the completed orders and their revenue in
--     (contacted_at, contacted_at + 30 days]. An order at the very timestamp of the
--     contact does not follow it. Returned and cancelled orders are no purchases.
--   * for service contacts, first-contact resolution: resolved, and the customer has no
--     other service contact within var('first_contact_resolution_days') after it (a
--     contact at the same timestamp is another contact too).
-- Only what is known at the end of the observation date counts: later orders and
-- contacts are ignored, and a service contact after it has no resolution flag.
--
-- Scale: contacts reach ~70M rows, so contacts are never joined with every order of
-- their customer. Orders become per-customer running totals (one step per order
-- timestamp) and each contact picks two steps with ASOF joins: the first step after
-- it, and the last step at or before its 30-day horizon. The orders up to the contact
-- are the running total before its next order, so the window's count and revenue are a
-- difference of running totals.
with

contacts as (
    select * from {{ ref('fct_contacts') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

observation as (
    -- the first instant after the observation date
    select cast({{ observation_date() }} as timestamp) + interval 1 day as observed_until
),

order_times as (
    -- completed orders sharing a timestamp are one step, so that a running total read
    -- at that timestamp includes all of them
    select
        orders.customer_key,
        orders.ordered_at,
        count(*) as order_count,
        sum(coalesce(orders.amount, 0)) as revenue
    from orders
    cross join observation
    where
        orders.status = 'completed'
        and orders.customer_key is not null
        and orders.ordered_at < observation.observed_until
    group by orders.customer_key, orders.ordered_at
),

order_steps as (
    select
        customer_key,
        ordered_at,
        order_count,
        revenue,
        sum(order_count) over (
            partition by customer_key order by ordered_at
        ) as running_orders,
        sum(revenue) over (partition by customer_key order by ordered_at) as running_revenue
    from order_times
),

contacts_ordered as (
    select
        contacts.contact_id,
        contacts.customer_key,
        contacts.contacted_at,
        next_step.ordered_at as next_order_at,
        -- running totals up to the contact: those before its next order
        next_step.running_orders - next_step.order_count as orders_before,
        next_step.running_revenue - next_step.revenue as revenue_before,
        horizon_step.running_orders as orders_by_horizon,
        horizon_step.running_revenue as revenue_by_horizon
    from contacts
    asof left join order_steps as next_step
        on
            contacts.customer_key = next_step.customer_key
            and contacts.contacted_at < next_step.ordered_at
    asof left join order_steps as horizon_step
        on
            contacts.customer_key = horizon_step.customer_key
            and contacts.contacted_at + interval 30 day >= horizon_step.ordered_at
),

service_contacts as (
    select
        contacts.contact_id,
        contacts.outcome,
        -- the contacts of the frame are this one, its ties and those within the window
        count(*) over (
            partition by contacts.customer_key
            order by contacts.contacted_at
            range between current row
            and interval {{ var('first_contact_resolution_days') }} day following
        ) - 1 as repeat_contacts
    from contacts
    cross join observation
    where contacts.is_service and contacts.contacted_at < observation.observed_until
),

final as (
    select
        contacts_ordered.contact_id,
        contacts_ordered.customer_key,
        contacts_ordered.contacted_at,
        contacts_ordered.next_order_at,
        coalesce(
            contacts_ordered.next_order_at <= contacts_ordered.contacted_at + interval 7 day,
            false
        ) as converted_7d,
        coalesce(
            contacts_ordered.next_order_at <= contacts_ordered.contacted_at + interval 30 day,
            false
        ) as converted_30d,
        -- without a next order nothing follows within 30 days either
        coalesce(
            contacts_ordered.orders_by_horizon - contacts_ordered.orders_before, 0
        ) as orders_30d,
        cast(
            coalesce(
                contacts_ordered.revenue_by_horizon - contacts_ordered.revenue_before, 0
            ) as decimal(18, 2)
        ) as revenue_30d,
        service_contacts.outcome = 'resolved'
        and service_contacts.repeat_contacts = 0 as is_first_contact_resolution
    from contacts_ordered
    left join service_contacts on contacts_ordered.contact_id = service_contacts.contact_id
)

select * from final
