"""Connected components of the identity graph: usable identifier -> component_id.

Min-label propagation in DuckDB SQL, round after round until no label changes, bounded
by var('identity_max_rounds') (the build fails rather than return unfinished
components). A dbt Python model because SQL alone cannot loop until convergence; the
rounds are in models/identity/components.py, tested on their own. component_id is the
smallest identifier_id of the component.
"""

from models.identity.components import connected_components


def model(dbt, session):
    dbt.config(materialized="table")
    max_rounds = int(dbt.config.get("max_rounds"))
    identifiers = dbt.ref("int_identifiers_guarded")
    nodes = identifiers.filter("is_usable").select("node_id, identifier_id")
    edges = dbt.ref("int_identity_edges").select("node_id, linked_node_id")
    components, _ = connected_components(session, nodes, edges, max_rounds=max_rounds)
    return components
