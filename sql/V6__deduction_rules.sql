-- Allowance (TPP) deduction rates set by each regency's Perbup: a table per validity start, a rate per code.
CREATE TABLE deduction_table (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text         NOT NULL CHECK (btrim(name) <> ''),
    valid_from   date         NOT NULL UNIQUE,
    monthly_cap  numeric(5, 2) NOT NULL DEFAULT 100 CHECK (monthly_cap > 0 AND monthly_cap <= 100),
    created_at   timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE deduction_rate (
    table_id  bigint        NOT NULL REFERENCES deduction_table (id) ON DELETE CASCADE,
    code      text          NOT NULL CHECK (code IN ('TL1', 'TL2', 'TL3', 'TL4', 'PSW1', 'PSW2', 'PSW3', 'PSW4', 'TK')),
    percent   numeric(5, 2) NOT NULL CHECK (percent >= 0 AND percent <= 100),
    PRIMARY KEY (table_id, code)
);

-- The default that ships with the tool: Kota Banjarmasin's bands, TK 3 % per day, capped at 100 % a month.
INSERT INTO deduction_table (name, valid_from) VALUES ('Bawaan (pola Kota Banjarmasin)', '2000-01-01');
INSERT INTO deduction_rate (table_id, code, percent)
SELECT t.id, r.code, r.percent FROM deduction_table t,
       (VALUES ('TL1', 0.5), ('TL2', 1), ('TL3', 1.25), ('TL4', 1.5),
               ('PSW1', 0.5), ('PSW2', 1), ('PSW3', 1.25), ('PSW4', 1.5), ('TK', 3)) AS r(code, percent);
