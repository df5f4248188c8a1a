"""The web app in process (Starlette's TestClient): every route as HTML and JSON, the JSON equal to the
CLI's ``--format json``, the security headers, the language switch, and bad input (4xx, never 5xx, never
markup)."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from click.testing import CliRunner

from queries.projection import load_graph
from graph_model.store import GraphStore
from stratgraph.cli import cli
from stratgraph.web.pages import ALL_PAGES
from stratgraph.web.site import LiveSite
from tests.stratgraph.web.conftest import client_for
from visualize.html import map_policy
from visualize.i18n import translator

#: Page path -> URLs that exercise it (a new route without an entry here fails the first test).
ROUTE_URLS = {
    "index": ["index.html", "index.json", ""],
    "search": ["search.html?q=ilmastohankkeiden", "search.json?q=kierto", "search.json?q=Hiilineutraali&kind=Project"],
    "idea": ["idea.html", "idea.html?text=kiertotaloutta+kouluissa", "idea.html?project=P-HNR&status=ongoing",
             "idea.json?text=ilmastotyö", "idea.json?project=P-HNR", "idea.csv?text=ilmasto", "idea.xlsx?project=P-HNR"],
    "silos": ["silos.html", "silos.json"],
    "gaps": ["gaps.html", "gaps.json"],
    "links": ["links.html", "links.json?level=sector&top=5"],
    "coverage": ["coverage.html", "coverage.json"],
    "followup": ["followup.html", "followup.json", "followup.html?strategy=S-2021&as_of=2025-12-31"],
    "followup-{variant}": ["followup-S-2021.html", "followup-S-2021-progress.html", "followup-S-2026.json"],
    "crosswalk": ["crosswalk.html", "crosswalk.json"],
    "maps": ["maps.html", "maps.json?level=sector&as_of=2024-01-01"],
    "maps/{kind}": ["maps/collaboration.html", "maps/goals.json", "maps/bodies.html?as_of=2024-06-01",
                    "maps/networks.svg", "maps/neighbourhood.html?focus=P-HNR"],
    "owe/{who}": ["owe/U-TYOLLISYYS.html", "owe/PER-A.json?date=2025-06-30"],
    "{folder}/index": ["projects/index.html", "organisations/index.json", "bodies/index.html"],
    "{folder}/{name}": ["projects/P-HNR.html", "projects/P-HNR.json", "organisations/U-YMPARISTO.html",
                        "goals/G11.html", "entities/M-ENERGIANKULUTUS.json"],
}
ALL_URLS = [u for urls in ROUTE_URLS.values() for u in urls]


def test_one_strategy_per_scorecard_and_the_report_s_links_to_the_others_work(client):
    """The scorecard shows the strategy asked for (the selector shows it too), and the report's links to
    each strategy's own scorecard (followup-<id>.html) are pages of the app, not 404s."""
    old = client.get("/followup.html?strategy=S-2021").text
    assert "G11" in old and "N1 " not in old and '<option value="S-2021" selected' in old
    current = client.get("/followup.html").text
    for href in sorted(set(re.findall(r'href="(followup-[^"#?]+\.html)"', current))):
        assert client.get("/" + href).status_code == 200, href
    assert client.get("/followup-S-2021.json").json()["rows"][0]["goal"].startswith("G")
    # a strategy's own page selects that strategy too (it showed the current one beside the 2021 goals)
    assert '<option value="S-2021" selected' in client.get("/followup-S-2021.html").text
    assert client.get("/followup-nothing.html").status_code == 404


def test_every_route_has_urls_in_these_tests():
    assert set(ROUTE_URLS) == {page.path for page in ALL_PAGES}


