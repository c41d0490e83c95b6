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
-- Every column of fct_contacts that ccpr_outcomes_weekly and ccpr_outcomes_overall
-- aggregate is carried along, so that they read this model alone.
--
-- Scale: contacts reach ~70M rows, so contacts are never joined with every order of
-- their customer, and are sorted once. What a contact gets changes only at a few instants
-- of its customer's timeline, the breakpoints: each completed order (from then on it no
-- longer follows the contact and counts before it) and 30 days before each (from then on
-- it is in the contact's 30-day horizon). Window functions over the few breakpoints give
-- the values from each breakpoint on: the orders and revenue up to it, up to its 30-day
-- horizon and the first order after it; one ASOF join hands each contact the values of
-- the last breakpoint at or before it. Only the contacts of customers with a completed
-- order go through that join: the others have nothing to follow them.
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

contacts_measured as (
    select
        contact_id,
        customer_key,
        contacted_at,
        contact_point,
        channel,
        method,
        direction,
        is_response,
        is_positive,
        is_service,
        csat,
        nps,
        cost,
        resolved_at
    from contacts
),

order_times as (
    -- completed orders sharing a timestamp are one step: a contact at that timestamp is
    -- followed by none of them
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

ordering_customers as (
    -- numbered: the ASOF join partitions and sorts by this integer, not the long key
    select
        customer_key,
        row_number() over (order by customer_key) as customer_number
    from order_times
    group by customer_key
),

breakpoint_events as (
    select
        customer_key,
        ordered_at as breakpoint_at,
        order_count,
        revenue,
        0 as horizon_order_count,
        0 as horizon_revenue
    from order_times
    union all
    select
        customer_key,
        ordered_at - interval 30 day as breakpoint_at,
        0 as order_count,
        0 as revenue,
        order_count as horizon_order_count,
        revenue as horizon_revenue
    from order_times
    union all
    -- the start of the timeline, for the contacts before every other breakpoint
    select
        customer_key,
        cast('-infinity' as timestamp) as breakpoint_at,
        0 as order_count,
        0 as revenue,
        0 as horizon_order_count,
        0 as horizon_revenue
    from ordering_customers
),

breakpoints as (
    select
        customer_key,
        breakpoint_at,
        sum(order_count) as order_count,
        sum(revenue) as revenue,
        sum(horizon_order_count) as horizon_order_count,
        sum(horizon_revenue) as horizon_revenue
    from breakpoint_events
    group by customer_key, breakpoint_at
),

-- one row per breakpoint: what a contact at or after it (and before the next one) gets
breakpoint_values as (
    select
        ordering_customers.customer_number,
        breakpoints.breakpoint_at,
        -- the first order strictly after the breakpoint (breakpoints are distinct)
        min(case when breakpoints.order_count > 0 then breakpoints.breakpoint_at end) over (
            partition by ordering_customers.customer_number
            order by breakpoints.breakpoint_at
            rows between 1 following and unbounded following
        ) as next_order_at,
        sum(breakpoints.order_count) over customer_timeline as orders_before,
        sum(breakpoints.revenue) over customer_timeline as revenue_before,
        sum(breakpoints.horizon_order_count) over customer_timeline as orders_by_horizon,
        sum(breakpoints.horizon_revenue) over customer_timeline as revenue_by_horizon
    from breakpoints
    inner join ordering_customers on breakpoints.customer_key = ordering_customers.customer_key
    window customer_timeline as (
        partition by ordering_customers.customer_number order by breakpoints.breakpoint_at
    )
),

-- filtered before the ASOF join, which sorts every row it is given
contacts_of_ordering_customers as (
    select
        contacts_measured.*,
        ordering_customers.customer_number
    from contacts_measured
    inner join ordering_customers
        on contacts_measured.customer_key = ordering_customers.customer_key
),

contacts_ordered as (
    select
        contacts_of_ordering_customers.* exclude (customer_number),  -- noqa: RF02
        breakpoint_values.next_order_at,
        breakpoint_values.orders_by_horizon - breakpoint_values.orders_before as orders_30d,
        breakpoint_values.revenue_by_horizon - breakpoint_values.revenue_before as revenue_30d
    from contacts_of_ordering_customers
    -- every customer here has a breakpoint at the start of the timeline: all contacts match
    asof inner join breakpoint_values
        on
            contacts_of_ordering_customers.customer_number = breakpoint_values.customer_number
            and contacts_of_ordering_customers.contacted_at >= breakpoint_values.breakpoint_at
),

contacts_followed as (
    select * from contacts_ordered
    union all
    select
        *,
        cast(null as timestamp) as next_order_at,
        0 as orders_30d,
        0 as revenue_30d
    from contacts_measured
    where contacts_measured.customer_key not in (
            select ordering_customers.customer_key from ordering_customers
        )
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
        contacts_followed.contact_id,
        contacts_followed.customer_key,
        contacts_followed.contacted_at,
        contacts_followed.contact_point,
        contacts_followed.channel,
        contacts_followed.method,
        contacts_followed.direction,
        contacts_followed.is_response,
        contacts_followed.is_positive,
        contacts_followed.is_service,
        contacts_followed.csat,
        contacts_followed.nps,
        contacts_followed.cost,
        contacts_followed.resolved_at,
        contacts_followed.next_order_at,
        coalesce(
            contacts_followed.next_order_at <= contacts_followed.contacted_at + interval 7 day,
            false
        ) as converted_7d,
        coalesce(
            contacts_followed.next_order_at <= contacts_followed.contacted_at + interval 30 day,
            false
        ) as converted_30d,
        contacts_followed.orders_30d,
        cast(contacts_followed.revenue_30d as decimal(18, 2)) as revenue_30d,
        service_contacts.outcome = 'resolved'
        and service_contacts.repeat_contacts = 0 as is_first_contact_resolution
    from contacts_followed
    left join service_contacts on contacts_followed.contact_id = service_contacts.contact_id
)

select * from final
