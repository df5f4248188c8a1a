"""Reasons by name in the page's language: visualize/naming.py."""

from __future__ import annotations

import pytest

from queries.projection import GraphData
from queries.related import CLOSEST_REASON, FEEDBACK, RelatedIndex
from visualize.i18n import translator
from visualize.naming import CLOSEST_REASON as WRITTEN_OUT, reason_lines
from visualize.report import _worded

TITLES = {"P1": "Kahvila ja ravintola", "P2": "Ravintola ja pitopalvelu", "P3": "Pitopalvelu juhliin",
          "P4": "Koulujen ruokahuolto", "P5": "Sahan laajennus"}


def test_the_written_out_reason_is_the_rankers():
    assert WRITTEN_OUT == CLOSEST_REASON


@pytest.mark.parametrize("lang, head", [("fi", "lähimpien osumien sanat"), ("en", "words of the closest matches")])
def test_a_project_found_through_its_best_matches_words_says_so_in_the_pages_language(lang, head):
    graph = GraphData(types={p: "Project" for p in TITLES}, labels={p: {"fi": t} for p, t in TITLES.items()})
    found = {r.id: r for r in RelatedIndex.build(graph, feedback=FEEDBACK).query("P1", lang=lang)}
    t = translator(lang)
    assert reason_lines(graph, found["P2"], t) == [f"{t('similar_words')}: ravintola"]
    assert reason_lines(graph, found["P3"], t) == [f"{head}: pitopalvelu"]
    assert _worded(t, found["P3"].reasons[0]) == f"{head}: pitopalvelu"
