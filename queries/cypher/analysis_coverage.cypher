// purpose: Coverage matrix as in `stratgraph coverage`: per goal and leading sector, the number of projects
//   that contribute to the goal and their summed budget in EUR; a project counts once, in the sector of
//   the unit that leads it, and a project without a budget adds 0.
// params: $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/analysis_coverage.cypher --format csv
MATCH (g:Goal)<-[:CONTRIBUTES_TO]-(p:Project)-[:LED_BY]->(lead)-[:PART_OF*0..]->(s:Sector)
WHERE $owner IS NULL OR g._sg_owner = $owner
WITH DISTINCT g, p, s
RETURN g.id AS goal_id, s.id AS sector_id, count(p) AS projects,
       sum(CASE WHEN p.budget IS :: FLOAT NOT NULL THEN p.budget ELSE 0.0 END) AS budget
ORDER BY goal_id, sector_id
