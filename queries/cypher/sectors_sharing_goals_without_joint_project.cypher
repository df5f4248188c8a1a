// purpose: Missing cross-sector links: pairs of sectors that both work on a goal (through projects their units lead or partner in) but have no joint project on that goal, with those goals.
// params: $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/sectors_sharing_goals_without_joint_project.cypher --format json
MATCH (s:Sector)
WHERE $owner IS NULL OR s._sg_owner = $owner
MATCH (s)<-[:PART_OF*0..6]-(org)<-[:LED_BY|HAS_PARTNER]-(p:Project)-[:CONTRIBUTES_TO]->(g:Goal)
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
