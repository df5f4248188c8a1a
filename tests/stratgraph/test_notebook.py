"""docs/notebook.py runs top to bottom in a real Jupyter kernel (nbclient + ipykernel), Neo4j included,
so the walkthrough cannot rot."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebook.py"


def _outputs(notebook) -> list[str]:
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            for value in output.get("data", {}).values():
                texts.append(value if isinstance(value, str) else str(value))
    return texts


@pytest.mark.neo4j
@pytest.mark.slow
def test_notebook_runs_with_a_real_kernel(neo4j_dev_server, neo4j_owner, tmp_path, monkeypatch):
    jupytext = pytest.importorskip("jupytext", reason="the test extra installs jupytext")
    from nbclient import NotebookClient

    # The kernel inherits this environment: the session's Neo4j, a fresh owner, the store in tmp_path.
    monkeypatch.delenv("STRATGRAPH_DB", raising=False)
    monkeypatch.setenv("NEO4J_URI", neo4j_dev_server.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_dev_server.username)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_dev_server.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_dev_server.database)
    monkeypatch.setenv("STRATGRAPH_NEO4J_OWNER", neo4j_owner)
    notebook = jupytext.read(NOTEBOOK)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()  # raises on any cell's error

    texts = _outputs(notebook)
    joined = "\n".join(texts)
    assert "no Neo4j here" not in joined, "the Cypher cells did not run"
    assert "using the Neo4j named by NEO4J_URI" in joined and "started a Neo4j dev server" not in joined
    assert "pushed " in joined and "related_projects" not in joined
    assert "closest ids: P-HNR" in joined
    assert any(t.startswith('<iframe sandbox="allow-scripts"') for t in texts), "the map was not shown inline"
    assert sum("<table" in t for t in texts) >= 8, "DataFrames were not shown"
    assert (tmp_path / "stratgraph.db").is_dir() and (tmp_path / "hnr.svg").is_file()
    assert (tmp_path / "collaboration.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
