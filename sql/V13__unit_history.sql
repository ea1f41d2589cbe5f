-- A transfer (mutasi) between units keeps the history: the days before it stay with the old unit, in its recaps,
-- even when they are reconciled again later. Every change of an employee's unit is recorded with the date it
-- takes effect: the date given to 'presensi staff move' (presensi.move_effective), else today in WITA.
CREATE TABLE employee_unit_change (
    employee_id   bigint      NOT NULL REFERENCES employee (id),
    effective     date        NOT NULL,
    from_unit_id  bigint      NOT NULL REFERENCES unit (id),
    to_unit_id    bigint      NOT NULL REFERENCES unit (id),
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    recorded_by   text        NOT NULL DEFAULT session_user,
    CHECK (from_unit_id <> to_unit_id)
);
CREATE INDEX employee_unit_change_idx ON employee_unit_change (employee_id, effective);

-- Security definer: whoever may move staff records the move, without a right to write the history directly.
CREATE FUNCTION record_unit_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.employee_unit_change (employee_id, effective, from_unit_id, to_unit_id)
    VALUES (NEW.id, coalesce(nullif(current_setting('presensi.move_effective', true), '')::date,
                             (now() AT TIME ZONE 'Asia/Makassar')::date), OLD.unit_id, NEW.unit_id);
    RETURN NULL;
END $$;
CREATE TRIGGER record_unit_change AFTER UPDATE OF unit_id ON employee FOR EACH ROW
    WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id) EXECUTE FUNCTION record_unit_change();

ALTER TABLE employee_unit_change ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON employee_unit_change USING (employee_id IN (SELECT id FROM employee));
GRANT SELECT ON employee_unit_change TO presensi_bkpsdm, presensi_opd_admin;
