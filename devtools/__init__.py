"""Developer tooling: the local Neo4j dev server and synthetic data (used by tests, benchmarks, `stratgraph synth`).

It sits above the library layers (it may import ontologies, graph_model, ingest, queries and visualize);
nothing in those layers imports it.
"""
