-- Whether the session sees everything is one answer per statement, but a bare operator_sees_all() in a policy is
-- called once per row: a SECURITY DEFINER function with its own search_path is never inlined, so every employee row
-- paid for a look-up in operator and two pg_has_role checks. Every table keyed by employee filters through the
-- employee policy, so the desk's board for an OPD of 1,870 staff scanned 8,630 employees that way several times a
-- query (1.5 s for the day's check-ins alone). Wrapped in a scalar subquery, PostgreSQL evaluates it once per
-- statement as an init plan. Same predicates, same rows: only when the answer is computed changes.
ALTER POLICY operator_scope ON employee
    USING ((SELECT operator_sees_all()) OR unit_id IN (SELECT operator_units()))
    WITH CHECK ((SELECT operator_sees_all()) OR unit_id IN (SELECT operator_units()));

ALTER POLICY operator_scope ON attendance
    USING ((SELECT operator_sees_all()) OR unit_id IN (SELECT operator_units()))
    WITH CHECK ((SELECT operator_sees_all()) OR (unit_id IN (SELECT operator_units()) AND employee_id IN (SELECT id FROM employee)));

ALTER POLICY operator_scope ON machine
    USING ((SELECT operator_sees_all()) OR unit_id IN (SELECT operator_units()))
    WITH CHECK ((SELECT operator_sees_all()) OR unit_id IN (SELECT operator_units()));

ALTER POLICY operator_reads ON audit_log
    USING ((SELECT operator_sees_all()) OR unit_id IN (SELECT operator_units()) OR operator = session_user);
ALTER POLICY operator_writes ON audit_log
    WITH CHECK ((SELECT operator_sees_all()) OR unit_id IN (SELECT operator_units()));

ALTER POLICY own_runs ON import_run USING ((SELECT operator_sees_all()) OR operator = session_user);
ALTER POLICY own_runs ON batch_job_instance USING ((SELECT operator_sees_all()) OR created_by = session_user);
ALTER POLICY own_runs ON batch_job_execution USING ((SELECT operator_sees_all()) OR created_by = session_user);
ALTER POLICY own_runs ON batch_job_execution_params USING ((SELECT operator_sees_all()) OR created_by = session_user);
ALTER POLICY own_runs ON batch_job_execution_context USING ((SELECT operator_sees_all()) OR created_by = session_user);
ALTER POLICY own_runs ON batch_step_execution USING ((SELECT operator_sees_all()) OR created_by = session_user);
ALTER POLICY own_runs ON batch_step_execution_context USING ((SELECT operator_sees_all()) OR created_by = session_user);
