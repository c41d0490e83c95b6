-- Every timestamped interaction of a person with the brand, from every person-level
-- source: web and app events, email events, calls, tickets, social, surveys and orders.
-- One row per source record. CRM profile updates are not touchpoints.
with

web_events as (
    select * from {{ ref('stg_web__events') }}
),

app_events as (
    select * from {{ ref('stg_app__events') }}
),

email_events as (
    select * from {{ ref('stg_esp__email_events') }}
),

calls as (
    select * from {{ ref('stg_callcenter__calls') }}
),

social_interactions as (
    select * from {{ ref('stg_social__interactions') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

survey_responses as (
    select * from {{ ref('stg_surveys__responses') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

records_keyed as (
    select * from {{ ref('int_records_keyed') }}
),

web_touchpoints as (
    select
        'web_events' as source,
        {{ record_id('web_events') }} as record_id,
        'web' as channel,
        coalesce(event_type, 'unknown') as touchpoint_type,
        'inbound' as direction,
        occurred_at,
        utm_campaign as campaign_id,
        cast(null as varchar) as outcome
    from web_events
),

app_touchpoints as (
    select
        'app_events' as source,
        {{ record_id('app_events') }} as record_id,
        'app' as channel,
        coalesce(event_type, 'unknown') as touchpoint_type,
        case when event_type = 'push_received' then 'outbound' else 'inbound' end as direction,
        occurred_at,
        campaign_id,
        cast(null as varchar) as outcome
    from app_events
),

email_touchpoints as (
    select
        'esp_email_events' as source,
        {{ record_id('esp_email_events') }} as record_id,
        'email' as channel,
        coalesce(event_type, 'unknown') as touchpoint_type,
        -- sends, deliveries and bounces are the brand's doing; the rest the reader's
        case
            when event_type in ('sent', 'delivered', 'bounce') then 'outbound' else 'inbound'
        end as direction,
        occurred_at,
        campaign_id,
        cast(null as varchar) as outcome
    from email_events
),

call_touchpoints as (
    select
        'callcenter_calls' as source,
        {{ record_id('callcenter_calls') }} as record_id,
        'call_centre' as channel,
        'call' as touchpoint_type,
        direction,
        started_at as occurred_at,
        cast(null as varchar) as campaign_id,
        outcome
    from calls
),

social_touchpoints as (
    select
        'social_interactions' as source,
        {{ record_id('social_interactions') }} as record_id,
        'social' as channel,
        coalesce(interaction_type, 'unknown') as touchpoint_type,
        direction,
        occurred_at,
        cast(null as varchar) as campaign_id,
        cast(null as varchar) as outcome
    from social_interactions
),

support_touchpoints as (
    select
        'support_tickets' as source,
        {{ record_id('support_tickets') }} as record_id,
        'support' as channel,
        case when is_complaint then 'complaint' else 'ticket' end as touchpoint_type,
        'inbound' as direction,
        created_at as occurred_at,
        cast(null as varchar) as campaign_id,
        status as outcome
    from tickets
),

survey_touchpoints as (
    select
        'survey_responses' as source,
        {{ record_id('survey_responses') }} as record_id,
        'survey' as channel,
        coalesce(survey_type, 'unknown') || '_response' as touchpoint_type,
        'inbound' as direction,
        submitted_at as occurred_at,
        cast(null as varchar) as campaign_id,
        cast(null as varchar) as outcome
    from survey_responses
),

order_touchpoints as (
    select
        source,
        record_id,
        channel,
        'order' as touchpoint_type,
        'inbound' as direction,
        ordered_at as occurred_at,
        campaign_id,
        status as outcome
    from orders
),

touchpoints as (
    select * from web_touchpoints
    union all
    select * from app_touchpoints
    union all
    select * from email_touchpoints
    union all
    select * from call_touchpoints
    union all
    select * from social_touchpoints
    union all
    select * from support_touchpoints
    union all
    select * from survey_touchpoints
    union all
    select * from order_touchpoints
),

final as (
    select
        touchpoints.source || ':' || touchpoints.record_id as touchpoint_id,
        touchpoints.source,
        touchpoints.record_id,
        touchpoints.channel,
        touchpoints.touchpoint_type,
        touchpoints.direction,
        touchpoints.occurred_at,
        records_keyed.customer_key,
        touchpoints.campaign_id,
        touchpoints.outcome
    from touchpoints
    left join records_keyed
        on
            touchpoints.source = records_keyed.source
            and touchpoints.record_id = records_keyed.record_id
)

select * from final
