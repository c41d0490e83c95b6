-- Connected components of the identity graph by min-label propagation.
-- Every usable identifier starts labelled with itself; each round, it takes the smallest
-- label among itself and its neighbours. After n rounds a label has travelled n edges, so
-- var('identity_iterations') rounds (unrolled below) label every component with its
-- smallest identifier_id, as long as no component is wider than that. previous_label is
-- the label one round earlier: the test assert_identity_labels_converged checks that
-- nothing changed in the last round.
{%- set iterations = var('identity_iterations') | int %}
{%- if iterations < 1 %}
    {{ exceptions.raise_compiler_error("var identity_iterations must be at least 1") }}
{%- endif %}
with

nodes as (
    select identifier_id
    from {{ ref('int_identifiers_guarded') }}
    where is_usable
),

neighbours as (
    select
        identifier_id,
        linked_identifier_id
    from {{ ref('int_identity_edges') }}
    union all
    select
        identifier_id,
        identifier_id as linked_identifier_id
    from nodes
),

labels_0 as (
    select
        identifier_id,
        identifier_id as component_label
    from nodes
),
{% for i in range(1, iterations + 1) %}
labels_{{ i }} as (
    select
        neighbours.identifier_id,
        min(labels_{{ i - 1 }}.component_label) as component_label
    from neighbours
    inner join labels_{{ i - 1 }}
        on neighbours.linked_identifier_id = labels_{{ i - 1 }}.identifier_id
    group by neighbours.identifier_id
),
{% endfor %}
final as (
    select
        labels_{{ iterations }}.identifier_id,
        labels_{{ iterations }}.component_label as component_id,
        labels_{{ iterations - 1 }}.component_label as previous_label
    from labels_{{ iterations }}
    inner join labels_{{ iterations - 1 }}
        on labels_{{ iterations }}.identifier_id = labels_{{ iterations - 1 }}.identifier_id
)

select * from final
