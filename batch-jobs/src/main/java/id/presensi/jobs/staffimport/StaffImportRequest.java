package id.presensi.jobs.staffimport;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the operator asked for: the file, the sheet, column renames, and whether to only try. */
public record StaffImportRequest(long runId, Path file, Optional<String> sheet, Map<String, String> renames,
                                 boolean dryRun, ImportProgress progress) {

    /** Told how far reading the file has come, for a progress bar. */
    public interface ImportProgress {
        ImportProgress NONE = (rows, fraction) -> { };

        /** @param fraction of the file read, from 0 to 1, or negative when unknown */
        void rowsRead(long rows, double fraction);
    }
}
