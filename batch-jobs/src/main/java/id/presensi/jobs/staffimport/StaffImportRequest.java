package id.presensi.jobs.staffimport;

import id.presensi.imports.ImportSource;

/** What the operator asked for: the file and how to read it (sheet, column renames, dry run, encoding), in run {@code runId}. */
public record StaffImportRequest(long runId, ImportSource source, ImportProgress progress) {

    boolean dryRun() {
        return source.dryRun();
    }

    /** Told how far reading the file has come, for a progress bar. */
    public interface ImportProgress {
        ImportProgress NONE = (rows, fraction) -> { };

        /** @param fraction of the file read, from 0 to 1, or negative when unknown */
        void rowsRead(long rows, double fraction);
    }
}
