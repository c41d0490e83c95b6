-- One row per distinct identifier, with usage statistics and the over-merge guard.
-- An identifier that is not usable links nothing: it creates no identity edge and gets
-- no customer_key. It is not usable when it is
--   * shared by anchors: in the records of its most trusted source for an anchor kind,
--     it co-occurs with more than var('max_persons_per_identifier') distinct values of
--     that kind (var('identity_anchor_kinds'): identifiers a person normally has one
--     of, such as email, crm_id, account_id; never counted against its own kind; see
--     int_identifier_anchor_links for source trust). A phone the CRM gives to two
--     crm ids is a household line; an email seen with six crm ids is junk. Seen with
--     several values overall but one in its most trusted source, it is contested:
--     usable, and only its trusted links make edges.
--   * shared by volume: for the kinds in var('max_daily_records_per_identifier'), seen on
--     more than that many records of one source on one day.
--   * unregistered: for the kinds in var('identifier_registries') (kind -> source of
--     record), never seen in that source, e.g. a loyalty card the CRM does not know
--     is a store's house card.
--   * blocklisted: listed in the seed identifier_blocklist (known placeholders and test
--     values), whatever its usage.
{%- set daily_guarded_kinds = var('max_daily_records_per_identifier').keys() | list %}
with

sets as (
    select * from {{ ref('int_identifier_sets') }}
),

occurrences as (
    {{ unnest_identifiers() }}
),

anchor_links as (
    select * from {{ ref('int_identifier_anchor_links') }}
),

blocklist as (
    select * from {{ ref('identifier_blocklist') }}
),

-- The guard's settings as tables (empty when the var is empty).
daily_limits as (
    {{ mapping_as_table(
        var('max_daily_records_per_identifier'),
        'identifier_kind', 'max_daily_records', 'bigint'
    ) }}
),

registries as (
    {{ mapping_as_table(
        var('identifier_registries'), 'identifier_kind', 'registry_source', 'varchar'
    ) }}
),

-- Per source first: counting distinct sources per identifier directly is slower. Kind
-- and value are read back from the id ('<kind>:<value>') rather than carried through
-- both aggregations.
usage_per_source as (
    select
        identifier_id,
        source,
        sum(record_count) as record_count,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at
    from occurrences
    group by identifier_id, source
),

usage_totals as (
    select
        identifier_id,
        sum(record_count) as record_count,
        count(*) as source_count,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at
    from usage_per_source
    group by identifier_id
),

usage as (
    select
        identifier_id,
        split_part(identifier_id, ':', 1) as identifier_kind,
        substr(identifier_id, strpos(identifier_id, ':') + 1) as identifier_value,
        record_count,
        source_count,
        first_seen_at,
        last_seen_at
    from usage_totals
),

anchor_cooccurrence as (
    select
        identifier_id,
        anchor_kind,
        count(*) as anchor_value_count,
        count(*) filter (where is_trusted) as trusted_value_count
    from anchor_links
    group by identifier_id, anchor_kind
),

max_anchors as (
    select
        identifier_id,
        max(anchor_value_count) as max_anchor_value_count,
        arg_max(anchor_kind, (anchor_value_count, anchor_kind)) as max_anchor_kind,
        max(trusted_value_count) as max_trusted_value_count
    from anchor_cooccurrence
    group by identifier_id
),

daily_volume as (
    select
        occurrences.identifier_id,
        occurrences.source,
        occurrences.seen_on,
        sum(occurrences.record_count) as daily_record_count
    from occurrences
    -- a literal filter, not a join to daily_limits: DuckDB would aggregate every
    -- occurrence before joining
    where occurrences.identifier_kind in {{ sql_strings(daily_guarded_kinds) }}
    group by
        occurrences.identifier_id,
        occurrences.source,
        occurrences.seen_on
),

max_daily_volume as (
    select
        identifier_id,
        max(daily_record_count) as max_daily_record_count
    from daily_volume
    group by identifier_id
),

registrations as (
    select distinct occurrences.identifier_id
    from occurrences
    inner join registries
        on
            occurrences.identifier_kind = registries.identifier_kind
            and occurrences.source = registries.registry_source
),

flagged as (
    select
        usage.*,
        max_anchors.max_anchor_kind,
        coalesce(max_anchors.max_anchor_value_count, 0) as max_anchor_value_count,
        coalesce(max_anchors.max_trusted_value_count, 0) as max_trusted_value_count,
        coalesce(max_daily_volume.max_daily_record_count, 0) as max_daily_record_count,
        coalesce(max_anchors.max_trusted_value_count, 0)
        > {{ var('max_persons_per_identifier') }} as is_shared_by_anchors,
        coalesce(max_anchors.max_anchor_value_count, 0)
        > {{ var('max_persons_per_identifier') }} as is_seen_with_several_anchors,
        coalesce(
            max_daily_volume.max_daily_record_count > daily_limits.max_daily_records, false
        ) as is_shared_by_volume,
        registries.identifier_kind is not null
        and registrations.identifier_id is null as is_unregistered,
        blocklist.reason as blocklist_reason
    from usage
    left join max_anchors on usage.identifier_id = max_anchors.identifier_id
    left join max_daily_volume on usage.identifier_id = max_daily_volume.identifier_id
    left join daily_limits on usage.identifier_kind = daily_limits.identifier_kind
    left join registries on usage.identifier_kind = registries.identifier_kind
    left join registrations on usage.identifier_id = registrations.identifier_id
    left join blocklist
        on
            usage.identifier_kind = blocklist.identifier_kind
            and usage.identifier_value = blocklist.identifier_value
),

final as (
    select
        identifier_id,
        -- a dense integer id of the graph node for the joins of label propagation;
        -- numbers one build only (not stable across builds)
        row_number() over () as node_id,
        identifier_kind,
        identifier_value,
        record_count,
        source_count,
        first_seen_at,
        last_seen_at,
        max_anchor_kind,
        max_anchor_value_count,
        max_trusted_value_count,
        max_daily_record_count,
        is_shared_by_anchors or is_shared_by_volume as is_shared,
        -- several anchor values, but one in its most trusted source: usable, and the
        -- less trusted links are refused (int_identifier_anchor_links.is_trusted)
        is_seen_with_several_anchors and not is_shared_by_anchors as is_contested,
        is_unregistered,
        blocklist_reason is not null as is_blocklisted,
        not is_shared_by_anchors
        and not is_shared_by_volume
        and not is_unregistered
        and blocklist_reason is null as is_usable,
        case
            when blocklist_reason is not null then 'blocklisted: ' || blocklist_reason
            when is_shared_by_anchors
                then
                    'shared: seen with ' || max_anchor_value_count || ' '
                    || max_anchor_kind || ' values'
            when is_shared_by_volume
                then 'shared: seen on ' || max_daily_record_count || ' records in one day'
            when is_unregistered
                then 'unregistered: never seen in its source of record'
        end as exclusion_reason
    from flagged
)

select * from final
