-- The recap's completeness (how many of the month's records are still provisional, BELUM) is asked twice per recap,
-- for the scope before the pass and for each unit after it. 'BELUM' = ANY(codes) is not in any index, so each ask read
-- the whole month from the heap beside the recap's own read of it. Provisional records are only the days still in
-- progress (a few thousand rows at most, rewritten by the evening's reconcile), so a partial index on them is small,
-- costs a write only for those rows, and answers the count without touching the month.
CREATE INDEX attendance_provisional_idx ON attendance (work_date, unit_id) WHERE 'BELUM' = ANY(codes);
