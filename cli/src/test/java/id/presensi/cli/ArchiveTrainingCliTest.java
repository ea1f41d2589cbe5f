package id.presensi.cli;

import id.presensi.unit.TimeZones;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's training run (what its class-data archive is recorded from) reads the operator's database, last
 * month's recap included, and leaves nothing behind: no row changed, no file in the temporary folder.
 */
class ArchiveTrainingCliTest extends CliTest {
    @Test
    void the_training_recaps_last_month_and_leaves_the_database_and_the_temporary_folder_as_they_were() throws IOException {
        db.reset();
        LocalDate day = YearMonth.now(TimeZones.DEFAULT).minusMonths(1).atDay(3);
        UntouchedRecords.oneRecordedDay(db, day);
        List<Path> before = UntouchedRecords.temporaryFiles("presensi-training");
        String state = UntouchedRecords.state(db);

        ArchiveTraining.train(new String[] {"unit", "list", "--home", db.home().toString()});

        assertThat(UntouchedRecords.temporaryFiles("presensi-training")).as("the recap's temporary file is gone").isEqualTo(before);
        assertThat(UntouchedRecords.state(db)).isEqualTo(state);
    }
}
