// purpose: Coverage matrix as in `stratgraph coverage`: per goal and leading sector, the number of projects
//   that contribute to the goal and their summed budget in EUR; a project contributes to a goal it is
//   linked to, or to a goal that continues, merges or replaces the goal it is linked to (or that goal's
//   parent, when the goal has no successor of its own: queries/contribution.py); a project counts once,
//   in the sector of the unit that leads it, and a project without a budget adds 0.
// params: $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/analysis_coverage.cypher --format csv
CALL () {
  MATCH (p:Project)-[:CONTRIBUTES_TO]->(g:Goal)
  RETURN p, g
  UNION
  MATCH (p:Project)-[:CONTRIBUTES_TO]->(old:Goal)
  MATCH chain = (old)-[:BROADER*0..]->(taken:Goal)<-[:CONTINUES|MERGES|REPLACES]-(g:Goal)
  WHERE g <> old AND none(mid IN nodes(chain)[..-2] WHERE EXISTS { (mid)<-[:CONTINUES|MERGES|REPLACES]-() })
  RETURN p, g
}
WITH p, g WHERE $owner IS NULL OR g._sg_owner = $owner
MATCH (p)-[:LED_BY]->(lead)-[:PART_OF*0..]->(s:Sector)
WITH DISTINCT g, p, s
RETURN g.id AS goal_id, s.id AS sector_id, count(p) AS projects,
       sum(CASE WHEN p.budget IS :: FLOAT NOT NULL THEN p.budget ELSE 0.0 END) AS budget
ORDER BY goal_id, sector_id
