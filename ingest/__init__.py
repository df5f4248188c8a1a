"""Readers, validation and loading of input files into the embedded store.

Layer: imports graph_model and ontologies only.
"""
