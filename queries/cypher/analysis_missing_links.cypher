// purpose: Missing links between units (`stratgraph links --level unit`): pairs of units of different sectors that share goals, themes or
//   partners but have no joint context (project, governing body, network, service, agreement, or a drawn
//   map's connection between two graph entities - one with a MapElement at an end does not count; a role
//   counts for the unit it is posted in), scored as in queries/links.py with the default constants:
//   score = dice + 0.1 * partners; dice = 2 * sum(w(i) shared) / (S(a) + S(b)), w(i) = 1 / (units
//   holding goal or theme i + 1), S(u) = sum(w(i) of u held by another unit too); partners = sum of
//   1 / (units x works with) over every x working with both. Evidence and broker: `stratgraph links`.
// params: $limit (how many pairs, default 1000); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/analysis_missing_links.cypher --format json
MATCH (u:Unit)
WHERE $owner IS NULL OR u._sg_owner = $owner
OPTIONAL MATCH (u)-[:PART_OF*1..]->(s:Sector)
CALL (u) {
  // the contexts the unit takes part in, itself or through a role posted in it
  OPTIONAL MATCH (c)-[r:LED_BY|HAS_PARTNER|HAS_MEMBER|INVOLVES|RESPONSIBLE|PARTY|CONNECTS_FROM|CONNECTS_TO]->(u)
  WITH u, collect(CASE WHEN (c:Project AND type(r) IN ['LED_BY', 'HAS_PARTNER']) OR (c:GoverningBody AND type(r) = 'HAS_MEMBER')
      OR (c:Network AND type(r) IN ['HAS_MEMBER', 'LED_BY']) OR (c:Service AND type(r) IN ['INVOLVES', 'RESPONSIBLE'])
      OR (c:Agreement AND type(r) = 'PARTY')
      OR (c:MapConnection AND type(r) IN ['CONNECTS_FROM', 'CONNECTS_TO'] AND NOT EXISTS { (c)-[:CONNECTS_FROM|CONNECTS_TO]->(:MapElement) }) THEN c END) AS direct
  OPTIONAL MATCH (c)-[r:LED_BY|HAS_PARTNER|HAS_MEMBER|INVOLVES|RESPONSIBLE|PARTY|CONNECTS_FROM|CONNECTS_TO]->(:Role)-[:POST_IN]->(u)
  WITH direct, collect(CASE WHEN (c:Project AND type(r) IN ['LED_BY', 'HAS_PARTNER']) OR (c:GoverningBody AND type(r) = 'HAS_MEMBER')
      OR (c:Network AND type(r) IN ['HAS_MEMBER', 'LED_BY']) OR (c:Service AND type(r) IN ['INVOLVES', 'RESPONSIBLE'])
      OR (c:Agreement AND type(r) = 'PARTY')
      OR (c:MapConnection AND type(r) IN ['CONNECTS_FROM', 'CONNECTS_TO'] AND NOT EXISTS { (c)-[:CONNECTS_FROM|CONNECTS_TO]->(:MapElement) }) THEN c END) AS via_roles
  UNWIND direct + via_roles + [null] AS c
  RETURN collect(DISTINCT c) AS contexts
}
CALL (u, contexts) {
  // its goals and themes: those of its contexts, and the goals it (or its role) answers for
  UNWIND contexts + [null] AS c
  OPTIONAL MATCH (c)-[:CONTRIBUTES_TO|HAS_THEME|ADVANCES]->(i)
  WHERE i:Goal OR i:Theme
  WITH u, collect(DISTINCT i) AS via_contexts
  OPTIONAL MATCH (g:Goal)-[:RESPONSIBLE]->(u)
  WITH u, via_contexts, collect(g) AS answers
  OPTIONAL MATCH (g:Goal)-[:RESPONSIBLE]->(:Role)-[:POST_IN]->(u)
  WITH via_contexts, answers, collect(g) AS answers_via_roles
  UNWIND via_contexts + answers + answers_via_roles + [null] AS i
  RETURN collect(DISTINCT i) AS interests
}
CALL (u, contexts) {
  // everyone it works with: the direct members of its contexts but itself and its roles
  UNWIND contexts + [null] AS c
  OPTIONAL MATCH (c)-[r:LED_BY|HAS_PARTNER|HAS_MEMBER|INVOLVES|RESPONSIBLE|PARTY|CONNECTS_FROM|CONNECTS_TO]->(x)
  WHERE x <> u AND NOT (x:Role AND (x)-[:POST_IN]->(u))
    AND ((c:Project AND type(r) IN ['LED_BY', 'HAS_PARTNER']) OR (c:GoverningBody AND type(r) = 'HAS_MEMBER')
      OR (c:Network AND type(r) IN ['HAS_MEMBER', 'LED_BY']) OR (c:Service AND type(r) IN ['INVOLVES', 'RESPONSIBLE'])
      OR (c:Agreement AND type(r) = 'PARTY')
      OR (c:MapConnection AND type(r) IN ['CONNECTS_FROM', 'CONNECTS_TO'] AND NOT EXISTS { (c)-[:CONNECTS_FROM|CONNECTS_TO]->(:MapElement) }))
  RETURN collect(DISTINCT x) AS partners
}
WITH collect({u: u.id, sector: s.id, contexts: [c IN contexts | elementId(c)], interests: [i IN interests | i.id],
               partners: [x IN partners | elementId(x)]}) AS units
