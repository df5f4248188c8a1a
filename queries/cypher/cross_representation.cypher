// purpose: Cross-representation: who sits in several governing bodies (persons, roles, units, stakeholders), in which bodies and with which roles; optionally only memberships valid on a date.
// params: $min_bodies (at least this many bodies, default 2); $date (ISO date the membership must cover, default null); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/cross_representation.cypher --param date=2025-09-01
MATCH (b:GoverningBody)-[r:HAS_MEMBER]->(m)
WHERE ($owner IS NULL OR b._sg_owner = $owner)
  AND ($date IS NULL OR ((r.startDate IS NULL OR r.startDate <= date($date))
                         AND (r.endDate IS NULL OR r.endDate >= date($date))))
WITH m, b, r ORDER BY r.role
WITH m, b, collect(DISTINCT r.role) AS roles
ORDER BY b.id
WITH m, collect(b.id) AS bodies,
     collect(b.id + CASE WHEN size(roles) = 0 THEN ''
             ELSE ' (' + reduce(t = '', x IN roles | t + CASE t WHEN '' THEN '' ELSE ', ' END + x) + ')' END) AS seats
WHERE size(bodies) >= $min_bodies
RETURN m.id AS member,
       labels(m)[0] AS kind,
       coalesce(m.label_fi, m.label_en, m.id) AS name,
       size(bodies) AS body_count,
       bodies,
       seats
ORDER BY body_count DESC, member
