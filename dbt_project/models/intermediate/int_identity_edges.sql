-- Edges of the identity graph: two identifiers seen in the same record are linked.
-- Both directions are stored. Only usable identifiers (int_identifiers_guarded.is_usable)
-- take part: shared and unregistered identifiers create no edges.
with

occurrences as (
    select * from {{ ref('int_identifiers_unioned') }}
),

identifiers as (
    select * from {{ ref('int_identifiers_guarded') }}
),

usable_occurrences as (
    select occurrences.*
    from occurrences
    inner join identifiers on occurrences.identifier_id = identifiers.identifier_id
    where identifiers.is_usable
),

pairs as (
    select
        occurrence.identifier_id,
        linked.identifier_id as linked_identifier_id,
        occurrence.source,
        occurrence.record_id
    from usable_occurrences as occurrence
    inner join usable_occurrences as linked
        on
            occurrence.source = linked.source
            and occurrence.record_id = linked.record_id
            and occurrence.identifier_id != linked.identifier_id
),

final as (
    select
        identifier_id,
        linked_identifier_id,
        count(*) as record_count,
        list(distinct source order by source) as sources
    from pairs
    group by identifier_id, linked_identifier_id
)

select * from final
