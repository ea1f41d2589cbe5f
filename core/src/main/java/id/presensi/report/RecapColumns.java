package id.presensi.report;

import id.presensi.attendance.StatusCode;
import id.presensi.recap.EmployeeMonth;

import java.util.ArrayList;
import java.util.List;

/** The recap's columns, with the Indonesian headers finance and BKPSDM read, in one place for XLSX and CSV. */
final class RecapColumns {
    static final List<String> CODES = StatusCode.recapColumns().stream().map(StatusCode::name).toList();

    private RecapColumns() {
    }

    static List<String> headers() {
        List<String> headers = new ArrayList<>(List.of("NO", "NIP/NIK", "NAMA", "JABATAN", "JENIS", "JHK"));
        headers.addAll(CODES);
        headers.addAll(List.of("HARI DIKOREKSI", "CUTI BERSAMA (POTONG CT)", "MENIT TERLAMBAT", "MENIT PULANG CEPAT",
                "JAM LEMBUR", "UANG LEMBUR (RP)", "POTONGAN TPP (%)"));
        return headers;
    }

    /** The values of one employee's row after the number; numbers stay numbers. */
    static List<Object> values(EmployeeMonth m) {
        List<Object> values = new ArrayList<>(List.of(m.key(), m.name(), m.position(), m.type(), m.workingDays()));
        CODES.forEach(c -> values.add(m.count(c)));
        values.add(m.correctedDays());
        values.add(m.cutiBersamaDays());
        values.add(m.lateMinutes());
        values.add(m.earlyMinutes());
        // overtime before the deduction, which the workbook keeps as the last column (its only percentage)
        values.add(m.overtime().paidHours());
        values.add(m.overtime().amountRupiah());
        values.add(m.deductionPercent());
        return values;
    }
}
