"""The bundled example city, shipped with the package so that `stratgraph demo` works anywhere.

>>> EXAMPLE_DIR.name
'rovaniemi'
"""

from pathlib import Path

__all__ = ["EXAMPLE_DIR", "EXAMPLE_SOURCE"]

EXAMPLE_DIR = Path(__file__).resolve().parent / "rovaniemi"
#: The source name under which `stratgraph demo` stores the example.
EXAMPLE_SOURCE = "example:rovaniemi"
