-- Edges of the identity graph: two identifiers seen in the same record are linked
-- (records are counted through their identifier sets: see int_identifier_sets).
-- Both directions are stored. Only usable identifiers (int_identifiers_guarded.is_usable)
-- take part: shared and unregistered identifiers create no edges.
with

sets as (
    select * from {{ ref('int_identifier_sets') }}
),

identifiers as (
    select * from {{ ref('int_identifiers_guarded') }}
),

pairs as (
    {{ unnest_identifier_pairs() }}
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
    where one_end.is_usable and other_end.is_usable
),

final as (
    select
        identifier_id,
        linked_identifier_id,
        any_value(node_id) as node_id,
        any_value(linked_node_id) as linked_node_id,
        sum(record_count) as record_count,
        list(distinct source order by source) as sources
    from usable_pairs
    group by identifier_id, linked_identifier_id
)

select * from final
