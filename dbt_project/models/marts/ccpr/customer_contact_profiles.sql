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
--
-- Scale: contacts reach ~70M rows, so they are never sorted per customer. The order of
-- the contacts is a struct (contacted_at, contact_id) that hash aggregates compare: one
-- pass takes the counts, the last contact (arg_max) and the latest answered outbound
-- contact; a second pass over the outbound contacts counts those after the latter.
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
        observation.observation_date - cast(contacts.contacted_at as date) as days_ago,
        -- the order of the contacts, latest greatest: contacted_at, then contact_id
        {
            'contacted_at': contacts.contacted_at, 'contact_id': contacts.contact_id
        } as recency
    from contacts
    cross join observation
    where cast(contacts.contacted_at as date) <= observation.observation_date
),

-- one pass over the contacts: the counts, the last contact and the latest answered
-- outbound contact (the end of the streak)
contact_summaries as (
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
        count(*) filter (where is_complaint) as complaints_total,
        -- a struct is never null, so a null channel, method or outcome is kept
        arg_max(
            {
                'contacted_at': contacted_at,
                'channel': channel,
                'method': method,
                'outcome': outcome
            },
            recency
        ) as last_contact,
        max(recency) filter (
            where direction = 'outbound' and is_response
        ) as last_answered_recency
    from contacts_as_of
    group by customer_key
),

-- the second pass: outbound contacts per customer and channel, with those after the
-- latest answered one (all of them when none was answered)
channel_responses as (
    select
        contacts_as_of.customer_key,
        coalesce(contacts_as_of.channel, 'unknown') as channel,
        count(*) filter (where contacts_as_of.is_response) as responses,
        count(*) filter (where contacts_as_of.is_response) / count(*) as response_rate,
        count(*) filter (
            where contact_summaries.last_answered_recency is null
            or contacts_as_of.recency > contact_summaries.last_answered_recency
        ) as unanswered_after
    from contacts_as_of
    inner join contact_summaries
        on contacts_as_of.customer_key = contact_summaries.customer_key
    where contacts_as_of.direction = 'outbound'
    group by contacts_as_of.customer_key, coalesce(contacts_as_of.channel, 'unknown')
),

streaks as (
    select
        customer_key,
        cast(sum(unanswered_after) as bigint) as unanswered_outbound_streak
    from channel_responses
    group by customer_key
),

preferred_channels as (
    select
        customer_key,
        channel as preferred_channel,
        round(response_rate, 4) as preferred_channel_response_rate
    from channel_responses
    where responses > 0
    qualify
        row_number() over (
            partition by customer_key order by response_rate desc, responses desc, channel asc
        ) = 1
),

final as (
    select
        customers.customer_key,
        coalesce(contact_summaries.contacts_last_30d, 0) as contacts_last_30d,
        coalesce(contact_summaries.contacts_last_90d, 0) as contacts_last_90d,
        coalesce(contact_summaries.outbound_contacts_last_30d, 0) as outbound_contacts_last_30d,
        coalesce(contact_summaries.outbound_contacts_last_90d, 0) as outbound_contacts_last_90d,
        contact_summaries.last_contact.contacted_at as last_contact_at,
        contact_summaries.last_contact.channel as last_contact_channel,
        contact_summaries.last_contact.method as last_contact_method,
        contact_summaries.last_contact.outcome as last_contact_outcome,
        preferred_channels.preferred_channel,
        preferred_channels.preferred_channel_response_rate,
        coalesce(streaks.unanswered_outbound_streak, 0) as unanswered_outbound_streak,
        coalesce(contact_summaries.open_complaints, 0) as open_complaints,
        coalesce(contact_summaries.complaints_total, 0) as complaints_total
    from customers
    left join contact_summaries on customers.customer_key = contact_summaries.customer_key
    left join streaks on customers.customer_key = streaks.customer_key
    left join preferred_channels on customers.customer_key = preferred_channels.customer_key
)

select * from final
