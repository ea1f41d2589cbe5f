-- The titip-absen signals of a run are written 10,000 a statement, and a month where every phone reports its
-- office's exact point writes three a check-in day (120,000 for 4,000 staff over ten days). Two per-row costs made
-- most of that insert's time: the foreign key to employee, which looks the employee up and locks it once for every
-- signal row, and a second index on work_date beside the key. Now the key leads with the day (it serves the date
-- ranges the run deletes and the report reads, as the index did), and the employees are checked and locked once a
-- statement, as one join over the statement's rows; deleting an employee with signals, or changing their id, is
-- refused as the key refused it.
ALTER TABLE anomaly_signal DROP CONSTRAINT anomaly_signal_employee_id_fkey;
ALTER TABLE anomaly_signal DROP CONSTRAINT anomaly_signal_pkey;
ALTER TABLE anomaly_signal ADD CONSTRAINT anomaly_signal_pkey PRIMARY KEY (work_date, employee_id, kind);
DROP INDEX anomaly_signal_date_idx;

-- The statement's employees exist: locked FOR KEY SHARE as the key locked them (a delete of one waits for the run to
-- end, then finds its signals), then looked up once each. The owner's, so row security hides none of them.
CREATE FUNCTION anomaly_signal_employees_exist() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM 1 FROM public.employee e WHERE e.id IN (SELECT n.employee_id FROM new_rows n) ORDER BY e.id FOR KEY SHARE OF e;
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM public.employee e WHERE e.id = n.employee_id)) THEN
        RAISE EXCEPTION 'a titip-absen signal names an employee who does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION anomaly_signal_employees_exist() FROM PUBLIC;
-- one trigger an event: a trigger with transition tables has one event
CREATE TRIGGER employees_exist_on_insert AFTER INSERT ON anomaly_signal REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION anomaly_signal_employees_exist();
CREATE TRIGGER employees_exist_on_update AFTER UPDATE ON anomaly_signal REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION anomaly_signal_employees_exist();

-- The key's other side: an employee with signals is not deleted, nor given another id. Deletes are checked once a
-- statement (the signals have no index by employee); an id changes only by hand, so that is checked row by row.
CREATE FUNCTION employee_keeps_signals() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    -- two statements: old_rows exists for the statement's trigger only, OLD for the row's
    IF TG_LEVEL = 'STATEMENT' THEN
        IF EXISTS (SELECT 1 FROM public.anomaly_signal s WHERE s.employee_id IN (SELECT o.id FROM old_rows o)) THEN
            RAISE EXCEPTION 'an employee with titip-absen signals cannot be deleted or given another id' USING ERRCODE = 'foreign_key_violation';
        END IF;
    ELSIF EXISTS (SELECT 1 FROM public.anomaly_signal s WHERE s.employee_id = OLD.id) THEN
        RAISE EXCEPTION 'an employee with titip-absen signals cannot be deleted or given another id' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION employee_keeps_signals() FROM PUBLIC;
CREATE TRIGGER keeps_signals_on_delete AFTER DELETE ON employee REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION employee_keeps_signals();
CREATE TRIGGER keeps_signals_on_new_id AFTER UPDATE OF id ON employee
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION employee_keeps_signals();
