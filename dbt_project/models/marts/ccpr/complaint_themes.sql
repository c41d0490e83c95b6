-- What customers complain about, through which channel, month by month, and how well
-- those complaints are handled. One row per month (of contacted_at) x topic x channel
-- with at least one complaint made on or before the observation date.
--
-- Rules:
--   * topic: the ticket category / call reason of the complaint, 'unknown' when missing;
--     channel 'unknown' likewise.
--   * resolved: resolved_at on or before the observation date; hours to resolution are
--     resolved_at - contacted_at of the resolved complaints (median, 2 decimals).
--   * repeat: the customer's previous complaint (by contacted_at, ties by contact_id) was
--     made at most repeat_complaint_days before this one. Earlier months count too.
--   * share_of_month: the theme's complaints / all complaints of that month.
with

contacts as (
    select * from {{ ref('fct_contacts') }}
),

observation as (
    select {{ observation_date() }} as observation_date
),

complaints as (
    select
        contacts.contact_id,
        contacts.customer_key,
        contacts.contacted_at,
        cast(date_trunc('month', contacts.contacted_at) as date) as complaint_month,
        coalesce(contacts.topic, 'unknown') as topic,
        coalesce(contacts.channel, 'unknown') as channel,
        case
            when cast(contacts.resolved_at as date) <= observation.observation_date
                then date_diff('second', contacts.contacted_at, contacts.resolved_at) / 3600
        end as hours_to_resolution,
        lag(contacts.contacted_at) over (
            partition by contacts.customer_key
            order by contacts.contacted_at, contacts.contact_id
        ) as previous_complaint_at
    from contacts
    cross join observation
    where
        contacts.is_complaint
        and cast(contacts.contacted_at as date) <= observation.observation_date
),

themes as (
    select
        complaint_month,
        topic,
        channel,
        count(*) as complaints,
        count(distinct customer_key) as complainers,
        count(hours_to_resolution) as resolved_complaints,
        median(hours_to_resolution) as median_hours_to_resolution,
        count(*) filter (
            where previous_complaint_at
            >= contacted_at - to_days({{ var('repeat_complaint_days') }})
        ) as repeat_complaints
    from complaints
    group by complaint_month, topic, channel
),

final as (
    select
        complaint_month,
        topic,
        channel,
        complaints,
        complainers,
        resolved_complaints,
        round(resolved_complaints / complaints, 4) as resolution_rate,
        round(median_hours_to_resolution, 2) as median_hours_to_resolution,
        repeat_complaints,
        round(
            complaints / sum(complaints) over (partition by complaint_month), 4
        ) as share_of_month
    from themes
)

select * from final
