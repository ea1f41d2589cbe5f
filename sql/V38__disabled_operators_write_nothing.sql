-- Disabling an operator takes their login away, not their role membership, and a connection they opened before stays
-- open (V33). Tables with row security ask operator_sees_all() or operator_units(), which leave a disabled operator
-- out; the tables without it (reference data and rules: holidays, units, settings, deduction tables, work locations,
-- shift types, schedules, WFH periods, ...) trusted the grants alone, so such a connection could still change them.
-- Each of them now refuses, once per statement, any change by a session whose operator is disabled. The tables are
-- found here rather than listed: every public table an operator role may change and that has no row security, so
-- none is forgotten; a test keeps later tables to the same rule.
CREATE FUNCTION refuse_disabled_operator() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.disabled) THEN
        RAISE EXCEPTION 'this operator account is disabled' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION refuse_disabled_operator() FROM PUBLIC;

DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
           AND EXISTS (SELECT 1 FROM unnest(ARRAY['presensi_bkpsdm', 'presensi_opd_admin']) r(role),
                                     unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p(privilege)
                        WHERE pg_catalog.has_table_privilege(r.role, c.oid, p.privilege))
    LOOP
        EXECUTE format('CREATE TRIGGER refuse_disabled_operator BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION refuse_disabled_operator()', t);
    END LOOP;
END $$;
