package id.presensi.imports;

/** Why one field of one source row was refused. */
public record FieldError(String field, String reason) {
}
