-- Identifier -> customer_key for every usable identifier (not shared, not unregistered).
-- customer_key is the md5 of the component's smallest identifier_id ('kind:value'): it is
-- stable across runs as long as that identifier stays in the component.
with

identifiers as (
    select * from {{ ref('int_identifiers_guarded') }}
    where is_usable
),

components as (
    select * from {{ ref('int_identity_components') }}
),

final as (
    select
        identifiers.identifier_id,
        identifiers.identifier_kind,
        identifiers.identifier_value,
        md5(components.component_id) as customer_key,
        components.component_id,
        identifiers.record_count,
        identifiers.source_count,
        identifiers.first_seen_at,
        identifiers.last_seen_at
    from identifiers
    inner join components on identifiers.identifier_id = components.identifier_id
)

select * from final
