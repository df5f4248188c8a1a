// purpose: The follow-up status rule of `stratgraph followup`, per metric: progress = (latest - baseline) /
//   (target - baseline) clamped to 0..1 (maintain: 1 within the tolerance of the target, 0 at twice it);
//   expected = share of the baseline->target years passed in the latest observation's year; gap =
//   expected - progress; on_track if gap <= 0.10, behind if gap <= 0.25, else off_track; explicit
//   no_target, no_baseline, no_direction and no_data (fewer than 2 observations) first.
// params: $as_of_year (ignore later observations, default null); $owner (only data pushed by this owner, default null)
// example: stratgraph cypher -f queries/cypher/analysis_followup_status.cypher --param as_of_year=2024
MATCH (m:Metric)
WHERE $owner IS NULL OR m._sg_owner = $owner
OPTIONAL MATCH (o:Observation)-[:OBSERVATION_OF]->(m)
WHERE o.value IS NOT NULL AND ($as_of_year IS NULL OR o.year <= $as_of_year)
WITH m, o ORDER BY o.year, coalesce(toString(o.observedOn), ''), o.id  // a dated one is the later row
WITH m, count(DISTINCT o.year) AS n, last(collect(o)) AS lo
WITH m, n, lo.year AS ly, toFloat(lo.value) AS lv, toFloat(m.baseline) AS b, m.baselineYear AS by,
     toFloat(m.target) AS t, m.targetYear AS ty, m.direction AS dir,
     // properties(m): a store may hold no tolerance at all, and the server warns about an unknown key
     coalesce(toFloat(properties(m).tolerance), 0.05 * abs(toFloat(m.target))) AS tol
WITH m, n, ly, lv, b, by, t, ty, dir, tol,
     CASE WHEN dir = 'maintain' OR ty - by <= 0 THEN 1.0
          WHEN ly - by <= 0 THEN 0.0 WHEN ly >= ty THEN 1.0
          ELSE toFloat(ly - by) / (ty - by) END AS expected,
     CASE WHEN dir = 'maintain' THEN
            CASE WHEN abs(lv - t) <= tol THEN 1.0 WHEN tol > 0 THEN 2 - abs(lv - t) / tol ELSE 0.0 END
          WHEN t = b THEN CASE WHEN lv = t THEN 1.0 ELSE 0.0 END
          ELSE (lv - b) / (t - b) END AS raw
WITH m, n, ly, lv, b, by, t, ty, dir, expected,
     CASE WHEN raw < 0 THEN 0.0 WHEN raw > 1 THEN 1.0 ELSE raw END AS progress
WITH m, ly, lv, expected, progress,
     CASE WHEN t IS NULL OR ty IS NULL THEN 'no_target'
          WHEN b IS NULL OR by IS NULL THEN 'no_baseline'
          WHEN dir IS NULL OR NOT dir IN ['increase', 'decrease', 'maintain'] THEN 'no_direction'
          WHEN n < 2 THEN 'no_data'
          WHEN expected - progress <= 0.10 + 1e-12 THEN 'on_track'
          WHEN expected - progress <= 0.25 + 1e-12 THEN 'behind'
          ELSE 'off_track' END AS status
RETURN m.id AS metric_id, status,
       CASE WHEN status IN ['on_track', 'behind', 'off_track'] THEN progress END AS progress,
       CASE WHEN status IN ['on_track', 'behind', 'off_track'] THEN expected END AS expected,
       ly AS latest_year, lv AS latest_value
ORDER BY metric_id
