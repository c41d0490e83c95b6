-- Label propagation converged: no identifier changed component in the last of the
-- var('identity_iterations') rounds. A failure means some component is wider than the
-- number of rounds: raise identity_iterations.
select
    identifier_id,
    component_id,
    previous_label
from {{ ref('int_identity_components') }}
where component_id != previous_label