@pytest.mark.parametrize("url", ALL_URLS)
def test_every_route_answers(client, url):
    r = client.get("/" + url)
    assert r.status_code == 200, r.text[:500]
    kind = r.headers["content-type"]
    if url.split("?")[0].endswith(".json"):
        body = r.json()
        assert {"rows", "page", "size", "total"} <= set(body) and isinstance(body["rows"], list)
    elif ".html" in url or url == "":
        assert kind.startswith("text/html") and "<h1>" in r.text or "map.js" in r.text or "stratgraph" in r.text
        assert "/work/" not in r.text and "examples/rovaniemi" not in r.text  # no local file path shown


def test_every_entity_kind_has_a_page_with_names(client, example_db):
    with GraphStore(example_db, read_only=True) as store:
        graph = load_graph(store)
    site = LiveSite(graph, translator("fi"))
    kinds = sorted(set(graph.types.values()))
    assert len(kinds) >= 12
    for kind in kinds:
        ident = graph.ids_of(kind)[0]
        r = client.get("/" + site.paths[ident])
        assert r.status_code == 200, (kind, r.text[:300])
        assert graph.label(ident, "fi") in r.text.replace("&#39;", "'").replace("&amp;", "&")
        data = client.get("/" + site.paths[ident][:-5] + ".json").json()
        assert data["id"] == ident and all(row["label"] for row in data["rows"])


