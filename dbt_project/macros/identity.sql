{#-
    Identity helpers driven by the source contracts.

    The identifier map is declared once, in cdp/contracts, and reaches dbt as the `meta`
    of each table of source `raw` (models/staging/_sources.yml, generated):
      primary_key      columns that identify a record
      timestamp_column when the record happened
      staging_model    the staging model that cleans it (identifier columns keep their
                       contract names there, normalised)
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
    {%- set key = raw_source_meta(source_name).get('primary_key', []) -%}
    {%- if not key -%}
        cast(null as varchar)
    {%- else -%}
        {%- set parts = [] -%}
        {%- for column in key -%}
            {%- do parts.append(
                'cast(' ~ ((relation ~ '.') if relation else '') ~ column ~ ' as varchar)'
            ) -%}
        {%- endfor -%}
        {%- if parts | length == 1 -%}
            {{ parts[0] }}
        {%- else -%}
            concat_ws('|', {{ parts | join(', ') }})
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- ref() to a source's staging model, with a clear error when it was not declared. -#}
{% macro identity_staging_ref(source_node) -%}
    {%- set staging_model = source_node.meta.staging_model -%}
    {%- set unique_id = 'model.' ~ project_name ~ '.' ~ staging_model -%}
    {%- if unique_id not in model.depends_on.nodes -%}
        {%- set hint = "-- depends_on: {{ ref('" ~ staging_model ~ "') }}" -%}
        {{ exceptions.raise_compiler_error(
            "source raw." ~ source_node.name ~ " declares identifiers: add `"
            ~ hint ~ "` to model " ~ model.name
        ) }}
    {%- endif -%}
    {{ return(ref(staging_model)) }}
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
    identifiers lists the set's non-null identifiers as (kind, value, id) structs, id
    being the graph node '<kind>:<value>'.

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
            cast([] as struct(kind varchar, value varchar, id varchar) []) as identifiers
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
                {'kind': '{{ kind }}', 'value': {{ column }}, 'id': '{{ kind }}:' || {{ column }}}
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
    identifiers: (source, record_id, seen_at, customer_keys, _source_file, _row_number).
    customer_keys lists the distinct keys (int_customer_keys, a CTE named customer_keys)
    of the record's usable identifiers, one lookup per identifier column; the last two
    columns are the lineage of the raw row the staging model kept.
-#}
{% macro union_records_keyed() -%}
    {%- set sources = identity_sources() -%}
    {%- if not sources %}
        select
            cast(null as varchar) as source,
            cast(null as varchar) as record_id,
            cast(null as timestamp) as seen_at,
            cast([] as varchar []) as customer_keys,
            cast(null as varchar) as _source_file,
            cast(null as bigint) as _row_number
        where false
    {%- endif -%}
    {%- for source_node in sources %}
        {%- set identifiers = source_node.meta.identifiers.items() | list %}
        select
            '{{ source_node.name }}' as source,
            {{ record_id(source_node.name, 'record') }} as record_id,
            cast(record.{{ source_node.meta.timestamp_column }} as timestamp) as seen_at,
            list_distinct([
                {%- for column, kind in identifiers %}
                key_{{ loop.index }}.customer_key{% if not loop.last %},{% endif %}
                {%- endfor %}
            ]) as customer_keys,
            record._source_file,
            record._row_number
        from {{ identity_staging_ref(source_node) }} as record
        {%- for column, kind in identifiers %}
        left join customer_keys as key_{{ loop.index }}
            on
                key_{{ loop.index }}.identifier_kind = '{{ kind }}'
                and key_{{ loop.index }}.identifier_value = cast(record.{{ column }} as varchar)
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
    identifier_kind, linked_identifier_id, linked_kind, linked_value.
-#}
{% macro unnest_identifier_pairs() -%}
    select
        source,
        record_count,
        pair.identifier_id,
        pair.identifier_kind,
        pair.linked_identifier_id,
        pair.linked_kind,
        pair.linked_value
    from (
        select
            source,
            record_count,
            unnest(flatten(list_transform(identifiers, lambda i: list_transform(
                list_filter(identifiers, lambda j: j.id != i.id),
                lambda j: {
                    'identifier_id': i.id,
                    'identifier_kind': i.kind,
                    'linked_identifier_id': j.id,
                    'linked_kind': j.kind,
                    'linked_value': j.value
                }
            )))) as pair
        from sets
        where len(identifiers) > 1
    )
{%- endmacro %}
