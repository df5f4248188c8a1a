"""The follow-up pages of the report: scorecard in three orders, goal pages with charts, crosswalk."""

from __future__ import annotations

import re
from string import Formatter

import pytest

from queries.followup.progress import REASONS, WARNINGS
from visualize.followup_pages import goal_path, scorecard_paths
from visualize.i18n import FOLLOWUP_NOTES
from visualize.report import write_report


@pytest.fixture(scope="module")
def sites(example_disk_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("followup-report")
    return {lang: write_report(example_disk_store, out / lang, lang=lang).out_dir for lang in ("fi", "en")}


def read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_scorecard_in_every_order_calls_out_the_silo_goal(sites):
    fi = sites["fi"]
    orders = {name: read(fi, name) for name in scorecard_paths("S-2021").values()}
    for text in orders.values():
        assert "vain yhden toimialan varassa" in text and 'class="status s-off_track">ei tavoitteessa' in text
        assert "<script" not in text
    goals = lambda text: re.findall(r'href="goals/([^"]+)\.html">', text)  # noqa: E731
    by_goal, by_status = goals(orders["followup-S-2021-goal.html"]), goals(orders["followup-S-2021.html"])
    assert sorted(by_goal) == sorted(by_status) and by_goal != by_status
    assert by_status[0] == "G13"  # the callout's link comes first, then the worst status


def test_goal_page_has_a_chart_per_metric(sites):
    page = read(sites["en"], goal_path("G11.2"))
    assert page.count("<svg") == 2 and "Municipal waste recycling rate" in page
    assert "expected trajectory" in page and "stroke-dasharray" in page and "behind" in page
    assert "Circular economy and resource wisdom" in page


def test_crosswalk_page(sites):
    fi, en = read(sites["fi"], "crosswalk.html"), read(sites["en"], "crosswalk.html")
    assert "jää pois" in fi and "P-HENKILOSTO.html" in fi
    assert "dropped" in en and "Safe and prepared city" in en and "project, metric, owner" in en.replace("\n", " ")


def test_project_pages_link_to_goal_pages(sites):
    assert "../goals/G11.html" in read(sites["fi"], "projects/P-HNR.html")


def test_the_rule_is_written_in_the_page_s_language(sites):
    fi, en = read(sites["fi"], "followup.html"), read(sites["en"], goal_path("G13"))
    assert "painotettuja keskiarvoja" in fi and "ei tavoitteessa" in fi and "weighted means" not in fi
    assert "weighted means over its measured metrics" in en and "on track when the gap is at most 0.1" in en


def test_the_rule_is_a_short_legend_with_the_details_behind_a_link(sites):
    """Issue 22 item 9: the rule was one long sentence of raw rule text (`<=`, an English column name)."""
    fi = read(sites["fi"], "followup.html")
    legend = re.search(r'<p class="lead">(.*?)</p>', fi, re.S).group(1)
    assert "Tavoitteessa: enintään 10 prosenttiyksikköä" in legend and "painotettuja" not in legend
    details = re.search(r"<details[^>]*><summary>Miten tämä lasketaan\?</summary>(.*?)</details>", fi, re.S).group(1)
    assert "painotettuja keskiarvoja" in details
    text = re.sub(r"<[^>]+>", " ", fi[fi.index("<main"):])  # what a reader sees, no class names or CSS
    for raw in ("&lt;=", "weight", "no_metric", "on_track"):
        assert raw not in text, raw


@pytest.mark.parametrize("lang, day", [("fi", "Tilanne 7.12.2026"), ("en", "As of 2026-12-07")])
def test_the_page_date_is_written_the_page_s_way(example_disk_store, tmp_path, lang, day):
    import datetime

    site = write_report(example_disk_store, tmp_path / lang, lang=lang, as_of=datetime.date(2026, 12, 7))
    assert day in read(site.out_dir, "followup.html")


def test_one_strategy_per_scorecard_the_current_first_each_on_its_own_page(sites, example_graph):
    """Issue 22 item 3: the scorecard mixed the 2021 goals with the draft 2026 goals."""
    import datetime

    from queries.followup import current_strategy

    goals = lambda text: set(re.findall(r'href="goals/([^"]+)\.html">', text))  # noqa: E731
    fi = sites["fi"]
    old, new = goals(read(fi, "followup-S-2021.html")), goals(read(fi, "followup-S-2026.html"))
    assert "G13" in old and "N1" in new and not old & new
    current = {"S-2021": old, "S-2026": new}[current_strategy(example_graph, datetime.date.today())]
    assert goals(read(fi, "followup.html")) == current
    assert 'href="followup-S-2021.html">Rovaniemen kaupunkistrategia 2021–2025</a>' in read(fi, "followup-S-2026.html")


def _fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in Formatter().parse(text) if f)


