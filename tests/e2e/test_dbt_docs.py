"""The dbt docs site of the default sample: every relation and column described, lineage whole.

Generated once (``cdp.docs.generate_dbt_docs``: a schema-only snapshot of the session's
``default_sample`` warehouse, its own target path), then read back from the site's own
``catalog.json`` (what the warehouse really holds) and ``manifest.json`` (what the yml and
doc blocks say about it).
"""

import json
from pathlib import Path

import pytest

from cdp.config import Settings
from cdp.docs import generate_dbt_docs

# One xdist group: these modules share the session's default_sample build (make test runs
# two workers; a group stays on one, so the sample is built once).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("default_sample")]


@pytest.fixture(scope="module")
def site(default_sample: Settings) -> Path:
    return generate_dbt_docs(default_sample)


@pytest.fixture(scope="module")
def catalog(site: Path) -> dict:
    return json.loads((site.parent / "catalog.json").read_text())


@pytest.fixture(scope="module")
def manifest(site: Path) -> dict:
    return json.loads((site.parent / "manifest.json").read_text())


def _documented(catalog: dict, manifest: dict):
    """(unique_id, relation name, its catalog entry, its manifest entry) of every model,
    seed and source the warehouse holds."""
    for kind in ("nodes", "sources"):
        for unique_id, entry in catalog[kind].items():
            meta = entry["metadata"]
            yield unique_id, f"{meta['schema']}.{meta['name']}", entry, manifest[kind][unique_id]


def _ancestors(manifest: dict, unique_id: str) -> set[str]:
    parents, seen, todo = manifest["parent_map"], set(), [unique_id]
    while todo:
        for parent in parents.get(todo.pop(), []):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_the_site_is_one_static_page_with_the_project_in_it(site: Path):
    assert site.name == "static_index.html" and site.parent.name == "dbt"
    assert site.stat().st_size > 1_000_000  # dbt's app plus the inlined manifest and catalog
    assert "customer_360" in site.read_text()


def test_every_model_seed_and_source_is_described(catalog: dict, manifest: dict):
    relations = list(_documented(catalog, manifest))
    kinds = {node["resource_type"] for _, _, _, node in relations}
    assert kinds == {"model", "seed", "source"}
    assert len(relations) > 50
    undescribed = [name for _, name, _, node in relations if not node["description"].strip()]
    assert not undescribed, f"no description: {undescribed}"


def test_every_column_is_described(catalog: dict, manifest: dict):
    missing = []
    for _, name, entry, node in _documented(catalog, manifest):
        described = {
            column.lower(): (spec.get("description") or "").strip()
            for column, spec in node["columns"].items()
        }
        missing += [f"{name}.{c}" for c in entry["columns"] if not described.get(c.lower())]
    assert not missing, f"{len(missing)} columns without a description: {missing}"


def test_every_mart_reads_from_a_source(manifest: dict):
    marts = [
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
    ]
    assert len(marts) > 10
    sourceless = [
        m for m in marts if not any(a.startswith("source.") for a in _ancestors(manifest, m))
    ]
    assert not sourceless, f"marts with no source upstream: {sourceless}"


def test_the_customer_360_traces_back_to_every_ingest_source(manifest: dict):
    ingest = {u for u, source in manifest["sources"].items() if source["source_name"] == "raw"}
    assert len(ingest) == 11
    upstream = _ancestors(manifest, "model.cdp.customer_360")
    assert ingest <= upstream, f"not upstream of customer_360: {sorted(ingest - upstream)}"
    assert {"model.cdp.dim_customers", "source.cdp.analytics.customer_clv"} <= upstream
