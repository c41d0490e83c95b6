-- Customer satisfaction by calendar month (contact_month) and by where it was measured
-- (fct_contacts csat and nps): survey responses ('surveys'), calls ('calls'), support
-- tickets ('tickets'), any other source that ever carries a score (under its source
-- name), and every contact together ('all'). A score counts in the month of its contact
-- (survey submission, call start, ticket creation), up to the observation date. One row
-- per month x measure_source, every month from the first score to the observation month,
-- so a month without answers is a row with zero responses and null scores.
--
-- NPS: promoters answer 9-10, detractors 0-6; nps = 100 x (promoters - detractors) /
-- responses, from -100 to 100. CSAT (1-5) is averaged. The rolling scores pool the
-- answers of the month and the two before it (not an average of monthly scores), so a
-- quiet month weighs what it holds.
with

contacts as (
    select * from {{ ref('fct_contacts') }}
),

scores as (
    select
        cast(date_trunc('month', contacted_at) as date) as contact_month,
        case source
            when 'survey_responses' then 'surveys'
            when 'callcenter_calls' then 'calls'
            when 'support_tickets' then 'tickets'
            else source
        end as measure_source,
        csat,
        nps
    from contacts
    where
        (csat is not null or nps is not null)
        and cast(contacted_at as date) <= {{ observation_date() }}
),

scores_with_all as (
    select * from scores
    union all
    select
        contact_month,
        'all' as measure_source,
        csat,
        nps
    from scores
),

monthly_scores as (
    select
        contact_month,
        measure_source,
        count(nps) as nps_responses,
        count(*) filter (where {{ is_nps_promoter('nps') }}) as promoters,
        count(*) filter (where {{ is_nps_detractor('nps') }}) as detractors,
        count(csat) as csat_responses,
        sum(csat) as csat_total
    from scores_with_all
    group by contact_month, measure_source
),

-- From the first month with a score to the observation month.
months as (
    select
        cast(unnest(generate_series(
            min(contact_month),
            cast(date_trunc('month', {{ observation_date() }}) as date),
            interval 1 month
        )) as date) as contact_month
    from scores
),

measure_sources as (
    select distinct measure_source from scores_with_all
),

dense as (
    select
        months.contact_month,
        measure_sources.measure_source,
        coalesce(monthly_scores.nps_responses, 0) as nps_responses,
        coalesce(monthly_scores.promoters, 0) as promoters,
        coalesce(monthly_scores.detractors, 0) as detractors,
        coalesce(monthly_scores.csat_responses, 0) as csat_responses,
        coalesce(monthly_scores.csat_total, 0) as csat_total
    from months
    cross join measure_sources
    left join monthly_scores
        on
            months.contact_month = monthly_scores.contact_month
            and measure_sources.measure_source = monthly_scores.measure_source
),

-- Months are dense, so the two rows before are the two calendar months before.
rolling as (
    select
        *,
        sum(nps_responses) over last_3_months as nps_responses_3m,
        sum(promoters - detractors) over last_3_months as net_promoters_3m,
        sum(csat_responses) over last_3_months as csat_responses_3m,
        sum(csat_total) over last_3_months as csat_total_3m
    from dense
    window last_3_months as (
        partition by measure_source
        order by contact_month
        rows between 2 preceding and current row
    )
),

final as (
    select
        contact_month,
        measure_source,
        nps_responses,
        promoters,
        detractors,
        round(100 * (promoters - detractors) / nullif(nps_responses, 0), 2) as nps,
        csat_responses,
        round(csat_total / nullif(csat_responses, 0), 2) as average_csat,
        cast(nps_responses_3m as bigint) as nps_responses_3m,
        round(100 * net_promoters_3m / nullif(nps_responses_3m, 0), 2) as nps_3m,
        cast(csat_responses_3m as bigint) as csat_responses_3m,
        round(csat_total_3m / nullif(csat_responses_3m, 0), 2) as average_csat_3m
    from rolling
)

select * from final
