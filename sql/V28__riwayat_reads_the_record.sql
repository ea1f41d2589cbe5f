-- Riwayat: the check-in service answers each phone its own record (GET /api/v1/history): the attendance records of
-- the current and previous month and the deduction rules they are priced by, as report monthly --explain prices them.
-- Read-only. The service already sees every employee and check-in (it decides every check-in); it answers a device
-- its own employee's rows only. Without these a service running as its own role (presensi_checkin) could not answer.
GRANT SELECT ON attendance, deduction_table, deduction_rate TO presensi_checkin;
