-- Contacts made by campaigns, one row each, rolled up from their events:
--   * a newsletter send: the ESP events of one campaign and one recipient (sent,
--     delivered, open, click, bounce, unsubscribe); the outcome is the furthest the
--     recipient went;
--   * a push: the push events of one campaign on one device (received, opened);
--   * a campaign web session: a session whose events carry a utm campaign; its kind is
--     the utm_medium, its outcome how far the visit got (browsed, carted, checked out).
-- Each contact is anchored on one record (the send, the receipt, the landing event),
-- whose customer_key it takes in fct_contacts.
with

email_events as (
    select * from {{ ref('stg_esp__email_events') }}
),

app_events as (
    select * from {{ ref('stg_app__events') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

newsletter_sends as (
    select
        'esp_email_events' as source,
        -- the send event when the export has it, else the recipient's first event
        coalesce(
            arg_min(
                {{ record_id('esp_email_events') }}, occurred_at
            ) filter (where event_type = 'sent'),
            arg_min({{ record_id('esp_email_events') }}, occurred_at)
        ) as record_id,
        coalesce(
            min(occurred_at) filter (where event_type = 'sent'), min(occurred_at)
        ) as contacted_at,
        'newsletter' as contact_type,
        'outbound' as direction,
        campaign_id,
        case
            when bool_or(event_type = 'unsubscribe') then 'unsubscribed'
            when bool_or(event_type = 'click') then 'clicked'
            when bool_or(event_type = 'open') then 'opened'
            when bool_or(event_type = 'bounce') then 'bounced'
            when bool_or(event_type = 'delivered') then 'delivered'
            else 'sent'
        end as source_outcome
    from email_events
    -- an unreadable address cannot be grouped with its other events: a contact alone
    group by campaign_id, coalesce(email, 'event:' || event_id)
),

pushes as (
    select
        'app_events' as source,
        coalesce(
            arg_min(
                {{ record_id('app_events') }}, occurred_at
            ) filter (where event_type = 'push_received'),
            arg_min({{ record_id('app_events') }}, occurred_at)
        ) as record_id,
        min(occurred_at) as contacted_at,
        'push' as contact_type,
        'outbound' as direction,
        campaign_id,
        case when bool_or(event_type = 'push_open') then 'opened' else 'received' end
            as source_outcome
    from app_events
    where event_type in ('push_received', 'push_open') and campaign_id is not null
    group by campaign_id, device_id
),

web_sessions as (
    select
        -- events without a session id: one session per cookie and day
        coalesce(session_id, cookie_id || ':' || cast(occurred_at as date)) as session_key,
        {{ record_id('web_events') }} as record_id,
        occurred_at,
        event_type,
        utm_medium,
        utm_campaign
    from web_events
),

campaign_sessions as (
    select
        'web_events' as source,
        arg_min(record_id, occurred_at) filter (where utm_campaign is not null) as record_id,
        min(occurred_at) as contacted_at,
        coalesce(
            arg_min(utm_medium, occurred_at) filter (where utm_campaign is not null),
            'unknown'
        ) as contact_type,
        'inbound' as direction,
        arg_min(utm_campaign, occurred_at) filter (where utm_campaign is not null)
            as campaign_id,
        case
            when bool_or(event_type = 'checkout') then 'checked_out'
            when bool_or(event_type = 'add_to_cart') then 'carted'
            else 'browsed'
        end as source_outcome
    from web_sessions
    group by session_key
    having bool_or(utm_campaign is not null)
),

final as (
    select * from newsletter_sends
    union all
    select * from pushes
    union all
    select * from campaign_sessions
)

select * from final
