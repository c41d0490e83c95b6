-- One row per customer: the customer 360 (dim_customers) with every analytics score.
-- A null score comes with its reason (<model>_null_reason): anonymous records and
-- customers without a completed order are not scored by the order-based models.
-- The contact profile (customer_contact_profiles) covers every customer: zeros and
-- nulls for those never contacted. Its last contact (a CCPR contact: channel, method and
-- outcome in that vocabulary) replaces dim_customers' last_contact_* columns, which
-- describe the last touchpoint of any kind (a page view included).
with

customers as (
    select * from {{ ref('dim_customers') }}
),

rfm as (
    select * from {{ source('analytics', 'customer_rfm') }}
),

clv as (
    select * from {{ source('analytics', 'customer_clv') }}
),

churn as (
    select * from {{ source('analytics', 'customer_churn') }}
),

lifecycle as (
    select * from {{ source('analytics', 'customer_lifecycle') }}
),

clusters as (
    select * from {{ source('analytics', 'customer_clusters') }}
),

contact_profiles as (
    select * from {{ ref('customer_contact_profiles') }}
),

final as (
    select
        -- Every dim_customers column, whatever the contract adds: it is enforced there.
        -- noqa: disable=RF02
        customers.* exclude (
            last_contact_at, last_contact_channel, last_contact_type, last_contact_outcome
        ),
        -- noqa: enable=RF02
        lifecycle.lifecycle_stage,
        lifecycle.days_since_last_order,
        lifecycle.null_reason as lifecycle_null_reason,
        rfm.r_score,
        rfm.f_score,
        rfm.m_score,
        rfm.rfm_cell,
        rfm.rfm_segment,
        rfm.null_reason as rfm_null_reason,
        clv.p_alive,
        clv.expected_purchases,
        clv.expected_order_value,
        clv.expected_spend,
        clv.clv,
        clv.null_reason as clv_null_reason,
        churn.churn_probability,
        churn.churn_risk_band,
        churn.top_drivers as churn_top_drivers,
        churn.null_reason as churn_null_reason,
        clusters.cluster_id,
        clusters.cluster_label,
        clusters.null_reason as cluster_null_reason,
        contact_profiles.contacts_last_30d,
        contact_profiles.contacts_last_90d,
        contact_profiles.outbound_contacts_last_30d,
        contact_profiles.outbound_contacts_last_90d,
        contact_profiles.last_contact_at,
        contact_profiles.last_contact_channel,
        contact_profiles.last_contact_method,
        contact_profiles.last_contact_outcome,
        contact_profiles.preferred_channel,
        contact_profiles.preferred_channel_response_rate,
        contact_profiles.unanswered_outbound_streak,
        contact_profiles.open_complaints,
        contact_profiles.complaints_total
    from customers
    left join lifecycle on customers.customer_key = lifecycle.customer_key
    left join rfm on customers.customer_key = rfm.customer_key
    left join clv on customers.customer_key = clv.customer_key
    left join churn on customers.customer_key = churn.customer_key
    left join clusters on customers.customer_key = clusters.customer_key
    left join contact_profiles on customers.customer_key = contact_profiles.customer_key
)

-- All of dim_customers' columns (AM04 cannot count them), then the scores and the profile.
select * from final  -- noqa: AM04
