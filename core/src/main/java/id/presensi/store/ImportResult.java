package id.presensi.store;

import id.presensi.imports.ImportSummary;
import id.presensi.imports.Reject;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of an import run: its summary, the rejects with the source header to write them back out, and the
 * encoding a text file was read in when it was not UTF-8, and (a staff import's dry run) the first changes it
 * would make to stored employees, field by field.
 */
public record ImportResult(long runId, ImportSummary summary, List<String> header, List<Reject> rejects, Optional<String> readAs,
                           List<String> wouldChange) {

    /** A file read as UTF-8 or as a workbook. */
    public ImportResult(long runId, ImportSummary summary, List<String> header, List<Reject> rejects) {
        this(runId, summary, header, rejects, Optional.empty());
    }

    public ImportResult(long runId, ImportSummary summary, List<String> header, List<Reject> rejects, Optional<String> readAs) {
        this(runId, summary, header, rejects, readAs, List.of());
    }
}
