-- Every link between an identifier and an anchor (var('identity_anchor_kinds'):
-- identifiers a person has one of, such as email, crm_id, account_id) seen in the same
-- record, with the trust of the most trusted source that made it.
--
-- Source trust (var('identity_source_trust'), 1 = most trusted, unlisted sources 9)
-- settles conflicts: when an identifier is seen with several values of an anchor kind,
-- only the links of its most trusted source for that kind count (is_trusted). A phone
-- the CRM gives to one customer, typed next to another customer's email in a support
-- ticket, stays that customer's phone, and the ticket's link is refused (not an edge);
-- a phone the CRM itself gives to two customers is shared (int_identifiers_guarded).
-- A record's own key is never linked to anchors (identifier_is_key: a crm_id seen with
-- a new email in a later version of the customer is one customer, not two).
with

sets as (
    select * from {{ ref('int_identifier_sets') }}
),

-- identifier -> anchor of another kind in the same set; a record's own key links nothing
pairs as (
    {{ unnest_anchor_pairs() }}
),

source_trust as (
    {{ mapping_as_table(var('identity_source_trust'), 'source', 'trust_rank', 'integer') }}
),

links as (
    select
        pairs.identifier_id,
        pairs.linked_kind as anchor_kind,
        pairs.linked_identifier_id as anchor_identifier_id,
        pairs.linked_value as anchor_value,
        min(coalesce(source_trust.trust_rank, 9)) as trust_rank,
        sum(pairs.record_count) as record_count
    from pairs
    left join source_trust on pairs.source = source_trust.source
    group by
        pairs.identifier_id,
        pairs.linked_kind,
        pairs.linked_identifier_id,
        pairs.linked_value
),

final as (
    select
        *,
        trust_rank = min(trust_rank) over (
            partition by identifier_id, anchor_kind
        ) as is_trusted
    from links
)

select * from final
