-- Operators are PostgreSQL login roles. BKPSDM operators see and manage everything; an OPD admin sees and
-- manages only their unit and the units under it. The scope is enforced here, by row-level security, so it
-- holds for the CLI, the reports and anyone connecting with psql. The table owner (the account that runs
-- migrations) is not bound by it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'presensi_bkpsdm') THEN CREATE ROLE presensi_bkpsdm NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'presensi_opd_admin') THEN CREATE ROLE presensi_opd_admin NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'presensi_checkin') THEN CREATE ROLE presensi_checkin NOLOGIN; END IF;
END $$;

CREATE TABLE operator (
    name        text        PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_.]{2,40}$'),
    role        text        NOT NULL CHECK (role IN ('BKPSDM', 'OPD_ADMIN')),
    unit_id     bigint      REFERENCES unit (id),
    disabled    boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'OPD_ADMIN') = (unit_id IS NOT NULL))
);

-- Audit rows name the unit they concern, so an OPD admin's audit list shows their scope only.
ALTER TABLE audit_log ADD COLUMN unit_id bigint REFERENCES unit (id);

-- Who the session's operator is allowed to see: everything for BKPSDM (and the owner), a subtree for an OPD admin.
CREATE FUNCTION operator_sees_all() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT NOT EXISTS (SELECT 1 FROM operator WHERE name = session_user)
           AND NOT pg_has_role(session_user, 'presensi_opd_admin', 'MEMBER')
        OR EXISTS (SELECT 1 FROM operator WHERE name = session_user AND role = 'BKPSDM' AND NOT disabled)
$$;

CREATE FUNCTION operator_units() RETURNS SETOF bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT unit_scope(u.code) FROM operator o JOIN unit u ON u.id = o.unit_id
     WHERE o.name = session_user AND o.role = 'OPD_ADMIN' AND NOT o.disabled
$$;

-- The check-in service learns that rules changed without reading the audit trail itself.
CREATE FUNCTION rules_version() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT coalesce(max(id), 0) FROM audit_log
$$;

ALTER TABLE employee ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON employee
    USING (operator_sees_all() OR unit_id IN (SELECT operator_units()))
    WITH CHECK (operator_sees_all() OR unit_id IN (SELECT operator_units()));

ALTER TABLE attendance ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON attendance
    USING (operator_sees_all() OR unit_id IN (SELECT operator_units()))
    WITH CHECK (operator_sees_all() OR unit_id IN (SELECT operator_units()));

-- Tables keyed by employee follow the employee table's own policy through the subquery.
ALTER TABLE device ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON device USING (employee_id IN (SELECT id FROM employee)) WITH CHECK (employee_id IN (SELECT id FROM employee));
ALTER TABLE activation_code ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON activation_code USING (employee_id IN (SELECT id FROM employee)) WITH CHECK (employee_id IN (SELECT id FROM employee));
ALTER TABLE checkin ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON checkin USING (employee_id IN (SELECT id FROM employee)) WITH CHECK (employee_id IN (SELECT id FROM employee));
ALTER TABLE leave ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON leave USING (employee_id IN (SELECT id FROM employee)) WITH CHECK (employee_id IN (SELECT id FROM employee));
ALTER TABLE roster ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON roster USING (employee_id IN (SELECT id FROM employee)) WITH CHECK (employee_id IN (SELECT id FROM employee));

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_reads ON audit_log FOR SELECT
    USING (operator_sees_all() OR unit_id IN (SELECT operator_units()) OR operator = session_user);
CREATE POLICY operator_writes ON audit_log FOR INSERT WITH CHECK (true);

-- The audit trail is append-only for everyone but the owner: no grant allows it, and this trigger refuses it.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail cannot be changed or deleted' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Rights. BKPSDM manages everything but the audit trail, which it can only read and append to.
GRANT USAGE ON SCHEMA public TO presensi_bkpsdm, presensi_opd_admin, presensi_checkin;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO presensi_bkpsdm;
REVOKE UPDATE, DELETE ON audit_log FROM presensi_bkpsdm;
REVOKE INSERT, UPDATE, DELETE ON operator FROM presensi_bkpsdm;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO presensi_bkpsdm, presensi_opd_admin, presensi_checkin;
GRANT USAGE, CREATE ON SCHEMA import_stage TO presensi_bkpsdm;

-- An OPD admin reads the rules and their staff, enrolls and revokes devices, records leave, reads attendance.
GRANT SELECT ON unit, work_location, location_access, wfh_period, wfh_period_unit, setting, work_schedule, schedule_day,
                holiday, shift_type, deduction_table, deduction_rate, employee, device, activation_code, checkin, roster,
                attendance, audit_log, import_run, import_reject, flyway_schema_history TO presensi_opd_admin;
GRANT INSERT, UPDATE, DELETE ON device, activation_code, leave, roster TO presensi_opd_admin;
GRANT SELECT ON leave TO presensi_opd_admin;
GRANT INSERT ON audit_log, import_run, import_reject TO presensi_opd_admin;
GRANT UPDATE ON import_run TO presensi_opd_admin;

-- The check-in service reads rules, staff and devices, activates devices and stores check-ins; nothing else.
GRANT SELECT ON unit, work_location, location_access, wfh_period, wfh_period_unit, setting, work_schedule, schedule_day,
                holiday, shift_type, roster, leave, employee, device, activation_code, checkin TO presensi_checkin;
GRANT INSERT, UPDATE ON device, activation_code TO presensi_checkin;
GRANT INSERT ON checkin, activation_failure, audit_log TO presensi_checkin;
GRANT SELECT, DELETE ON activation_failure TO presensi_checkin;
