-- One record per employee per date: what was expected, what happened, and the status codes recaps count.
CREATE TABLE attendance (
    employee_id     bigint      NOT NULL REFERENCES employee (id),
    work_date       date        NOT NULL,
    unit_id         bigint      NOT NULL REFERENCES unit (id),
    expected_start  timestamptz,
    expected_end    timestamptz,
    shift_code      text,
    day_off         text        CHECK (day_off IN ('WEEKEND', 'HOLIDAY', 'ROSTER_OFF', 'NOT_ROSTERED', 'NO_SCHEDULE')),
    first_in        timestamptz,
    last_out        timestamptz,
    late_min        integer     NOT NULL DEFAULT 0 CHECK (late_min >= 0),
    early_min       integer     NOT NULL DEFAULT 0 CHECK (early_min >= 0),
    codes           text[]      NOT NULL CHECK (cardinality(codes) BETWEEN 1 AND 2 AND codes <@ ARRAY['H', 'TL1', 'TL2', 'TL3', 'TL4',
                                    'PSW1', 'PSW2', 'PSW3', 'PSW4', 'TK', 'CT', 'CS', 'CB', 'CM', 'CAP', 'CLTN', 'S', 'I', 'DL', 'TB', 'LIBUR']),
    flags           text[]      NOT NULL DEFAULT '{}' CHECK (flags <@ ARRAY['OFFLINE_SYNCED', 'WORKED_ON_DAY_OFF', 'WORK_FROM_HOME', 'FINGERPRINT']),
    explanation     text        NOT NULL,
    computed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (employee_id, work_date),
    CHECK ((expected_start IS NULL) = (day_off IS NOT NULL))
);
CREATE INDEX attendance_date_unit_idx ON attendance (work_date, unit_id);

ALTER TABLE import_run DROP CONSTRAINT import_run_kind_check;
ALTER TABLE import_run ADD CONSTRAINT import_run_kind_check
    CHECK (kind IN ('UNIT', 'STAFF', 'LOCATION', 'HOLIDAY', 'SCHEDULE', 'SHIFT', 'ROSTER', 'LEAVE', 'PUNCH'));

-- The unit with this code and every unit under it (every unit when the code is null): an OPD's scope.
CREATE FUNCTION unit_scope(unit_code text) RETURNS SETOF bigint LANGUAGE sql STABLE AS $$
    WITH RECURSIVE scope AS (
        SELECT id FROM unit WHERE unit_code IS NULL OR code = unit_code
        UNION
        SELECT c.id FROM unit c JOIN scope s ON c.parent_id = s.id)
    SELECT id FROM scope
$$;
