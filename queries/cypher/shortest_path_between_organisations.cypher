// purpose: The shortest chain of relationships (any type, either direction, at most 10 steps) between two organisations: units, sectors, bodies, stakeholders or networks.
// params: $from (id of the first organisation); $to (id of the second); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/shortest_path_between_organisations.cypher --param from=U-NUORISO --param to=SH-LAPINAMK
MATCH (a:Resource {id: $from}), (b:Resource {id: $to})
WHERE ($owner IS NULL OR (a._sg_owner = $owner AND b._sg_owner = $owner)) AND a <> b
MATCH path = shortestPath((a)-[*..10]-(b))
RETURN length(path) AS hops,
       [n IN nodes(path) | n.id] AS ids,
       [n IN nodes(path) | coalesce(n.label_fi, n.label_en, n.id)] AS names,
       [r IN relationships(path) | type(r)] AS relationships
