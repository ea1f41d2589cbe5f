package id.presensi.server;

import id.presensi.checkin.PunchType;
import id.presensi.checkin.RefusalReason;
import id.presensi.store.CheckInStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The check-in's answer, written field by field, is the same text the phone got from the answer's map. */
class CheckInAnswerTest {
    private static final Instant AT = Instant.parse("2026-12-03T23:15:42.123456Z");

    @Test
    void an_accepted_check_in_with_every_field_is_answered_as_its_map() {
        CheckInStore.Row row = new CheckInStore.Row(UUID.randomUUID(), 7, 9, Optional.of(PunchType.IN), AT, AT, Optional.of(AT),
                Optional.of(LocalDate.of(2026, 12, 4)), -1.9, 116.2, 12, Optional.of(37), Optional.of("Kantor \"Bupati\" – lantai 2\n"),
                true, "Presensi masuk tercatat 07:15 WITA.", Optional.empty(), true, false, true, Optional.of("10.1.0.1"));

        assertThat(CheckInServer.answerJson(row)).isEqualTo(Json.write(CheckInServer.answer(row)))
                .contains("\"distanceM\":37", "\"location\":\"Kantor \\\"Bupati\\\" – lantai 2\\n\"").doesNotContain("reason");
    }

    @Test
    void a_refusal_without_date_distance_or_place_is_answered_as_its_map() {
        CheckInStore.Row row = new CheckInStore.Row(UUID.randomUUID(), 7, 9, Optional.empty(), AT, AT, Optional.empty(),
                Optional.empty(), -1.9, 116.2, 5_000, Optional.empty(), Optional.empty(), false,
                "Akurasi lokasi 5000 m, paling banyak 100 m.", Optional.of(RefusalReason.LOW_ACCURACY), false, false, false,
                Optional.empty());

        assertThat(CheckInServer.answerJson(row)).isEqualTo(Json.write(CheckInServer.answer(row)))
                .contains("\"type\":null", "\"reason\":\"LOW_ACCURACY\"").doesNotContain("workDate", "distanceM", "location");
    }
}
