-- Agency isolation that holds against an operator who knows PostgreSQL. Every OPD admin is a login role and
-- may connect with psql; V7's scope could be switched off by a temporary table named like ours, several
-- tables had no policy, and the audit trail could be written in someone else's name. This migration closes
-- that: nothing an operator creates can stand in for our objects, every function a policy calls is bound to
-- our tables when it is created, every table holding people's data or operators' work is scoped, and audit
-- rows carry the real session user.

-- 1. Operators create nothing: no temporary objects (which PostgreSQL searches before public) and no objects
--    in any schema. Only BKPSDM keeps CREATE in import_stage, the owner's schema for staff-import staging.
DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY, CREATE ON DATABASE %I FROM PUBLIC', current_database()); END $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA import_stage FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM presensi_bkpsdm, presensi_opd_admin, presensi_checkin;
REVOKE CREATE ON SCHEMA import_stage FROM presensi_opd_admin, presensi_checkin;

-- 2. The functions behind the policies. SQL-standard bodies (BEGIN ATOMIC) are parsed when created, so every
--    table, function and operator in them is bound to ours then and no search_path can redirect them later;
--    the pinned search_path (pg_temp last) guards anything resolved at run time.
CREATE OR REPLACE FUNCTION unit_scope(unit_code text) RETURNS SETOF bigint LANGUAGE sql STABLE
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    WITH RECURSIVE scope AS (
        SELECT u.id FROM public.unit u WHERE unit_code IS NULL OR u.code = unit_code
        UNION
        SELECT c.id FROM public.unit c JOIN scope s ON c.parent_id = s.id)
    SELECT scope.id FROM scope;
END;

-- The account that owns the schema (it ran the migrations), or a superuser: bound by no policy.
CREATE FUNCTION session_is_owner() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper)
        OR session_user = (SELECT pg_catalog.pg_get_userbyid(c.relowner) FROM pg_catalog.pg_class c
                            WHERE c.oid = 'public.audit_log'::pg_catalog.regclass);
END;

-- Everything for the owner, an enabled BKPSDM operator and the check-in service; an OPD admin sees a subtree.
CREATE OR REPLACE FUNCTION operator_sees_all() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT public.session_is_owner()
        OR EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.role = 'BKPSDM' AND NOT o.disabled)
        OR (NOT EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user)
            AND NOT pg_catalog.pg_has_role(session_user, 'presensi_opd_admin', 'MEMBER')
            AND (pg_catalog.pg_has_role(session_user, 'presensi_checkin', 'MEMBER')
                 OR pg_catalog.pg_has_role(session_user, 'presensi_bkpsdm', 'MEMBER')));
END;

CREATE OR REPLACE FUNCTION operator_units() RETURNS SETOF bigint LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT public.unit_scope(u.code) FROM public.operator o JOIN public.unit u ON u.id = o.unit_id
     WHERE o.name = session_user AND o.role = 'OPD_ADMIN' AND NOT o.disabled;
END;

CREATE OR REPLACE FUNCTION rules_version() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
BEGIN ATOMIC
    SELECT coalesce(max(a.id), 0) FROM public.audit_log a;
END;

ALTER FUNCTION audit_log_is_append_only() SET search_path = pg_catalog, public, pg_temp;

-- 3. The audit trail names the real session user and the real time; an operator writes rows of their scope only.
CREATE FUNCTION audit_log_stamp() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT public.session_is_owner() THEN
        NEW.id := nextval(pg_get_serial_sequence('public.audit_log', 'id'));
        NEW.operator := session_user;
        NEW.at := now();
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_stamp();
DROP POLICY operator_writes ON audit_log;
CREATE POLICY operator_writes ON audit_log FOR INSERT
    WITH CHECK (operator_sees_all() OR unit_id IN (SELECT operator_units()));

-- 4. Imports are an operator's own work: an OPD admin sees and finishes their own runs and rejected rows only.
ALTER TABLE import_run ALTER COLUMN operator SET DEFAULT session_user;
ALTER TABLE import_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_runs ON import_run
    USING (operator_sees_all() OR operator = session_user)
    WITH CHECK (session_is_owner() OR operator = session_user);
ALTER TABLE import_reject ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_runs ON import_reject
    USING (run_id IN (SELECT id FROM import_run)) WITH CHECK (run_id IN (SELECT id FROM import_run));
REVOKE ALL ON import_run, import_reject FROM presensi_opd_admin;
GRANT SELECT, INSERT, UPDATE ON import_run TO presensi_opd_admin;
GRANT SELECT, INSERT, DELETE ON import_reject TO presensi_opd_admin;

-- 5. The job repository: each run belongs to the session user that started it. OPD admins run the jobs of
--    their scope (reconcile their unit) and see their own runs only.
ALTER TABLE batch_job_instance ADD COLUMN created_by text NOT NULL DEFAULT session_user;
ALTER TABLE batch_job_execution ADD COLUMN created_by text NOT NULL DEFAULT session_user;
ALTER TABLE batch_job_execution_params ADD COLUMN created_by text NOT NULL DEFAULT session_user;
ALTER TABLE batch_job_execution_context ADD COLUMN created_by text NOT NULL DEFAULT session_user;
ALTER TABLE batch_step_execution ADD COLUMN created_by text NOT NULL DEFAULT session_user;
ALTER TABLE batch_step_execution_context ADD COLUMN created_by text NOT NULL DEFAULT session_user;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['batch_job_instance', 'batch_job_execution', 'batch_job_execution_params',
                             'batch_job_execution_context', 'batch_step_execution', 'batch_step_execution_context'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY own_runs ON %I USING (operator_sees_all() OR created_by = session_user)
                        WITH CHECK (session_is_owner() OR created_by = session_user)', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO presensi_opd_admin', t);
    END LOOP;
END $$;

-- One run of a job at a time per operator: a row lock on the operator's own row. Advisory locks are open to
-- every role (a hostile admin could hold the nightly job's); a row another role cannot see cannot be locked.
CREATE TABLE job_lock (
    job       text NOT NULL CHECK (job IN ('reconcile')),
    operator  text NOT NULL DEFAULT session_user,
    PRIMARY KEY (job, operator)
);
ALTER TABLE job_lock ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_lock ON job_lock USING (operator = session_user) WITH CHECK (operator = session_user);
GRANT SELECT, INSERT, UPDATE ON job_lock TO presensi_bkpsdm, presensi_opd_admin;

-- Reconciling their unit rewrites its attendance records. A record is read by its unit (history stays with the
-- unit it was earned in); one is written only for an employee the operator sees, in a unit of their scope.
GRANT INSERT, UPDATE, DELETE ON attendance TO presensi_opd_admin;
DROP POLICY operator_scope ON attendance;
CREATE POLICY operator_scope ON attendance
    USING (operator_sees_all() OR unit_id IN (SELECT operator_units()))
    WITH CHECK (operator_sees_all() OR (unit_id IN (SELECT operator_units()) AND employee_id IN (SELECT id FROM employee)));

-- 6. Only the owner migrates: the migration history is read-only for every operator.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON flyway_schema_history FROM presensi_bkpsdm, presensi_opd_admin, presensi_checkin;
