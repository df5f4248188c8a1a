// purpose: Missing cross-sector links: pairs of sectors that both work on a goal (through projects their units lead or partner in) but have no joint project on that goal, with those goals. A project works on a goal it is linked to, or on a goal that continues, merges or replaces the goal it is linked to (queries/contribution.py).
// params: $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/sectors_sharing_goals_without_joint_project.cypher --format json
CALL () {
  MATCH (p:Project)-[:CONTRIBUTES_TO]->(g:Goal)
  RETURN p, g
  UNION
  MATCH (p:Project)-[:CONTRIBUTES_TO]->(old:Goal)
  MATCH chain = (old)-[:BROADER*0..]->(taken:Goal)<-[:CONTINUES|MERGES|REPLACES]-(g:Goal)
  WHERE g <> old AND none(mid IN nodes(chain)[..-2] WHERE EXISTS { (mid)<-[:CONTINUES|MERGES|REPLACES]-() })
  RETURN p, g
}
MATCH (p)-[:LED_BY|HAS_PARTNER]->(org)-[:PART_OF*0..6]->(s:Sector)
WHERE $owner IS NULL OR s._sg_owner = $owner
WITH g, s, collect(DISTINCT p) AS projects
WITH g, collect({sector: s, projects: projects}) AS sectors
UNWIND sectors AS a
UNWIND sectors AS b
WITH g, a, b
WHERE a.sector.id < b.sector.id AND none(p IN a.projects WHERE p IN b.projects)
WITH a.sector AS sa, b.sector AS sb, g
ORDER BY g.id
WITH sa, sb, collect(g.id) AS goals
RETURN sa.id AS sector_a,
       coalesce(sa.label_fi, sa.label_en, sa.id) AS name_a,
       sb.id AS sector_b,
       coalesce(sb.label_fi, sb.label_en, sb.id) AS name_b,
       size(goals) AS goal_count,
       goals
ORDER BY goal_count DESC, sector_a, sector_b
