-- Fingerprint machines (ZKTeco and the Indonesian brands built on it) as sources of punches: by the USB download
-- (attlog) or by the machines' own HTTP push protocol (ADMS/iClock). A machine belongs to a unit, whose zone its
-- clock keeps. Staff are enrolled on machines under a PIN, the machine's user number, not their NIP.
CREATE TABLE machine (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    serial           text        NOT NULL UNIQUE CHECK (serial ~ '^[A-Za-z0-9._-]{1,64}$'),
    unit_id          bigint      NOT NULL REFERENCES unit (id),
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- written by the check-in service as the machine talks to it; shown by 'machine list'
    last_contact_at  timestamptz,
    last_punch_at    timestamptz
);
CREATE INDEX machine_unit_idx ON machine (unit_id);

-- A PIN without a machine is valid on every machine; one with a machine only there (machines number their users
-- independently, so PIN 12 on the hospital's machine and PIN 12 on a puskesmas' may be different people).
CREATE TABLE machine_pin (
    employee_id  bigint      NOT NULL REFERENCES employee (id),
    pin          text        NOT NULL CHECK (pin ~ '^[0-9A-Za-z]{1,24}$'),
    machine_id   bigint      REFERENCES machine (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX machine_pin_everywhere_idx ON machine_pin (pin) WHERE machine_id IS NULL;
CREATE UNIQUE INDEX machine_pin_on_machine_idx ON machine_pin (machine_id, pin) WHERE machine_id IS NOT NULL;
CREATE INDEX machine_pin_employee_idx ON machine_pin (employee_id);

-- Serial numbers that knocked on /iclock/ without being registered: what an operator needs to add a machine.
-- Nobody's data (no unit, no person), so every operator may read it; only the service writes it, and it drops a
-- serial once that machine, registered, talks to it.
CREATE TABLE machine_sighting (
    serial       text        PRIMARY KEY CHECK (length(serial) BETWEEN 1 AND 64),
    first_seen   timestamptz NOT NULL DEFAULT now(),
    last_seen    timestamptz NOT NULL DEFAULT now(),
    client       text        NOT NULL,
    requests     bigint      NOT NULL DEFAULT 1
);

-- Punches a registered machine pushed under a PIN nobody has: answered OK (a machine that is refused resends
-- forever and stalls), kept here, and stored as check-ins once the PIN is enrolled.
CREATE TABLE machine_unmatched_punch (
    machine_id   bigint      NOT NULL REFERENCES machine (id) ON DELETE CASCADE,
    pin          text        NOT NULL,
    local_time   timestamp   NOT NULL,
    status       smallint,
    verify_mode  smallint,
    work_code    text,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (machine_id, pin, local_time)
);

-- A machine's punch keeps what the machine said: its user number, the status key pressed (not trusted: machines
-- send 0, 1, 4 or 255 for anything) and how the person was verified (finger, face, card: codes differ by firmware).
ALTER TABLE checkin ADD COLUMN machine_pin text,
                    ADD COLUMN machine_status smallint,
                    ADD COLUMN verify_mode smallint,
                    ADD COLUMN work_code text;

ALTER TABLE import_run DROP CONSTRAINT import_run_kind_check;
ALTER TABLE import_run ADD CONSTRAINT import_run_kind_check
    CHECK (kind IN ('UNIT', 'STAFF', 'LOCATION', 'HOLIDAY', 'SCHEDULE', 'SHIFT', 'ROSTER', 'LEAVE', 'PUNCH', 'MACHINE_PIN'));

ALTER TABLE machine ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON machine
    USING (operator_sees_all() OR unit_id IN (SELECT operator_units()))
    WITH CHECK (operator_sees_all() OR unit_id IN (SELECT operator_units()));
-- an OPD admin enrolls their staff on their own machines (or on every machine), no one else's
ALTER TABLE machine_pin ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON machine_pin
    USING (employee_id IN (SELECT id FROM employee))
    WITH CHECK (employee_id IN (SELECT id FROM employee) AND (machine_id IS NULL OR machine_id IN (SELECT id FROM machine)));
ALTER TABLE machine_unmatched_punch ENABLE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON machine_unmatched_punch
    USING (machine_id IN (SELECT id FROM machine)) WITH CHECK (machine_id IN (SELECT id FROM machine));
ALTER TABLE machine_sighting ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON machine_sighting FOR SELECT USING (true);
CREATE POLICY service_writes ON machine_sighting FOR ALL TO presensi_checkin USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON machine, machine_pin, machine_unmatched_punch TO presensi_bkpsdm, presensi_opd_admin;
GRANT SELECT ON machine_sighting TO presensi_bkpsdm, presensi_opd_admin;
-- the service: who a PIN is, when a machine last spoke, what it sent that matched nobody yet
GRANT SELECT ON machine, machine_pin TO presensi_checkin;
GRANT UPDATE (last_contact_at, last_punch_at) ON machine TO presensi_checkin;
GRANT SELECT, INSERT, UPDATE, DELETE ON machine_sighting TO presensi_checkin;
GRANT INSERT ON machine_unmatched_punch TO presensi_checkin;
