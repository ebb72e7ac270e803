-- Every municipality has a province, a RES region and a geometry.
SELECT 'municipality ' || m.code || ' (' || m.name || ') has no geometry' AS problem
FROM municipality m LEFT JOIN geometry g ON g.level = 'gemeente' AND g.code = m.code
WHERE g.code IS NULL
UNION ALL
SELECT 'geometry ' || g.code || ' is not a known municipality'
FROM geometry g LEFT JOIN municipality m ON m.code = g.code
WHERE g.level = 'gemeente' AND m.code IS NULL
UNION ALL
SELECT 'province ' || p.code || ' has no municipality'
FROM province p WHERE NOT EXISTS (SELECT 1 FROM municipality m WHERE m.province_code = p.code)
UNION ALL
SELECT 'RES region ' || r.code || ' has no municipality'
FROM res_region r WHERE NOT EXISTS (SELECT 1 FROM municipality m WHERE m.res_code = r.code)
