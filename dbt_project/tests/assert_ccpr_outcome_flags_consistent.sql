-- A CCPR outcome means one thing everywhere: fails with each outcome that the seed
-- ccpr_outcomes flags differently for two sources (is_response or is_positive).
select
    outcome,
    count(distinct is_response) as response_flags,
    count(distinct is_positive) as positive_flags
from {{ ref('ccpr_outcomes') }}
group by outcome
having count(distinct is_response) > 1 or count(distinct is_positive) > 1
