-- The customer 360: one row per customer_key (one resolved person, or one anonymous
-- record that could not be attributed), with identifiers, golden profile, activity,
-- orders and satisfaction.
--
-- Survivorship (which value wins when a customer has several):
--   * name, address, city, postcode, country, birth date: the CRM, the only source that
--     holds them (most trusted); with several CRM ids, the most recently updated one;
--   * email, phone, ids: the CRM profile's value when it is usable, else the most used
--     (most records), then the most recently seen, then the smallest;
--   * marketing consent: the CRM flag, withdrawn by any unsubscribe at the ESP after
--     that CRM version was written (the latest word wins; an ESP cannot opt anyone in).
{%- set best_kinds = ['email', 'phone', 'crm_id', 'loyalty_id', 'account_id'] %}
{#- Identifier kinds of cdp/contracts/model.py (IdentifierKind). -#}
{%- set all_kinds = [
    'crm_id', 'email', 'phone', 'loyalty_id', 'account_id',
    'device_id', 'cookie_id', 'social_handle'
] %}
with

records_keyed as (
    select * from {{ ref('int_records_keyed') }}
),

customer_keys as (
    select * from {{ ref('int_customer_keys') }}
),

crm_customers as (
    select * from {{ ref('stg_crm__customers') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

calls as (
    select * from {{ ref('stg_callcenter__calls') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

surveys as (
    select * from {{ ref('stg_surveys__responses') }}
),

email_events as (
    select * from {{ ref('stg_esp__email_events') }}
),

customers as (
    select
        customer_key,
        bool_and(is_anonymous) as is_anonymous,
        count(*) as record_count,
        min(seen_at) as first_seen_at,
        max(seen_at) as last_seen_at
    from records_keyed
    group by customer_key
),

-- The latest CRM record of each customer is its profile.
ranked_crm_records as (
    select
        records_keyed.customer_key,
        crm_customers.*,
        min(crm_customers.created_at) over (
            partition by records_keyed.customer_key
        ) as crm_first_created_at,
        row_number() over (
            partition by records_keyed.customer_key
            order by crm_customers.updated_at desc, crm_customers.crm_id asc
        ) as recency_rank
    from crm_customers
    inner join records_keyed
        on
            records_keyed.source = 'crm_customers'
            and records_keyed.record_id = {{ record_id('crm_customers', 'crm_customers') }}
),

crm_profiles as (
    select * exclude (recency_rank)
    from ranked_crm_records
    where recency_rank = 1
),

-- Best identifier of a kind: the one on the CRM profile, else the most used, then the
-- most recently seen.
ranked_identifiers as (
    select
        customer_keys.customer_key,
        customer_keys.identifier_kind,
        customer_keys.identifier_value,
        row_number() over (
            partition by customer_keys.customer_key, customer_keys.identifier_kind
            order by
                coalesce(
                    customer_keys.identifier_value = case customer_keys.identifier_kind
                        {%- for kind in best_kinds %}
                        when '{{ kind }}' then crm_profiles.{{ kind }}
                        {%- endfor %}
                    end,
                    false
                ) desc,
                customer_keys.record_count desc,
                customer_keys.last_seen_at desc,
                customer_keys.identifier_value asc
        ) as preference
    from customer_keys
    left join crm_profiles on customer_keys.customer_key = crm_profiles.customer_key
),

identifiers as (
    select
        customer_key,
        {%- for kind in best_kinds %}
        max(identifier_value) filter (
            where identifier_kind = '{{ kind }}' and preference = 1
        ) as {{ kind }},
        {%- endfor %}
        {%- for kind in all_kinds %}
        count(*) filter (where identifier_kind = '{{ kind }}') as {{ kind }}_count,
        {%- endfor %}
        count(*) filter (
            where identifier_kind not in ('cookie_id', 'device_id')
        ) as known_identifier_count
    from ranked_identifiers
    group by customer_key
),

order_metrics as (
    select
        customer_key,
        count(*) filter (where status = 'completed') as order_count,
        count(*) filter (where status = 'returned') as returned_order_count,
        count(*) filter (where status = 'cancelled') as cancelled_order_count,
        coalesce(sum(amount) filter (where status = 'completed'), 0) as revenue,
        min(ordered_at) filter (where status = 'completed') as first_order_at,
        max(ordered_at) filter (where status = 'completed') as last_order_at
    from orders
    group by customer_key
),

touchpoint_metrics as (
    select
        customer_key,
        count(*) as touchpoint_count,
        list(distinct channel order by channel) as channels,
        max(occurred_at) as last_contact_at,
        max(occurred_at) filter (where direction = 'inbound') as last_inbound_at,
        -- ties on time (an order and its checkout event) broken by touchpoint_id, so
        -- the same data always names the same last contact
        arg_max(channel, (occurred_at, touchpoint_id)) as last_contact_channel,
        arg_max(touchpoint_type, (occurred_at, touchpoint_id)) as last_contact_type,
        arg_max(outcome, (occurred_at, touchpoint_id)) as last_contact_outcome
    from touchpoints
    group by customer_key
),

-- Satisfaction measured anywhere: post-call and ticket CSAT, CSAT and NPS surveys.
satisfaction_scores as (
    select
        keyed.customer_key,
        'csat' as measure,
        calls.csat as score,
        calls.started_at as measured_at
    from calls
    {{ join_records_keyed('callcenter_calls', 'calls') }}
    where calls.csat is not null
    union all
    select
        keyed.customer_key,
        'csat' as measure,
        tickets.csat as score,
        coalesce(tickets.resolved_at, tickets.created_at) as measured_at
    from tickets
    {{ join_records_keyed('support_tickets', 'tickets') }}
    where tickets.csat is not null
    union all
    select
        keyed.customer_key,
        surveys.survey_type as measure,
        surveys.score,
        surveys.submitted_at as measured_at
    from surveys
    {{ join_records_keyed('survey_responses', 'surveys') }}
    where surveys.survey_type in ('csat', 'nps')
),

satisfaction as (
    select
        customer_key,
        cast(avg(score) filter (where measure = 'csat') as decimal(4, 2)) as average_csat,
        count(*) filter (where measure = 'csat') as csat_responses,
        arg_max(score, measured_at) filter (where measure = 'nps') as latest_nps_score
    from satisfaction_scores
    group by customer_key
),

complaints as (
    select
        keyed.customer_key,
        count(*) as complaint_count
    from tickets
    {{ join_records_keyed('support_tickets', 'tickets') }}
    where tickets.is_complaint
    group by keyed.customer_key
),

unsubscribes as (
    select
        keyed.customer_key,
        max(email_events.occurred_at) as last_unsubscribed_at
    from email_events
    {{ join_records_keyed('esp_email_events', 'email_events') }}
    where email_events.event_type = 'unsubscribe'
    group by keyed.customer_key
),

final as (
    select
        customers.customer_key,
        coalesce(identifiers.known_identifier_count, 0) > 0 as is_known,
        customers.is_anonymous,
        {%- for kind in best_kinds %}
        identifiers.{{ kind }},
        {%- endfor %}
        {%- for kind in all_kinds %}
        coalesce(identifiers.{{ kind }}_count, 0) as {{ kind }}_count,
        {%- endfor %}
        crm_profiles.first_name,
        crm_profiles.last_name,
        crm_profiles.address_line,
        crm_profiles.city,
        crm_profiles.postcode,
        crm_profiles.country,
        crm_profiles.birth_date,
        coalesce(
            crm_profiles.marketing_consent
            and (
                unsubscribes.last_unsubscribed_at is null
                or unsubscribes.last_unsubscribed_at < crm_profiles.updated_at
            ),
            false
        ) as marketing_consent,
        unsubscribes.last_unsubscribed_at,
        customers.record_count,
        -- CRM records are keyed by their latest version: their creation counts as seen.
        least(
            customers.first_seen_at,
            coalesce(crm_profiles.crm_first_created_at, customers.first_seen_at)
        ) as first_seen_at,
        customers.last_seen_at,
        coalesce(touchpoint_metrics.channels, []) as channels,
        coalesce(touchpoint_metrics.touchpoint_count, 0) as touchpoint_count,
        coalesce(order_metrics.order_count, 0) as order_count,
        coalesce(order_metrics.returned_order_count, 0) as returned_order_count,
        coalesce(order_metrics.cancelled_order_count, 0) as cancelled_order_count,
        coalesce(order_metrics.revenue, 0) as revenue,
        cast(
            order_metrics.revenue / nullif(order_metrics.order_count, 0) as decimal(12, 2)
        ) as average_order_value,
        order_metrics.first_order_at,
        order_metrics.last_order_at,
        touchpoint_metrics.last_contact_at,
        touchpoint_metrics.last_contact_channel,
        touchpoint_metrics.last_contact_type,
        touchpoint_metrics.last_contact_outcome,
        touchpoint_metrics.last_inbound_at,
        satisfaction.average_csat,
        coalesce(satisfaction.csat_responses, 0) as csat_responses,
        satisfaction.latest_nps_score,
        case
            when satisfaction.latest_nps_score >= 9 then 'promoter'
            when satisfaction.latest_nps_score >= 7 then 'passive'
            when satisfaction.latest_nps_score >= 0 then 'detractor'
        end as nps_category,
        coalesce(complaints.complaint_count, 0) as complaint_count
    from customers
    left join identifiers on customers.customer_key = identifiers.customer_key
    left join crm_profiles on customers.customer_key = crm_profiles.customer_key
    left join order_metrics on customers.customer_key = order_metrics.customer_key
    left join touchpoint_metrics on customers.customer_key = touchpoint_metrics.customer_key
    left join satisfaction on customers.customer_key = satisfaction.customer_key
    left join complaints on customers.customer_key = complaints.customer_key
    left join unsubscribes on customers.customer_key = unsubscribes.customer_key
)

select * from final
