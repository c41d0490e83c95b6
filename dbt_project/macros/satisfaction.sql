{#-
    The NPS bands, one definition for every model: promoters answer 9-10, detractors
    0-6 (passives 7-8). Each renders a boolean SQL expression over a 0-10 score.
-#}
{% macro is_nps_promoter(score) -%}
    ({{ score }} >= 9)
{%- endmacro %}

{% macro is_nps_detractor(score) -%}
    ({{ score }} <= 6)
{%- endmacro %}
