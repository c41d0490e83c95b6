-- Every record of every source that carries identifiers -> its customer_key.
-- A record's usable identifiers all sit in one component (they are linked by the record
-- itself), so the record takes that component's key. A record with no usable identifier
-- (a receipt without a loyalty card or with a store's default card, a call from a shared
-- landline) cannot be attributed to a person: it gets its own anonymous key,
-- md5('anonymous:<source>:<record_id>'), flagged is_anonymous.
--
-- Records are listed by the union_records() macro from the same source metadata as
-- int_identifiers_unioned; the staging models it reads are declared here.
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

records as (
    {{ union_records() }}
),

occurrences as (
    select * from {{ ref('int_identifiers_unioned') }}
),

customer_keys as (
    select * from {{ ref('int_customer_keys') }}
),

record_keys as (
    select
        occurrences.source,
        occurrences.record_id,
        min(customer_keys.customer_key) as customer_key,
        count(distinct customer_keys.customer_key) as customer_key_count
    from occurrences
    inner join customer_keys on occurrences.identifier_id = customer_keys.identifier_id
    group by occurrences.source, occurrences.record_id
),

final as (
    select
        records.source,
        records.record_id,
        records.seen_at,
        coalesce(
            record_keys.customer_key,
            md5('anonymous:' || records.source || ':' || records.record_id)
        ) as customer_key,
        record_keys.customer_key is null as is_anonymous,
        coalesce(record_keys.customer_key_count, 0) as customer_key_count,
        records._source_file,
        records._row_number
    from records
    left join record_keys
        on
            records.source = record_keys.source
            and records.record_id = record_keys.record_id
)

select * from final
