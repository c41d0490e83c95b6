-- Monthly cohort retention: customers grouped by the month of their first completed
-- order (customer_acquisitions.cohort_month), and for every month since, how many of
-- them completed an order in it. One row per cohort and month since the first order,
-- from 0 up to the observation month (partial: it counts orders up to the observation
-- date). A month in which no member ordered is a row with 0, not a gap. Month 0 is 1.0
-- by construction: every member's first order falls in it.
with

acquisitions as (
    select * from {{ ref('customer_acquisitions') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

observation as (
    select cast(date_trunc('month', {{ observation_date() }}) as date) as observation_month
),

cohorts as (
    select
        cohort_month,
        count(*) as cohort_customers
    from acquisitions
    group by cohort_month
),

-- Every month of every cohort's life so far, ordered in or not.
cohort_months as (
    select
        cohorts.cohort_month,
        cohorts.cohort_customers,
        unnest(generate_series(
            0, date_diff('month', cohorts.cohort_month, observation.observation_month)
        )) as months_since_first
    from cohorts
    cross join observation
),

-- The months each customer completed an order in (the customer_key of an anonymous
-- record has no acquisition row and drops out in the join).
active_months as (
    select distinct
        acquisitions.cohort_month,
        acquisitions.customer_key,
        date_diff(
            'month', acquisitions.cohort_month, cast(date_trunc('month', orders.ordered_at) as date)
        ) as months_since_first
    from orders
    inner join acquisitions on orders.customer_key = acquisitions.customer_key
    where
        orders.status = 'completed'
        and cast(orders.ordered_at as date) <= {{ observation_date() }}
),

actives as (
    select
        cohort_month,
        months_since_first,
        count(*) as active_customers
    from active_months
    group by cohort_month, months_since_first
),

final as (
    select
        cohort_months.cohort_month,
        cohort_months.months_since_first,
        cast(
            cohort_months.cohort_month + to_months(cohort_months.months_since_first) as date
        ) as activity_month,
        cohort_months.cohort_customers,
        coalesce(actives.active_customers, 0) as active_customers,
        round(coalesce(actives.active_customers, 0) / cohort_months.cohort_customers, 4)
            as retention_rate
    from cohort_months
    left join actives
        on
            cohort_months.cohort_month = actives.cohort_month
            and cohort_months.months_since_first = actives.months_since_first
)

select * from final
