// purpose: Governance gaps as in `stratgraph gaps`, one row per finding (the rule and the node that breaks
//   it): goals without metric or owner; metrics without target, owner or data source; projects linked to
//   no goal; networks without a metric of their own (every one: metrics measure goals only) or without
//   goals; bodies with no or one member who also sits in another body; units in no project, body,
//   network, service or agreement.
// params: $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/analysis_governance_gaps.cypher --format csv
CALL () {
  MATCH (n:Goal) WHERE ($owner IS NULL OR n._sg_owner = $owner) AND NOT EXISTS { (:Metric)-[:MEASURES]->(n) }
  RETURN 'goal_without_metric' AS rule, n.id AS node_id, 'Goal' AS node_type
  UNION ALL
  MATCH (n:Goal) WHERE ($owner IS NULL OR n._sg_owner = $owner) AND NOT EXISTS { (n)-[:RESPONSIBLE]->() }
  RETURN 'goal_without_owner' AS rule, n.id AS node_id, 'Goal' AS node_type
  UNION ALL
  MATCH (n:Metric) WHERE ($owner IS NULL OR n._sg_owner = $owner) AND n.target IS NULL
  RETURN 'metric_without_target' AS rule, n.id AS node_id, 'Metric' AS node_type
  UNION ALL
  MATCH (n:Metric) WHERE ($owner IS NULL OR n._sg_owner = $owner) AND NOT EXISTS { (n)-[:RESPONSIBLE]->() }
  RETURN 'metric_without_owner' AS rule, n.id AS node_id, 'Metric' AS node_type
  UNION ALL
  MATCH (n:Metric) WHERE ($owner IS NULL OR n._sg_owner = $owner) AND n.dataSource IS NULL
  RETURN 'metric_without_data_source' AS rule, n.id AS node_id, 'Metric' AS node_type
  UNION ALL
  MATCH (n:Project)
  WHERE ($owner IS NULL OR n._sg_owner = $owner) AND NOT EXISTS { (n)-[:CONTRIBUTES_TO]->(:Goal) }
  RETURN 'project_without_goal' AS rule, n.id AS node_id, 'Project' AS node_type
  UNION ALL
  MATCH (n:Network) WHERE ($owner IS NULL OR n._sg_owner = $owner) AND NOT EXISTS { (:Metric)-[:MEASURES]->(n) }
  RETURN 'network_without_metric' AS rule, n.id AS node_id, 'Network' AS node_type
  UNION ALL
  MATCH (n:Network) WHERE ($owner IS NULL OR n._sg_owner = $owner) AND NOT EXISTS { (n)-[:ADVANCES]->(:Goal) }
  RETURN 'network_without_goal' AS rule, n.id AS node_id, 'Network' AS node_type
  UNION ALL
  MATCH (n:GoverningBody) WHERE $owner IS NULL OR n._sg_owner = $owner
  OPTIONAL MATCH (n)-[:HAS_MEMBER]->(m)<-[:HAS_MEMBER]-(other:GoverningBody) WHERE other <> n
  WITH n, count(DISTINCT m) AS cross WHERE cross <= 1
  RETURN CASE cross WHEN 0 THEN 'body_without_cross_representation' ELSE 'body_thin_cross_representation' END
         AS rule, n.id AS node_id, 'GoverningBody' AS node_type
  UNION ALL
  MATCH (n:Unit)
  WHERE ($owner IS NULL OR n._sg_owner = $owner)
    AND NOT EXISTS { ()-[:LED_BY|HAS_PARTNER|HAS_MEMBER|INVOLVES|PARTY]->(n) }
  RETURN 'unit_without_collaboration' AS rule, n.id AS node_id, 'Unit' AS node_type
}
RETURN rule, node_id, node_type
ORDER BY rule, node_id
