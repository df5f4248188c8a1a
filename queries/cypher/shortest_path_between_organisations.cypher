// purpose: The shortest chain of relationships (any type, either direction, at most 10 steps) between two organisations: units, sectors, bodies, stakeholders or networks, not passing through hubs that tell nothing (funding sources, themes and programme parts by default, and any node with more relationships than a degree the analyst sets).
// params: $from (id of the first organisation); $to (id of the second); $skip_labels (labels a path may not pass through, default ["FundingSource", "Theme"]); $max_degree (a path may not pass through a node with more relationships than this; null for no limit, default null); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/shortest_path_between_organisations.cypher --param from=U-NUORISO --param to=SH-LAPINAMK --param max_degree:=40
MATCH (a:Unit|Sector|GoverningBody|Stakeholder|Network {id: $from})
WHERE $owner IS NULL OR a._sg_owner = $owner
MATCH (b:Unit|Sector|GoverningBody|Stakeholder|Network {id: $to})
WHERE a <> b AND ($owner IS NULL OR b._sg_owner = $owner)
// Programme parts are themes (ingest/cordis.py); the ends themselves are never filtered.
// Each node between the ends (n) must pass the filter; SHORTEST applies it while it searches.
MATCH path = SHORTEST 1 (a) (()-[]-(n) WHERE none(label IN labels(n) WHERE label IN $skip_labels)
          AND ($max_degree IS NULL OR COUNT { (n)--() } <= $max_degree)){0,9} ()-[]-(b)
RETURN length(path) AS hops,
       [n IN nodes(path) | n.id] AS ids,
       [n IN nodes(path) | coalesce(n.label_fi, n.label_en, n.id)] AS names,
       [r IN relationships(path) | type(r)] AS relationships
