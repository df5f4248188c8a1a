// purpose: Projects related to a project through shared goals, themes, partners or funding, ranked by a score (goal 3, partner 2, theme 1, funding 1), with the shared items as the reasons.
// params: $project (project id); $limit (how many projects, default 20); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/related_projects.cypher --param project=P-HNR
MATCH (p:Project {id: $project})
WHERE $owner IS NULL OR p._sg_owner = $owner
MATCH (p)-[r1:CONTRIBUTES_TO|HAS_THEME|HAS_PARTNER|FUNDED_BY]->(shared)<-[r2:CONTRIBUTES_TO|HAS_THEME|HAS_PARTNER|FUNDED_BY]-(other:Project)
WHERE type(r1) = type(r2) AND other <> p
WITH other, type(r1) AS via, shared
ORDER BY shared.id
WITH other,
     collect(DISTINCT CASE via WHEN 'CONTRIBUTES_TO' THEN shared.id END) AS goals,
     collect(DISTINCT CASE via WHEN 'HAS_PARTNER' THEN shared.id END) AS partners,
     collect(DISTINCT CASE via WHEN 'HAS_THEME' THEN shared.id END) AS themes,
     collect(DISTINCT CASE via WHEN 'FUNDED_BY' THEN shared.id END) AS funding
WITH other, goals, partners, themes, funding,
     3 * size(goals) + 2 * size(partners) + size(themes) + size(funding) AS score
RETURN other.id AS project,
       coalesce(other.label_fi, other.label_en, other.id) AS name,
       score,
       goals AS shared_goals,
       partners AS shared_partners,
       themes AS shared_themes,
       funding AS shared_funding
ORDER BY score DESC, project
LIMIT $limit
