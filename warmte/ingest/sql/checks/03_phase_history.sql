-- Phase histories are contiguous and in date order; every initiative's spells are its own.
SELECT 'initiative ' || initiative_id || ': phase ' || phase || ' ends ' || end_date
       || ' but the next starts ' || next_start AS problem
FROM (
    SELECT *, lead(start_date) OVER (PARTITION BY initiative_id ORDER BY start_date) AS next_start
    FROM initiative_phase
)
WHERE (next_start IS NULL AND end_date IS NOT NULL) OR (next_start IS NOT NULL AND end_date IS DISTINCT FROM next_start)
UNION ALL
SELECT 'initiative_phase ' || p.initiative_id || ' has no initiative'
FROM initiative_phase p LEFT JOIN initiative i USING (initiative_id) WHERE i.initiative_id IS NULL
