package id.presensi.unit;

import id.presensi.app.UnitFile;
import id.presensi.imports.Reject;
import id.presensi.store.ImportResult;
import id.presensi.store.UnitStore;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UnitImporterTest {

    private final TestDatabase db = TestDatabase.get();
    private final UnitFile importer = new UnitFile(db.database().jdbi());

    @TempDir
    Path dir;

    @BeforeEach
    void empty() {
        db.reset();
    }

    @Test
    void children_may_come_before_their_parents_in_the_file() throws IOException {
        ImportResult result = importFile("KODE_UNIT,NAMA_UNIT,KODE_INDUK,ZONA_WAKTU\n"
                + "PKM-1,Puskesmas Kuaro,DINKES,\nDINKES,Dinas Kesehatan,,WITA\nDISDIK-PAPUA,Perwakilan,,WIT\n");

        assertThat(result.summary().inserted()).isEqualTo(3);
        var units = new UnitStore(db.database().jdbi()).list(true, java.time.LocalDate.now());
        assertThat(units).filteredOn(u -> u.code().equals("PKM-1")).singleElement()
                .satisfies(u -> assertThat(u.parentCode()).isEqualTo("DINKES"))
                .satisfies(u -> assertThat(u.timeZone()).isEqualTo("Asia/Makassar"));
        assertThat(units).filteredOn(u -> u.code().equals("DISDIK-PAPUA")).singleElement()
                .satisfies(u -> assertThat(u.timeZone()).isEqualTo("Asia/Jayapura"));
    }

    @Test
    void a_parent_named_by_the_name_of_a_unit_in_the_same_file_is_that_unit() throws IOException {
        ImportResult result = importFile("KODE_UNIT,NAMA_UNIT,KODE_INDUK,ZONA_WAKTU\n"
                + "PKM-1,Puskesmas Kuaro,dinas  kesehatan,\nDINKES,Dinas Kesehatan,,WITA\n");

        assertThat(result.rejects()).isEmpty();
        assertThat(new UnitStore(db.database().jdbi()).list(false, java.time.LocalDate.now())).filteredOn(u -> u.code().equals("PKM-1")).singleElement()
                .satisfies(u -> assertThat(u.parentCode()).isEqualTo("DINKES"));
    }

    @Test
    void unknown_parents_cycles_bad_zones_and_repeats_are_rejected() throws IOException {
        ImportResult result = importFile("KODE_UNIT,NAMA_UNIT,KODE_INDUK,ZONA_WAKTU\n"
                + "A,Unit A,B,\n"          // row 2: cycle A-B
                + "B,Unit B,A,\n"          // row 3
                + "C,Unit C,NOWHERE,\n"    // row 4
                + "D,Unit D,,GMT\n"        // row 5
                + "E,Unit E,,\n"           // row 6
                + "E,Unit E lagi,,\n"      // row 7
                + "F,Unit F,C,\n");        // row 8: parent C was rejected

        assertThat(result.summary().inserted()).isEqualTo(1);
        assertThat(result.summary().rejected()).isEqualTo(6);
        assertThat(result.rejects()).extracting(Reject::rowNumber).containsExactlyInAnyOrder(2, 3, 4, 5, 7, 8);
        assertThat(result.rejects()).filteredOn(r -> r.rowNumber() == 2).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("its own ancestor"));
    }

    @Test
    void a_second_import_of_the_same_file_changes_nothing_and_a_renamed_unit_is_updated() throws IOException {
        String file = "KODE_UNIT,NAMA_UNIT,KODE_INDUK\nDINKES,Dinas Kesehatan,\nPKM-1,Puskesmas Kuaro,DINKES\n";
        importFile(file);

        assertThat(importFile(file).summary().unchanged()).isEqualTo(2);
        ImportResult renamed = importFile(file.replace("Kuaro", "Kuaro Induk"));
        assertThat(renamed.summary().updated()).isEqualTo(1);
        assertThat(renamed.summary().unchanged()).isEqualTo(1);
    }

    @Test
    void the_opd_column_marks_the_opds_and_without_it_a_new_unit_takes_its_place_in_the_tree_and_a_stored_one_keeps_its_mark()
            throws IOException {
        ImportResult flat = importFile("KODE_UNIT,NAMA_UNIT,KODE_INDUK,OPD\n"
                + "DINSOS,Dinas Sosial,,YA\nBID-RS,Bidang Rehabilitasi Sosial,DINSOS,tidak\nBID-X,Bidang X,DINSOS,mungkin\n");
        assertThat(flat.summary().inserted()).isEqualTo(2);
        assertThat(flat.rejects()).singleElement().satisfies(r -> assertThat(r.reason()).contains("YA or TIDAK"));
        assertThat(opd()).containsEntry("DINSOS", true).containsEntry("BID-RS", false);

        importFile("KODE_UNIT,NAMA_UNIT,KODE_INDUK\nDINSOS,Dinas Sosial,\nBID-RS,Bidang Rehabilitasi Sosial,DINSOS\n"
                + "PEMKAB,Pemkab Paser,\nDINKES,Dinas Kesehatan,PEMKAB\nPKM-1,Puskesmas Kuaro,DINKES\n");
        assertThat(opd()).as("the bidang keeps BKPSDM's mark; new units: the top and just below it are OPDs")
                .containsEntry("BID-RS", false).containsEntry("PEMKAB", true).containsEntry("DINKES", true).containsEntry("PKM-1", false);

        ImportResult marked = importFile("KODE_UNIT,NAMA_UNIT,KODE_INDUK,OPD\nPKM-1,Puskesmas Kuaro,DINKES,Y\n");
        assertThat(marked.summary().updated()).isEqualTo(1);
        assertThat(opd()).containsEntry("PKM-1", true);
        assertThat(importFile("KODE_UNIT,NAMA_UNIT,KODE_INDUK,OPD\nPKM-1,Puskesmas Kuaro,DINKES,Y\n").summary().unchanged()).isEqualTo(1);
    }

    @Test
    void an_opd_mark_changed_by_the_file_is_audited_as_unit_set_audits_it() throws IOException {
        importFile("KODE_UNIT,NAMA_UNIT,KODE_INDUK,OPD\nDINSOS,Dinas Sosial,,YA\nBID-RS,Bidang Rehabilitasi Sosial,DINSOS,YA\n");

        // the bidang unmarked (its head no longer signs the Kepala OPD's step), its name changed beside it; DINSOS as it was
        importFile("KODE_UNIT,NAMA_UNIT,KODE_INDUK,OPD\nDINSOS,Dinas Sosial,,YA\nBID-RS,Bidang Rehabsos,DINSOS,TIDAK\n");

        java.util.List<String> audited = db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT entity_key || ' ' || before::text || ' ' || after::text || ' ' || (unit_id = (SELECT id FROM unit WHERE code = entity_key))
                  FROM audit_log WHERE entity = 'unit' ORDER BY id""").mapTo(String.class).list());
        assertThat(audited).containsExactly("BID-RS {\"opd\": true} {\"opd\": false} true");
        assertThat(importFile("KODE_UNIT,NAMA_UNIT,KODE_INDUK,OPD\nBID-RS,Bidang Rehabsos,DINSOS,TIDAK\n").summary().unchanged()).isEqualTo(1);
        int rows = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE entity = 'unit'").mapTo(Integer.class).one());
        assertThat(rows).as("a re-run changes nothing and audits nothing").isEqualTo(1);
    }

    private Map<String, Boolean> opd() {
        Map<String, Boolean> marks = new java.util.HashMap<>();
        new UnitStore(db.database().jdbi()).list(true, java.time.LocalDate.now()).forEach(u -> marks.put(u.code(), u.opd()));
        return marks;
    }

    private ImportResult importFile(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("unit-" + System.nanoTime() + ".csv"), content);
        return importer.importFile(file, Optional.empty(), Map.of(), false);
    }
}
