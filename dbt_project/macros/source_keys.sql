{#- Generated from cdp/contracts by `cdp contracts sync-dbt`; do not edit by hand. -#}
{#- The primary key columns of a raw source table (see record_id()). -#}
{% macro raw_source_primary_key(source_name) -%}
    {%- set keys = {
        'crm_customers': ['crm_id', 'updated_at'],
        'shop_orders': ['order_id'],
        'pos_transactions': ['receipt_id'],
        'web_events': ['event_id'],
        'app_events': ['event_id'],
        'esp_email_events': ['event_id'],
        'callcenter_calls': ['call_id'],
        'social_interactions': ['interaction_id'],
        'support_tickets': ['ticket_id'],
        'survey_responses': ['response_id'],
        'marketing_spend': ['spend_date', 'channel', 'campaign_id'],
    } -%}
    {%- if source_name not in keys -%}
        {{ exceptions.raise_compiler_error(
            "no raw source table named '" ~ source_name ~ "'"
        ) }}
    {%- endif -%}
    {{ return(keys[source_name]) }}
{%- endmacro %}
