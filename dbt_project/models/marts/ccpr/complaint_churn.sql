-- Do complainers churn more? Churn of the customers who complained against the others,
-- one row per customer_group: complainers, others, and all of them.
--
-- Rules (cutoff = observation date - churn_horizon_days, all dates calendar days):
--   * population: known customers (dim_customers, not is_anonymous) with a completed
--     order on or before the cutoff;
--   * complainers: made a complaint (fct_contacts.is_complaint) on or before the cutoff;
--   * churned: no completed order after the cutoff, up to the observation date.
-- Every group has its row; churn_rate is null for a group without customers.
with

customers as (
    select * from {{ ref('dim_customers') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

contacts as (
    select * from {{ ref('fct_contacts') }}
),

observation as (
    select
        {{ observation_date() }} as observation_date,
        {{ observation_date() }} - {{ var('churn_horizon_days') }} as cutoff_date
),

order_activity as (
    select
        orders.customer_key,
        bool_or(cast(orders.ordered_at as date) <= observation.cutoff_date) as ordered_by_cutoff,
        bool_or(
            cast(orders.ordered_at as date) > observation.cutoff_date
            and cast(orders.ordered_at as date) <= observation.observation_date
        ) as ordered_after_cutoff
    from orders
    cross join observation
    where orders.status = 'completed'
    group by orders.customer_key
),

complainers as (
    select distinct contacts.customer_key
    from contacts
    cross join observation
    where
        contacts.is_complaint
        and cast(contacts.contacted_at as date) <= observation.cutoff_date
),

population as (
    select
        customers.customer_key,
        complainers.customer_key is not null as is_complainer,
        not order_activity.ordered_after_cutoff as is_churned
    from customers
    inner join order_activity on customers.customer_key = order_activity.customer_key
    left join complainers on customers.customer_key = complainers.customer_key
    where not customers.is_anonymous and order_activity.ordered_by_cutoff
),

customer_groups as (
    select group_names.customer_group
    from (values ('complainers'), ('others'), ('all')) as group_names (customer_group)
),

group_counts as (
    select
        customer_groups.customer_group,
        count(population.customer_key) as customers,
        count(population.customer_key) filter (where population.is_churned) as churned
    from customer_groups
    left join population
        on
            customer_groups.customer_group = 'all'
            or (customer_groups.customer_group = 'complainers') = population.is_complainer
    group by customer_groups.customer_group
),

final as (
    select
        customer_group,
        customers,
        churned,
        round(churned / nullif(customers, 0), 4) as churn_rate
    from group_counts
)

select * from final
