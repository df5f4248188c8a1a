// purpose: Coverage matrix: for each goal and sector, the projects that contribute to the goal and that the sector leads or partners in (through any of its units), with how many it leads and their total budget. A project contributes to a goal it is linked to, or to a goal that continues, merges or replaces the goal it is linked to (queries/contribution.py).
// params: $goal (only this goal id, default null); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/projects_per_goal_and_sector.cypher --param goal=G11 --format csv
CALL () {
  MATCH (p:Project)-[:CONTRIBUTES_TO]->(g:Goal)
  RETURN p, g
  UNION
  MATCH (p:Project)-[:CONTRIBUTES_TO]->(old:Goal)
  MATCH chain = (old)-[:BROADER*0..]->(taken:Goal)<-[:CONTINUES|MERGES|REPLACES]-(g:Goal)
  WHERE g <> old AND none(mid IN nodes(chain)[..-2] WHERE EXISTS { (mid)<-[:CONTINUES|MERGES|REPLACES]-() })
  RETURN p, g
}
WITH p, g WHERE ($owner IS NULL OR p._sg_owner = $owner) AND ($goal IS NULL OR g.id = $goal)
MATCH (p)-[take:LED_BY|HAS_PARTNER]->(org)-[:PART_OF*0..6]->(s:Sector)
WITH g, s, p, max(CASE type(take) WHEN 'LED_BY' THEN 1 ELSE 0 END) AS leads
ORDER BY p.id
WITH g, s, collect(p) AS projects, sum(leads) AS led
RETURN g.id AS goal,
       coalesce(g.label_fi, g.label_en, g.id) AS goal_name,
       s.id AS sector,
       coalesce(s.label_fi, s.label_en, s.id) AS sector_name,
       size(projects) AS projects,
       led,
       reduce(total = 0.0, x IN projects | total + CASE WHEN x.budget IS :: FLOAT NOT NULL THEN x.budget ELSE 0.0 END) AS budget,
       [x IN projects | x.id] AS project_ids
ORDER BY goal, sector
