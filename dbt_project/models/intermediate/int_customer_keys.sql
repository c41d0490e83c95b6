-- Identifier -> customer_key for every usable identifier (not shared, not unregistered).
-- customer_key comes from identity.customer_keys, which the pipeline keeps stable across
-- runs (models/identity/keys.py): a component keeps the key its identifiers had before.
with

identifiers as (
    select * from {{ ref('int_identifiers_guarded') }}
    where is_usable
),

stable_keys as (
    select * from {{ source('identity', 'customer_keys') }}
),

final as (
    select
        identifiers.identifier_id,
        identifiers.identifier_kind,
        identifiers.identifier_value,
        stable_keys.customer_key,
        stable_keys.component_id,
        identifiers.record_count,
        identifiers.source_count,
        identifiers.first_seen_at,
        identifiers.last_seen_at
    from identifiers
    inner join stable_keys on identifiers.identifier_id = stable_keys.identifier_id
)

select * from final
