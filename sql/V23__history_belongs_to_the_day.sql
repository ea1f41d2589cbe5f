-- History belongs to the day. After a transfer (V13), an employee's day is read by the unit he was in that day:
-- the old unit's admin keeps the check-ins, requests and signals of the days before the move (attendance records
-- already carry their unit), and the new unit's admin sees only the days since. Only reading changes here: the
-- write side of these tables keeps its own policies and grants.

-- The unit an employee belonged to on a day: the unit the last move effective by then took him to; before his
-- first move, the unit that move took him from; never moved, his unit. As RulesSnapshot.unitOn in the reconcile job.
-- An OPD admin learns it only for a day spent in their units (null otherwise): no probing of other units' staff.
CREATE FUNCTION unit_on(of_employee bigint, on_day date) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT x.unit_id FROM (SELECT coalesce(
        (SELECT c.to_unit_id FROM public.employee_unit_change c WHERE c.employee_id = of_employee AND c.effective <= on_day
          ORDER BY c.effective DESC, c.recorded_at DESC LIMIT 1),
        (SELECT c.from_unit_id FROM public.employee_unit_change c WHERE c.employee_id = of_employee
          ORDER BY c.effective, c.recorded_at LIMIT 1),
        (SELECT e.unit_id FROM public.employee e WHERE e.id = of_employee)) AS unit_id) x
     WHERE public.operator_sees_all() OR x.unit_id IN (SELECT public.operator_units());
END;

-- Who moved into or out of the operator's units (everyone who moved, for BKPSDM): only their rows need the per-day
-- look-up above; everyone else's follow the employee table, which already answers right for them.
CREATE FUNCTION moved_employees() RETURNS SETOF bigint LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT DISTINCT c.employee_id FROM public.employee_unit_change c
     WHERE public.operator_sees_all() OR c.from_unit_id IN (SELECT public.operator_units())
        OR c.to_unit_id IN (SELECT public.operator_units());
END;

-- Whether the session's operator reads this employee's day. The hashed look-ups keep a list of thousands of
-- check-ins cheap: the per-day function runs for moved employees' rows only.
CREATE FUNCTION operator_sees_day(of_employee bigint, on_day date) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT public.unit_on(of_employee, on_day) IS NOT NULL;
END;

-- Each table gets the day's scope twice for SELECT: permissive (the old unit reads its days) and restrictive (the
-- new unit does not read the days before the move). Writes keep the policies they had.
CREATE POLICY history_reads ON checkin AS PERMISSIVE FOR SELECT
    USING ((SELECT public.operator_sees_all())
           OR CASE WHEN employee_id IN (SELECT public.moved_employees())
                   THEN public.operator_sees_day(employee_id, coalesce(work_date, (at AT TIME ZONE 'Asia/Makassar')::date))
                   ELSE employee_id IN (SELECT e.id FROM public.employee e) END);
CREATE POLICY history_only ON checkin AS RESTRICTIVE FOR SELECT
    USING ((SELECT public.operator_sees_all())
           OR CASE WHEN employee_id IN (SELECT public.moved_employees())
                   THEN public.operator_sees_day(employee_id, coalesce(work_date, (at AT TIME ZONE 'Asia/Makassar')::date))
                   ELSE employee_id IN (SELECT e.id FROM public.employee e) END);

CREATE POLICY history_reads ON request AS PERMISSIVE FOR SELECT
    USING ((SELECT public.operator_sees_all())
           OR CASE WHEN employee_id IN (SELECT public.moved_employees()) THEN public.operator_sees_day(employee_id, date_from)
                   ELSE employee_id IN (SELECT e.id FROM public.employee e) END);
CREATE POLICY history_only ON request AS RESTRICTIVE FOR SELECT
    USING ((SELECT public.operator_sees_all())
           OR CASE WHEN employee_id IN (SELECT public.moved_employees()) THEN public.operator_sees_day(employee_id, date_from)
                   ELSE employee_id IN (SELECT e.id FROM public.employee e) END);

CREATE POLICY history_reads ON anomaly_signal AS PERMISSIVE FOR SELECT
    USING ((SELECT public.operator_sees_all())
           OR CASE WHEN employee_id IN (SELECT public.moved_employees()) THEN public.operator_sees_day(employee_id, work_date)
                   ELSE employee_id IN (SELECT e.id FROM public.employee e) END);
CREATE POLICY history_only ON anomaly_signal AS RESTRICTIVE FOR SELECT
    USING ((SELECT public.operator_sees_all())
           OR CASE WHEN employee_id IN (SELECT public.moved_employees()) THEN public.operator_sees_day(employee_id, work_date)
                   ELSE employee_id IN (SELECT e.id FROM public.employee e) END);

-- The people an operator's lists and recaps may name: their units' staff, and those who were in one of their units
-- (for the days they were there, which the policies above decide). A view, so the employee table's own policy (and
-- with it every write scope that follows it) stays as it was; a security barrier, so no function of the caller's
-- sees rows the filter drops.
CREATE VIEW employee_directory WITH (security_barrier) AS
    SELECT e.id, e.type, e.nip, e.nik, e.name, e.position, e.unit_id, e.active, e.ended_from, e.end_reason
      FROM public.employee e
     WHERE (SELECT public.operator_sees_all())
        OR e.unit_id IN (SELECT public.operator_units())
        OR e.id IN (SELECT c.employee_id FROM public.employee_unit_change c
                     WHERE c.from_unit_id IN (SELECT public.operator_units()) OR c.to_unit_id IN (SELECT public.operator_units()));
-- the check-in service too: it shows an employee their own requests through the same query
GRANT SELECT ON employee_directory TO presensi_bkpsdm, presensi_opd_admin, presensi_checkin;

-- The check-in service loads each person's earlier units with their rules (a move recorded ahead of its date keeps
-- the old unit's places until then), so it reads the moves; it writes none.
GRANT SELECT ON employee_unit_change TO presensi_checkin;

-- A regional holiday (HUT Kabupaten, a regent's decree) besides the national ones and cuti bersama.
ALTER TABLE holiday DROP CONSTRAINT holiday_kind_check;
ALTER TABLE holiday ADD CONSTRAINT holiday_kind_check CHECK (kind IN ('LIBUR_NASIONAL', 'CUTI_BERSAMA', 'LIBUR_DAERAH'));

-- A closed month's calendar is part of it: a holiday added, changed or removed there would change the days its
-- recap was made from. Any closed unit closes the regency-wide calendar's month.
CREATE FUNCTION refuse_closed_holiday() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    d date;
BEGIN
    FOREACH d IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.day] WHEN 'DELETE' THEN ARRAY[OLD.day] ELSE ARRAY[OLD.day, NEW.day] END LOOP
        IF EXISTS (SELECT 1 FROM public.closed_month c WHERE c.month = date_trunc('month', d)::date) THEN
            RAISE EXCEPTION 'the month of % is closed; BKPSDM can reopen it (presensi month reopen) before changing its calendar',
                to_char(d, 'YYYY-MM') USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER refuse_closed_days BEFORE INSERT OR UPDATE OR DELETE ON holiday FOR EACH ROW EXECUTE FUNCTION refuse_closed_holiday();
