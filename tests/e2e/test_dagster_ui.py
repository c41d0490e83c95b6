"""The Dagster UI as users start it (`cdp ui`) on a tiny sample, seen in headless Chromium:
the global lineage shows the main assets of every layer; a materialization of two ingest
assets launched through the UI's GraphQL API succeeds, its run page says so, the checks
tab lists the checks it ran, and the warehouse holds the rows."""

import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from cdp.config import Settings
from cdp.generate import GeneratorConfig, generate
from cdp.warehouse import connect_read_only, scalar
from pipelines.defs.automation import MAIN_JOB
from tests.e2e.ui_support import DagsterUI, chromium, require_browser, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.ui, pytest.mark.xdist_group("ui")]

# One asset of each layer: ingest, dbt marts, Python analytics, the customer-360 view,
# segments and their exports.
MAIN_ASSETS = [
    ("raw", "crm_customers"), ("raw", "shop_orders"), ("marts", "dim_customers"),
    ("marts", "fct_orders"), ("analytics", "customer_rfm"), ("analytics", "customer_clv"),
    ("analytics", "customer_churn"), ("analytics", "customer_360"),
    ("segments", "segment_membership"), ("exports", "segment_exports"),
]  # fmt: skip
MATERIALIZED = [("raw", "crm_customers"), ("raw", "shop_orders")]  # cheap: two ingests
INGEST_CHECKS = ["rows_reconcile", "no_rejected_files", "newest_file_fresh"]

REPOSITORIES = """{ repositoriesOrError { ... on RepositoryConnection {
  nodes { name location { name } jobs { name } } } } }"""
LAUNCH = """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
  __typename ... on LaunchRunSuccess { run { runId } } ... on Error { message } } }"""
STATUS = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"
ERRORS = """query($id: ID!) { logsForRun(runId: $id) { ... on EventConnection { events {
  ... on MessageEvent { level message } ... on ExecutionStepFailureEvent { error { message } }
} } } }"""
GRAPH_LABELS = """return Array.from(document.querySelectorAll('svg foreignObject *'))
  .filter(e => e.children.length === 0).map(e => e.textContent.trim());"""


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DagsterUI]:
    require_browser()
    root = tmp_path_factory.mktemp("dagster_ui")
    settings = replace(Settings.for_data_dir(root / "data"), dagster_home=root / "dagster")
    generate(GeneratorConfig(customers=60, days=120), settings.data_dir)
    server = DagsterUI(settings, root / "cdp-ui.log")
    try:
        server.wait_ready()
        server.graphql("mutation { setNuxSeen }")  # the newsletter dialog would cover the page
        yield server
    finally:
        server.stop()


def _launch(ui: DagsterUI) -> str:
    """Start a run of the main job on MATERIALIZED through the UI's GraphQL API."""

    def main_job_repository() -> dict | None:
        nodes = ui.graphql(REPOSITORIES)["repositoriesOrError"].get("nodes", [])
        return next((n for n in nodes if MAIN_JOB in {j["name"] for j in n["jobs"]}), None)

    repo = wait_for(main_job_repository, 60, f"a code location with the job {MAIN_JOB}")
    selector = {
        "repositoryLocationName": repo["location"]["name"],
        "repositoryName": repo["name"],
        "jobName": MAIN_JOB,  # in-process executor: one process start, not one per step
        "assetSelection": [{"path": list(key)} for key in MATERIALIZED],
    }
    params = {"selector": selector, "mode": "default"}
    launched = ui.graphql(LAUNCH, params=params)["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    return launched["run"]["runId"]


def _wait_for_success(ui: DagsterUI, run_id: str, timeout: float = 240) -> None:
    def finished() -> str | None:
        status = ui.graphql(STATUS, id=run_id)["runOrError"]["status"]
        return status if status in {"SUCCESS", "FAILURE", "CANCELED"} else None

    status = wait_for(finished, timeout, f"run {run_id} to finish", every=2)
    if status != "SUCCESS":
        events = ui.graphql(ERRORS, id=run_id)["logsForRun"]["events"]
        errors = [(e.get("error") or {}).get("message") or e.get("message") for e in events
                  if e.get("level") == "ERROR" or e.get("error")]  # fmt: skip
        pytest.fail(f"run {run_id} ended {status}:\n" + "\n".join(map(str, errors)))


def _graph_labels(driver) -> set[str]:
    return set(driver.execute_script(GRAPH_LABELS))


@contextmanager
def _page(driver, url: str, shot: Path) -> Iterator[WebDriverWait]:
    """Open ``url``; screenshot it to ``shot`` when done, whether the checks passed or not."""
    driver.get(url)
    try:
        yield WebDriverWait(driver, 60)
    finally:
        driver.save_screenshot(str(shot))


def _shows(driver, *texts: str, word: str) -> bool:
    """The page shows every one of ``texts``, and ``word`` as a word."""
    body = driver.find_element(By.TAG_NAME, "body").text
    return all(t in body for t in texts) and bool(re.search(rf"\b{word}\b", body))


def test_ui_shows_the_asset_graph_and_runs_a_materialization(ui: DagsterUI, tmp_path: Path):
    known = {tuple(n["assetKey"]["path"]) for n in
             ui.graphql("{ assetNodes { assetKey { path } } }")["assetNodes"]}  # fmt: skip
    assert set(MAIN_ASSETS) <= known, f"not defined: {set(MAIN_ASSETS) - known}"
    run_id = _launch(ui)  # it runs while the browser looks at the graph

    with chromium(tmp_path) as driver:
        # The global lineage filtered to the main assets (the URL Dagster's own "view in
        # lineage" links build). Asset groups start collapsed: ⌥E expands them all.
        selection = " or ".join(f'key:"{"/".join(key)}"' for key in MAIN_ASSETS)
        graph_url = f"{ui.url}/asset-groups~{urllib.parse.quote(selection, safe='')}/"
        names = {key[-1] for key in MAIN_ASSETS}
        shot = tmp_path / "asset_graph.png"
        with _page(driver, graph_url, shot) as wait:
            wait.until(_graph_labels, f"no asset graph rendered: {shot}")
            if not names <= _graph_labels(driver):
                ActionChains(driver).key_down(Keys.ALT).send_keys("e").key_up(Keys.ALT).perform()
            wait.until(lambda d: names <= _graph_labels(d), f"main assets not all shown: {shot}")

        _wait_for_success(ui, run_id)
        shot = tmp_path / "run.png"
        with _page(driver, f"{ui.url}/runs/{run_id}", shot) as wait:
            wait.until(lambda d: _shows(d, run_id[:8], word="Success"), f"no success: {shot}")

        shot = tmp_path / "checks.png"
        checks_url = f"{ui.url}/assets/{'/'.join(MATERIALIZED[0])}?view=checks"
        with _page(driver, checks_url, shot) as wait:
            wait.until(lambda d: _shows(d, *INGEST_CHECKS, word="Succeeded"), f"no checks: {shot}")

    # The run has ended and its process released the writer lock: read what it loaded.
    with connect_read_only(ui.settings.warehouse_path) as con:
        for schema, table in MATERIALIZED:
            assert scalar(con, f"select count(*) from {schema}.{table}") > 0, table
