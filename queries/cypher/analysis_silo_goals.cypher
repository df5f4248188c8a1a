// purpose: Silo goals: per goal, the sectors that serve it and through how many pieces of work (projects
//   their units lead or partner, service processes they take part in), as in `stratgraph silos`; a piece
//   of work serves a goal it is linked to, or a goal that continues, merges or replaces the goal it is
//   linked to (or that goal's parent, when the goal has no successor of its own:
//   queries/contribution.py); a goal with one row is served by one sector only.
// params: $goal (only this goal id, default null); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/analysis_silo_goals.cypher --param goal=G11
CALL () {
  MATCH (work)-[:CONTRIBUTES_TO]->(g:Goal)
  WHERE work:Project OR work:Service
  RETURN work, g
  UNION
  MATCH (work)-[:CONTRIBUTES_TO]->(old:Goal)
  WHERE work:Project OR work:Service
  MATCH chain = (old)-[:BROADER*0..]->(taken:Goal)<-[:CONTINUES|MERGES|REPLACES]-(g:Goal)
  WHERE g <> old AND none(mid IN nodes(chain)[..-2] WHERE EXISTS { (mid)<-[:CONTINUES|MERGES|REPLACES]-() })
  RETURN work, g
}
WITH work, g WHERE ($owner IS NULL OR g._sg_owner = $owner) AND ($goal IS NULL OR g.id = $goal)
MATCH (work)-[:LED_BY|HAS_PARTNER|INVOLVES]->(org)-[:PART_OF*0..]->(s:Sector)
RETURN g.id AS goal_id, s.id AS sector_id, count(DISTINCT work) AS n
ORDER BY goal_id, sector_id
