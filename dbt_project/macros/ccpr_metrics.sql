{#-
    The CCPR outcome metrics of a group of contacts: the aggregate select list shared
    by ccpr_outcomes_weekly and ccpr_outcomes_overall, so that both grains compute every
    metric the same way. It reads int_contacts_followed_by_orders: the columns of
    fct_contacts it carries and what followed (converted_7d, converted_30d, revenue_30d,
    is_first_contact_resolution). Rates are rounded to 4 decimals and are null when
    their denominator is empty.
    - response_rate: outbound contacts only (an inbound contact is a response by
      definition); a contact whose is_response is unknown counts as no response.
    - nps: 100 x (promoters 9-10 - detractors 0-6) / responses.
    - cost: fct_contacts.cost is null where nothing was spent; costs per contact and
      per positive outcome divide by the costed contacts only.
    - hours to resolution: service contacts with a resolved_at.
    - first_contact_resolution_rate: null in a cell none of whose service contacts
      records a resolution (social DMs and replies): 0 would claim they all failed.
-#}
{% macro ccpr_metrics() -%}
    {%- set hours_to_resolution -%}
        epoch(resolved_at - contacted_at) / 3600.0
    {%- endset -%}
    count(*) as contacts,
    count(distinct customer_key) as customers_reached,
    count(*) filter (where direction = 'outbound') as outbound_contacts,
    round(
        count(*) filter (where direction = 'outbound' and is_response)
        / nullif(count(*) filter (where direction = 'outbound'), 0),
        4
    ) as response_rate,
    round(count(*) filter (where is_positive) / count(*), 4) as positive_outcome_rate,
    count(*) filter (where converted_7d) as conversions_7d,
    round(count(*) filter (where converted_7d) / count(*), 4) as conversion_rate_7d,
    count(*) filter (where converted_30d) as conversions_30d,
    round(count(*) filter (where converted_30d) / count(*), 4) as conversion_rate_30d,
    cast(sum(revenue_30d) as decimal(18, 2)) as revenue_30d,
    count(csat) as csat_responses,
    round(avg(csat), 4) as average_csat,
    count(nps) as nps_responses,
    round(
        100.0 * (
            count(*) filter (where {{ is_nps_promoter('nps') }})
            - count(*) filter (where {{ is_nps_detractor('nps') }})
        )
        / nullif(count(nps), 0),
        4
    ) as nps,
    cast(sum(cost) as decimal(18, 4)) as total_cost,
    round(sum(cost) / nullif(count(cost), 0), 4) as cost_per_contact,
    round(
        sum(cost) / nullif(count(cost) filter (where is_positive), 0), 4
    ) as cost_per_positive_outcome,
    count(*) filter (where is_service) as service_contacts,
    -- null, not 0, where no contact of the cell records a resolution (social DMs)
    case when count(resolved_at) filter (where is_service) > 0 then round(
        count(*) filter (where is_service and is_first_contact_resolution)
        / count(*) filter (where is_service),
        4
    ) end as first_contact_resolution_rate,
    round(
        median({{ hours_to_resolution }})
            filter (where is_service and resolved_at is not null),
        4
    ) as median_hours_to_resolution,
    round(
        avg({{ hours_to_resolution }})
            filter (where is_service and resolved_at is not null),
        4
    ) as average_hours_to_resolution
{%- endmacro %}
