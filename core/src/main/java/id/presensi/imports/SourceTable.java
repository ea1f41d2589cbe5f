package id.presensi.imports;

import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableReaders;

import java.io.IOException;

/**
 * An import's file opened for its kind: the rows (CSV or XLSX, the encoding given or detected, the sheet asked for)
 * and where the layout's fields are in its header. Every import reads its file through here, so a header is judged
 * the same way whichever runner stores the rows.
 */
public record SourceTable(TableReader reader, HeaderMapping columns) implements AutoCloseable {

    /** Opens the file and resolves its header; a header the layout refuses closes the file and throws. */
    public static SourceTable open(FileLayout layout, ImportSource source) throws IOException {
        TableReader reader = TableReaders.open(source.file(), source.sheet(), source.encoding());
        try {
            return new SourceTable(reader, layout.columns(reader.source(), reader.header(), source.renames()));
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
