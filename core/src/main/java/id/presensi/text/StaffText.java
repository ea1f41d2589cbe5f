package id.presensi.text;

import java.util.Locale;

/**
 * The one catalogue of what staff and heads of units read, in Bahasa Indonesia: the API's answers the page shows,
 * the reasons a day is off (the check-in refusal and the recap's KETERANGAN), the recap's words. Every text with a
 * place for values is here, so a test can read them all for English that slipped in; a caller only fills the places.
 * Field names ({0} in the API's messages) are the API's own identifiers and stay as the client sends them.
 */
public enum StaffText {
    // the API's refusals of a request's form (400), shown by the page when something it sent was wrong
    FIELD_REQUIRED("Kolom {0} wajib diisi."),
    FIELD_UNKNOWN("Kolom tidak dikenal: {0}"),
    FIELD_TEXT("Kolom {0} harus berupa teks yang tidak kosong."),
    FIELD_TOO_LONG("Kolom {0} paling panjang {1} karakter."),
    FIELD_UNSTORABLE("Kolom {0} berisi karakter yang tidak dapat disimpan (NUL atau UTF-16 rusak)."),
    FIELD_NUMBER("Kolom {0} harus berupa angka."),
    FIELD_WHOLE("Kolom {0} harus berupa bilangan bulat."),
    FIELD_RANGE("Kolom {0} harus antara {1} dan {2}."),
    FIELD_UUID("Kolom {0} harus berupa UUID."),
    FIELD_YEARS("Kolom {0} harus antara tahun 2000 dan 2100."),
    FIELD_INSTANT("Kolom {0} harus berupa waktu ISO-8601 dengan zona waktu, mis. 2026-09-14T07:15:00+08:00."),
    FIELD_BOOLEAN("Kolom {0} harus true atau false."),
    FIELD_BASE64("Kolom {0} harus berupa base64 (tanpa awalan data:)."),
    FIELD_ONE_OF("Kolom {0} harus salah satu dari {1}."),
    FIELD_DATE("Kolom {0} harus berupa tanggal TTTT-BB-HH."),
    FIELD_LOCAL_TIME("Kolom {0} harus berupa tanggal dan jam setempat TTTT-BB-HHTjj:mm."),
    FIELD_NOT_FOR("Kolom {0} tidak dipakai untuk permohonan {1}."),
    FIELD_CONTRADICTS("Kolom {0} tidak sesuai dengan {1}."),
    PATH_NUMBER("{0} pada alamat harus berupa angka."),
    QUERY_UNKNOWN("Parameter tidak dikenal: {0}"),
    QUERY_RECENT_MONTH("Parameter {0} harus bulan ini atau bulan lalu, TTTT-BB."),
    BODY_NOT_JSON("Content-Type harus application/json."),
    BODY_TOO_LARGE("Isi permintaan paling besar {0} KB."),
    BODY_TOO_LARGE_ANY("Isi permintaan terlalu besar."),
    BODY_UNREADABLE("Isi permintaan tidak terbaca."),
    BODY_NOT_OBJECT("{0} harus berupa objek JSON."),
    BODY_MALFORMED("{0} bukan JSON yang sah (baris {1}, kolom {2})."),
    BODY_TRAILING("{0} bukan JSON yang sah: ada teks setelah objeknya."),
    THE_BODY("Isi permintaan"),
    THE_HEADER("Header {0}"),
    HEADER_REQUIRED("Header {0} wajib ada bila isi permintaan berupa foto."),
    HEADER_TOO_LARGE("Header {0} paling besar 2 KB."),
    UNSTORABLE_CHECKIN("Presensi ini berisi nilai yang tidak dapat disimpan server."),
    NO_SUCH_ENDPOINT("Alamat tidak dikenal: {0} {1}"),
    METHOD_NOT_ALLOWED("{0} tidak diizinkan pada {1}."),
    // a push subscription the server refuses (the "Ingatkan saya" switch shows it)
    PUSH_ENDPOINT_LENGTH("Alamat langganan kosong atau terlalu panjang."),
    PUSH_ENDPOINT_INVALID("Alamat langganan tidak sah."),
    PUSH_ENDPOINT_HTTPS("Alamat langganan harus https tanpa port atau nama pengguna."),
    PUSH_SERVICE_UNKNOWN("Layanan push {0} tidak dikenal."),
    PUSH_KEYS("Kunci langganan tidak sah: {0} harus base64url ({1} byte)."),

