"""Analyses and queries over the store: library functions that return data, plus SPARQL and Cypher files.

Layer: imports graph_model and ontologies only.
"""
