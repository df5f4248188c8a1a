"""A map shown inline in a notebook (``stratgraph.open().map(...)._repr_html_()``) draws in chromium inside
a page of its own, offline, and its hostile labels stay text: the sandboxed iframe keeps the map's CSP."""

from __future__ import annotations

import stratgraph
from stratgraph.api.maps import Map
from tests.helpers import drawn_pixels, hostile_map, wait_for_map


def _notebook_page(tmp_path, fragment: str):
    page = tmp_path / "notebook.html"
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>notebook</title></head><body>"
                    f"<h1>cell output</h1>{fragment}</body></html>", encoding="utf-8")
    return page


def test_inline_map_draws_inside_its_iframe(example_disk_store, open_page, tmp_path):
    with stratgraph.open(example_disk_store.path, read_only=True) as city:
        fragment = city.map("collaboration", lang="en")._repr_html_()
    page, log = open_page(_notebook_page(tmp_path, fragment))
    frame = page.frames[1]
    wait_for_map(frame)
    page.wait_for_timeout(200)
    assert drawn_pixels(frame) > 5_000, "the inline map is blank"
    assert log.problems() == []


def test_inline_hostile_map_runs_nothing(open_page, tmp_path):
    page, log = open_page(_notebook_page(tmp_path, Map(hostile_map())._repr_html_()))
    frame = page.frames[1]
    wait_for_map(frame)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None and frame.evaluate("window.__xss") is None
    assert log.dialogs == [] and log.blocked == []
    assert page.locator("iframe").count() == 1  # no payload opened a frame of its own