    // an accepted check-in that is late, or a check-out before the end of the day
    CHECKIN_LATE("Anda terlambat {0} menit (batas masuk {1})."),
    CHECKIN_EARLY("Anda pulang {0} menit sebelum waktunya (jam pulang {1})."),
    // a day off with overtime ordered (surat perintah lembur): punches accepted all that date
    OVERTIME_DAY_OFF("Hari libur dengan surat perintah lembur {0}: jam lembur dihitung dari presensi pertama sampai terakhir."),

    // why a day has no hours: the check-in's NOT_SCHEDULED refusal and the recap's KETERANGAN
    OFF_WEEKEND("jadwal ''{0}'': tidak ada jam kerja pada hari {1}"),
    OFF_ROSTER("jadwal dinas {0}: L (libur)"),
    OFF_NOT_ROSTERED("belum ada jadwal dinas untuk {0}"),
    OFF_EMPLOYMENT_ENDED("masa kerja berakhir sejak {0}"),
    OFF_NO_SCHEDULE("belum ada jadwal kerja yang berlaku untuk unit {0} pada {1}"),
    OFF_HOLIDAY("{0}: {1}"),
    DAY_OFF("Libur"),
    // why no check-in window is open now (GET /api/v1/me, policy explain)
    CLOSED_NO_WORK("tidak ada jam kerja pada {0}: {1}"),
    CLOSED_NOT_YET("presensi masuk dibuka pukul {0}"),
    CLOSED_BETWEEN("presensi masuk ditutup pukul {0}; presensi pulang dibuka pukul {1}"),
    CLOSED_AFTER("presensi pulang ditutup pukul {0}"),
    DAY_OFF_BECAUSE("Libur ({0})"),

    // the deduction rules as heads of units read them (rules show)
    RULES_VALID_FROM("\"{0}\", berlaku mulai {1}"),
    RULES_AS_LAST_BAND("sama dengan {0} / golongan terakhir"),
    RULES_PER_DAY("{0} per hari"),
    RULES_DAILY_CAP("{0} (TL, PSW dan tidak presensi masuk/pulang dalam satu hari)"),
    RULES_FREE_LATES("{0} kali terlambat pertama dalam sebulan tidak dipotong"),
    RULES_MAKE_UP("keterlambatan yang diganti dengan pulang selama itu setelah jam pulang tidak dipotong"),
    RULES_MAKE_UP_LIMIT(" (paling lama terlambat {0} menit)"),
    RULES_CUTI_BERSAMA_TAKEN("mengurangi cuti tahunan ASN"),
    RULES_CUTI_BERSAMA_NOT_TAKEN("tidak mengurangi cuti tahunan"),
    RULES_SANCTIONS("{0} selama 6/9/12 bulan, mulai bulan sesudah jumlah hari TK setahun mencapai 11/14/17"),
    RULES_STOP_AFTER_TEN("TPP tidak dibayar bulan sesudah 10 hari kerja TK berturut-turut"),

    // a schedule's weekly hours against Perpres 21/2023 (policy schedule check)
    SCHEDULE_HOURS("jadwal ''{0}'' ({1}, {2}, berlaku {3}): {4} seminggu"),
    SCOPE_REGENCY("se-kabupaten"),
    SCOPE_UNIT("unit {0}"),
    VALID_OPEN("{0} s.d. seterusnya"),
    VALID_UNTIL("{0} s.d. {1}"),
    HOURS_AS_NATIONAL("sesuai Perpres 21/2023"),
    HOURS_LESS("{0} kurang dari ketentuan nasional {1}"),
    HOURS_MORE("{0} lebih dari ketentuan nasional {1}"),
    NO_SCHEDULES("belum ada jadwal (presensi policy schedule add)"),

    // words of the tables, the same in JSON as in the tables
    PATTERN_REGULAR("REGULER"),
    PATTERN_SHIFT("SHIFT");

    private final String pattern;

    StaffText(String pattern) {
        this.pattern = pattern;
    }

    /** The text with its places ({0}, {1}, ...) filled; '' is a quote, as in MessageFormat. */
    public String format(Object... values) {
        StringBuilder text = new StringBuilder(pattern.replace("''", "'"));
        for (int i = 0; i < values.length; i++) {
            String place = "{" + i + "}";
            int at = text.indexOf(place);
            while (at >= 0) {
                String value = String.valueOf(values[i]);
                text.replace(at, at + place.length(), value);
                at = text.indexOf(place, at + value.length());
            }
        }
        return text.toString();
    }

    /** The text as written, its places unfilled: what a scan for English reads. */
    public String pattern() {
        return pattern;
    }

    /** A number as Indonesians write it: 1,5 and -90, never 1.5 or -90.0. */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%s", value).replace('.', ',');
    }
}
