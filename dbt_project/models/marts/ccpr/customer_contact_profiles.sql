-- The contact profile of every customer as of the observation date: contact pressure,
-- the last contact, the channel the customer answers best, fatigue and complaints. One
-- row per dim_customers.customer_key; a customer never contacted has zeros and nulls.
-- Contacts after the observation date are ignored, so the profile describes that day.
--
-- Rules:
--   * windows: inclusive, exactly 30 / 90 calendar days ending on the observation date
--     ("last 30 days" = contacted on observation_date - 29 .. observation_date).
--   * the last contact: the latest contacted_at; ties go to the greater contact_id, so
--     the profile is the same on every run.
--   * preferred_channel: among the customer's outbound contacts, the channel with the best
--     response rate (is_response); ties go to more responses, then the channel name. Null
--     when the customer never responded to an outbound contact.
--   * unanswered_outbound_streak: the latest outbound contacts without a response,
--     counted back from the latest one until one with a response (fatigue); all of them
--     when none was answered. Same order and ties as the last contact.
--   * open complaint: a complaint without resolved_at whose outcome is not a closed state.
--     Closed: resolved, and unresolved (a ticket closed without resolution). Escalated,
--     pending, callback_scheduled, complaint and unknown complaints are still open.
with

customers as (
    select * from {{ ref('dim_customers') }}
),

contacts as (
    select * from {{ ref('fct_contacts') }}
),

observation as (
    select {{ observation_date() }} as observation_date
),

contacts_as_of as (
    select
        contacts.contact_id,
        contacts.customer_key,
        contacts.contacted_at,
        contacts.channel,
        contacts.method,
        contacts.direction,
        contacts.outcome,
        contacts.is_complaint,
        contacts.resolved_at,
        coalesce(contacts.is_response, false) as is_response,
        -- days before the observation date: 0 is the observation date itself
        observation.observation_date - cast(contacts.contacted_at as date) as days_ago
    from contacts
    cross join observation
    where cast(contacts.contacted_at as date) <= observation.observation_date
),

contact_counts as (
    select
        customer_key,
        count(*) filter (where days_ago < 30) as contacts_last_30d,
        count(*) filter (where days_ago < 90) as contacts_last_90d,
        count(*) filter (
            where direction = 'outbound' and days_ago < 30
        ) as outbound_contacts_last_30d,
        count(*) filter (
            where direction = 'outbound' and days_ago < 90
        ) as outbound_contacts_last_90d,
        count(*) filter (
            where is_complaint
            and resolved_at is null
            and coalesce(outcome, 'unknown') not in ('resolved', 'unresolved')
        ) as open_complaints,
        count(*) filter (where is_complaint) as complaints_total
    from contacts_as_of
    group by customer_key
),

last_contacts as (
    select
        customer_key,
        contacted_at as last_contact_at,
        channel as last_contact_channel,
        method as last_contact_method,
        outcome as last_contact_outcome
    from contacts_as_of
    qualify
        row_number() over (
            partition by customer_key order by contacted_at desc, contact_id desc
        ) = 1
),

outbound_contacts as (
    select
        customer_key,
        coalesce(channel, 'unknown') as channel,
        is_response,
        row_number() over (
            partition by customer_key order by contacted_at desc, contact_id desc
        ) as recency_rank
    from contacts_as_of
    where direction = 'outbound'
),

-- the rank of the latest answered contact less one is the streak in front of it
streaks as (
    select
        customer_key,
        coalesce(
            min(recency_rank) filter (where is_response), count(*) + 1
        ) - 1 as unanswered_outbound_streak
    from outbound_contacts
    group by customer_key
),

channel_responses as (
    select
        customer_key,
        channel,
        count(*) filter (where is_response) as responses,
        count(*) filter (where is_response) / count(*) as response_rate
    from outbound_contacts
    group by customer_key, channel
    having count(*) filter (where is_response) > 0
),

preferred_channels as (
    select
        customer_key,
        channel as preferred_channel,
        round(response_rate, 4) as preferred_channel_response_rate
    from channel_responses
    qualify
        row_number() over (
            partition by customer_key order by response_rate desc, responses desc, channel asc
        ) = 1
),

final as (
    select
        customers.customer_key,
        coalesce(contact_counts.contacts_last_30d, 0) as contacts_last_30d,
        coalesce(contact_counts.contacts_last_90d, 0) as contacts_last_90d,
        coalesce(contact_counts.outbound_contacts_last_30d, 0) as outbound_contacts_last_30d,
        coalesce(contact_counts.outbound_contacts_last_90d, 0) as outbound_contacts_last_90d,
        last_contacts.last_contact_at,
        last_contacts.last_contact_channel,
        last_contacts.last_contact_method,
        last_contacts.last_contact_outcome,
        preferred_channels.preferred_channel,
        preferred_channels.preferred_channel_response_rate,
        coalesce(streaks.unanswered_outbound_streak, 0) as unanswered_outbound_streak,
        coalesce(contact_counts.open_complaints, 0) as open_complaints,
        coalesce(contact_counts.complaints_total, 0) as complaints_total
    from customers
    left join contact_counts on customers.customer_key = contact_counts.customer_key
    left join last_contacts on customers.customer_key = last_contacts.customer_key
    left join streaks on customers.customer_key = streaks.customer_key
    left join preferred_channels on customers.customer_key = preferred_channels.customer_key
)

select * from final
