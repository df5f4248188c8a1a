# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The example city from Python
#
# A walk through the bundled example city (Rovaniemi) as an analyst would take it in Jupyter: the
# same answers as the `stratgraph` commands, as pandas DataFrames and networkx graphs.
#
# Open it with `jupytext --to notebook docs/notebook.py` (or Jupyter with the jupytext extension).
# Install the extras first: `pip install -e '.[notebook]'`. The test suite runs every cell with a real
# kernel (`tests/stratgraph/test_notebook.py`), so what you read here works.

# %%
import datetime

import networkx as nx
import pandas as pd

import stratgraph
import stratgraph.neo4j
from examples import EXAMPLE_DIR, EXAMPLE_SOURCE

city = stratgraph.open()  # the store the CLI uses: $STRATGRAPH_DB or ./stratgraph.db
report = city.ingest(EXAMPLE_DIR, source=EXAMPLE_SOURCE)  # what `stratgraph demo` stores
report.status  # 'stored', or 'unchanged' when the store already holds the example

# %% [markdown]
# ## What is in the store
# `sources()` and `stats()` are `stratgraph sources` and `stratgraph stats`.

# %%
city.sources().to_pandas()[["name", "format", "triples"]]

# %%
city.stats().to_pandas().set_index("type")["count"]

# %% [markdown]
# ## Related projects
# The project specialist's question: which projects, in other sectors, work on the same goals,
# themes, partners or funding as *Carbon-neutral Rovaniemi* (P-HNR)?

# %%
related = city.related("P-HNR", other_sectors=True, top=5)
related.to_pandas()[["id", "label", "sector", "score", "reasons"]]

# %% [markdown]
# Each row is the library's own result object, with the ids behind the reasons:

# %%
best = related[0]
best.id, best.score, best.shared

# %% [markdown]
# An unknown id is an error that names the closest ids, as on the command line:

# %%
try:
    city.related("P-HNRR")
except stratgraph.StratgraphError as exc:  # the root of every error stratgraph raises
    print(type(exc).__name__, exc)

# %% [markdown]
# ## Missing cross-sector links, as a DataFrame

# %%
links = city.links(level="unit", top=10).to_pandas()
links[["a_label", "b_label", "score", "broker_label"]]

# %%
links.loc[0, "evidence"]

# %% [markdown]
# ## Silo goals and governance gaps

# %%
silos = city.silos().to_pandas()
silos[silos["silo"]][["goal", "label", "sectors"]]

# %%
city.gaps().to_pandas().groupby("rule").size()

# %%
city.coverage().to_pandas().set_index("goal").drop(columns="label").head()

# %% [markdown]
# ## Follow-up: which goals are on track, and who answers for them
# As of the end of 2025, against the thresholds `stratgraph followup` uses; each row is a goal, its
# metrics are in the item's `.metrics`.

# %%
card = city.followup(strategy="S-2021", as_of=datetime.date(2025, 12, 31))
card.to_pandas()[["goal", "status", "progress", "expected", "owner"]].head(8)

# %%
assert {g.goal for g in card if g.status == "off_track"} == {"G2", "G13"}
[(m.metric, m.status, m.reason) for m in card[[g.goal for g in card].index("G13")].metrics]

# %% [markdown]
# ## The collaboration network in networkx
# Nodes and edges carry what the map draws (label, type, sector, colour, size, position) and the
# network's own figures (degree, strength, betweenness, community).

# %%
G = city.to_networkx("collaboration", level="unit", lang="en")
G.number_of_nodes(), G.number_of_edges()

# %% [markdown]
# Betweenness by networkx, with strong ties short (distance = 1 / weight), next to stratgraph's own
# (igraph's, as `stratgraph network` prints it). They differ a little where two paths are equally
# short but their float sums are not (1/1.5 + 1/3 vs 1): igraph counts both, networkx one.

