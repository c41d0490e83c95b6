{#-
    The observation date of the metrics, the "today" of the analytics (see
    models/analytics/observation.py): var('observation_date') when the run sets it
    (Dagster passes AnalyticsSettings.observation_date), else the last day with an order
    or a touchpoint. Renders a SQL date expression.
-#}
{% macro observation_date() -%}
    {%- if var('observation_date', none) -%}
        cast('{{ var("observation_date") }}' as date)
    {%- else -%}
        (select max(cast(occurred_at as date)) from {{ ref('fct_touchpoints') }})
    {%- endif -%}
{%- endmacro %}
