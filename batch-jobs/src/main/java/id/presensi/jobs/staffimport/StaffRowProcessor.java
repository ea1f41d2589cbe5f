package id.presensi.jobs.staffimport;

import id.presensi.imports.Reject;
import id.presensi.sheet.TableRow;
import id.presensi.staff.StaffRowValidator;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** A thin adapter over {@link StaffRowValidator}: the rule itself lives in core. */
class StaffRowProcessor implements ItemProcessor<TableRow, ValidatedRow> {

    private final StaffRowReader reader;
    private final StaffRowValidator validator;

    StaffRowProcessor(StaffRowReader reader, StaffRowValidator validator) {
        this.reader = reader;
        this.validator = validator;
    }

    @Override
    public ValidatedRow process(TableRow row) {
        var result = validator.validate(row.rowNumber(), field -> reader.columns().cell(row, field));
        return new ValidatedRow(result.record().orElse(null), result.errors().stream()
                .map(e -> new Reject(row.rowNumber(), e.field(), e.reason(), row.texts())).toList());
    }
}
