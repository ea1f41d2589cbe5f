package id.presensi.checkin;

import id.presensi.rules.GeoPoint;
import id.presensi.rules.PersonRules;
import id.presensi.rules.ResolvedDays;
import id.presensi.rules.RuleResolverTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CheckInRuleTest {
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final Duration TOLERANCE = Duration.ofMinutes(10);

    @ParameterizedTest(name = "{0} {1} at {2} ({3} m east, accuracy {4}, mock {5}, phone {6} min earlier): {7}")
    @CsvSource(delimiter = '|', textBlock = """
            office | IN  | 2026-09-14T07:15 | 50    | 20  | false | 0  | ACCEPTED         | Presensi masuk diterima pukul 07.15 WITA
            office | IN  | 2026-09-14T07:15 | 1200  | 20  | false | 0  | OUTSIDE_GEOFENCE | Anda berada 1,2 km dari lokasi kerja terdekat (batas 100 m)
            office | IN  | 2026-09-14T07:15 | 50    | 150 | false | 0  | LOW_ACCURACY     | Akurasi GPS terlalu rendah (150 m, batas 100 m)
            office | IN  | 2026-09-14T07:15 | 50    | 20  | true  | 0  | MOCK_LOCATION    | Lokasi palsu
            office | IN  | 2026-09-14T08:05 | 50    | 20  | false | 0  | OUTSIDE_WINDOW   | Di luar jam presensi masuk: 07.00-08.00 WITA
            office | OUT | 2026-09-14T15:00 | 50    | 20  | false | 0  | OUTSIDE_WINDOW   | Di luar jam presensi pulang: 16.00-18.00 WITA
            office | OUT | 2026-09-14T16:05 | 50    | 20  | false | 0  | ACCEPTED         | Presensi pulang diterima pukul 16.05 WITA
            office | IN  | 2026-09-19T07:15 | 50    | 20  | false | 0  | NOT_SCHEDULED    | Tidak ada jadwal kerja pada 2026-09-19
            office | IN  | 2026-08-17T07:15 | 50    | 20  | false | 0  | NOT_SCHEDULED    | Hari Kemerdekaan RI
            office | IN  | 2026-09-14T08:05 | 50    | 20  | false | 8  | ACCEPTED         | Presensi masuk diterima pukul 07.57 WITA
            office | IN  | 2026-09-14T08:05 | 50    | 20  | false | 11 | OUTSIDE_WINDOW   | Di luar jam presensi masuk
            office | IN  | 2026-04-15T07:15 | 30000 | 20  | false | 0  | ACCEPTED         | diterima
            nurse  | OUT | 2026-09-01T06:30 | 50    | 20  | false | 0  | ACCEPTED         | Presensi pulang diterima pukul 06.30 WITA
            nurse  | IN  | 2026-09-01T10:00 | 50    | 20  | false | 0  | NOT_SCHEDULED    | jadwal dinas 2026-09-01: L (libur)
            office | IN  | 2026-09-14T07:45 | 50    | 20  | false | 0  | ACCEPTED         | Presensi masuk diterima pukul 07.45 WITA. Anda terlambat 15 menit (batas masuk 07.30 WITA).
            office | IN  | 2026-09-14T07:30 | 50    | 20  | false | 0  | ACCEPTED         | Presensi masuk diterima pukul 07.30 WITA.
            nurse  | IN  | 2026-08-31T21:30 | 50    | 20  | false | 0  | ACCEPTED         | Presensi masuk diterima pukul 21.30 WITA. Anda terlambat
            """)
    void a_check_in_is_decided_on_the_server(String who, PunchType type, LocalDateTime serverLocal, double metresEast,
                                             double accuracy, boolean mock, int phoneEarlierMin, String outcome, String message) {
        Instant serverNow = serverLocal.atZone(WITA).toInstant();
        GeoPoint office = RuleResolverTest.KANTOR_BUPATI;
        GeoPoint at = new GeoPoint(office.latitude(), office.longitude() + metresEast / 111_220.0);
        var request = new CheckInRequest(UUID.randomUUID(), type, at, accuracy,
                Optional.of(serverNow.minus(Duration.ofMinutes(phoneEarlierMin))), mock, false);

        CheckInDecision decision = CheckInRule.decide(ResolvedDays.of(RuleResolverTest.person(who)), request, serverNow, TOLERANCE);

        assertThat(decision.reason().map(Enum::name).orElse("ACCEPTED")).isEqualTo(outcome);
        assertThat(decision.message()).contains(message);
        assertThat(decision.offlineSynced()).isEqualTo(outcome.equals("ACCEPTED") && phoneEarlierMin > 0);
    }

    @Test
    void a_night_shift_check_out_after_midnight_counts_for_the_day_the_shift_started() {
        Instant serverNow = LocalDateTime.of(2026, 9, 1, 6, 30).atZone(WITA).toInstant();
        var request = new CheckInRequest(UUID.randomUUID(), PunchType.OUT, RuleResolverTest.KANTOR_BUPATI, 10, Optional.empty(), false, false);

        CheckInDecision decision = CheckInRule.decide(ResolvedDays.of(RuleResolverTest.person("nurse")), request, serverNow, TOLERANCE);

        assertThat(decision.accepted()).isTrue();
        assertThat(decision.workDate()).contains(LocalDate.of(2026, 8, 31));
    }

    @Test
    void a_phone_clock_ahead_of_the_server_is_ignored() {
        Instant serverNow = LocalDateTime.of(2026, 9, 14, 8, 5).atZone(WITA).toInstant();
        var request = new CheckInRequest(UUID.randomUUID(), PunchType.IN, RuleResolverTest.KANTOR_BUPATI, 10,
                Optional.of(serverNow.minus(Duration.ofHours(-1))), false, false);

        CheckInDecision decision = CheckInRule.decide(ResolvedDays.of(RuleResolverTest.person("office")), request, serverNow, TOLERANCE);

        assertThat(decision.at()).isEqualTo(serverNow);
        assertThat(decision.reason()).contains(RefusalReason.OUTSIDE_WINDOW);
    }

    @Test
    void where_the_unit_asks_for_a_selfie_a_check_in_without_one_is_refused_and_with_one_accepted() {
        PersonRules o = RuleResolverTest.person("office");
        PersonRules selfieUnit = new PersonRules(o.unitCode(), o.unitChain(), o.zone(), o.pattern(), o.schedules(), o.roster(), o.holidays(),
                o.leave(), o.locations(), o.wfhPeriods(), o.wfaDays(), o.maxAccuracyM(), true, o.endedFrom());
        Instant serverNow = LocalDateTime.of(2026, 9, 14, 7, 15).atZone(WITA).toInstant();

        CheckInDecision without = CheckInRule.decide(ResolvedDays.of(selfieUnit), new CheckInRequest(UUID.randomUUID(), PunchType.IN,
                RuleResolverTest.KANTOR_BUPATI, 10, Optional.empty(), false, false), serverNow, TOLERANCE);
        CheckInDecision with = CheckInRule.decide(ResolvedDays.of(selfieUnit), new CheckInRequest(UUID.randomUUID(), PunchType.IN,
                RuleResolverTest.KANTOR_BUPATI, 10, Optional.empty(), false, true), serverNow, TOLERANCE);

        assertThat(without.reason()).contains(RefusalReason.SELFIE_REQUIRED);
        assertThat(without.message()).startsWith("Unit kerja Anda mewajibkan swafoto");
        assertThat(with.accepted()).isTrue();
    }

    /** Saturday 19 September with an SPL of 3 h: both punches all day at the office's place, the hours said; not elsewhere. */
    @ParameterizedTest(name = "{0} at {1}, {2} m east: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            IN  | 2026-09-19T06:10 | 50   | ACCEPTED         | Presensi masuk diterima pukul 06.10 WITA. Hari libur dengan surat perintah lembur 3 jam: jam lembur dihitung dari presensi pertama sampai terakhir.
            OUT | 2026-09-19T22:30 | 50   | ACCEPTED         | Presensi pulang diterima pukul 22.30 WITA. Hari libur dengan surat perintah lembur 3 jam
            IN  | 2026-09-19T09:00 | 1200 | OUTSIDE_GEOFENCE | Anda berada 1,2 km dari lokasi kerja terdekat
            IN  | 2026-09-20T09:00 | 50   | NOT_SCHEDULED    | Tidak ada jadwal kerja pada 2026-09-20
            """)
    void overtime_ordered_for_a_day_off_opens_that_date_for_both_punches(PunchType type, LocalDateTime serverLocal, double metresEast,
                                                                          String outcome, String message) {
        PersonRules o = RuleResolverTest.person("office");
        PersonRules ordered = new PersonRules(o.unitCode(), o.unitChain(), o.zone(), o.pattern(), o.schedules(), o.roster(), o.holidays(),
                o.leave(), o.locations(), o.wfhPeriods(), o.wfaDays(), o.maxAccuracyM(), o.selfieRequired(), o.endedFrom(), o.earlierUnits(),
                Map.of(LocalDate.of(2026, 9, 19), Duration.ofHours(3)));
        Instant serverNow = serverLocal.atZone(WITA).toInstant();
        GeoPoint office = RuleResolverTest.KANTOR_BUPATI;
        GeoPoint at = new GeoPoint(office.latitude(), office.longitude() + metresEast / 111_220.0);

        CheckInDecision decision = CheckInRule.decide(ResolvedDays.of(ordered), new CheckInRequest(UUID.randomUUID(), type, at, 20, Optional.empty(), false, false),
                serverNow, TOLERANCE);

        assertThat(decision.reason().map(Enum::name).orElse("ACCEPTED")).isEqualTo(outcome);
        assertThat(decision.message()).contains(message);
        if (decision.accepted()) {
            assertThat(decision.workDate()).contains(LocalDate.of(2026, 9, 19));
        }
    }

    @Test
    void someone_whose_employment_ended_is_told_so_in_indonesian_before_anything_else() {
        PersonRules o = RuleResolverTest.person("office");
        PersonRules retired = new PersonRules(o.unitCode(), o.unitChain(), o.zone(), o.pattern(), o.schedules(), o.roster(), o.holidays(),
                o.leave(), o.locations(), o.wfhPeriods(), o.wfaDays(), o.maxAccuracyM(), true, Optional.of(LocalDate.of(2026, 9, 1)));
        Instant serverNow = LocalDateTime.of(2026, 9, 14, 7, 15).atZone(WITA).toInstant();

        CheckInDecision decision = CheckInRule.decide(ResolvedDays.of(retired), new CheckInRequest(UUID.randomUUID(), PunchType.IN,
                RuleResolverTest.KANTOR_BUPATI, 10, Optional.empty(), false, false), serverNow, TOLERANCE);

        assertThat(decision.accepted()).isFalse();
        assertThat(decision.message()).as("not the selfie, not English")
                .isEqualTo("Masa kerja Anda telah berakhir sejak 1 September 2026, sehingga presensi tidak lagi diterima. "
                        + "Hubungi admin OPD bila ini keliru.")
                .doesNotContain("employment");
    }
}
