package id.presensi.jobs.reconcile;

import id.presensi.attendance.DailyAttendance;

import java.time.ZoneId;

/** A computed day ready to be stored, with the ids and zone that turn it into a row. */
record AttendanceRow(long employeeId, long unitId, ZoneId zone, DailyAttendance day) {
}
