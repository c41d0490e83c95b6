-- Store till receipts, one row per receipt_id; loyalty card normalised. The name and
-- postcode captured at some tills are not identifiers: the probabilistic identity stage
-- (models/identity/probabilistic) compares them with the CRM.
with

source as (
    select * from {{ source('raw', 'pos_transactions') }}
),

deduplicated as (
    select * from source
    {{ keep_latest_load(['receipt_id']) }}
),

final as (
    select
        receipt_id,
        {{ normalize_id('store_id') }} as store_id,
        {{ normalize_id('loyalty_id') }} as loyalty_id,
        transacted_at,
        cast(amount as decimal(12, 2)) as amount,
        item_count,
        {{ normalize_code('payment_method') }} as payment_method,
        -- Lower case, single spaces: 'J  SMITH ' -> 'j smith'.
        lower(
            regexp_replace({{ normalize_id('customer_name') }}, '\s+', ' ', 'g')
        ) as customer_name,
        -- Upper case with one space before the inward code, as in the CRM:
        -- 'se123ab' -> 'SE12 3AB'.
        regexp_replace(
            upper(regexp_replace({{ normalize_id('postcode') }}, '\s+', '', 'g')),
            '^(.+)(.{3})$',
            '\1 \2'
        ) as postcode,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from deduplicated
)

select * from final
