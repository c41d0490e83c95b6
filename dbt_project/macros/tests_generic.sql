{#-
    Generic test: the combination of `combination_of_columns` is unique in the model.
    (A small stand-in for dbt_utils.unique_combination_of_columns, which we do not
    install.)
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as n_rows
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}

{#- Generic test: non-null values of the column lie within [min_value, max_value]. -#}
{% test accepted_range(model, column_name, min_value, max_value) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}

{#-
    Generic test: the column's non-null values belong to its vocabulary as declared in
    the source contracts (cdp/contracts), which reaches dbt as column meta `values` in
    the generated _sources.yml. The staging model is matched to its raw source through
    the source's meta.staging_model, so the vocabulary is never restated here.
-#}
{% test contract_values(model, column_name) %}
    {%- set values = contract_vocabulary(model.identifier, column_name) -%}
    select {{ column_name }} as unexpected_value, count(*) as n_rows
    from {{ model }}
    where {{ column_name }} is not null
        and {{ column_name }} not in (
            {%- for value in values %}'{{ value }}'{{ ", " if not loop.last }}{% endfor -%}
        )
    group by {{ column_name }}
{% endtest %}

{#- The contract vocabulary of a staging model's column (execution time only). -#}
{% macro contract_vocabulary(staging_model, column_name) -%}
    {%- if not execute -%}
        {{ return(['']) }}
    {%- endif -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.source_name == 'raw' and node.meta.get('staging_model') == staging_model -%}
            {%- set column = node.columns.get(column_name) -%}
            {%- if column and column.meta.get('values') -%}
                {{ return(column.meta['values']) }}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        "contract_values: " ~ staging_model ~ "." ~ column_name
        ~ " has no vocabulary in the source contracts (cdp/contracts)"
    ) }}
{%- endmacro %}

{#- Generic test: `expression` (SQL over the model's columns) holds on every row. -#}
{% test expression_is_true(model, expression) %}
    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)
{% endtest %}

{#-
    Generic test on int_identity_components: the labelling is the connected components
    of int_identity_edges. It fails on an edge whose ends sit in different components
    (propagation stopped early) and on a component whose id is not its smallest member.
-#}
{% test identity_components_closed(model) %}
    with
    edges as (select * from {{ ref('int_identity_edges') }}),
    crossing as (
        select 'edge across components' as problem, edges.identifier_id
        from edges
        inner join {{ model }} as one_end on edges.identifier_id = one_end.identifier_id
        inner join {{ model }} as other_end
            on edges.linked_identifier_id = other_end.identifier_id
        where one_end.component_id != other_end.component_id
    ),
    mislabelled as (
        select 'component_id is not its smallest member' as problem, component_id
        from {{ model }}
        group by component_id
        having min(identifier_id) != component_id
    )
    select * from crossing
    union all
    select * from mislabelled
{% endtest %}

{#-
    Generic test: a score is null exactly when its reason is given. Analytics tables
    score every customer or say why not (null_reason); neither both nor neither.
-#}
{% test score_or_reason(model, column_name, reason_column) %}
    select {{ column_name }}, {{ reason_column }}
    from {{ model }}
    where ({{ column_name }} is null) = ({{ reason_column }} is null)
{% endtest %}