CALL (units) {
  UNWIND units AS e
  UNWIND e.interests AS i
  WITH i, collect(e.u) AS holders
  RETURN collect({holders: holders, w: 1.0 / (size(holders) + 1)}) AS weights
}
CALL (units) {
  UNWIND units AS e
  UNWIND e.partners AS x
  WITH x, collect(e.u) AS users
  RETURN collect({users: users, w: 1.0 / size(users)}) AS shared_by
}
CALL (weights) {
  UNWIND weights AS m
  UNWIND m.holders AS h
  WITH h, sum(CASE WHEN size(m.holders) > 1 THEN m.w ELSE 0.0 END) AS mass
  RETURN collect({u: h, mass: mass}) AS masses
}
CALL (weights, shared_by) {
  // every shared goal or theme and every shared partner adds its part to the pair
  CALL (weights, shared_by) {
    UNWIND weights AS m
    UNWIND m.holders AS a
    UNWIND m.holders AS b
    WITH a, b, m.w AS w WHERE a < b
    RETURN a, b, w AS dice_part, 0.0 AS partner_part
    UNION ALL
    UNWIND shared_by AS m
    UNWIND m.users AS a
    UNWIND m.users AS b
    WITH a, b, m.w AS w WHERE a < b
    RETURN a, b, 0.0 AS dice_part, w AS partner_part
  }
  WITH a, b, sum(dice_part) AS overlap, sum(partner_part) AS partners
  RETURN collect([a, b, overlap, partners]) AS pairs
}
// per unit: [id, sector, contexts, S(u)]; then each pair in a row of its own
WITH pairs, [e IN units | [e.u, e.sector, e.contexts, coalesce(head([m IN masses WHERE m.u = e.u | m.mass]), 0.0)]] AS info
UNWIND pairs AS pair
WITH pair, head([e IN info WHERE e[0] = pair[0]]) AS ea, head([e IN info WHERE e[0] = pair[1]]) AS eb
WHERE ea[1] IS NOT NULL AND eb[1] IS NOT NULL AND ea[1] <> eb[1]
  AND size(ea[2]) > 0 AND size(eb[2]) > 0 AND none(c IN ea[2] WHERE c IN eb[2])
WITH ea[0] AS a_id, eb[0] AS b_id, pair[2] AS overlap, pair[3] AS partners, ea[3] + eb[3] AS mass
WITH a_id, b_id, partners, CASE WHEN mass > 0 THEN 2 * overlap / mass ELSE 0.0 END AS dice
// grouping by the pair keeps only these columns in the rows to sort (not the lists above)
WITH a_id, b_id, max(dice + 0.1 * partners) AS score, max(dice) AS dice, max(partners) AS partners
WHERE score > 0
RETURN a_id, b_id, score, dice, partners
ORDER BY score DESC, a_id, b_id
LIMIT $limit
