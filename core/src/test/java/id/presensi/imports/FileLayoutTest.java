package id.presensi.imports;

import id.presensi.sheet.Cell;
import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableFormatException;
import id.presensi.sheet.TableRow;
import id.presensi.staff.StaffFields;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How every import judges a header (the staff file's layout as the example) and turns a refused row into rejects. */
class FileLayoutTest {

    @Test
    void a_staff_header_in_a_payroll_exports_words_is_read_by_the_aliases() {
        HeaderMapping columns = StaffFields.LAYOUT.columns("pegawai.csv",
                List.of("NIP Baru", "Nama Pegawai", "Status Pegawai", "Unit Kerja"), Map.of());

        TableRow row = row(2, "199002282015121002", "Andi", "PNS", "DINKES");
        assertThat(columns.cell(row, StaffFields.NIP).text()).isEqualTo("199002282015121002");
        assertThat(columns.cell(row, StaffFields.KODE_UNIT).text()).isEqualTo("DINKES");
        assertThat(columns.has(StaffFields.NIK)).isFalse();
    }

    @Test
    void two_columns_read_as_one_field_by_its_aliases_are_refused_naming_both_not_the_first_taken() {
        // a personnel export with the OPD and the unit inside it: which one is KODE_UNIT is the operator's to say
        assertThatThrownBy(() -> StaffFields.LAYOUT.columns("pegawai.csv", List.of("NIP Baru", "Nama Pegawai", "Status Pegawai", "SKPD", "Unit Kerja"),
                Map.of()))
                .isInstanceOf(TableFormatException.class)
                .hasMessage("pegawai.csv: columns SKPD and Unit Kerja could each be KODE_UNIT; name the one to read with --map COLUMN=KODE_UNIT");

        HeaderMapping chosen = StaffFields.LAYOUT.columns("pegawai.csv", List.of("NIP Baru", "Nama Pegawai", "Status Pegawai", "SKPD", "Unit Kerja"),
                Map.of("Unit Kerja", "KODE_UNIT"));
        assertThat(chosen.cell(row(2, "199002282015121002", "Andi", "PNS", "Dinas Kesehatan", "PKM-1"), StaffFields.KODE_UNIT).text()).isEqualTo("PKM-1");
        assertThat(StaffFields.LAYOUT.columns("pegawai.csv", List.of("NIP", "NAMA", "JENIS", "KODE_UNIT", "SKPD"), Map.of()).has(StaffFields.KODE_UNIT))
                .as("the field's own column is the one read; an alias beside it is a column like any other").isTrue();
    }

    @Test
    void a_staff_header_with_neither_nip_nor_nik_is_refused_naming_both() {
        assertThatThrownBy(() -> StaffFields.LAYOUT.columns("pegawai.csv", List.of("NAMA", "JENIS", "KODE_UNIT"), Map.of()))
                .isInstanceOf(TableFormatException.class)
                .hasMessage("pegawai.csv: needs a NIP or a NIK column; the header has [NAMA, JENIS, KODE_UNIT]");
    }

    @Test
    void a_layout_without_key_columns_takes_a_header_with_its_required_fields_only() {
        FileLayout units = new FileLayout(ImportKind.UNIT, List.of("KODE_UNIT", "NAMA_UNIT"), Set.of("KODE_UNIT"));

        assertThat(units.columns("unit.csv", List.of("Kode Unit"), Map.of()).has("KODE_UNIT")).isTrue();
        assertThatThrownBy(() -> units.columns("unit.csv", List.of("NAMA_UNIT"), Map.of()))
                .hasMessageStartingWith("unit.csv: missing column(s) [KODE_UNIT]");
    }

    @Test
    void a_refused_row_gives_one_reject_per_fault_each_with_the_row_as_it_was() {
        TableRow row = row(7, "PNX", "");
        RowRejected refused = new RowRejected(List.of(new FieldError("JENIS", "must be PNS, PPPK or PTT, got 'PNX'"),
                new FieldError("NAMA", "is empty")));

        assertThat(refused.rejects(row)).containsExactly(
                new Reject(7, "JENIS", "must be PNS, PPPK or PTT, got 'PNX'", List.of("PNX", "")),
                new Reject(7, "NAMA", "is empty", List.of("PNX", "")));
    }

    private static TableRow row(int number, String... texts) {
        return new TableRow(number, Arrays.stream(texts).map(Cell::text).toList());
    }
}
