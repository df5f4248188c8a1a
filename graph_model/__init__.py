"""Types derived from the schema, the embedded store and the Neo4j mapping.

Layer: imports ontologies only.
"""
