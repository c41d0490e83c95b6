{#-
    Identity helpers driven by the source contracts.

    The identifier map is declared once, in cdp/contracts, and reaches dbt as the `meta`
    of each table of source `raw` (models/staging/_sources.yml, generated):
      primary_key      columns that identify a record
      timestamp_column when the record happened
      staging_model    the staging model that cleans it
      identity_model   the staging model at the source's own grain, one row per record,
                       which identity reads (the staging model, or the CRM's versions);
                       identifier columns keep their contract names there, normalised
      identifiers      {column: identifier kind}

    `graph` is only populated at execution time, so dbt cannot see at parse time which
    staging models these macros ref(): a model that calls them must also declare each
    staging model with a `-- depends_on: {{ ref('...') }}` comment. When one is missing
    (a new source), compilation fails naming it.
-#}

{#- The raw source tables that carry at least one identifier, sorted by name. -#}
{% macro identity_sources() -%}
    {%- set found = [] -%}
    {%- if execute -%}
        {%- for node in graph.sources.values() | sort(attribute='name') -%}
            {%- if node.source_name == 'raw' and node.meta.get('identifiers') -%}
                {%- do found.append(node) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(found) }}
{%- endmacro %}

{#- The meta of one raw source table (execution time only; {} while parsing). -#}
{% macro raw_source_meta(source_name) -%}
    {%- if execute -%}
        {%- for node in graph.sources.values() -%}
            {%- if node.source_name == 'raw' and node.name == source_name -%}
                {{ return(node.meta) }}
            {%- endif -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error("no raw source table named '" ~ source_name ~ "'") }}
    {%- endif -%}
    {{ return({}) }}
{%- endmacro %}

{#-
    record_id of a source's records: its primary key values, cast to text and joined
    with '|'. `relation` optionally qualifies the columns (a CTE alias).
-#}
{% macro record_id(source_name, relation=none) -%}
    {%- set parts = [] -%}
    {%- for column in raw_source_primary_key(source_name) -%}
        {%- do parts.append(
            'cast(' ~ ((relation ~ '.') if relation else '') ~ column ~ ' as varchar)'
        ) -%}
    {%- endfor -%}
    {%- if parts | length == 1 -%}
        {{ parts[0] }}
    {%- else -%}
        concat_ws('|', {{ parts | join(', ') }})
    {%- endif -%}
{%- endmacro %}

{#-
    ref() to a source's identity model (meta.identity_model), with a clear error when
    it was not declared.
-#}
{% macro identity_staging_ref(source_node) -%}
    {%- set identity_model = source_node.meta.identity_model -%}
    {%- set unique_id = 'model.' ~ project_name ~ '.' ~ identity_model -%}
    {%- if unique_id not in model.depends_on.nodes -%}
        {%- set hint = "-- depends_on: {{ ref('" ~ identity_model ~ "') }}" -%}
        {{ exceptions.raise_compiler_error(
            "source raw." ~ source_node.name ~ " declares identifiers: add `"
            ~ hint ~ "` to model " ~ model.name
        ) }}
    {%- endif -%}
    {{ return(ref(identity_model)) }}
{%- endmacro %}

{#- Whether a source carries an identifier kind under the daily volume guard. -#}
{% macro has_daily_guarded_kind(source_node) -%}
    {%- set guarded = var('max_daily_records_per_identifier').keys() | list -%}
    {%- for kind in source_node.meta.identifiers.values() -%}
        {%- if kind in guarded -%}{{ return(true) }}{%- endif -%}
    {%- endfor -%}
    {{ return(false) }}
{%- endmacro %}

{#-
    One row per identifier set: the distinct combinations of identifier values that the
    records of a source carry, with how many records carry each and when:
    (source, seen_on, record_count, first_seen_at, last_seen_at, identifiers), where
    identifiers lists the set's non-null identifiers as (kind, value, id, is_key)
    structs: id is the graph node '<kind>:<value>', is_key says the column is part of
    the source's primary key (the CRM's crm_id: the record is that customer's version).

    Everything the identity graph needs from a record is its set of identifiers: edges,
    anchor counts and registrations are the same for every record of one set, and usage
    counts are sums of record_count. So the graph reads ~1 row per set instead of one per
    record (at 100k customers, 21M records are 0.35M sets). A source carrying a kind under
    the daily volume guard (var max_daily_records_per_identifier) is grouped per day too
    (seen_on), since that guard counts records per day; for the others seen_on is null.
-#}
{% macro union_identifier_sets() -%}
    {%- set sources = identity_sources() -%}
    {%- if not sources %}
        select
            cast(null as varchar) as source,
            cast(null as date) as seen_on,
            cast(null as bigint) as record_count,
            cast(null as timestamp) as first_seen_at,
            cast(null as timestamp) as last_seen_at,
            cast([] as struct(kind varchar, value varchar, id varchar, is_key boolean) []) as identifiers
        where false
    {%- endif -%}
    {%- for source_node in sources -%}
        {%- set meta = source_node.meta -%}
        {%- set columns = meta.identifiers.keys() | list %}
        select
            '{{ source_node.name }}' as source,
            seen_on,
            record_count,
            first_seen_at,
            last_seen_at,
            -- distinct: two columns of one kind may carry the same value
            list_distinct(list_filter([
                {%- for column, kind in meta.identifiers.items() %}
                {
                    'kind': '{{ kind }}',
                    'value': {{ column }},
                    'id': '{{ kind }}:' || {{ column }},
                    'is_key': {{ 'true' if column in meta.primary_key else 'false' }}
                }
                {%- if not loop.last %},{% endif %}
                {%- endfor %}
            ], lambda identifier: identifier.value is not null)) as identifiers
        from (
            select
                {%- for column in columns %}
                cast({{ column }} as varchar) as {{ column }},
                {%- endfor %}
                {%- if has_daily_guarded_kind(source_node) %}
                cast({{ meta.timestamp_column }} as date) as seen_on,
                {%- else %}
                cast(null as date) as seen_on,
                {%- endif %}
                count(*) as record_count,
                min(cast({{ meta.timestamp_column }} as timestamp)) as first_seen_at,
                max(cast({{ meta.timestamp_column }} as timestamp)) as last_seen_at
            from {{ identity_staging_ref(source_node) }}
            where {{ columns | join(' is not null or ') }} is not null
            group by all
        )
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#-
    One row per record of every source with identifiers, with the customer keys of its
    identifiers: (source, record_id, seen_at, customer_key, customer_keys, _source_file,
    _row_number). Each identifier column is looked up in int_customer_keys (a CTE named
    customer_keys). customer_keys lists the distinct keys found; customer_key is the
    key of the record's first identifier in the order of var('identity_anchor_kinds'),
    then the other columns: a record whose identifiers belong to two customers (a link
    refused by source trust) goes to its anchor. The last two columns are the lineage of
    the raw row the staging model kept.
-#}
{% macro union_records_keyed() -%}
    {%- set sources = identity_sources() -%}
    {%- set anchors = var('identity_anchor_kinds') -%}
    {%- if not sources %}
        select
            cast(null as varchar) as source,
            cast(null as varchar) as record_id,
            cast(null as timestamp) as seen_at,
            cast(null as varchar) as customer_key,
            cast([] as varchar []) as customer_keys,
            cast(null as varchar) as _source_file,
            cast(null as bigint) as _row_number
        where false
    {%- endif -%}
    {%- for source_node in sources %}
        {%- set ranked = [] -%}
        {%- for column, kind in source_node.meta.identifiers.items() -%}
            {%- set rank = anchors.index(kind) if kind in anchors else anchors | length -%}
            {%- do ranked.append((rank, loop.index, column, kind)) -%}
        {%- endfor %}
        select
            '{{ source_node.name }}' as source,
            {{ record_id(source_node.name, 'record') }} as record_id,
            cast(record.{{ source_node.meta.timestamp_column }} as timestamp) as seen_at,
            coalesce(
                {%- for rank, index, column, kind in ranked | sort %}
                key_{{ index }}.customer_key{% if not loop.last %},{% endif %}
                {%- endfor %}
            ) as customer_key,
            list_distinct([
                {%- for rank, index, column, kind in ranked %}
                key_{{ index }}.customer_key{% if not loop.last %},{% endif %}
                {%- endfor %}
            ]) as customer_keys,
            record._source_file,
            record._row_number
        from {{ identity_staging_ref(source_node) }} as record
        {%- for rank, index, column, kind in ranked %}
        left join customer_keys as key_{{ index }}
            on
                key_{{ index }}.identifier_kind = '{{ kind }}'
                and key_{{ index }}.identifier_value = cast(record.{{ column }} as varchar)
        {%- endfor %}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#-
    Join a source's staging rows (`relation`, a CTE alias) to their customer: renders an
    inner join to the CTE `records_keyed` (int_records_keyed), aliased `keyed`.
-#}
{% macro join_records_keyed(source_name, relation) -%}
    inner join records_keyed as keyed
        on
            keyed.source = '{{ source_name }}'
            and keyed.record_id = {{ record_id(source_name, relation) }}
{%- endmacro %}

{#-
    Rows of the identifier sets (int_identifier_sets, a CTE named `sets`), one per
    identifier occurrence: source, seen_on, record_count, first_seen_at, last_seen_at,
    identifier_id, identifier_kind, identifier_value.
-#}
{% macro unnest_identifiers() -%}
    select
        source,
        seen_on,
        record_count,
        first_seen_at,
        last_seen_at,
        identifier.id as identifier_id,
        identifier.kind as identifier_kind,
        identifier.value as identifier_value
    from (select *, unnest(identifiers) as identifier from sets)
{%- endmacro %}

{#-
    Ordered pairs of distinct identifiers seen together in a set (both directions), from
    int_identifier_sets (a CTE named `sets`): source, record_count, identifier_id,
    linked_identifier_id.
-#}
{% macro unnest_identifier_pairs() -%}
    select
        source,
        record_count,
        pair.identifier_id,
        pair.linked_identifier_id
    from (
        select
            source,
            record_count,
            unnest(flatten(list_transform(identifiers, lambda i: list_transform(
                list_filter(identifiers, lambda j: j.id != i.id),
                lambda j: {'identifier_id': i.id, 'linked_identifier_id': j.id}
            )))) as pair
        from sets
        where len(identifiers) > 1
    )
{%- endmacro %}

{#-
    Pairs (identifier, anchor) seen together in a set, from int_identifier_sets (a CTE
    named `sets`): the anchor is of a kind of var('identity_anchor_kinds') other than the
    identifier's, and the identifier is not the record's own key (is_key). Columns:
    source, record_count, identifier_id, linked_kind, linked_identifier_id, linked_value.
    Only these pairs are unnested: far fewer rows than every pair.
-#}
{% macro unnest_anchor_pairs() -%}
    select
        source,
        record_count,
        pair.identifier_id,
        pair.linked_kind,
        pair.linked_identifier_id,
        pair.linked_value
    from (
        select
            source,
            record_count,
            unnest(flatten(list_transform(identifiers, lambda i: list_transform(
                list_filter(
                    identifiers,
                    lambda j: j.kind in {{ sql_strings(var('identity_anchor_kinds')) }}
                    and j.kind != i.kind
                    and not i.is_key
                ),
                lambda j: {
                    'identifier_id': i.id,
                    'linked_kind': j.kind,
                    'linked_identifier_id': j.id,
                    'linked_value': j.value
                }
            )))) as pair
        from sets
        where len(identifiers) > 1
    )
{%- endmacro %}

{#-
    A dbt var mapping as a two-column relation (no rows when it is empty), e.g.
    mapping_as_table(var('identity_source_trust'), 'source', 'trust_rank', 'integer').
-#}
{% macro mapping_as_table(mapping, key_column, value_column, value_type) -%}
    select
        cast(null as varchar) as {{ key_column }},
        cast(null as {{ value_type }}) as {{ value_column }}
    where false
    {%- for key, value in mapping.items() %}
    union all
    select '{{ key }}', cast('{{ value }}' as {{ value_type }})
    {%- endfor %}
{%- endmacro %}

{#- A list of strings as a SQL tuple, e.g. ('email', 'crm_id'); (null) when empty. -#}
{% macro sql_strings(values) -%}
    ({%- for value in values %}'{{ value }}'{{ ", " if not loop.last }}{% endfor -%}
    {%- if not values %}null{% endif -%})
{%- endmacro %}
