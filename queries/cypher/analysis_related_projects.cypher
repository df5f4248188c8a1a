// purpose: The structural part of `stratgraph related PROJECT`: every project that shares goals, themes,
//   partners (leader or partner) or funding with $project, scored as in queries/related.py: a shared
//   neighbour t counts alpha / (df(t) + 5), df(t) = the projects linked to t, alpha = 1 for goals and
//   themes, 0.5 for partners, 0.25 for funding; score = 2 * (sum over shared t) / (S(project) + S(other)),
//   S = the sum over a project's neighbours that another project has too. Text similarity is Python only.
// params: $project (project id); $limit (how many projects, default 1000); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/analysis_related_projects.cypher --param project=P-HNR
MATCH (q:Project)-[r:CONTRIBUTES_TO|HAS_THEME|LED_BY|HAS_PARTNER|FUNDED_BY]->(t)
WHERE $owner IS NULL OR q._sg_owner = $owner
WITH DISTINCT q, t, CASE type(r) WHEN 'CONTRIBUTES_TO' THEN 'goals' WHEN 'HAS_THEME' THEN 'themes'
                                  WHEN 'FUNDED_BY' THEN 'funding' ELSE 'partners' END AS facet
WITH facet, t, collect(q) AS members
WITH facet, t, members, size(members) AS df,
     CASE facet WHEN 'partners' THEN 0.5 WHEN 'funding' THEN 0.25 ELSE 1.0 END / (size(members) + 5.0) AS w
UNWIND members AS q
WITH q, sum(CASE WHEN df > 1 THEN w ELSE 0.0 END) AS mass, collect([facet, t, w]) AS items
WITH collect([q, mass, items]) AS projects
UNWIND projects AS mine
WITH projects, mine
WHERE mine[0].id = $project
UNWIND projects AS other
WITH mine, other
WHERE other[0] <> mine[0]
WITH mine, other, [a IN mine[2] WHERE any(b IN other[2] WHERE b[0] = a[0] AND b[1] = a[1])] AS shared
WHERE size(shared) > 0
WITH other[0] AS p, 2 * reduce(s = 0.0, a IN shared | s + a[2]) / (mine[1] + other[1]) AS score,
     [a IN shared | a[0] + ':' + a[1].id] AS shared_ids
// grouping by the project keeps only these columns in the rows to sort (not the list of every project)
WITH p.id AS project, coalesce(p.label_fi, p.label_en, p.id) AS name, max(score) AS score,
     head(collect(shared_ids)) AS shared_ids
RETURN project, name, score, shared_ids
ORDER BY score DESC, project
LIMIT $limit
