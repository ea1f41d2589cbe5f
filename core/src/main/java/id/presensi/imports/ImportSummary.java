package id.presensi.imports;

/** What an import did: every read row is exactly one of inserted, updated, unchanged or rejected. */
public record ImportSummary(long read, long inserted, long updated, long unchanged, long rejected) {
}
