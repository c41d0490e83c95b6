"""Notebooks are committed clean (no outputs, no execution counts, the python3 kernel),
open with what they answer, and explain how to read every chart."""

import re
from pathlib import Path

import nbformat
import pytest

from cdp.config import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))
CHART = re.compile(r"^\s*(?:plt\.)?show\(", re.MULTILINE)


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_is_committed_clean(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    dirty = [
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} hold outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_says_what_it_answers_and_how_to_read_each_chart(path: Path) -> None:
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].cell_type == "markdown" and "What it answers" in cells[0].source
    assert "How to open it" in cells[0].source
    unexplained = [
        i
        for i, cell in enumerate(cells)
        if cell.cell_type == "code"
        and CHART.search(cell.source)
        and not (cells[i - 1].cell_type == "markdown" and "How to read" in cells[i - 1].source)
    ]
    assert not unexplained, f"{path.name}: chart cells {unexplained} lack a 'How to read' line"
