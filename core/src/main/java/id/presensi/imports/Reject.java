package id.presensi.imports;

import java.util.List;

/** A refused source row: its row number, the field at fault, why, and the row as it was in the file. */
public record Reject(int rowNumber, String field, String reason, List<String> sourceRow) {
}
