"""The analyst notebooks run top to bottom on the default sample's published snapshot,
and every chart they draw reaches the output as a PNG (a plot that silently vanishes,
say under a non-inline backend, fails here)."""

import re

import nbformat
import pytest
from nbclient import NotebookClient

from cdp.config import ENV_VARS, PROJECT_ROOT, Settings

# One xdist group: these modules share the session's default_sample build (make test runs
# two workers; a group stays on one, so the sample is built once).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("default_sample")]
NOTEBOOKS = PROJECT_ROOT / "notebooks"
CHART = re.compile(r"^\s*(?:plt\.)?show\(", re.MULTILINE)  # one figure per call


@pytest.mark.parametrize("name", sorted(path.name for path in NOTEBOOKS.glob("*.ipynb")))
def test_notebook_runs_and_shows_every_chart(
    name: str, default_sample: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in [*ENV_VARS, "CDP_DATA_DIR", "CDP_OBSERVATION_DATE", "MPLBACKEND"]:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CDP_DATA_DIR", str(default_sample.data_dir))  # the kernel inherits these
    monkeypatch.setenv("CDP_PUBLISHED_WAREHOUSE", str(default_sample.published_path))
    monkeypatch.setenv("CDP_REPORTS_DIR", str(default_sample.reports_dir))
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # a failing cell raises CellExecutionError naming the cell

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    charts = [len(CHART.findall(cell.source)) for cell in code]
    images = [sum("image/png" in out.get("data", {}) for out in cell.outputs) for cell in code]
    assert sum(charts) >= 3, f"{name}: expected at least 3 charts"
    missing = [i for i, (c, n) in enumerate(zip(charts, images, strict=True)) if n < c]
    assert not missing, f"{name}: code cells {missing} drew fewer PNGs than they show charts"
