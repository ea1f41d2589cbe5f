package id.presensi.rules;

import java.time.LocalDate;

/** One line of a leave listing: whose leave, which days, which type, by which letter. */
public record LeaveEntry(String employeeKey, String name, String unitCode, LocalDate from, LocalDate to, String type,
                         String reference) {
}
