"""`stratgraph map` and `stratgraph report`: files written, messages, exit codes, and the demo's report."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from stratgraph.cli import ErrorHandlingGroup
from stratgraph.demo import run_demo
from stratgraph.settings import Settings
from stratgraph.visual_cli import map_cmd, report_cmd


@click.group(cls=ErrorHandlingGroup)
@click.option("--db", type=click.Path())
@click.pass_context
def group(ctx: click.Context, db: str) -> None:
    """The two commands on a group like the main one (the lead registers them on stratgraph's)."""
    ctx.obj = Settings.from_env(db=db)


group.add_command(map_cmd)
group.add_command(report_cmd)


def run(db, *args):
    return CliRunner().invoke(group, ["--db", str(db), *args], catch_exceptions=False)


@pytest.mark.parametrize("suffix", ["html", "png", "svg"])
def test_map_writes_html_png_svg(example_db, tmp_path, suffix):
    out = tmp_path / f"collaboration.{suffix}"
    result = run(example_db, "map", "collaboration", "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert out.is_file() and f"wrote {out}" in result.output


def test_map_neighbourhood_with_focus_and_depth(example_db, tmp_path):
    out = tmp_path / "hnr.html"
    result = run(example_db, "map", "neighbourhood", "--focus", "P-HNR", "--depth", "2", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Hiilineutraali Rovaniemi" in out.read_text(encoding="utf-8")


def test_map_errors(example_db, tmp_path):
    result = run(example_db, "map", "neighbourhood", "--out", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "needs --focus" in result.output and "Traceback" not in result.output
    result = run(example_db, "map", "neighbourhood", "--focus", "NOPE", "--out", str(tmp_path / "x.html"))
    assert result.exit_code == 1 and "no node 'NOPE'" in result.output
    result = run(example_db, "map", "goals", "--out", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and ".html, .png or .svg" in result.output
    result = run(tmp_path / "missing.db", "map", "goals", "--out", str(tmp_path / "x.html"))
    assert result.exit_code == 1 and "no store" in result.output


def test_report(example_db, tmp_path):
    result = run(example_db, "report", "--out", str(tmp_path / "site"), "--lang", "en", "-q")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()
    assert f"open {tmp_path / 'site' / 'index.html'}" in result.output


def test_demo_ends_by_writing_the_report(tmp_path):
    result = run_demo(tmp_path / "demo.db")
    assert result.site.index == (tmp_path / "stratgraph-report" / "index.html").resolve()
    assert result.site.index.is_file()
    assert str(result.site.index) in result.text()
    skipped = run_demo(tmp_path / "again.db", report_dir=False)
    assert skipped.site is None and "Report" not in skipped.text()
