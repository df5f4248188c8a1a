"""stratgraph: a knowledge graph of a city's strategy, organisation, projects, bodies and networks.

This package is the composition root: the CLI and the public API. Nothing imports it.
"""

__version__ = "0.1.0"
