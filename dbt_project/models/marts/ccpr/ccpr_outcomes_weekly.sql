-- CCPR outcome metrics per week and contact point x channel x method: reach, response,
-- positive outcomes, conversion and revenue following the contacts, satisfaction (CSAT,
-- NPS), cost, first-contact resolution and time to resolution. One row per week
-- (date_trunc('week', contacted_at): the Monday) and cell with at least one contact.
-- The metrics are defined once, in the macro ccpr_metrics, shared with
-- ccpr_outcomes_overall. Contacts after the observation date are not counted yet; the
-- conversion windows of the last 30 days before it are still open, so recent weeks'
-- conversions only grow.
with

contacts_followed as (
    select * from {{ ref('int_contacts_followed_by_orders') }}
),

observed_contacts as (
    select
        -- a keyword to sqlfluff, not to DuckDB: the column keeps its plain name
        cast(date_trunc('week', contacted_at) as date) as week,  -- noqa: RF04
        *
    from contacts_followed
    where contacted_at < cast({{ observation_date() }} as timestamp) + interval 1 day
),

final as (
    select
        week,
        contact_point,
        channel,
        method,
        {{ ccpr_metrics() | indent(4) }}
    from observed_contacts
    group by week, contact_point, channel, method
)

select * from final
