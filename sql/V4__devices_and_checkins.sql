-- Devices bound to employees by a one-time activation code, and the check-ins they send.
-- Codes and tokens are kept only as SHA-256 hashes.

CREATE TABLE activation_code (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employee_id  bigint      NOT NULL REFERENCES employee (id),
    salt         bytea       NOT NULL,
    code_hash    bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    created_by   text        NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX activation_code_employee_idx ON activation_code (employee_id);

-- Wrong codes, counted per employee and per client address to slow down guessing.
CREATE TABLE activation_failure (
    employee_key  text        NOT NULL,
    client        text        NOT NULL,
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activation_failure_employee_idx ON activation_failure (employee_key, at);
CREATE INDEX activation_failure_client_idx ON activation_failure (client, at);

CREATE TABLE device (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employee_id     bigint      NOT NULL REFERENCES employee (id),
    name            text        NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 100),
    token_hash      bytea       NOT NULL UNIQUE,
    activated_at    timestamptz NOT NULL DEFAULT now(),
    retired_at      timestamptz,
    retired_reason  text        CHECK (retired_reason IN ('REPLACED', 'REVOKED')),
    CHECK ((retired_at IS NULL) = (retired_reason IS NULL))
);
-- One active device per employee: activating a new one retires the old.
CREATE UNIQUE INDEX device_one_active_idx ON device (employee_id) WHERE retired_at IS NULL;

-- Every attempt, accepted or refused (with its reason); refused ones never count as attendance.
CREATE TABLE checkin (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id      uuid          NOT NULL UNIQUE,
    employee_id     bigint        NOT NULL REFERENCES employee (id),
    device_id       bigint        REFERENCES device (id),
    machine_id      text,
    type            text          CHECK (type IN ('IN', 'OUT')),
    at              timestamptz   NOT NULL,
    received_at     timestamptz   NOT NULL,
    client_time     timestamptz,
    work_date       date,
    latitude        numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
    longitude       numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
    accuracy_m      real          CHECK (accuracy_m >= 0),
    distance_m      integer,
    location_name   text,
    accepted        boolean       NOT NULL,
    message         text          NOT NULL,
    reason          text          CHECK (reason IN ('OUTSIDE_GEOFENCE', 'OUTSIDE_WINDOW', 'LOW_ACCURACY', 'MOCK_LOCATION',
                                                    'NOT_SCHEDULED', 'NO_LOCATION')),
    offline_synced  boolean       NOT NULL DEFAULT false,
    work_from_home  boolean       NOT NULL DEFAULT false,
    source          text          NOT NULL DEFAULT 'APP' CHECK (source IN ('APP', 'FINGERPRINT')),
    -- a phone always says which punch it is and comes from a registered device; a fingerprint machine may not
    CHECK (source = 'FINGERPRINT' OR (device_id IS NOT NULL AND type IS NOT NULL)),
    CHECK (source = 'APP' OR machine_id IS NOT NULL),
    CHECK (accepted = (reason IS NULL)),
    CHECK (NOT accepted OR work_date IS NOT NULL)
);
CREATE INDEX checkin_employee_date_idx ON checkin (employee_id, work_date);
CREATE INDEX checkin_work_date_idx ON checkin (work_date);

