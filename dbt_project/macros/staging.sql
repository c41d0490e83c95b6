{#-
    Deduplicate raw rows: keep one row per key, the one loaded last
    (latest _loaded_at, then the greatest _source_file and _row_number), so that
    re-exported or re-loaded records collapse deterministically.
    Renders a QUALIFY clause for a select over a raw table (or a CTE with its
    lineage columns). `order_first` puts business columns before the lineage ones,
    e.g. CRM keeps the latest updated_at version of a crm_id.
-#}
{% macro keep_latest_load(key_columns, order_first=[]) -%}
    qualify row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by
            {% for column in order_first -%}
                {{ column }} desc,
            {% endfor -%}
            _loaded_at desc, _source_file desc, _row_number desc
    ) = 1
{%- endmacro %}
