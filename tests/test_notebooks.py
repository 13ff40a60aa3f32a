"""The notebooks run top to bottom (nbclient) and are committed without outputs."""
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ["01_seed_article.ipynb", "02_escalation_over_time.ipynb", "03_labelling_and_retraining.ipynb"]


def _kernel_available() -> bool:
    from jupyter_client.kernelspec import KernelSpecManager

    return "python3" in KernelSpecManager().find_kernel_specs()


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name):
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert code
    assert all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name, tmp_path, monkeypatch):
    if not _kernel_available():
        pytest.skip("no python3 Jupyter kernel installed")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(book, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    errors = [output for cell in book.cells if cell.cell_type == "code" for output in cell.outputs
              if output.output_type == "error"]
    assert not errors
    images = sum("image/png" in output.get("data", {}) for cell in book.cells if cell.cell_type == "code"
                 for output in cell.outputs)
    assert images >= {"01": 1, "02": 7, "03": 0}[name[:2]]
    assert list(tmp_path.iterdir()) == []   # no scratch folder left behind
