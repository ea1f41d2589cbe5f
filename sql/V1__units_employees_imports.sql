-- Units (perangkat daerah, OPD) form a hierarchy: Dinas Kesehatan > Puskesmas > Pustu.
CREATE TABLE unit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text        NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
    name        text        NOT NULL CHECK (btrim(name) <> ''),
    parent_id   bigint      REFERENCES unit (id),
    time_zone   text        NOT NULL DEFAULT 'Asia/Makassar'
                            CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id <> id)
);
CREATE INDEX unit_parent_idx ON unit (parent_id);

-- PNS and PPPK are keyed by NIP, non-permanent staff (PTT) by NIK; employee_key says which. It needs no
-- index of its own: NIP and NIK are each unique and differ in length, so employee_key is unique too, and
-- one index fewer is seconds saved on every bulk import.
CREATE TABLE employee (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type          text        NOT NULL CHECK (type IN ('PNS', 'PPPK', 'PTT')),
    nip           text        UNIQUE CHECK (nip ~ '^[0-9]{18}$'),
    nik           text        UNIQUE CHECK (nik ~ '^[0-9]{16}$'),
    employee_key  text        GENERATED ALWAYS AS (CASE WHEN type = 'PTT' THEN nik ELSE nip END) STORED
                              NOT NULL,
    name          text        NOT NULL CHECK (btrim(name) <> ''),
    position      text,
    unit_id       bigint      NOT NULL REFERENCES unit (id),
    work_pattern  text        NOT NULL DEFAULT 'REGULAR' CHECK (work_pattern IN ('REGULAR', 'SHIFT')),
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (type = 'PTT' OR nip IS NOT NULL),
    CHECK (type <> 'PTT' OR nik IS NOT NULL)
);
CREATE INDEX employee_unit_idx ON employee (unit_id);

-- One row per import attempt, kept as the operator's record of what was loaded and when.
CREATE TABLE import_run (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              text        NOT NULL CHECK (kind IN ('UNIT', 'STAFF')),
    file_name         text        NOT NULL,
    dry_run           boolean     NOT NULL DEFAULT false,
    status            text        NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    rows_read         integer     CHECK (rows_read >= 0),
    inserted          integer     CHECK (inserted >= 0),
    updated           integer     CHECK (updated >= 0),
    unchanged         integer     CHECK (unchanged >= 0),
    rejected          integer     CHECK (rejected >= 0),
    job_execution_id  bigint,
    operator          text        NOT NULL DEFAULT current_user,
    started_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    failure           text
);

-- Each rejected source row with the field at fault, so the operator can fix and re-import just those.
CREATE TABLE import_reject (
    run_id      bigint  NOT NULL REFERENCES import_run (id) ON DELETE CASCADE,
    row_number  integer NOT NULL CHECK (row_number > 0),
    field       text    NOT NULL,
    reason      text    NOT NULL,
    source_row  text[]  NOT NULL,
    PRIMARY KEY (run_id, row_number, field)
);

-- Staging tables of running imports live here (one unlogged table per run, dropped when it ends).
CREATE SCHEMA import_stage;
