-- The identity graph's input: one row per identifier set, a distinct combination of
-- identifier values carried by records of one source (and one day, for sources carrying
-- a kind under the daily volume guard), with the number of records carrying it.
--
-- The graph needs nothing else from a record than its identifiers: edges, anchor counts
-- and registrations are the same for every record of a set, and usage counts are sums of
-- record_count. So it reads sets, not records: a visitor's page views under one cookie
-- and email are counted, not repeated (at 100k customers, 21M records make 0.35M sets).
-- See union_identifier_sets() in macros/identity.sql.
--
-- graph.sources is only known at execution time, so the staging models the macro reads
-- are declared here; compilation fails, naming the model, when one is missing.
-- depends_on: {{ ref('stg_app__events') }}
-- depends_on: {{ ref('stg_callcenter__calls') }}
-- depends_on: {{ ref('stg_crm__customer_versions') }}
-- depends_on: {{ ref('stg_esp__email_events') }}
-- depends_on: {{ ref('stg_pos__transactions') }}
-- depends_on: {{ ref('stg_shop__orders') }}
-- depends_on: {{ ref('stg_social__interactions') }}
-- depends_on: {{ ref('stg_support__tickets') }}
-- depends_on: {{ ref('stg_surveys__responses') }}
-- depends_on: {{ ref('stg_web__events') }}
with

final as (
    {{ union_identifier_sets() }}
)

select * from final
