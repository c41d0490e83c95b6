-- CCPR outcome metrics over all contacts up to the observation date, per contact point x
-- channel x method: reach, response, positive outcomes, conversion and revenue following
-- the contacts, satisfaction (CSAT, NPS), cost, first-contact resolution and time to
-- resolution. One row per cell with at least one contact. The metrics are defined once,
-- in the macro ccpr_metrics, shared with ccpr_outcomes_weekly (whose weeks do not add up
-- to these rows for distinct customers, medians and rates: they are computed again).
with

contacts_followed as (
    select * from {{ ref('int_contacts_followed_by_orders') }}
),

observed_contacts as (
    select *
    from contacts_followed
    where contacted_at < cast({{ observation_date() }} as timestamp) + interval 1 day
),

final as (
    select
        contact_point,
        channel,
        method,
        {{ ccpr_metrics() | indent(4) }}
    from observed_contacts
    group by contact_point, channel, method
)

select * from final
