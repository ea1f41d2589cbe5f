package id.presensi.imports;

/**
 * One file kind's columns and how a row of them becomes a value, with no database: a field at fault throws
 * {@link RowRejected} naming the field and the reason (through {@link RowFields}, every fault of the row at once).
 */
public interface RowParser<T> {
    T parse(RowFields row);
}
