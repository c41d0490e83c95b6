-- Fails with one row per source kind or outcome that the CCPR seeds do not map
-- (seeds/ccpr/ccpr_contact_types.csv, seeds/ccpr/ccpr_outcomes.csv): add a row there.
select
    source,
    contact_type,
    source_outcome,
    count(*) as contacts
from {{ ref('fct_contacts') }}
where contact_point is null or outcome is null
group by source, contact_type, source_outcome
