"""The built wheel holds every file the commands need, and building it prints no packaging warnings.

The wheel is unpacked into a folder put first on the path of a child Python (before the editable
install), and ``stratgraph demo`` runs from another folder: report, maps and queries come from the wheel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("stratgraph", "graph_model", "ingest", "queries", "visualize", "ontologies", "examples")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    out, source = tmp_path_factory.mktemp("wheel"), tmp_path_factory.mktemp("source")
    for name in _tracked_files():  # the files a clone has, without build/ or egg-info left in the checkout
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", str(out), str(source)],
                           capture_output=True, text=True, cwd=out)
    assert build.returncode == 0, build.stderr[-2000:]
    [built] = out.glob("stratgraph-*.whl")
    return built, build.stdout + build.stderr


def _tracked_files(*folders: str) -> list[str]:
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", *folders], capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    return [name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()]


def _tracked_data_files() -> set[str]:
    return {name for name in _tracked_files(*PACKAGES) if not name.endswith(".py")}


@pytest.mark.slow
def test_the_wheel_holds_every_data_file_and_builds_without_warnings(wheel):
    built, log = wheel
    assert "absent from the `packages` configuration" not in log and "Package would be ignored" not in log
    names = set(zipfile.ZipFile(built).namelist())
    assert _tracked_data_files() - names == set()
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]


@pytest.mark.slow
def test_the_demo_runs_from_the_wheel_in_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel[0]).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import sys, stratgraph, visualize; "
            f"assert stratgraph.__file__.startswith({str(site)!r}), stratgraph.__file__; "
            "from stratgraph.cli import cli; cli(['demo'], prog_name='stratgraph')")
    run = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr[-3000:]
    index = elsewhere / "stratgraph-report" / "index.html"
    assert index.is_file() and "<script" not in run.stdout
    assert any((elsewhere / "stratgraph-report" / "maps").glob("*.html"))
    listed = subprocess.run([sys.executable, "-c", "from stratgraph.cli import cli; cli(['cypher', '--list'], prog_name='stratgraph')"],
                            cwd=elsewhere, capture_output=True, text=True, env={"PYTHONPATH": str(site)})
    assert listed.returncode == 0 and "analysis_coverage" in listed.stdout, listed.stderr[-2000:]