def _english_words(template: str) -> list[str]:
    """The literal stretches of an English reason or warning template that are words, not numbers."""
    return [part.strip(" ()';,") for part, *_ in Formatter().parse(template) if len(part.strip(" ()';,")) >= 6]


@pytest.mark.parametrize("code", sorted({**REASONS, **WARNINGS}))
def test_every_reason_and_warning_has_a_finnish_wording_with_the_same_fields(code):
    english = {**REASONS, **WARNINGS}
    assert set(FOLLOWUP_NOTES["fi"]) == set(english) == set(FOLLOWUP_NOTES["en"])
    assert _fields(FOLLOWUP_NOTES["fi"][code]) == _fields(english[code])


def test_finnish_goal_pages_have_no_english_reason_or_warning(sites):
    pages = {path.name: path.read_text(encoding="utf-8") for path in (sites["fi"] / "goals").glob("*.html")}
    english = sorted({w for template in {**REASONS, **WARNINGS}.values() for w in _english_words(template)})
    assert "expected in" in english and "years old" in english and "moved away from the target" in " ".join(english)
    for name, page in pages.items():
        found = [w for w in english if w in page]
        assert not found, f"{name}: {found}"
    g11_2 = pages[goal_path("G11.2").split("/")[1]]
    # Finnish number style: decimal comma, a no-break space before the percent sign and between thousands.
    assert "edistyminen 35\u00a0%, odotettu 60\u00a0% vuonna 2023 (arvo 44, odotettu 48,2)" in g11_2
    assert "2\u00a0400\u00a0000\u00a0€" in g11_2 and "2,400,000" not in g11_2
    assert "(tavoite 55 jää saavuttamatta)" in g11_2 and "Koulujen ruokahävikki" in g11_2
    assert re.search(r"Yhdyskuntajätteen kierrätysaste: viimeisin havainto \(2023\) on \d+ vuotta vanha", g11_2)
    assert "käynnissä" in g11_2 and "ongoing" not in g11_2  # project statuses by their schema names
    g13 = pages[goal_path("G13").split("/")[1]]
    assert "on lähtötason jälkeen loitonnut tavoitteesta" in g13


def test_english_goal_page_keeps_the_library_s_sentences(sites):
    page = read(sites["en"], goal_path("G11.2"))
    assert "progress 35% vs 60% expected in 2023 (value 44, expected 48.2)" in page and "(misses target 55)" in page
    assert "2,400,000\u00a0€" in page


def test_goal_pages_read_as_finnish(sites):
    """Issue 22 item 9: decimal points in charts, "/ a" beside "/vuosi", "jää tavoitteesta 8"."""
    pages = [p.read_text(encoding="utf-8") for p in (sites["fi"] / "goals").glob("*.html")]
    charts = [svg for page in pages for svg in re.findall(r"<svg.*?</svg>", page, re.S)]
    assert charts and not any(re.search(r"\d\.\d", text) for svg in charts
                              for text in re.findall(r">([^<]*)<", svg))
    trends = [page for page in pages if "Trendi" in page]
    assert trends and all("/vuosi" in page and " / a" not in page for page in trends)
    assert not any("jää tavoitteesta" in page for page in pages)


def test_a_metric_with_one_observation_draws_no_chart():
    from queries.followup import metric_progress
    from visualize.metric_chart import metric_svg

    one = metric_progress("M", baseline=None, baseline_year=None, target=None, target_year=None,
                          direction="increase", observations=[(2024, 13.9)])
    two = metric_progress("M", baseline=10.5, baseline_year=2020, target=None, target_year=None,
                          direction="increase", observations=[(2024, 13.9)])
    assert metric_svg(one, lang="fi") == ""
    svg = metric_svg(two, lang="fi")
    assert "13,9" in svg and "10,5" in svg and "13.9" not in svg
