package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's training run takes the signal step's every path, without a database. */
class AnomalyRehearsalTest {
    @Test
    void the_made_up_month_reads_as_the_database_sends_it_and_has_a_signal_of_every_kind_the_detectors_find() {
        Map<AnomalyKind, Integer> found = AnomalyRehearsal.run(1);

        assertThat(found).containsKeys(AnomalyKind.SAME_HAND, AnomalyKind.REPEATED_POSITION, AnomalyKind.CONSTANT_ACCURACY,
                AnomalyKind.ON_CENTRE, AnomalyKind.IMPOSSIBLE_TRAVEL, AnomalyKind.MACHINE_APP);
        assertThat(AnomalyRehearsal.run(2)).isEqualTo(found);
    }
}
