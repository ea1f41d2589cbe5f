package id.presensi.attendance;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;

/** A month closed (tutup buku) for the whole regency (no unit) or for a unit and the units under it. */
public record ClosedMonth(YearMonth month, Optional<String> unitCode, Instant closedAt, String closedBy, Optional<String> reason) {
}
