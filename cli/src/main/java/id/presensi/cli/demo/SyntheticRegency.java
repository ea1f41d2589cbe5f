package id.presensi.cli.demo;

import id.presensi.files.PrivateFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic regency shaped like Kabupaten Paser: its agencies, puskesmas and districts, and staff with
 * valid, unique NIP and NIK, written as the CSV files an operator would import. Seeded, so every run of the
 * demo tells the same story.
 */
public final class SyntheticRegency {

    /** A unit row: code, name, parent code (or empty), zone; shift says whether its staff work shifts. */
    public record UnitRow(String code, String name, String parent, boolean shiftWork) {
    }

    private static final String[] FIRST = {"Agus", "Budi", "Dewi", "Siti", "Rahmat", "Nur", "Muhammad", "Sri",
            "Andi", "Rina", "Hendra", "Yulia", "Fajar", "Ratna", "Eko", "Wahyu", "Indah", "Rudi", "Fitri", "Ahmad",
            "Lestari", "Bambang", "Novi", "Syahrul", "Aisyah", "Irwan", "Mega", "Dedi", "Putri", "Hasan"};
    private static final String[] LAST = {"Saputra", "Rahmawati", "Hidayat", "Wulandari", "Setiawan", "Pratama",
            "Lestari", "Kurniawan", "Susanti", "Nugroho", "Hasanah", "Santoso", "Handayani", "Syahputra", "Maulana",
            "Permata", "Firmansyah", "Anggraini", "Gunawan", "Safitri", "Aritonang", "Pasaribu", "Daeng", "Tanjung"};
    private static final String[] KECAMATAN = {"Batu Engau", "Batu Sopang", "Kuaro", "Long Ikis", "Long Kali",
            "Muara Komam", "Muara Samu", "Pasir Belengkong", "Tanah Grogot", "Tanjung Harapan"};

    private final Random random;
    private final Set<String> usedNips = new HashSet<>();
    private final Set<String> usedNiks = new HashSet<>();
    private final List<String[]> shiftWorkers = new ArrayList<>();
    private final List<String> officeWorkers = new ArrayList<>();

    public SyntheticRegency(long seed) {
        this.random = new Random(seed);
    }

