// purpose: Silo goals: per goal, the sectors that serve it and through how many pieces of work (projects
//   their units lead or partner, service processes they take part in), as in `stratgraph silos`;
//   a goal with one row is served by one sector only.
// params: $goal (only this goal id, default null); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/analysis_silo_goals.cypher --param goal=G11
MATCH (work)-[:CONTRIBUTES_TO]->(g:Goal)
WHERE (work:Project OR work:Service) AND ($owner IS NULL OR g._sg_owner = $owner)
  AND ($goal IS NULL OR g.id = $goal)
MATCH (work)-[:LED_BY|HAS_PARTNER|INVOLVES]->(org)-[:PART_OF*0..]->(s:Sector)
RETURN g.id AS goal_id, s.id AS sector_id, count(DISTINCT work) AS n
ORDER BY goal_id, sector_id
