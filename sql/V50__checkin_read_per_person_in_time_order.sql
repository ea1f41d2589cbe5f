-- The desk's "Hari ini" board picks each person's counted punches of the day (the first check-in inside its window,
-- the last check-out after it). Through (employee_id, work_date) it read every punch of the scope's day and sorted
-- them (DISDIK's board: 35,457 rows at 19 punches a person, at every refresh), so its cost grew with the punches, not
-- the people. With the day's punches of one person in time order, each pick is one descent of the index from the
-- window's edge and the first matching row (LIMIT 1). The new index leads with the old one's columns and answers
-- every query that one did, so the old one goes: a check-in still updates the same number of indexes.
CREATE INDEX checkin_employee_day_at_idx ON checkin (employee_id, work_date, at);
DROP INDEX IF EXISTS checkin_employee_date_idx;
