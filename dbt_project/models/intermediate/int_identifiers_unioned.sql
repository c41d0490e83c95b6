-- Every identifier occurrence in every source: one row per (source, record, identifier).
-- Generated from the identifier map of the source contracts (meta.identifiers of the raw
-- sources) by the union_identifiers() macro, reading each source's staging model, where
-- the identifier columns are already normalised.
--
-- graph.sources is only known at execution time, so the staging models the macro reads
-- are declared here; compilation fails, naming the model, when one is missing.
-- depends_on: {{ ref('stg_app__events') }}
-- depends_on: {{ ref('stg_callcenter__calls') }}
-- depends_on: {{ ref('stg_crm__customers') }}
-- depends_on: {{ ref('stg_esp__email_events') }}
-- depends_on: {{ ref('stg_pos__transactions') }}
-- depends_on: {{ ref('stg_shop__orders') }}
-- depends_on: {{ ref('stg_social__interactions') }}
-- depends_on: {{ ref('stg_support__tickets') }}
-- depends_on: {{ ref('stg_surveys__responses') }}
-- depends_on: {{ ref('stg_web__events') }}
with

occurrences as (
    {{ union_identifiers() }}
),

final as (
    select
        source,
        record_id,
        identifier_kind,
        identifier_value,
        identifier_kind || ':' || identifier_value as identifier_id,
        seen_at
    from occurrences
)

select * from final