# %%
nx.set_edge_attributes(G, {e: 1 / w for e, w in nx.get_edge_attributes(G, "weight").items()}, "distance")
ours = pd.Series(nx.get_node_attributes(G, "betweenness"), name="stratgraph")
theirs = pd.Series(nx.betweenness_centrality(G, weight="distance"), name="networkx")
brokers = pd.concat([ours, theirs], axis=1)
brokers["label"] = pd.Series(nx.get_node_attributes(G, "label"))
assert brokers["stratgraph"].corr(brokers["networkx"]) > 0.99
brokers.sort_values("networkx", ascending=False).head()

# %%
communities = nx.community.louvain_communities(G, weight="weight", seed=1)
sorted(len(c) for c in communities if len(c) > 1)

# %% [markdown]
# The same graph as igraph, where igraph is faster:

# %%
fast = city.to_igraph("collaboration", level="unit")
fast.vcount(), fast.ecount(), fast.vs[max(range(fast.vcount()), key=fast.strength)]["name"]

# %% [markdown]
# ## SPARQL with parameters
# Parameters are bound as RDF terms (an IRI for `https://...`), never pasted into the query.

# %%
city.sparql("""
SELECT ?project ?name ?status WHERE {
  ?project a sg:Project ; sg:status ?status ; skos:prefLabel ?name
  FILTER(LANG(?name) = "en")
} ORDER BY ?project""", status="ongoing").to_pandas().head()

# %%
city.sparql("SELECT ?project ?goal WHERE { ?project sg:contributesTo ?goal }",
            project="https://w3id.org/stratgraph/id/P-HNR").to_pandas()

# %% [markdown]
# ## A map, inline
# The same offline page as `stratgraph map`, in a sandboxed frame: hover, search and filter work here.

# %%
hnr = city.map("neighbourhood", focus="P-HNR", depth=2, lang="en")
hnr

# %%
hnr.save("hnr.svg"), city.map("collaboration", lang="en").save("collaboration.html")

# %% [markdown]
# ## Cypher, on a Neo4j this notebook names
# The notebook writes only into a Neo4j it was given or started itself: the server named by NEO4J_URI
# (with NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE; and it pushes only under the owner named by
# STRATGRAPH_NEO4J_OWNER), else a dev server of its own in a new temporary folder, stopped at the end.
# A dev server someone else started is never written to. Queries are read-only unless `write=True`.

# %%
import os
import tempfile
from pathlib import Path

own_server = None
try:
    if os.environ.get("NEO4J_URI"):
        db = stratgraph.neo4j.connect()
        owner = os.environ.get("STRATGRAPH_NEO4J_OWNER")
        print(f"using the Neo4j named by NEO4J_URI: {db}" + ("" if owner else
              "; set STRATGRAPH_NEO4J_OWNER to push into it (nothing is pushed without an owner)"))
    else:
        from devtools.neo4j_server import DevServer

        own_server = DevServer(Path(tempfile.mkdtemp(prefix="stratgraph-notebook-neo4j-")))
        db, owner = stratgraph.neo4j.Neo4j(own_server.start()), "notebook"
        print(f"started a Neo4j dev server of its own in {own_server.home}: {db}")
    db.cypher("RETURN 1 AS ok")
except stratgraph.StratgraphError as exc:
    db, owner = None, None
    print(f"no Neo4j here: {exc}")

# %%
if db is not None and owner:
    pushed = db.push(city, owner=owner)  # stratgraph neo4j push --owner ...
    print(f"pushed {pushed.nodes} nodes and {pushed.relationships} relationships as {owner!r}")
    per_goal = db.cypher("""
        MATCH (p:Project)-[:CONTRIBUTES_TO]->(g:Goal)
        WHERE p._sg_owner = $owner
        RETURN g.id AS goal, g.label_en AS label, count(p) AS projects
        ORDER BY projects DESC, goal LIMIT 5""", owner=owner).to_pandas()
    display(per_goal)  # noqa: F821 - IPython's display

# %%
if db is not None and owner:
    display(db.cypher("related_projects", project="P-HNR", owner=owner).to_pandas().head())  # noqa: F821
if own_server is not None:
    own_server.stop()
