-- A working day reconciled before its check-out window closes is provisional: BELUM (not yet), never TK or PSW4.
-- The next run after the window has closed makes it final.
ALTER TABLE attendance DROP CONSTRAINT attendance_codes_check;
ALTER TABLE attendance ADD CONSTRAINT attendance_codes_check CHECK (cardinality(codes) BETWEEN 1 AND 2 AND codes <@ ARRAY['H', 'TL1', 'TL2',
    'TL3', 'TL4', 'PSW1', 'PSW2', 'PSW3', 'PSW4', 'TK', 'CT', 'CS', 'CB', 'CM', 'CAP', 'CLTN', 'S', 'I', 'DL', 'TB', 'LIBUR', 'BELUM']);
