"""The report site: its pages, its links, its languages and its escaping (no browser here)."""

from __future__ import annotations

import re

import html.parser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from examples import EXAMPLE_DIR
from tests.helpers import PAYLOADS
from visualize.report import slug, write_report


class _Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for name in ("href", "src"):
            if attrs.get(name):
                self.refs.append(attrs[name])


def refs_of(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every href/src of every HTML page that does not point at an existing file of the site."""
    broken = []
    for page in site.rglob("*.html"):
        for ref in refs_of(page).refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                broken.append(f"{page.relative_to(site)}: external {ref}")
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page.relative_to(site)}: {ref}")
    return broken


@pytest.fixture(scope="module")
def site_fi(example_disk_store, tmp_path_factory):
    return write_report(example_disk_store, tmp_path_factory.mktemp("report") / "site", lang="fi")


def test_pages_exist(site_fi, example_graph):
    out = site_fi.out_dir
    for name in ("index.html", "coverage.html", "silos.html", "gaps.html", "links.html", "maps.html",
                 "projects/index.html", "organisations/index.html", "bodies/index.html"):
        assert (out / name).is_file(), name
    for project in example_graph.ids_of("Project"):
        assert (out / "projects" / f"{slug(project)}.html").is_file()
    for body in example_graph.ids_of("GoverningBody"):
        assert (out / "bodies" / f"{slug(body)}.html").is_file()
    for kind in ("Sector", "Unit", "Stakeholder"):
        for org in example_graph.ids_of(kind):
            assert (out / "organisations" / f"{slug(org)}.html").is_file()
    for kind in ("collaboration", "goals", "bodies", "networks"):
        for suffix in ("html", "png", "svg"):
            assert (out / "maps" / f"{kind}.{suffix}").is_file()
    assert site_fi.index == out / "index.html" and site_fi.pages > 100


def test_every_link_resolves_inside_the_site(site_fi):
    assert broken_links(site_fi.out_dir) == []


def test_report_pages_run_no_script(site_fi):
    for page in site_fi.out_dir.rglob("*.html"):
        if page.parent.name != "maps":
            assert refs_of(page).scripts == 0, page


def test_overview_and_analyses_in_finnish(site_fi):
    index = (site_fi.out_dir / "index.html").read_text(encoding="utf-8")
    assert "Strategian verkostokartta" in index and f"<td>{EXAMPLE_DIR.name}</td>" in index and "Hanke" in index
    coverage = (site_fi.out_dir / "coverage.html").read_text(encoding="utf-8")
    assert "Hiilineutraalius vuoteen 2030 mennessä" in coverage and 'class="heat5"' in coverage
    project = (site_fi.out_dir / "projects" / "P-KIERTO.html").read_text(encoding="utf-8")
    assert "Samankaltaiset hankkeet" in project and "P-KOULUKIERTO.html" in project
    assert "<tr><th>Tunnus</th>" in project and "<th>tila</th>" not in project  # headings, capitalised alike
    body = (site_fi.out_dir / "bodies" / "B-KH.html").read_text(encoding="utf-8")
    assert "Jäsenet" in body
    assert "Hallinnan aukot" in (site_fi.out_dir / "gaps.html").read_text(encoding="utf-8")


def test_coverage_and_silos_show_each_strategy_apart_by_the_one_definition(site_fi):
    """Issue 22 item 2: N1 counts the work of the goals it merges, on the pages too; the 2021 goal 1
    and the 2026 goal 1 are under their own strategy's heading, not two "1 ..." rows in one list."""
    coverage = (site_fi.out_dir / "coverage.html").read_text(encoding="utf-8")
    old, new = "Rovaniemen kaupunkistrategia 2021–2025", "Rovaniemen kaupunkistrategia 2026–2030 (luonnos)"
    assert coverage.index(f'<tr class="group"><th colspan="7">{old}') < coverage.index(
        "1 Vetovoimainen") < coverage.index(f'<tr class="group"><th colspan="7">{new}') < coverage.index(
        "1 Elinvoimainen arktinen pääkaupunki")
    n1 = coverage[coverage.index("1 Elinvoimainen arktinen pääkaupunki"):]
    assert re.search(r'<td class="num">9</td>', n1.split("</tr>")[0])  # N1: 9 projects
    silos = (site_fi.out_dir / "silos.html").read_text(encoding="utf-8")
    assert silos.index(old) < silos.index(new) < silos.index("Elinvoimatoimiala (11)")
    assert " 0,77</td>" in silos and " 0.77</td>" not in silos  # a Finnish page writes a decimal comma


def test_no_page_shows_where_the_source_files_were(site_fi, example_disk_store):
    """Issue 22 item 5: the index printed the source file's local path, the user's folder layout."""
    locations = [s.location for s in example_disk_store.sources()]
    assert locations and all("/" in loc for loc in locations)
    for page in site_fi.out_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not any(loc in text for loc in locations), page


def test_names_not_ids_where_a_person_reads(site_fi, example_graph):
    """Issue 22 item 4: crosswalk owners read "R-KAUPUNGINJOHTAJA", link evidence "T-MOBILITY"."""
    import re

    for name in ("crosswalk.html", "links.html"):
        text = re.sub(r'href="[^"]*"', "", (site_fi.out_dir / name).read_text(encoding="utf-8"))
        shown = [i for i in example_graph.types if example_graph.type_of(i) != "Goal" and re.search(
            rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        assert shown == [], name
    assert "Kaupunginjohtaja" in (site_fi.out_dir / "crosswalk.html").read_text(encoding="utf-8")


def test_similar_words_are_topic_words_of_the_page_s_language(site_fi, example_graph):
    """Issue 22 item 8: "samankaltaiset sanat: centre, one, stop, yhden, into, place"."""
    import re

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    finnish = " ".join(" ".join(filter(None, (example_graph.labels.get(p, {}).get("fi"),
                                              example_graph.descriptions.get(p, {}).get("fi"))))
                       for p in example_graph.ids_of("Project")).lower()
    shown = [w for page in (site_fi.out_dir / "projects").glob("P-*.html")
             for line in re.findall(r"samankaltaiset sanat: ([^<]*)", page.read_text(encoding="utf-8"))
             for w in line.split(", ")]
    assert len(shown) > 50
    assert not {"centre", "one", "stop", "yhden", "into", "place", "kaupungin"} & set(shown)
    assert not set(shown) & ENGLISH_STOP_WORDS and all(len(w) >= 4 for w in shown)
    assert all(w in finnish for w in shown)  # the page's language


def test_reasons_evidence_and_gap_details_are_finnish_on_finnish_pages(site_fi):
    project = (site_fi.out_dir / "projects" / "P-KIERTO.html").read_text(encoding="utf-8")
    links = (site_fi.out_dir / "links.html").read_text(encoding="utf-8")
    gaps = (site_fi.out_dir / "gaps.html").read_text(encoding="utf-8")
    assert "yhteiset tavoitteet: " in project and "yhteiset teemat: " in links
    assert "sen jäsenet (PER-M) eivät istu muissa toimielimissä" in gaps and "mittaa: G1<" in gaps
    assert "vain R-HANKEASIANTUNTIJA istuu myös toimielimissä B-KEKE-TR, " in gaps
    for english in ("shared goals", "shared themes", "shared partners", "similar words", "measures ",
                    "led by ", "sit in no other body", "contribute to it", " more"):
        assert english not in project + links + gaps, english


@pytest.mark.parametrize("key", sorted(__import__("queries.gaps").gaps.DETAILS))
def test_every_gap_detail_has_a_finnish_wording_with_the_same_fields(key):
    from string import Formatter

    from queries.gaps import DETAILS
    from visualize.i18n import GAP_DETAILS_FI

    fields = lambda text: sorted(f for _, f, _, _ in Formatter().parse(text) if f)  # noqa: E731
    assert set(GAP_DETAILS_FI) == set(DETAILS) and fields(GAP_DETAILS_FI[key]) == fields(DETAILS[key])


def test_english(example_disk_store, tmp_path):
    site = write_report(example_disk_store, tmp_path / "en", lang="en")
    index = site.index.read_text(encoding="utf-8")
    assert 'lang="en"' in index and "Strategy network map" in index and "Governance gaps" in index
    assert "Carbon-neutral Rovaniemi" in (site.out_dir / "projects" / "P-HNR.html").read_text(encoding="utf-8")


def test_hostile_names_stay_text(hostile_store, tmp_path):
    site = write_report(hostile_store, tmp_path / "hostile", lang="fi")
    assert broken_links(site.out_dir) == []
    for page in site.out_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for payload in PAYLOADS:
            if "<" in payload:
                assert payload not in text, (page.name, payload)
    index = site.index.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in index  # the source's name, shown as text
    names = {p.name for p in (site.out_dir / "organisations").iterdir()}
    assert all(n.endswith(".html") and "/" not in n and ":" not in n and "'" not in n for n in names)


def test_a_store_with_only_a_project_list_gets_a_report(tmp_path):
    """Issue 22 item 6: it failed with "the store holds no goals"."""
    from examples import EXAMPLE_DIR
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest

    data = Path(__file__).resolve().parent.parent / "data" / "structural-funds" / "projektilista-excerpt.csv"
    mapping = EXAMPLE_DIR.parent / "structural-funds" / "mapping.yaml"
    with GraphStore(tmp_path / "list.db") as store:
        ingest(data, store, mapping=mapping)
        site = write_report(store, tmp_path / "site", lang="fi")
    out = site.out_dir
    index = site.index.read_text(encoding="utf-8")
    assert "Varastossa ei ole strategian tavoitteita" in index and "<strong>17</strong> hanketta" in index
    for kept in ("projects/index.html", "organisations/index.html", "maps/collaboration.html", "links.html"):
        assert (out / kept).is_file(), kept
    for left_out in ("followup.html", "coverage.html", "silos.html", "crosswalk.html", "maps/goals.html"):
        assert not (out / left_out).exists(), left_out
    assert broken_links(out) == []
    assert "Samankaltaiset hankkeet" in next((out / "projects").glob("SF-*.html")).read_text(encoding="utf-8")


def test_slug():
    assert slug("P-HNR") == "P-HNR"
    assert slug("../x") != slug("__x") and slug("../x").startswith("___x-")
    assert slug("javascript:alert(1)").startswith("javascript_alert_1_-")


@pytest.mark.parametrize("lang, written", [("fi", "19\u00a0940"), ("en", "19,940")])
def test_the_overview_writes_counts_as_its_cards_do(tmp_path, lang, written):
    """The real list's index said "19 940 hanketta" on a card and "19940" in the table below it."""
    from queries.projection import GraphData
    from visualize.i18n import translator
    from visualize.report import Site

    page = Site(tmp_path, GraphData(), translator(lang)).html(
        "index.html.j2", "index.html", "x", "overview", counts=[("Hanke", 19940)], total_nodes=32146,
        total_relationships=59820, sources=[], n_silos=0, n_gaps=0, n_links=0, no_goals=True, n_projects=19940,
        maps=[])
    table = page[page.index("<tfoot") - 200:]
    assert f'<td class="num">{written}</td>' in table and "19940" not in page
    assert ("59\u00a0820" if lang == "fi" else "59,820") in table


def test_a_reranked_related_list_says_why_its_scores_need_not_fall(site_fi, tmp_path):
    """On a flat list (words carry the score) a project's top 30 are ordered by the learned re-ranker while the
    score shown is the ranker's: on the real list *Risteilyaluksen uudistaminen* (0.13) stood 9th, under five
    0.05s. The page says so; where goals and themes carry the score (the example city) nothing is re-ranked
    and nothing is said."""
    from queries.projection import GraphData
    from queries.related import RelatedIndex
    from visualize.i18n import translator
    from visualize.report import _Site, project_page

    titles = {"P1": "Rovaniemen matkailun markkinointi", "P2": "Rovaniemen kaavoitus", "P3": "Matkailun kehittäminen",
              "P4": "Kaupunkipyörien tuotteistus", "P5": "Ulkoilun reitit", "P6": "Sahan laajennus"}
    flat = GraphData(types={p: "Project" for p in titles}, labels={p: {"fi": t} for p, t in titles.items()}, edges={})
    index = RelatedIndex.build(flat)
    assert index.reranks()
    site = _Site(tmp_path, flat, translator("en"))
    project_page(site, "P1", index)
    assert "ordered by a learned model" in (tmp_path / "projects" / "P1.html").read_text(encoding="utf-8")
    for page in (site_fi.out_dir / "projects").glob("*.html"):
        assert "opitulla mallilla" not in page.read_text(encoding="utf-8")
