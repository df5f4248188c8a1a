"""Baseline for bench/ingest: Oxigraph's own bulk load of an N-Triples file into a new store.

Usage: python bench/_bulk_load.py DB FILE.nt  (prints the number of triples loaded)
"""

import sys

import pyoxigraph as ox

store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:bench"))
store.flush()
print(len(store))
