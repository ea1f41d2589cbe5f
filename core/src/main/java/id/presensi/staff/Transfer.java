package id.presensi.staff;

import java.time.LocalDate;

/** One transfer (mutasi) of an employee: the days before {@code effective} stay with the old unit and its recaps. */
public record Transfer(LocalDate effective, String fromUnit, String toUnit) {
}
