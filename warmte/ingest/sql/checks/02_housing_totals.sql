-- Municipal housing adds up to the national series (stock exactly; gas-free and
-- hybrid within 0.5% where they are illustrative estimates).
SELECT 'housing ' || n.year || ': municipal stock ' || s.stock || ' != national ' || n.housing_stock AS problem
FROM national_series n JOIN (
    SELECT year, sum(housing_stock) AS stock, sum(gas_free_homes) AS gas_free, sum(hybrid_homes) AS hybrid,
           bool_and(gas_free_kind = 'illustrative') AS gf_est, bool_and(hybrid_kind = 'illustrative') AS hy_est
    FROM housing GROUP BY year
) s USING (year)
WHERE s.stock <> n.housing_stock
UNION ALL
SELECT 'housing ' || n.year || ': municipal gas-free homes ' || s.gas_free || ' differ more than 0.5% from '
       || round(n.gas_free_share * n.housing_stock)
FROM national_series n JOIN (
    SELECT year, sum(gas_free_homes) AS gas_free, bool_and(gas_free_kind = 'illustrative') AS est
    FROM housing GROUP BY year
) s USING (year)
WHERE s.est AND abs(s.gas_free - n.gas_free_share * n.housing_stock) > 0.005 * n.gas_free_share * n.housing_stock
UNION ALL
SELECT 'housing ' || n.year || ': municipal hybrid homes ' || s.hybrid || ' differ more than 0.5% from '
       || round(n.hybrid_share * n.housing_stock)
FROM national_series n JOIN (
    SELECT year, sum(hybrid_homes) AS hybrid, bool_and(hybrid_kind = 'illustrative') AS est
    FROM housing GROUP BY year
) s USING (year)
WHERE s.est AND n.hybrid_share IS NOT NULL
  AND abs(s.hybrid - n.hybrid_share * n.housing_stock) > 0.005 * n.hybrid_share * n.housing_stock
UNION ALL
SELECT 'housing ' || municipality_code || ' ' || year || ': gas-free plus hybrid exceeds the stock'
FROM housing WHERE gas_free_homes + coalesce(hybrid_homes, 0) > housing_stock
