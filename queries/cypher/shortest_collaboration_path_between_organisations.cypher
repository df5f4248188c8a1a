// purpose: The shortest chain of collaboration (at most 10 steps) between two organisations: only through projects they lead or partner in, bodies and networks they sit in, agreements they are party to, services they run and the organisational hierarchy, so every step is people working together.
// params: $from (id of the first organisation); $to (id of the second); $max_degree (a path may not pass through a node with more relationships than this; null for no limit, default null); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/shortest_collaboration_path_between_organisations.cypher --param from=U-NUORISO --param to=SH-LAPINAMK
MATCH (a:Unit|Sector|GoverningBody|Stakeholder|Network {id: $from})
WHERE $owner IS NULL OR a._sg_owner = $owner
MATCH (b:Unit|Sector|GoverningBody|Stakeholder|Network {id: $to})
WHERE a <> b AND ($owner IS NULL OR b._sg_owner = $owner)
// Each node between the ends (n) must pass the filter; SHORTEST applies it while it searches.
MATCH path = SHORTEST 1 (a) (()-[:LED_BY|HAS_PARTNER|HAS_MEMBER|PARTY|INVOLVES|PART_OF|POST_IN|HELD_BY|STEERED_BY]-(n) WHERE NOT n:Goal AND NOT n:Strategy
          AND ($max_degree IS NULL OR COUNT { (n)--() } <= $max_degree)){0,9} ()-[:LED_BY|HAS_PARTNER|HAS_MEMBER|PARTY|INVOLVES|PART_OF|POST_IN|HELD_BY|STEERED_BY]-(b)
RETURN length(path) AS hops,
       [n IN nodes(path) | n.id] AS ids,
       [n IN nodes(path) | coalesce(n.label_fi, n.label_en, n.id)] AS names,
       [r IN relationships(path) | type(r)] AS relationships
