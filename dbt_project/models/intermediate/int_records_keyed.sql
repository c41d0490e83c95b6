-- Every record of every source that carries identifiers -> its customer_key.
-- A record's usable identifiers all sit in one component (they are linked by the record
-- itself), so the record takes that component's key. A record with no usable identifier
-- (a receipt without a loyalty card or with a store's default card, a call from a shared
-- landline) cannot be attributed to a person: it gets its own anonymous key,
-- md5('anonymous:<source>:<record_id>'), flagged is_anonymous.
--
-- Records are listed by the union_records_keyed() macro from the same source metadata
-- as int_identifiers_unioned: each staging model is read once and each identifier column
-- looked up in int_customer_keys. The staging models it reads are declared here.
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

-- read by union_records_keyed(), which looks every identifier column up in it
customer_keys as (  -- noqa: ST03
    select * from {{ ref('int_customer_keys') }}
),

records as (
    {{ union_records_keyed() }}
),

final as (
    select
        source,
        record_id,
        seen_at,
        coalesce(
            list_min(customer_keys),
            md5('anonymous:' || source || ':' || record_id)
        ) as customer_key,
        len(customer_keys) = 0 as is_anonymous,
        len(customer_keys) as customer_key_count,
        _source_file,
        _row_number
    from records
)

select * from final
