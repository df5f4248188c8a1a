// purpose: Governance gaps: goals that no metric measures or that nobody (sector, unit, body or role) is responsible for.
// params: $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/goals_without_metrics_or_owner.cypher
MATCH (g:Goal)
WHERE $owner IS NULL OR g._sg_owner = $owner
OPTIONAL MATCH (m:Metric)-[:MEASURES]->(g)
WITH g, count(DISTINCT m) AS metrics
OPTIONAL MATCH (g)-[:RESPONSIBLE]->(o)
WITH g, metrics, o ORDER BY o.id
WITH g, metrics, collect(DISTINCT o.id) AS owners
WHERE metrics = 0 OR size(owners) = 0
RETURN g.id AS goal,
       coalesce(g.label_fi, g.label_en, g.id) AS name,
       metrics,
       owners,
       CASE WHEN metrics = 0 AND size(owners) = 0 THEN 'metric and owner'
            WHEN metrics = 0 THEN 'metric' ELSE 'owner' END AS missing
ORDER BY goal
