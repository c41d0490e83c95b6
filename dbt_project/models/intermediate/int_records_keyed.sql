-- Every record of every source that carries identifiers -> its customer_key.
-- A record's usable identifiers sit in one component (they are linked by the record
-- itself), so the record takes that component's key, unless source trust refused the
-- link between two of them: then it goes to its first anchor (union_records_keyed()).
-- A record with no usable identifier (a receipt without a loyalty card or with a store's
-- default card, a call from a shared landline) takes the key of the identifier the
-- probabilistic stage linked it to (identity.record_links: a receipt's name and postcode
-- matched a CRM customer), else it cannot be attributed to a person: it gets its own
-- anonymous key, md5('anonymous:<source>:<record_id>'), flagged is_anonymous.
-- linked_by says which.
--
-- Records are listed by the union_records_keyed() macro from the same source metadata
-- as int_identifier_sets: each staging model is read once and each identifier column
-- looked up in int_customer_keys. The staging models it reads are declared here.
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

-- read by union_records_keyed(), which looks every identifier column up in it
customer_keys as (  -- noqa: ST03
    select * from {{ ref('int_customer_keys') }}
),

records as (
    {{ union_records_keyed() }}
),

record_links as (
    select * from {{ source('identity', 'record_links') }}
),

linked_keys as (
    select
        record_links.source,
        record_links.record_id,
        customer_keys.customer_key
    from record_links
    inner join customer_keys on record_links.identifier_id = customer_keys.identifier_id
),

final as (
    select
        records.source,
        records.record_id,
        records.seen_at,
        coalesce(
            records.customer_key,
            linked_keys.customer_key,
            md5('anonymous:' || records.source || ':' || records.record_id)
        ) as customer_key,
        case
            when len(records.customer_keys) > 0 then 'identifiers'
            when linked_keys.customer_key is not null then 'probabilistic'
            else 'none'
        end as linked_by,
        len(records.customer_keys) = 0
        and linked_keys.customer_key is null as is_anonymous,
        len(records.customer_keys) as customer_key_count,
        records._source_file,
        records._row_number
    from records
    left join linked_keys
        on
            records.source = linked_keys.source
            and records.record_id = linked_keys.record_id
)

select * from final
