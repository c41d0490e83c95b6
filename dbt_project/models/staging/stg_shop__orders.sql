-- Online orders, one row per order_id, identifiers normalised.
with

source as (
    select * from {{ source('raw', 'shop_orders') }}
),

deduplicated as (
    select * from source
    {{ keep_latest_load(['order_id']) }}
),

final as (
    select
        order_id,
        {{ normalize_id('account_id') }} as account_id,
        {{ normalize_email('email') }} as email,
        ordered_at,
        cast(order_total as decimal(12, 2)) as order_total,
        cast(discount as decimal(12, 2)) as discount,
        upper({{ normalize_id('currency') }}) as currency,
        item_count,
        {{ normalize_code('device') }} as device,
        {{ normalize_code('status') }} as status,
        {{ normalize_id('utm_campaign') }} as utm_campaign,
        _source_file,
        _row_number,
        _load_id,
        _loaded_at
    from deduplicated
)

select * from final
