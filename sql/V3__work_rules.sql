-- Work rules: where (locations, work-from-home radius), when (schedules, shifts, rosters), and which days
-- do not count (holidays, leave). Every rule that changes over time carries its validity period.
CREATE EXTENSION IF NOT EXISTS btree_gist; -- overlap checks on (scope, period) below

ALTER TABLE import_run DROP CONSTRAINT import_run_kind_check;
ALTER TABLE import_run ADD CONSTRAINT import_run_kind_check
    CHECK (kind IN ('UNIT', 'STAFF', 'LOCATION', 'HOLIDAY', 'SCHEDULE', 'SHIFT', 'ROSTER', 'LEAVE'));

CREATE TABLE work_location (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id    bigint        NOT NULL REFERENCES unit (id),
    name       text          NOT NULL CHECK (btrim(name) <> ''),
    latitude   numeric(9, 6) NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude  numeric(9, 6) NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    radius_m   integer       NOT NULL CHECK (radius_m BETWEEN 1 AND 100000),
    UNIQUE (unit_id, name)
);

-- Staff of unit_id may also check in at the locations of also_unit_id (a nurse posted to a pustu).
CREATE TABLE location_access (
    unit_id       bigint NOT NULL REFERENCES unit (id),
    also_unit_id  bigint NOT NULL REFERENCES unit (id),
    PRIMARY KEY (unit_id, also_unit_id),
    CHECK (unit_id <> also_unit_id)
);

-- A relaxed radius for a period (work from home in a pandemic): accepted within radius_m of any location
-- of the employee's unit. No row in wfh_period_unit means every unit.
CREATE TABLE wfh_period (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text    NOT NULL UNIQUE CHECK (btrim(name) <> ''),
    valid_from  date    NOT NULL,
    valid_to    date    NOT NULL CHECK (valid_to >= valid_from),
    radius_m    integer NOT NULL CHECK (radius_m BETWEEN 1 AND 500000)
);
CREATE TABLE wfh_period_unit (
    period_id  bigint NOT NULL REFERENCES wfh_period (id) ON DELETE CASCADE,
    unit_id    bigint NOT NULL REFERENCES unit (id),
    PRIMARY KEY (period_id, unit_id)
);

-- Regency-wide settings, e.g. the worst GPS accuracy still accepted.
CREATE TABLE setting (
    key    text PRIMARY KEY CHECK (key IN ('max_accuracy_m')),
    value  text NOT NULL
);
INSERT INTO setting (key, value) VALUES ('max_accuracy_m', '100');

-- Office hours for a unit, or regency-wide when unit_id is null, for a validity period (valid_to null: open).
-- A KHUSUS (special) schedule, such as Ramadan hours, overrides the REGULER one while it is valid; two
-- schedules of the same scope and kind may not overlap.
CREATE TABLE work_schedule (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id     bigint REFERENCES unit (id),
    name        text   NOT NULL UNIQUE CHECK (btrim(name) <> ''),
    kind        text   NOT NULL DEFAULT 'REGULER' CHECK (kind IN ('REGULER', 'KHUSUS')),
    valid_from  date   NOT NULL,
    valid_to    date   CHECK (valid_to >= valid_from),
    scope       bigint GENERATED ALWAYS AS (coalesce(unit_id, 0)) STORED,
    CONSTRAINT work_schedule_no_overlap
        EXCLUDE USING gist (scope WITH =, kind WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);

-- One row per working weekday (1 Monday .. 7 Sunday); a weekday without a row is a day off.
CREATE TABLE schedule_day (
    schedule_id       bigint   NOT NULL REFERENCES work_schedule (id) ON DELETE CASCADE,
    weekday           smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    checkin_opens     time     NOT NULL,
    checkin_closes    time     NOT NULL,
    work_start        time     NOT NULL,
    late_grace_min    smallint NOT NULL DEFAULT 0 CHECK (late_grace_min BETWEEN 0 AND 240),
    work_end          time     NOT NULL,
    early_grace_min   smallint NOT NULL DEFAULT 0 CHECK (early_grace_min BETWEEN 0 AND 240),
    checkout_opens    time     NOT NULL,
    checkout_closes   time     NOT NULL,
    PRIMARY KEY (schedule_id, weekday),
    CHECK (checkin_opens < checkin_closes),
    CHECK (work_start < work_end),
    CHECK (checkout_opens < checkout_closes),
    CHECK (checkin_opens <= work_start),
    CHECK (checkout_closes >= work_end)
);

CREATE TABLE holiday (
    day          date PRIMARY KEY,
    description  text NOT NULL CHECK (btrim(description) <> ''),
    kind         text NOT NULL CHECK (kind IN ('LIBUR_NASIONAL', 'CUTI_BERSAMA'))
);

-- Shift types for a unit, or regency-wide when unit_id is null. An end before the start ends the next day.
CREATE TABLE shift_type (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id                   bigint   REFERENCES unit (id),
    code                      text     NOT NULL CHECK (code ~ '^[A-Z0-9]{1,8}$' AND code NOT IN ('L', 'OFF')),
    name                      text     NOT NULL CHECK (btrim(name) <> ''),
    start_time                time     NOT NULL,
    end_time                  time     NOT NULL CHECK (end_time <> start_time),
    checkin_opens_before_min  smallint NOT NULL DEFAULT 60 CHECK (checkin_opens_before_min BETWEEN 0 AND 240),
    late_grace_min            smallint NOT NULL DEFAULT 0 CHECK (late_grace_min BETWEEN 0 AND 240),
    checkout_window_min       smallint NOT NULL DEFAULT 120 CHECK (checkout_window_min BETWEEN 0 AND 480),
    scope                     bigint   GENERATED ALWAYS AS (coalesce(unit_id, 0)) STORED,
    UNIQUE (scope, code)
);

-- One shift, or a day off (L/OFF), per shift worker per date.
CREATE TABLE roster (
    employee_id    bigint NOT NULL REFERENCES employee (id),
    work_date      date   NOT NULL,
    shift_type_id  bigint REFERENCES shift_type (id),
    PRIMARY KEY (employee_id, work_date)
);
CREATE INDEX roster_date_idx ON roster (work_date);

CREATE TABLE leave (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employee_id  bigint NOT NULL REFERENCES employee (id),
    date_from    date   NOT NULL,
    date_to      date   NOT NULL CHECK (date_to >= date_from),
    type         text   NOT NULL CHECK (type IN ('CT', 'CS', 'CB', 'CM', 'CAP', 'CLTN', 'S', 'I', 'DL', 'TB')),
    reference    text,
    CONSTRAINT leave_no_overlap EXCLUDE USING gist (employee_id WITH =, daterange(date_from, date_to, '[]') WITH &&)
);

-- Every change made by an operator command: who, when, which command, and the row before and after.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    operator    text        NOT NULL,
    command     text        NOT NULL,
    entity      text        NOT NULL,
    entity_key  text        NOT NULL,
    before      jsonb,
    after       jsonb,
    CHECK (before IS NOT NULL OR after IS NOT NULL)
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
