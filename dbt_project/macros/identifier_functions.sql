{#-
    The identifier normalisation of the staging models, published as a DuckDB function
    in the warehouse: privacy.normalize_identifier(kind, value). Erasure (cdp forget)
    resolves a person's identifier with it, and ingest uses it to match new rows against
    the erasure tombstones, so both normalise exactly as staging does, from one
    definition (the macros in normalize.sql). Created by the on-run-start hook.
-#}
{% macro create_identifier_functions() -%}
    create schema if not exists privacy;
    create or replace macro privacy.normalize_identifier(kind, value) as
    case kind
        when 'email' then {{ normalize_email('value') }}
        when 'phone' then {{ normalize_phone('value') }}
        when 'social_handle' then {{ normalize_handle('value') }}
        else {{ normalize_id('value') }}
    end
{%- endmacro %}
