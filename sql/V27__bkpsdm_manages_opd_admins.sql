-- BKPSDM manages the OPD admins (the desk's "Operator" page, or the CLI signed in as themselves). Operators are
-- PostgreSQL login roles, and a BKPSDM operator has neither CREATEROLE nor any write on the operator table (V7):
-- until now only the schema's owner could add, disable or give a new password to an admin. The three functions
-- below run as the owner and do it for an enabled BKPSDM operator (and the owner), for OPD admins only: a BKPSDM
-- operator is still made, disabled and given a password by the owner, so nobody raises their own kind. Each one
-- checks who calls, takes a password only as its SCRAM-SHA-256 verifier (computed by the client, so no statement
-- or log ever holds a password) and writes its own audit row, stamped with the session user (V8).
--
-- Every function has a pinned search_path (pg_temp last) and names our objects schema-qualified.

CREATE FUNCTION operator_admin_add(name text, unit_code text, verifier text, employee bigint, who text, command text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    unit bigint;
BEGIN
    IF NOT (public.session_is_owner()
            OR EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.role = 'BKPSDM' AND NOT o.disabled)) THEN
        RAISE EXCEPTION 'only BKPSDM manages operators' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- pg_ names are PostgreSQL's own (CREATE ROLE refuses them)
    IF operator_admin_add.name IS NULL OR operator_admin_add.name !~ '^[a-z][a-z0-9_.]{2,40}$' OR operator_admin_add.name LIKE 'pg\_%' THEN
        RAISE EXCEPTION 'an operator name is 3-41 lower-case letters, digits, dots or underscores, starting with a letter (not pg_)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM public.operator o WHERE o.name = operator_admin_add.name)
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = operator_admin_add.name) THEN
        RAISE EXCEPTION 'an operator or database role named % already exists', operator_admin_add.name USING ERRCODE = 'duplicate_object';
    END IF;
    SELECT u.id INTO unit FROM public.unit u WHERE u.code = operator_admin_add.unit_code;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no unit %', operator_admin_add.unit_code USING ERRCODE = 'no_data_found';
    END IF;
    IF operator_admin_add.employee IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public.employee e WHERE e.id = operator_admin_add.employee) THEN
        RAISE EXCEPTION 'no employee #%', operator_admin_add.employee USING ERRCODE = 'no_data_found';
    END IF;
    IF operator_admin_add.verifier IS NULL OR operator_admin_add.verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'a password is given as its SCRAM-SHA-256 verifier, never as text' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN IN ROLE presensi_opd_admin', operator_admin_add.name);
    EXECUTE format('ALTER ROLE %I PASSWORD %L', operator_admin_add.name, operator_admin_add.verifier);
    INSERT INTO public.operator (name, role, unit_id, employee_id) VALUES (operator_admin_add.name, 'OPD_ADMIN', unit, operator_admin_add.employee);
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after)
    VALUES (who, command, 'operator', operator_admin_add.name, NULL, jsonb_build_object('role', 'OPD_ADMIN', 'unit', operator_admin_add.unit_code));
END $$;

-- The operator a BKPSDM operator may change: an OPD admin whose login (if it is on this server) is nothing more than
-- an OPD admin's, so no function here ever touches a superuser, the owner or a BKPSDM login that shares a name.
CREATE FUNCTION operator_admin_target(name text) RETURNS public.operator
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    target public.operator;
BEGIN
    IF NOT (public.session_is_owner()
            OR EXISTS (SELECT 1 FROM public.operator o WHERE o.name = session_user AND o.role = 'BKPSDM' AND NOT o.disabled)) THEN
        RAISE EXCEPTION 'only BKPSDM manages operators' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT o.* INTO target FROM public.operator o WHERE o.name = operator_admin_target.name FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no operator named %', operator_admin_target.name USING ERRCODE = 'no_data_found';
    END IF;
    IF NOT public.session_is_owner() AND (target.role <> 'OPD_ADMIN' OR EXISTS (
            SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = target.name
               AND (r.rolsuper OR r.rolcreaterole OR NOT pg_catalog.pg_has_role(r.oid, 'presensi_opd_admin', 'MEMBER')
                    OR pg_catalog.pg_has_role(r.oid, 'presensi_bkpsdm', 'MEMBER')))) THEN
        RAISE EXCEPTION 'BKPSDM manages OPD admins only; % is changed by the schema''s owner (presensi operator)', target.name
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN target;
END $$;

CREATE FUNCTION operator_disable(name text, who text, command text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    target public.operator := public.operator_admin_target(operator_disable.name);
BEGIN
    IF target.disabled THEN
        RETURN false;
    END IF;
    UPDATE public.operator o SET disabled = true WHERE o.name = target.name;
    -- one whose login is missing (after a restore) is only marked: there is nothing to sign in with
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = target.name) THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', target.name);
    END IF;
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after)
    VALUES (who, command, 'operator', target.name, jsonb_build_object('disabled', false), jsonb_build_object('disabled', true));
    RETURN true;
END $$;

CREATE FUNCTION operator_password(name text, verifier text, who text, command text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    target public.operator := public.operator_admin_target(operator_password.name);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = target.name) THEN
        RAISE EXCEPTION 'operator % has no login on this server; presensi operator relink % makes one', target.name, target.name
            USING ERRCODE = 'no_data_found';
    END IF;
    IF operator_password.verifier IS NULL OR operator_password.verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'a password is given as its SCRAM-SHA-256 verifier, never as text' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', target.name, operator_password.verifier);
    INSERT INTO public.audit_log (operator, command, entity, entity_key, before, after)
    VALUES (who, command, 'operator', target.name, NULL, jsonb_build_object('password', 'changed'));
END $$;

-- BKPSDM (and the owner) call these; an OPD admin, the check-in service and PUBLIC do not.
REVOKE EXECUTE ON FUNCTION operator_admin_add(text, text, text, bigint, text, text), operator_admin_target(text),
    operator_disable(text, text, text), operator_password(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION operator_admin_add(text, text, text, bigint, text, text), operator_disable(text, text, text),
    operator_password(text, text, text, text) TO presensi_bkpsdm;
