// purpose: The city's networks by level (international, national, regional, local), each with its members and how many there are.
// params: $level (only this level, default null); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/network_members_by_level.cypher --param level=international
MATCH (n:Network)
WHERE ($owner IS NULL OR n._sg_owner = $owner) AND ($level IS NULL OR n.level = $level)
OPTIONAL MATCH (n)-[:HAS_MEMBER]->(m)
WITH n, m ORDER BY m.id
WITH n, collect(DISTINCT m.id) AS members
RETURN n.level AS level,
       n.id AS network,
       coalesce(n.label_fi, n.label_en, n.id) AS name,
       size(members) AS member_count,
       members
ORDER BY CASE level WHEN 'international' THEN 0 WHEN 'national' THEN 1 WHEN 'regional' THEN 2
                    WHEN 'local' THEN 3 ELSE 4 END, network
