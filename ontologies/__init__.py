"""The schema (hand-edited ``schema.yaml``), its reader and the generators of OWL, SHACL and Python.

Bottom layer: imports nothing else of stratgraph.
"""
