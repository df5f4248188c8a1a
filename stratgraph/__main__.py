"""``python -m stratgraph`` runs the CLI."""

from stratgraph.cli import main

main()
