{#-
    The attribution models of fct_order_attributions, in the order analysts read them:
    one list for the model (its unpivot), the side-by-side comparison and the test that
    each model shares out all the attributed revenue.
-#}
{% macro attribution_models() -%}
    {{ return(['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based']) }}
{%- endmacro %}
