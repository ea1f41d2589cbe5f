package id.presensi.jobs.staffimport;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the operator asked for: the file, the sheet, column renames, whether to only try, and the text encoding (empty: detect). */
public record StaffImportRequest(long runId, Path file, Optional<String> sheet, Map<String, String> renames,
                                 boolean dryRun, ImportProgress progress, Optional<Charset> encoding) {

    /** Told how far reading the file has come, for a progress bar. */
    public interface ImportProgress {
        ImportProgress NONE = (rows, fraction) -> { };

        /** @param fraction of the file read, from 0 to 1, or negative when unknown */
        void rowsRead(long rows, double fraction);
    }
}
