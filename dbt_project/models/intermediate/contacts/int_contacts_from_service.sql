-- Contacts people have one by one, one row per source record: calls, help-desk tickets,
-- social interactions, survey responses and store visits, with what each says about
-- satisfaction (CSAT 1-5, NPS 0-10, sentiment -1..1) and, for service, resolution.
-- source_outcome is the source's own word for the outcome, mapped to the CCPR vocabulary
-- by the seed ccpr_outcomes in fct_contacts.
with

calls as (
    select * from {{ ref('stg_callcenter__calls') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

social_interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

survey_responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

call_contacts as (
    select
        'callcenter_calls' as source,
        {{ record_id('callcenter_calls') }} as record_id,
        started_at as contacted_at,
        'call' as contact_type,
        coalesce(direction, 'inbound') as direction,
        coalesce(outcome, 'unknown') as source_outcome,
        coalesce(outcome = 'complaint' or reason = 'complaint', false) as is_complaint,
        reason as topic,
        csat,
        cast(null as integer) as nps,
        cast(null as double) as sentiment,
        case
            when outcome in ('resolved', 'sale')
                then started_at + to_seconds(coalesce(duration_seconds, 0))
        end as resolved_at
    from calls
),

ticket_contacts as (
    select
        'support_tickets' as source,
        {{ record_id('support_tickets') }} as record_id,
        created_at as contacted_at,
        coalesce(channel, 'unknown') as contact_type,
        'inbound' as direction,
        coalesce(status, 'unknown') as source_outcome,
        coalesce(is_complaint, false) as is_complaint,
        category as topic,
        csat,
        cast(null as integer) as nps,
        cast(null as double) as sentiment,
        resolved_at
    from tickets
),

social_followed as (
    select
        *,
        -- the next interaction of the same handle, to tell whether a brand reply was answered
        lead(occurred_at) over (partition by handle order by occurred_at) as next_at,
        lead(direction) over (partition by handle order by occurred_at) as next_direction
    from social_interactions
),

social_contacts as (
    select
        'social_interactions' as source,
        {{ record_id('social_interactions') }} as record_id,
        occurred_at as contacted_at,
        coalesce(interaction_type, 'unknown') as contact_type,
        coalesce(direction, 'inbound') as direction,
        case
            when direction = 'outbound' and next_direction = 'inbound'
                and next_at <= occurred_at + to_days({{ var('social_answer_days') }})
                then 'answered'
            when direction = 'outbound' then 'unanswered'
            when sentiment is null then 'unscored'
            when sentiment <= -{{ var('social_sentiment_band') }} then 'negative'
            when sentiment >= {{ var('social_sentiment_band') }} then 'positive'
            else 'neutral'
        end as source_outcome,
        false as is_complaint,
        topic,
        cast(null as integer) as csat,
        cast(null as integer) as nps,
        sentiment,
        cast(null as timestamp) as resolved_at
    from social_followed
),

survey_contacts as (
    select
        'survey_responses' as source,
        {{ record_id('survey_responses') }} as record_id,
        submitted_at as contacted_at,
        survey_type as contact_type,
        'inbound' as direction,
        -- NPS bands: macros/satisfaction.sql; CSAT: 4-5 satisfied, 1-2 not
        case
            when survey_type = 'nps' and {{ is_nps_promoter('score') }} then 'nps_promoter'
            when survey_type = 'nps' and {{ is_nps_detractor('score') }} then 'nps_detractor'
            when survey_type = 'nps' then 'nps_passive'
            when score >= 4 then 'csat_satisfied'
            when score = 3 then 'csat_neutral'
            else 'csat_dissatisfied'
        end as source_outcome,
        false as is_complaint,
        touchpoint as topic,
        case when survey_type = 'csat' then score end as csat,
        case when survey_type = 'nps' then score end as nps,
        cast(null as double) as sentiment,
        cast(null as timestamp) as resolved_at
    from survey_responses
),

store_visits as (
    select
        'pos_transactions' as source,
        {{ record_id('pos_transactions') }} as record_id,
        transacted_at as contacted_at,
        'store_visit' as contact_type,
        'inbound' as direction,
        'purchase' as source_outcome,
        false as is_complaint,
        store_id as topic,
        cast(null as integer) as csat,
        cast(null as integer) as nps,
        cast(null as double) as sentiment,
        cast(null as timestamp) as resolved_at
    from pos_transactions
),

final as (
    select * from call_contacts
    union all
    select * from ticket_contacts
    union all
    select * from social_contacts
    union all
    select * from survey_contacts
    union all
    select * from store_visits
)

select * from final
