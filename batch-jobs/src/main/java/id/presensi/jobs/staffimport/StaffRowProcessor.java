package id.presensi.jobs.staffimport;

import id.presensi.imports.RowFields;
import id.presensi.imports.RowParser;
import id.presensi.imports.RowRejected;
import id.presensi.sheet.TableRow;
import id.presensi.staff.StaffRecord;
import org.springframework.batch.infrastructure.item.ItemProcessor;

import java.util.List;

/** A thin adapter over the staff file's {@link RowParser}, called as the import pipeline calls a kind's parser. */
class StaffRowProcessor implements ItemProcessor<TableRow, ValidatedRow> {

    private final StaffRowReader reader;
    private final RowParser<StaffRecord> parser;

    StaffRowProcessor(StaffRowReader reader, RowParser<StaffRecord> parser) {
        this.reader = reader;
        this.parser = parser;
    }

    @Override
    public ValidatedRow process(TableRow row) {
        try {
            return new ValidatedRow(parser.parse(new RowFields(row, reader.columns())), List.of());
        } catch (RowRejected e) {
            return new ValidatedRow(null, e.rejects(row));
        }
    }
}
