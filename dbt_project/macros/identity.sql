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

{#-
    One row per identifier occurrence:
    (source, record_id, identifier_kind, identifier_value, seen_at), null values left
    out. One scan of each source's staging model: its identifier columns are unnested
    from a list of (kind, value) structs, rather than one select per column (which
    would read the staging model once per column).
-#}
{% macro union_identifiers() -%}
    {%- set sources = identity_sources() -%}
    {%- if not sources %}
        select
            cast(null as varchar) as source,
            cast(null as varchar) as record_id,
            cast(null as varchar) as identifier_kind,
            cast(null as varchar) as identifier_value,
            cast(null as timestamp) as seen_at
        where false
    {%- endif -%}
    {%- for source_node in sources -%}
        {%- set meta = source_node.meta %}
        select
            source,
            record_id,
            occurrence.kind as identifier_kind,
            occurrence.value as identifier_value,
            seen_at
        from (
            select
                '{{ source_node.name }}' as source,
                {{ record_id(source_node.name) }} as record_id,
                cast({{ meta.timestamp_column }} as timestamp) as seen_at,
                unnest([
                    {%- for column, kind in meta.identifiers.items() %}
                    {'kind': '{{ kind }}', 'value': cast({{ column }} as varchar)}
                    {%- if not loop.last %},{% endif %}
                    {%- endfor %}
                ]) as occurrence
            from {{ identity_staging_ref(source_node) }}
        )
        where occurrence.value is not null
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#-
    One row per record of every source with identifiers:
    (source, record_id, seen_at, _source_file, _row_number), the last two being the
    lineage of the raw row the staging model kept.
-#}
{% macro union_records() -%}
    {%- set sources = identity_sources() -%}
    {%- if not sources %}
        select
            cast(null as varchar) as source,
            cast(null as varchar) as record_id,
            cast(null as timestamp) as seen_at,
            cast(null as varchar) as _source_file,
            cast(null as bigint) as _row_number
        where false
    {%- endif -%}
    {%- for source_node in sources %}
        select
            '{{ source_node.name }}' as source,
            {{ record_id(source_node.name) }} as record_id,
            cast({{ source_node.meta.timestamp_column }} as timestamp) as seen_at,
            _source_file,
            _row_number
        from {{ identity_staging_ref(source_node) }}
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
