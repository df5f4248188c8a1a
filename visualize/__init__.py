"""Drawing: interactive network maps, static images and the report site.

- :mod:`visualize.maps` builds a map (collaboration, goals, bodies, networks, neighbourhood) from the
  store's graph; :mod:`visualize.model` is what a map is; :mod:`visualize.layout` computes positions.
- :mod:`visualize.html` writes a map as one offline, escaped HTML page (vis-network inlined from
  ``static/``); :mod:`visualize.static_image` as PNG or SVG with a legend.
- :mod:`visualize.report` writes the static report site; :mod:`visualize.i18n` holds its words in
  Finnish and English.

Layer: imports queries, graph_model and ontologies only.
"""
