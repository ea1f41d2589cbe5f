package id.presensi.store;

import id.presensi.imports.ImportSummary;
import id.presensi.imports.Reject;

import java.util.List;

/** The outcome of an import run: its summary, and the rejects with the source header to write them back out. */
public record ImportResult(long runId, ImportSummary summary, List<String> header, List<Reject> rejects) {
}
