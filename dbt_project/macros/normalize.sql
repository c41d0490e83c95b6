{#-
    Identifier normalisation, shared by every staging model so that one kind of
    identifier looks the same wherever it appears. Each macro takes a SQL expression and
    returns a SQL expression that is null when the value is unusable.
    Deliberately simple: a later identity issue makes resolution thorough.
-#}

{#- Trim, and null on empty strings and the usual "no value" placeholders. -#}
{% macro normalize_id(expression) -%}
    case
        when
            lower(trim(cast({{ expression }} as varchar)))
            in ('', 'null', 'none', 'nan', 'n/a', '-')
            then null
        else trim(cast({{ expression }} as varchar))
    end
{%- endmacro %}

{#- Trim (any whitespace) and lower-case; null unless it looks like local@domain.tld. -#}
{% macro normalize_email(expression) -%}
    {%- set cleaned -%}
        lower(regexp_replace(cast({{ expression }} as varchar), '^\s+|\s+$', '', 'g'))
    {%- endset -%}
    case
        when regexp_full_match({{ cleaned }}, '[^@\s]+@[^@\s]+\.[a-z]{2,}')
            then {{ cleaned }}
    end
{%- endmacro %}

{#-
    Phone number to E.164 ('+447700900123'), null when implausible.
    Steps: drop a '(0)' trunk hint, keep digits only, then read the digits as
      '+' or '00' prefix   -> already international
      leading '0'          -> national: default country code + number without the 0
      '<cc>' + national    -> international without the '+' (e.g. 447700900123)
      national length only -> national number without its trunk 0 (e.g. 7700900123)
    and accept the result if it has 8 to 15 digits (E.164) and, for the default
    country, exactly cc + var('phone_national_number_length') digits.
-#}
{% macro normalize_phone(expression, country_code=none) -%}
    {%- set cc = (country_code or var('default_phone_country_code')) | string -%}
    {%- set national_length = var('phone_national_number_length') | int -%}
    {%- set text -%}
        trim(replace(cast({{ expression }} as varchar), '(0)', ''))
    {%- endset -%}
    {%- set digits -%}
        regexp_replace({{ text }}, '[^0-9]', '', 'g')
    {%- endset -%}
    {%- set international -%}
        case
            when starts_with({{ text }}, '+') then {{ digits }}
            when starts_with({{ digits }}, '00') then substr({{ digits }}, 3)
            when starts_with({{ digits }}, '0') then '{{ cc }}' || substr({{ digits }}, 2)
            when
                starts_with({{ digits }}, '{{ cc }}')
                and length({{ digits }}) = {{ cc | length + national_length }}
                then {{ digits }}
            when length({{ digits }}) = {{ national_length }} then '{{ cc }}' || {{ digits }}
        end
    {%- endset -%}
    case
        when
            regexp_full_match({{ international }}, '[1-9][0-9]{7,14}')
            and (
                not starts_with({{ international }}, '{{ cc }}')
                or length({{ international }}) = {{ cc | length + national_length }}
            )
            then '+' || {{ international }}
    end
{%- endmacro %}

{#- A social handle: trimmed, lower-case, without the leading '@'. -#}
{% macro normalize_handle(expression) -%}
    nullif(ltrim(lower({{ normalize_id(expression) }}), '@'), '')
{%- endmacro %}

{#- A value of a closed vocabulary: trimmed and lower-case. -#}
{% macro normalize_code(expression) -%}
    lower({{ normalize_id(expression) }})
{%- endmacro %}