    public static List<UnitRow> units() {
        List<UnitRow> units = new ArrayList<>(List.of(
                new UnitRow("SETDA", "Sekretariat Daerah", "", false),
                new UnitRow("SETWAN", "Sekretariat DPRD", "", false),
                new UnitRow("INSPEKTORAT", "Inspektorat Daerah", "", false),
                new UnitRow("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "", false),
                new UnitRow("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "", false),
                new UnitRow("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "", false),
                new UnitRow("BPBD", "Badan Penanggulangan Bencana Daerah", "", true),
                new UnitRow("SATPOLPP", "Satuan Polisi Pamong Praja", "", true),
                new UnitRow("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan", "", true),
                new UnitRow("DISDIK", "Dinas Pendidikan dan Kebudayaan", "", false),
                new UnitRow("DINKES", "Dinas Kesehatan", "", false),
                new UnitRow("RSUD", "RSUD Panglima Sebaya", "", true),
                new UnitRow("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "", false),
                new UnitRow("DINSOS", "Dinas Sosial", "", false),
                new UnitRow("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "", false),
                new UnitRow("DISHUB", "Dinas Perhubungan", "", false),
                new UnitRow("DLH", "Dinas Lingkungan Hidup", "", false),
                new UnitRow("DISKOMINFO", "Dinas Komunikasi dan Informatika", "", false),
                new UnitRow("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "", false),
                new UnitRow("DISTAN", "Dinas Pertanian", "", false),
                new UnitRow("DISKAN", "Dinas Perikanan", "", false)));
        for (int i = 0; i < KECAMATAN.length; i++) {
            String kecamatan = KECAMATAN[i];
            units.add(new UnitRow("PKM-" + (i + 1), "Puskesmas " + kecamatan, "DINKES", true));
        }
        for (int i = 0; i < KECAMATAN.length; i++) {
            units.add(new UnitRow("KEC-" + (i + 1), "Kecamatan " + KECAMATAN[i], "SETDA", false));
        }
        return units;
    }

    public void writeUnits(Path file) throws IOException {
        try (CSVPrinter csv = printer(file)) {
            csv.printRecord("KODE_UNIT", "NAMA_UNIT", "KODE_INDUK", "ZONA_WAKTU");
            for (UnitRow u : units()) {
                csv.printRecord(u.code(), u.name(), u.parent(), "WITA");
            }
        }
    }

    /**
     * Writes {@code pns} PNS, {@code pppk} PPPK and {@code ptt} PTT rows; with {@code withMistakes}, three rows
     * carry the errors operators meet most (a NIP mangled by Excel, an unknown unit, a missing NIK).
     */
    public void writeStaff(Path file, int pns, int pppk, int ptt, boolean withMistakes) throws IOException {
        List<UnitRow> units = units();
        try (CSVPrinter csv = printer(file)) {
            csv.printRecord("NIP", "NIK", "NAMA", "JENIS", "KODE_UNIT", "JABATAN", "POLA_KERJA");
            for (int i = 0; i < pns + pppk + ptt; i++) {
                String type = i < pns ? "PNS" : i < pns + pppk ? "PPPK" : "PTT";
                UnitRow unit = units.get(weightedUnit(units.size()));
                boolean female = random.nextBoolean();
                LocalDate birth = LocalDate.of(1965 + random.nextInt(38), 1 + random.nextInt(12), 1 + random.nextInt(28));
                String nip = type.equals("PTT") ? "" : nip(type, birth, female);
                String nik = type.equals("PTT") || random.nextInt(3) > 0 ? nik(birth, female) : "";
                boolean shift = unit.shiftWork() && random.nextInt(4) > 0;
                String key = nip.isEmpty() ? nik : nip;
                if (shift) {
                    shiftWorkers.add(new String[] {key, unit.code()});
                } else if (officeWorkers.size() < 200) {
                    officeWorkers.add(key);
                }
                csv.printRecord(nip, nik, name(female), type, unit.code(), position(type, unit), shift ? "SHIFT" : "REGULER");
            }
            if (withMistakes) {
                csv.printRecord("1.98503E+17", "", "Joko Widodo Saputra", "PNS", "BKPSDM", "Analis SDM Aparatur", "REGULER");
                csv.printRecord(nip("PNS", LocalDate.of(1988, 8, 17), false), "", "Rizal Hakim", "PNS", "DINAS-X", "Pengadministrasi Umum", "REGULER");
                csv.printRecord("", "", "Wati Honorer", "PTT", "RSUD", "Tenaga Kebersihan", "SHIFT");
            }
        }
    }

    /** NIP or NIK of the staff written as shift workers, in file order. */
    public List<String> shiftWorkers() {
        return shiftWorkers.stream().map(w -> w[0]).toList();
    }

    /** NIP or NIK of the shift workers of one unit, in file order. */
    public List<String> shiftWorkersOf(String unitCode) {
        return shiftWorkers.stream().filter(w -> w[1].equals(unitCode)).map(w -> w[0]).toList();
    }

    /** NIP or NIK of some office staff (REGULER), in file order. */
    public List<String> officeWorkers() {
        return officeWorkers;
    }

    /** One or two locations per unit around Tanah Grogot, with radii of 75-200 m. */
    public void writeLocations(Path file) throws IOException {
        try (CSVPrinter csv = printer(file)) {
            csv.printRecord("KODE_UNIT", "NAMA_LOKASI", "LINTANG", "BUJUR", "RADIUS_M");
            for (UnitRow u : units()) {
                double lat = -1.91 + (random.nextDouble() - 0.5) * (u.code().startsWith("PKM") || u.code().startsWith("KEC") ? 1.2 : 0.03);
                double lon = 116.19 + (random.nextDouble() - 0.5) * (u.code().startsWith("PKM") || u.code().startsWith("KEC") ? 0.8 : 0.03);
                csv.printRecord(u.code(), "Kantor " + u.name(), String.format("%.6f", lat), String.format("%.6f", lon), 75 + random.nextInt(6) * 25);
                if (u.code().equals("RSUD") || u.code().equals("DAMKAR")) {
                    csv.printRecord(u.code(), u.code().equals("RSUD") ? "IGD" : "Pos Pemadam Kuaro", String.format("%.6f", lat + 0.002),
                            String.format("%.6f", lon + 0.002), 100);
                }
            }
        }
    }

    /** The regency's office hours: check-in 07:00-08:00, late after 07:30; Friday ends at 16:30. */
    public void writeSchedules(Path file, int year) throws IOException {
        try (CSVPrinter csv = printer(file)) {
            csv.printRecord("NAMA_JADWAL", "KODE_UNIT", "JENIS_JADWAL", "BERLAKU_MULAI", "BERLAKU_SAMPAI", "HARI", "MASUK_BUKA",
                    "MASUK_TUTUP", "JAM_MULAI", "TOLERANSI_TERLAMBAT", "JAM_SELESAI", "TOLERANSI_PULANG", "PULANG_BUKA", "PULANG_TUTUP");
            String name = "Perbup Jam Kerja " + year;
            csv.printRecord(name, "", "REGULER", year + "-01-01", "", "SENIN-KAMIS", "07:00", "08:00", "07:30", "0", "16:00", "0", "16:00", "18:00");
            csv.printRecord(name, "", "REGULER", year + "-01-01", "", "JUMAT", "07:00", "08:00", "07:30", "0", "16:30", "0", "16:30", "18:00");
        }
    }

    /** A sample national calendar for the year: fixed-date holidays and a few cuti bersama days. */
    public void writeHolidays(Path file, int year) throws IOException {
        try (CSVPrinter csv = printer(file)) {
            csv.printRecord("TANGGAL", "KETERANGAN", "JENIS");
            csv.printRecord(year + "-01-01", "Tahun Baru Masehi", "LIBUR_NASIONAL");
            csv.printRecord(year + "-05-01", "Hari Buruh Internasional", "LIBUR_NASIONAL");
            csv.printRecord(year + "-06-01", "Hari Lahir Pancasila", "LIBUR_NASIONAL");
            csv.printRecord(year + "-08-17", "Hari Kemerdekaan Republik Indonesia", "LIBUR_NASIONAL");
            csv.printRecord(year + "-12-25", "Hari Raya Natal", "LIBUR_NASIONAL");
            csv.printRecord(year + "-12-24", "Cuti Bersama Hari Raya Natal", "CUTI_BERSAMA");
        }
    }

    /** Units that work in shifts. */
    public static List<String> shiftUnits() {
        List<String> codes = new ArrayList<>(List.of("RSUD", "DAMKAR", "SATPOLPP", "BPBD"));
        units().stream().map(UnitRow::code).filter(c -> c.startsWith("PKM")).forEach(codes::add);
        return codes;
    }

    /** Pagi, Siang and Malam for each shift unit; the night shift ends the next morning. */
    public void writeShifts(Path file) throws IOException {
        try (CSVPrinter csv = printer(file)) {
            csv.printRecord("KODE_UNIT", "KODE_SHIFT", "NAMA_SHIFT", "JAM_MULAI", "JAM_SELESAI", "BUKA_SEBELUM_MENIT",
                    "TOLERANSI_TERLAMBAT", "TUTUP_SETELAH_MENIT");
            for (String unit : shiftUnits()) {
                csv.printRecord(unit, "P", "Pagi", "07:00", "14:00", "60", "15", "120");
                csv.printRecord(unit, "S", "Siang", "14:00", "21:00", "60", "15", "120");
                csv.printRecord(unit, "M", "Malam", "21:00", "07:00", "60", "15", "120");
            }
        }
    }

    /** The monthly matrix hospitals keep: P P S S M M L L rotating, each worker a day further on. */
    public static final String[] ROTATION = {"P", "P", "S", "S", "M", "M", "L", "L"};

    public void writeRosterMatrix(Path file, YearMonth month) throws IOException {
        try (CSVPrinter csv = printer(file)) {
            List<String> header = new ArrayList<>(List.of("NIP", "KODE_UNIT"));
            for (int d = 1; d <= month.lengthOfMonth(); d++) {
                header.add(Integer.toString(d));
            }
            csv.printRecord(header);
            for (int i = 0; i < shiftWorkers.size(); i++) {
                List<String> row = new ArrayList<>(List.of(shiftWorkers.get(i)[0], shiftWorkers.get(i)[1]));
                for (int d = 1; d <= month.lengthOfMonth(); d++) {
                    row.add(ROTATION[(d - 1 + i) % ROTATION.length]);
                }
                csv.printRecord(row);
            }
        }
    }

    /** Some leave in the month: annual leave, sickness, official travel. */
    public void writeLeave(Path file, YearMonth month) throws IOException {
        try (CSVPrinter csv = printer(file)) {
            csv.printRecord("NIP", "TANGGAL_MULAI", "TANGGAL_SELESAI", "JENIS_CUTI", "NOMOR_SURAT");
            String[] types = {"CT", "S", "DL", "CT", "I"};
            for (int i = 1; i < Math.min(officeWorkers.size(), 41); i++) {
                int start = 1 + random.nextInt(month.lengthOfMonth() - 4);
                String type = types[i % types.length];
                csv.printRecord(officeWorkers.get(i), month.atDay(start), month.atDay(start + random.nextInt(4)), type,
                        type.equals("S") ? "" : "800/" + (100 + i) + "/BKPSDM/" + month.getYear());
            }
        }
    }

    /** Bigger agencies (education, health, the hospital) get more staff, as in a real regency. */
    private int weightedUnit(int size) {
        int pick = random.nextInt(100);
        if (pick < 20) {
            return 9; // DISDIK
        }
        if (pick < 32) {
            return 11; // RSUD
        }
        return random.nextInt(size);
    }

    private String nip(String type, LocalDate birth, boolean female) {
        int appointmentYear = Math.min(birth.getYear() + 20 + random.nextInt(15), 2025);
        for (int sequence = 1 + random.nextInt(50); ; sequence++) {
            String middle = type.equals("PPPK")
                    ? String.format("%04d2%d", Math.max(appointmentYear, 2019), 1 + random.nextInt(2))
                    : String.format("%04d%02d", appointmentYear, 1 + random.nextInt(12));
            String nip = String.format("%04d%02d%02d%s%d%03d", birth.getYear(), birth.getMonthValue(),
                    birth.getDayOfMonth(), middle, female ? 2 : 1, 1 + sequence % 999);
            if (usedNips.add(nip)) {
                return nip;
            }
        }
    }

    private String nik(LocalDate birth, boolean female) {
        int district = 1 + random.nextInt(KECAMATAN.length);
        int day = birth.getDayOfMonth() + (female ? 40 : 0);
        for (int sequence = 1 + random.nextInt(2000); ; sequence++) {
            String nik = String.format("6401%02d%02d%02d%02d%04d", district, day, birth.getMonthValue(),
                    birth.getYear() % 100, 1 + sequence % 9999);
            if (usedNiks.add(nik)) {
                return nik;
            }
        }
    }

    private String name(boolean female) {
        return FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
    }

    private String position(String type, UnitRow unit) {
        if (unit.code().equals("RSUD") || unit.code().startsWith("PKM")) {
            return List.of("Perawat", "Bidan", "Dokter Umum", "Apoteker", "Analis Kesehatan").get(random.nextInt(5));
        }
        if (unit.code().equals("DAMKAR")) {
            return "Petugas Pemadam Kebakaran";
        }
        if (unit.code().equals("SATPOLPP")) {
            return "Polisi Pamong Praja";
        }
        if (type.equals("PTT")) {
            return List.of("Tenaga Administrasi", "Pengemudi", "Petugas Keamanan", "Tenaga Kebersihan").get(random.nextInt(4));
        }
        return List.of("Analis Kebijakan", "Pengadministrasi Umum", "Penyusun Program", "Bendahara", "Guru")
                .get(random.nextInt(5));
    }

    /**
     * A file of made-up people, still written as people's data is (0600, see {@link PrivateFiles}): gathered in
     * memory (a few MB at most) and written whole when the printer is closed.
     */
    private static CSVPrinter printer(Path file) throws IOException {
        StringWriter text = new StringWriter();
        Writer out = new FilterWriter(text) {
            @Override
            public void close() throws IOException {
                PrivateFiles.writeString(file, text.toString());
            }
        };
        return new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
    }
}
