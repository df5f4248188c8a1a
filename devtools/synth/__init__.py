"""Synthetic data for tests, benchmarks and `stratgraph synth`: input CSV folders and in-memory graphs."""

from devtools.synth.generate import SCALES, Scale, SynthSummary, write_synth
from devtools.synth.graph import synthetic_graph

__all__ = ["SCALES", "Scale", "SynthSummary", "synthetic_graph", "write_synth"]
