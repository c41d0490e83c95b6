-- Store till receipts, one row per receipt_id; loyalty card normalised.
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
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from deduplicated
)

select * from final
