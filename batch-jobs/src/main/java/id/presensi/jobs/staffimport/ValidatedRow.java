package id.presensi.jobs.staffimport;

import id.presensi.imports.Reject;
import id.presensi.staff.StaffRecord;

import java.util.List;

/** A processed source row: a record to stage, or the rejects that explain why not. */
record ValidatedRow(StaffRecord record, List<Reject> rejects) {
}