def _cli_json(db, *args):
    result = CliRunner().invoke(cli, ["--db", str(db), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("url, command", [
    ("silos.json", ["silos"]), ("gaps.json", ["gaps"]), ("links.json?top=20", ["links"]),
    ("coverage.json", ["coverage"]), ("followup.json?strategy=S-2021", ["followup", "--strategy", "S-2021"]),
])
def test_json_rows_are_the_cli_rows(client, example_db, url, command):
    expected = _cli_json(example_db, *command)
    sep = "&" if "?" in url else "?"
    got = client.get(f"/{url}{sep}size=500").json()
    assert got["total"] == len(expected) and got["rows"] == json.loads(json.dumps(expected))


def test_related_json_is_the_cli_ranking(client, example_db):
    expected = _cli_json(example_db, "related", "P-HNR", "--top", "10")
    got = client.get("/idea.json?project=P-HNR&size=10").json()["rows"]
    assert [(r["id"], round(r["score"], 6)) for r in got] == [(r["id"], round(r["score"], 6)) for r in expected]


def test_paging(client):
    whole = client.get("/gaps.json?size=500").json()
    assert whole["total"] > 6
    first, second = (client.get(f"/gaps.json?size=3&page={n}").json() for n in (1, 2))
    assert first["rows"] + second["rows"] == whole["rows"][:6]
    assert client.get("/gaps.json?size=3&page=100000").json()["rows"] == []


def test_idea_filters_and_finnish_inflections(client):
    rows = client.get("/idea.json?text=kiertotalouden+hankkeita+kouluissa&size=50").json()["rows"]
    assert rows and any("kiertotal" in " ".join(r["same_topic"]).lower() for r in rows)
    sector = client.get("/projects/P-KIERTO.json").json()
    only = client.get("/idea.json?project=P-HNR&sector=SEC-KAYM&size=50").json()["rows"]
    assert only and all(r["sector"] == "SEC-KAYM" for r in only) or sector
    html = client.get("/idea.html?text=ilmasto&status=ongoing").text
    assert "Kumppanit hankkeiden takana" in html


def test_downloads_are_neutralised(client):
    r = client.get("/idea.csv?text=ilmasto")
    assert r.headers["content-disposition"] == 'attachment; filename="idea.csv"'
    lines = r.text.splitlines()
    assert lines[0].startswith("id,label,sector,status,score") and len(lines) > 1
    x = client.get("/idea.xlsx?text=ilmasto")
    assert x.content[:2] == b"PK"


def test_search_finds_every_kind_with_links(client):
    rows = client.get("/search.json?q=hiilineutraalin&top=50&size=50").json()["rows"]
    assert {"Project", "Goal"} <= {r["type"] for r in rows}
    assert all(r["href"] and client.get("/" + r["href"]).status_code == 200 for r in rows[:10])
    typed = client.get("/search.json?q=rovaniemen+kaupunginhalli").json()["rows"]  # a cut last word
    assert typed, "a prefix of the last word should match"


def test_security_headers_and_assets(client):
    r = client.get("/silos.html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text), "no inline script on a page"
    assert not re.search(r"""(?:src|href|action)=["']?(?:https?:)?//""", r.text), "nothing from another origin"
    for asset in re.findall(r'(?:src|href)="(\.\./)*(static/[\w.-]+)"', r.text):
        assert client.get("/" + asset[1]).status_code == 200
    m = client.get("/maps/collaboration.html")
    assert m.headers["content-security-policy"].startswith(map_policy())


def test_pages_name_their_icon_so_no_browser_asks_for_a_missing_favicon(client):
    """The walk on the real list saw /favicon.ico answer 404 after every page."""
    for url in ("", "silos.html", "idea.html?text=kiertotalous", "search.html?q=ilmasto"):
        assert '<link rel="icon" href="data:,">' in client.get("/" + url).text, url


def test_language_switch_and_cookie(client):
    assert '<html lang="fi">' in client.get("/silos.html").text
    en = client.get("/silos.html?lang=en")
    assert '<html lang="en">' in en.text and "Silo goals" in en.text and 'href="silos.html?lang=fi"' in en.text
    assert '<html lang="en">' in client.get("/gaps.html").text  # remembered
    client.get("/gaps.html?lang=fi")
    assert '<html lang="fi">' in client.get("/gaps.html").text


def test_health_and_openapi(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ready" and health["sources"] == 1 and len(health["version"]) == 16
    spec = client.get("/openapi.json").json()
    for page in ALL_PAGES:
        assert f"/{page.path}.json" in spec["paths"]


# -- bad input -------------------------------------------------------------------------------------------

def _asgi_get(client, path: str, query: bytes) -> tuple[int, bytes]:
    """One GET straight into the client's ASGI app, with its cookies (httpx refuses URLs this long
    before sending them)."""
    app = client.app
    cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items()).encode()
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query, "root_path": "",
             "headers": [(b"host", b"testserver"), (b"cookie", cookie)], "client": ("127.0.0.1", 5000),
             "server": ("testserver", 80)}
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


HOSTILE = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR '1'='1", "} ; DROP ALL ; SELECT * {",
           "MATCH (n) DETACH DELETE n", "\u2028\u2029"]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("url", ["search.json?q=", "search.html?q=", "idea.json?project=", "idea.html?project=",
                                 "idea.html?text=", "links.json?level=", "followup.html?strategy=",
                                 "maps/collaboration.json?focus=", "projects/index.json?kind="])
def test_hostile_parameters_are_text_never_markup_never_500(client, url, text):
    r = client.get("/" + url + _quote(text))
    assert r.status_code < 500, r.text[:300]
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    if r.status_code >= 400:
        message = r.json()["error"] if url.split("?")[0].endswith(".json") else r.text
        assert message.strip()


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


@pytest.mark.parametrize("path, query, says", [
    ("/search.json", b"q=" + b"a" * 100_000, b"q is longer than 200 characters"),
    ("/idea.json", b"text=" + b"a" * 100_000, b"text is longer than 20000 characters"),
    ("/idea.html", b"text=" + b"%3Cscript%3E" * 10_000, b"text is longer"),
    ("/search.json", b"q=" + b"a" * 300_000, b"the query string is too long"),
    ("/search.json", b"q=%FF%FE", b"not valid UTF-8"),
    ("/search.html", b"q=caf%E9", b"not valid UTF-8"),
    ("/projects/%FF.html", b"", b"not valid UTF-8"),
    ("/followup.json", b"as_of=2024-13-01", b"as_of must be a date"),
    ("/links.json", b"top=lots", b"top must be a whole number"),
    ("/silos.json", b"size=100000", b"size must be at most 500"),
    ("/silos.html", b"lang=sv", b"lang must be one of fi, en"),
    ("/maps/nowhere.json", b"", b"kind must be one of"),
    ("/idea.json", b"project=P-HNRR", b"closest ids: P-HNR"),
    ("/idea.json", b"project=P-HNR&text=x", b"not both"),
    ("/projects/P-NONE.html", b"", b"no page"),
])
def test_bad_input_is_a_4xx_with_a_clear_message(client, path, query, says):
    status, body = _asgi_get(client, path, query)
    assert 400 <= status < 500, body[:300]
    assert says in body, body[:500]
    assert b"<script>" not in body


def test_an_unknown_suffix_is_404(client):
    assert client.get("/silos.exe").status_code == 404


def test_the_idea_page_names_reasons_and_partners_projects_without_ids(projects_only_db):
    """On the real list the reasons read "yhteinen rahoitus: FS-ESF Euroopan sosiaalirahasto (ESR)" and
    each partner's projects "SF-S12092 Erityisosaamista oppilaitoksiin (lead, 0.1392)": ids, an English role
    and raw scores. The page names them (the project page's way) and links the partner's projects."""
    from html import unescape

    def texts(html: str) -> list[str]:
        return [unescape(re.sub("<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", html, re.S)]

    with client_for(projects_only_db) as client:
        html = client.get("/idea.html?project=SF-S10338").text
        table, partners = html.split('<ul class="links">', 1)
        reasons = [r for ul in re.findall(r'<ul class="plain">(.*?)</ul>', table, re.S) for r in texts(ul)]
        assert any(r.startswith("yhteinen rahoitus: Euroopan sosiaalirahasto") for r in reasons), reasons
        assert not [r for r in reasons if "FS-" in r or "T-SF-" in r]
        partners = partners.split("</ul>", 1)[0]
        assert texts(partners) and not [p for p in texts(partners) if "(lead," in p or "SF-" in p]
        hrefs = re.findall(r'href="([^"]+)"', partners)
        assert any(h.startswith("projects/") for h in hrefs), hrefs
        assert client.get("/idea.json?project=SF-S10338").json()["rows"][0]["same_organisation"]  # JSON keeps ids
        idea = client.get("/idea.html?text=matkailun+kehittäminen+yrityksille").text.split('<ul class="links">')[0]
        rows = re.findall(r"<tr><td>(.*?)</tr>", idea, re.S)
        assert rows and all("samankaltaiset sanat" in row for row in rows)
        for row in rows:  # the words are the topic, never the organisation (an idea has no organisation)
            assert row.endswith('<td><ul class="plain"></ul></td>'), row


def test_reasons_leave_out_a_theme_or_fund_most_projects_share(one_part_db):
    """On the real list "yhteiset teemat: Etelä-Suomen suuralueosio" and "yhteinen rahoitus: ESR" stood on
    most rows of the idea page and of a project's related list, telling nothing: on 120 real rows of one
    programme part, all ESR-funded, neither is given as a reason; what the projects share besides is."""
    from html import unescape

    with client_for(one_part_db) as client:
        project = "SF-S10331"
        for url in (f"/idea.html?project={project}", f"/projects/{project}.html"):
            table = unescape(client.get(url).text).split("<tbody>", 1)[1].split("</tbody>", 1)[0]
            rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
            common = [row for row in rows if "Pohjois-Suomen suuralueosio" in row or "Euroopan sosiaalirahasto" in row]
            worded = [row for row in rows if "samankaltaiset sanat" in row]
            assert len(worded) >= 5 and not set(common) & set(worded), url  # it stood on every row
            assert all("<li>" in row for row in rows), url  # every row still says why (a row with nothing
            # else to say keeps the common theme and fund: that is why it ranks)
        shared = [r["shared"] for r in client.get(f"/idea.json?project={project}").json()["rows"]]
        assert not [s for s in shared if s["words"] and (s.get("themes") or s.get("funding"))]


def test_related_tables_leave_out_the_sector_column_when_no_project_has_one(projects_only_db, client):
    """The structural-funds list names no city sector: its tables had a "Toimiala" column empty on every row."""
    with client_for(projects_only_db) as funds:
        for url in ("/idea.html?project=SF-S10338", "/projects/SF-S10338.html"):
            head = funds.get(url).text.split("<thead>", 1)[1].split("</thead>", 1)[0]
            assert "<th>Nimi</th>" in head and "Toimiala" not in head, (url, head)
    for url in ("/idea.html?project=P-HNR", "/projects/P-HNR.html"):  # the example city's projects have sectors
        assert "<th>Toimiala</th>" in client.get(url).text.split("<thead>", 1)[1].split("</thead>", 1)[0]


def test_a_full_pool_of_related_projects_says_it_is_the_best_n(client, monkeypatch):
    """On the real list *My idea* said "(500)": the pool's size, not how many projects are related."""
    import stratgraph.web.pages.idea as idea_page

    url = "/idea.html?text=ilmastotyö+kouluissa+ja+kiertotalous"
    total = client.get(url.replace(".html", ".json")).json()["total"]
    assert 3 < total < idea_page.POOL and f'<span class="count">({total})</span>' in client.get(url).text
    monkeypatch.setattr(idea_page, "POOL", 3)
    assert '<span class="count">(3 parasta)</span>' in client.get(url + "&page=1").text  # not the kept answer


def test_the_sector_filter_offers_the_sectors_that_lead_projects(projects_only_db, client, example_db):
    """Beside a project list that names no sector, a register's sectors filtered every project away: the
    filter offers only sectors that lead a project (none: no filter)."""
    with client_for(projects_only_db) as funds:
        assert 'id="idea-sector"' not in funds.get("/idea.html?text=matkailu").text
    offered = set(re.findall(r'<option value="(SEC-[^"]+)"', client.get("/idea.html").text))
    with GraphStore(example_db, read_only=True) as store:
        graph = load_graph(store)
    leading = {graph.sector_of(p) for p in graph.ids_of("Project")} - {None}
    assert offered == leading and leading


def test_a_project_page_leads_on_to_all_its_related_projects(client):
    """A project page shows its 8 most related projects; on the real list hundreds are related, and the
    live page leads on to *My idea* for the project (paged, filtered, downloadable)."""
    page = client.get("/projects/P-HNR.html").text
    assert '<a href="../idea.html?project=P-HNR">Kaikki samankaltaiset hankkeet' in page



@pytest.mark.parametrize("path, lang, heading, root", [
    ("/nothing/here", "fi", "Sivua ei löydy", "../"),
    ("/en/projects/x?lang=en", "en", "Page not found", "../../"),
    ("/silos.exe", "fi", "Sivua ei löydy", ""),
    ("/projects/NOBODY.html", "fi", "Sivua ei löydy", "../"),
    ("/project/P-HNR.html", "fi", "Virheellinen pyyntö", "../"),
])
def test_an_unknown_page_is_the_sites_error_page_with_working_links(client, path, lang, heading, root):
    """A mistyped address answered a bare "Not Found" (no title, no language, no way back: axe-core failed
    it), and a page's error under a folder linked ``projects/index.html`` and an unstyled page."""
    answer = client.get(path)
    assert answer.status_code in (400, 404) and answer.headers["content-type"].startswith("text/html")
    html = answer.text
    assert f'<html lang="{lang}"' in html and f"<h1>{heading}</h1>" in html and "<title>" in html
    assert f'href="{root}static/' in html and f'href="{root}index.html"' in html


def test_an_unknown_json_address_and_a_wrong_method_answer_json_and_405(client):
    answer = client.get("/a/b/c.json")
    assert answer.status_code == 404 and answer.json() == {"error": "no page '/a/b/c.json'"}
    wrong = client.delete("/index.html")
    assert wrong.status_code == 405 and set(wrong.headers["allow"].split(", ")) == {"GET", "HEAD"}  # in any order
    assert "<h1>Toiminto ei käy tälle sivulle</h1>" in wrong.text and "DELETE is not allowed here" in wrong.text
