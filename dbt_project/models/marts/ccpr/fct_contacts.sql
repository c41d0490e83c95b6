-- Every contact between the brand and a customer, from every source, described in the
-- CCPR vocabulary: contact point (where), channel (which system), method (how), outcome
-- (what it led to) and satisfaction. One row per contact; the rules that make events
-- into contacts are in int_contacts_from_campaigns and int_contacts_from_service, the
-- mapping of each source's kinds and outcomes to CCPR in the seeds ccpr_contact_types and
-- ccpr_outcomes. A kind or outcome missing from the seeds leaves its CCPR columns null,
-- and the test assert_every_contact_maps_to_ccpr names it.
--
-- cost: a campaign's whole marketing spend shared equally among the contacts it paid for:
-- its outbound contacts when it has any (newsletter sends; the sessions landing from a
-- newsletter link follow a send and cost nothing more), else its inbound ones (the
-- landing sessions of a paid flight, whose impressions we do not see). Null where
-- nothing is spent (service, pushes, store visits, organic visits).
with

campaign_contacts as (
    select * from {{ ref('int_contacts_from_campaigns') }}
),

service_contacts as (
    select * from {{ ref('int_contacts_from_service') }}
),

records_keyed as (
    select * from {{ ref('int_records_keyed') }}
),

contact_types as (
    select * from {{ ref('ccpr_contact_types') }}
),

outcomes as (
    select * from {{ ref('ccpr_outcomes') }}
),

spends as (
    select * from {{ ref('stg_marketing__spends') }}
),

contacts as (
    select
        *,
        false as is_complaint,
        cast(null as varchar) as topic,
        cast(null as integer) as csat,
        cast(null as integer) as nps,
        cast(null as double) as sentiment,
        cast(null as timestamp) as resolved_at
    from campaign_contacts
    union all
    select
        source,
        record_id,
        contacted_at,
        contact_type,
        direction,
        cast(null as varchar) as campaign_id,
        source_outcome,
        is_complaint,
        topic,
        csat,
        nps,
        sentiment,
        resolved_at
    from service_contacts
),

campaign_spend as (
    select
        campaign_id,
        sum(spend) as spend
    from spends
    group by campaign_id
),

campaign_reach as (
    select
        campaign_id,
        count(*) filter (where direction = 'outbound') as outbound_count,
        count(*) filter (where direction = 'inbound') as inbound_count
    from contacts
    where campaign_id is not null
    group by campaign_id
),

final as (
    select
        contacts.source || ':' || contacts.record_id as contact_id,
        contacts.source,
        contacts.record_id,
        records_keyed.customer_key,
        contacts.contacted_at,
        contacts.contact_type,
        contact_types.contact_point,
        contact_types.channel,
        contact_types.method,
        contacts.direction,
        contacts.campaign_id,
        contacts.source_outcome,
        outcomes.outcome,
        outcomes.is_response,
        outcomes.is_positive,
        contact_types.is_marketing,
        contact_types.is_service,
        contacts.is_complaint,
        contacts.topic,
        contacts.csat,
        contacts.nps,
        contacts.sentiment,
        contacts.resolved_at,
        cast(
            case
                when campaign_reach.outbound_count > 0 and contacts.direction = 'outbound'
                    then campaign_spend.spend / campaign_reach.outbound_count
                when campaign_reach.outbound_count = 0
                    then campaign_spend.spend / campaign_reach.inbound_count
            end as decimal(12, 4)
        ) as cost
    from contacts
    left join records_keyed
        on
            contacts.source = records_keyed.source
            and contacts.record_id = records_keyed.record_id
    left join contact_types
        on
            contacts.source = contact_types.source
            and contacts.contact_type = contact_types.contact_type
    left join outcomes
        on
            contacts.source = outcomes.source
            and contacts.source_outcome = outcomes.source_outcome
    left join campaign_spend on contacts.campaign_id = campaign_spend.campaign_id
    left join campaign_reach on contacts.campaign_id = campaign_reach.campaign_id
)

select * from final
