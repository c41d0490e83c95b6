-- Edges of the identity graph: two identifiers seen in the same record are linked
-- (records are counted through their identifier sets: see int_identifier_sets).
-- Both directions are stored. Only usable identifiers (int_identifiers_guarded.is_usable)
-- take part: shared and unregistered identifiers create no edges. A contested identifier
-- (several values of an anchor kind, one in its most trusted source) keeps only its
-- trusted links to that kind: the others are refused (int_identifier_anchor_links).
with

sets as (
    select * from {{ ref('int_identifier_sets') }}
),

identifiers as (
    select * from {{ ref('int_identifiers_guarded') }}
),

anchor_links as (
    select * from {{ ref('int_identifier_anchor_links') }}
),

pairs as (
    {{ unnest_identifier_pairs() }}
),

-- links of contested identifiers outside their most trusted source, both directions
refused_links as (
    select
        anchor_links.identifier_id,
        anchor_links.anchor_identifier_id as linked_identifier_id
    from anchor_links
    inner join identifiers on anchor_links.identifier_id = identifiers.identifier_id
    where identifiers.is_contested and not anchor_links.is_trusted
),

refused_pairs as (
    select
        identifier_id,
        linked_identifier_id
    from refused_links
    union all
    select
        linked_identifier_id,
        identifier_id
    from refused_links
),

usable_pairs as (
    select
        pairs.*,
        one_end.node_id,
        other_end.node_id as linked_node_id
    from pairs
    inner join identifiers as one_end
        on pairs.identifier_id = one_end.identifier_id
    inner join identifiers as other_end
        on pairs.linked_identifier_id = other_end.identifier_id
    left join refused_pairs
        on
            pairs.identifier_id = refused_pairs.identifier_id
            and pairs.linked_identifier_id = refused_pairs.linked_identifier_id
    where
        one_end.is_usable
        and other_end.is_usable
        and refused_pairs.identifier_id is null
),

final as (
    select
        identifier_id,
        linked_identifier_id,
        any_value(node_id) as node_id,
        any_value(linked_node_id) as linked_node_id,
        -- no list of the linking sources here: a distinct aggregate doubled the model's
        -- time at 1M customers; `cdp identity explain` finds them in the sets instead
        sum(record_count) as record_count
    from usable_pairs
    group by identifier_id, linked_identifier_id
)

select * from final
