package id.presensi.server.desk;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's refusals in Indonesian, for the desk. The functions and triggers of the migrations raise English
 * sentences, mostly with the one SQLSTATE P0001, so the code says nothing and the sentence is what is stable: the
 * migrations that hold them are frozen once released, and a later change to a sentence comes with a new migration,
 * which {@code DeskRefusalsTest} reads. The CLI keeps saying them in English, as all its messages are; here they are
 * matched whole and said again in Indonesian, with the values they carry (dates, names, numbers) kept.
 */
final class DeskRefusals {
    private record Sentence(Pattern english, Function<Matcher, String> indonesian) {
    }

    private static final Map<String, String> ACTOR = Map.of("ADMIN", "admin OPD", "HEAD", "kepala", "OPD_HEAD", "kepala OPD", "BKPSDM", "BKPSDM");

    private static String actor(String word) {
        return ACTOR.getOrDefault(word, word);
    }

    private static final Map<String, String> STATUS = Map.of("approved", "disetujui", "rejected", "ditolak", "pending", "menunggu");

    private static final List<Sentence> SENTENCES = List.of(
            // months closed after the recap went to payroll (V15, V20, V23)
            s("a month of (.+) to (.+) is closed for this employee's unit; BKPSDM can reopen it \\(presensi month reopen\\)",
                    m -> "Bulan dari " + m.group(1) + " sampai " + m.group(2) + " sudah ditutup untuk unit pegawai ini; BKPSDM dapat membukanya kembali."),
            s("the month of (.+) is closed for this employee's unit; BKPSDM can reopen it \\(presensi month reopen\\)",
                    m -> "Bulan " + m.group(1) + " sudah ditutup untuk unit pegawai ini; BKPSDM dapat membukanya kembali."),
            s("a closed month's days cannot change; BKPSDM can reopen the month \\(presensi month reopen\\)",
                    m -> "Hari pada bulan yang sudah ditutup tidak dapat diubah; BKPSDM dapat membuka kembali bulan itu."),
            s("a closed month's days cannot change, nor can a day be moved into one; BKPSDM can reopen the month \\(presensi month reopen\\)",
                    m -> "Hari pada bulan yang sudah ditutup tidak dapat diubah, dan tidak ada hari yang boleh dipindah ke bulan itu; "
                            + "BKPSDM dapat membuka kembali bulan itu."),
            s("the month of (.+) is closed; BKPSDM can reopen it \\(presensi month reopen\\) before changing its calendar",
                    m -> "Bulan " + m.group(1) + " sudah ditutup; BKPSDM dapat membukanya kembali sebelum kalendernya diubah."),
            // requests (V15, V20)
            s("request #?(\\S+) was already (\\w+) by (.+)",
                    m -> "Permohonan #" + m.group(1) + " sudah " + status(m.group(2)) + " oleh " + m.group(3) + "."),
            s("request #?(\\S+) was already (\\w+)", m -> "Permohonan #" + m.group(1) + " sudah " + status(m.group(2)) + "."),
            s("nobody decides their own request; another admin of the unit or BKPSDM does",
                    m -> "Tidak seorang pun memutuskan permohonannya sendiri; admin lain di unit itu atau BKPSDM yang memutuskannya."),
            s("no request #(\\S+) in your units", m -> "Permohonan #" + m.group(1) + " tidak ditemukan di unit Anda."),
            s("a request is approved or rejected, not (.*)", m -> "Permohonan hanya dapat disetujui atau ditolak."),
            s("(.+) \\.\\. (.+) overlaps (.+) (.+) \\.\\. (.+) already recorded; remove or shorten that leave first, or reject the request",
                    m -> m.group(1) + " s.d. " + m.group(2) + " bertumpang tindih dengan " + m.group(3) + " " + m.group(4) + " s.d. " + m.group(5)
                            + " yang sudah tercatat; hapus atau perpendek cuti itu dahulu, atau tolak permohonan ini."),
            // approval chains (V35)
            s("request #(\\S+) goes through an approval chain; decide its current step \\(presensi request approve\\)",
                    m -> "Permohonan #" + m.group(1) + " melalui rantai persetujuan; putuskan langkahnya yang sedang berjalan."),
            s("request #(\\S+) is locked: the head signed it \\((.*)\\)",
                    m -> "Permohonan #" + m.group(1) + " sudah ditandatangani kepala (" + m.group(2) + ") dan terkunci."),
            s("request #(\\S+) has no approval chain; decide it once \\(presensi request approve\\)",
                    m -> "Permohonan #" + m.group(1) + " tidak melalui rantai persetujuan; putuskan sekali saja."),
            s("request #(\\S+) is at step (\\S+) \\((\\w+)\\); step (\\S+) cannot be decided now",
                    m -> "Permohonan #" + m.group(1) + " sedang di langkah " + m.group(2) + " (" + actor(m.group(3)) + "); langkah " + m.group(4)
                            + " belum dapat diputuskan."),
            s("step (\\S+) of request #(\\S+) is the head's \\(or the plt's\\) to sign",
                    m -> "Langkah " + m.group(1) + " permohonan #" + m.group(2) + " ditandatangani kepala unit (atau plt)."),
            s("step (\\S+) of request #(\\S+) is the Kepala OPD's \\(or the plt's\\) to sign",
                    m -> "Langkah " + m.group(1) + " permohonan #" + m.group(2) + " ditandatangani kepala OPD (atau plt)."),
            s("step (\\S+) of request #(\\S+) is the OPD admin's to decide",
                    m -> "Langkah " + m.group(1) + " permohonan #" + m.group(2) + " diputuskan admin OPD unit itu."),
            s("step (\\S+) of request #(\\S+) is BKPSDM's to decide",
                    m -> "Langkah " + m.group(1) + " permohonan #" + m.group(2) + " diputuskan BKPSDM."),
            s("no such phone", m -> "Perangkat tidak dikenal."),
            // the cuti tahunan balance at the final approval (V43 request_conclude)
            s("request #(\\S+) asks (\\S+) working day\\(s\\) of cuti tahunan in (\\S+) but only (\\S+) remain in that year's balance; reject it or correct the balance first",
                    m -> "Permohonan #" + m.group(1) + " meminta " + m.group(2) + " hari kerja cuti tahunan " + m.group(3) + ", padahal sisanya tinggal "
                            + m.group(4) + " hari; tolak permohonan ini atau betulkan saldo cutinya dahulu."),
            s("request #(\\S+) leaves (\\S+) day\\(s\\) of cuti tahunan in (\\S+) below zero by what it no longer carries over into that year; reject it or correct the balance first",
                    m -> "Permohonan #" + m.group(1) + " membuat saldo cuti tahunan " + m.group(3) + " kurang " + m.group(2)
                            + " hari, karena sisa cuti yang terbawa ke tahun itu berkurang; tolak permohonan ini atau betulkan saldo cutinya dahulu."),
            s("only BKPSDM runs the escalation of overdue steps", m -> "Hanya BKPSDM yang menjalankan eskalasi langkah yang lewat batas waktu."),
            // leave and WFA days (V16, V20, V24)
            s("nobody grants themselves leave or WFA days; another admin of the unit or BKPSDM does",
                    m -> "Tidak seorang pun memberi dirinya sendiri cuti atau hari WFA; admin lain di unit itu atau BKPSDM yang memberikannya."),
            s("(.+) on (.+): WFA is at most (.+) day\\(s\\) a week \\(week of (.+) to (.+); PermenPANRB 4/2025 Pasal 13\\)",
                    m -> m.group(1) + " pada " + m.group(2) + ": WFA paling banyak " + m.group(3) + " hari seminggu (minggu " + m.group(4)
                            + " s.d. " + m.group(5) + "; PermenPANRB 4/2025 Pasal 13)."),
            s("(.+) on (.+): no WFA for staff under disciplinary proceedings: (.+) TK day\\(s\\) in (.+) \\(PP 94/2021; PermenPANRB 4/2025 Pasal 25\\)",
                    m -> m.group(1) + " pada " + m.group(2) + ": tidak ada WFA bagi pegawai yang sedang menjalani proses disiplin: " + m.group(3)
                            + " hari TK pada " + m.group(4) + " (PP 94/2021; PermenPANRB 4/2025 Pasal 25)."),
            s("WFA days only for staff of your units", m -> "Hari WFA hanya untuk pegawai unit Anda."),
            s("no employee #(\\S+) in your units", m -> "Pegawai tidak ditemukan di unit Anda."),
            // apel and ceremonies (V31)
            s("an apel for the whole regency or another unit is BKPSDM's to set; yours are for your units",
                    m -> "Apel untuk seluruh kabupaten atau unit lain ditetapkan oleh BKPSDM; Anda menetapkan apel unit Anda."),
            s("an apel is held at locations of your units only", m -> "Apel diadakan di lokasi unit Anda sendiri."),
            s("this operator account is disabled", m -> "Akun operator ini sudah dinonaktifkan."),
            s("an apel held once, on a date, has no start date", m -> "Apel yang diadakan sekali (pada satu tanggal) tidak memiliki tanggal mulai."),
            s("no apel #(\\S+) that you may cancel; a regency-wide apel is cancelled by BKPSDM",
                    m -> "Apel #" + m.group(1) + " tidak dapat Anda tiadakan; apel seluruh kabupaten ditiadakan oleh BKPSDM."),
            // overtime orders and opening leave balances (V32)
            s("nobody orders their own overtime; their head signs the order and another admin records it",
                    m -> "Tidak seorang pun memerintahkan lemburnya sendiri; atasannya menandatangani surat perintah lembur dan admin lain yang mencatatnya."),
            s("nobody sets their own leave balance; another admin of the unit or BKPSDM does",
                    m -> "Tidak seorang pun menetapkan saldo cutinya sendiri; admin lain di unit itu atau BKPSDM yang menetapkannya."),
            // reminders and webhooks (V36)
            s("unknown reminder kind (\\S+)", m -> "Jenis pengingat " + m.group(1) + " tidak dikenal."),
            s("a reminder needs an event key of at most 150 characters, a time and a TTL of up to 7 days",
                    m -> "Pengingat memerlukan kunci kejadian paling panjang 150 karakter, waktu, dan masa berlaku paling lama 7 hari."),
            s("only BKPSDM sets a unit's webhook", m -> "Webhook unit ditetapkan oleh BKPSDM."),
            s("only BKPSDM removes a unit's webhook", m -> "Webhook unit dihapus oleh BKPSDM."),
            // titip-absen signals marked reviewed (V26)
            s("no (.+) signal of employee #(\\S+) on (.+) in your units",
                    m -> "Sinyal " + m.group(1) + " pegawai #" + m.group(2) + " pada " + m.group(3) + " tidak ditemukan di unit Anda."),
            s("nobody reviews a signal about themselves; another admin of the unit or BKPSDM does",
                    m -> "Tidak seorang pun memeriksa sinyal tentang dirinya sendiri; admin lain di unit itu atau BKPSDM yang memeriksanya."),
            s("a review needs a note saying what was checked \\(at most 500 characters\\)",
                    m -> "Pemeriksaan memerlukan catatan tentang apa yang diperiksa (paling banyak 500 karakter)."),
            // the signals' employees, checked once a statement in place of a foreign key (V45)
            s("a titip-absen signal names an employee who does not exist",
                    m -> "Sinyal titip absen menyebut pegawai yang tidak ada."),
            s("an employee with titip-absen signals cannot be deleted or given another id",
                    m -> "Pegawai yang memiliki sinyal titip absen tidak dapat dihapus atau diberi id lain."),
            // attendance, machines, codes, the audit trail (V7, V19, V20, V22)
            s("an OPD admin reconciles only the days the nightly run reconciles again \\((.+)\\); BKPSDM reconciles older days",
                    m -> "Admin OPD hanya merekonsiliasi hari yang direkonsiliasi lagi oleh proses malam (" + days(m.group(1))
                            + "); hari yang lebih lama direkonsiliasi BKPSDM."),
            s("attendance records only for staff and units of your scope, on the days being reconciled",
                    m -> "Catatan kehadiran hanya untuk pegawai dan unit Anda, pada hari yang sedang direkonsiliasi."),
            s("no machine (.+) is registered in your units", m -> "Mesin " + m.group(1) + " tidak terdaftar di unit Anda."),
            s("an address to confirm is required", m -> "Alamat yang dikonfirmasi wajib diisi."),
            s("activation codes are no longer hashed with SHA-256; issue them with presensi device enroll",
                    m -> "Kode aktivasi tidak lagi disimpan dengan SHA-256; terbitkan kode dengan presensi device enroll."),
            s("the audit trail cannot be changed or deleted", m -> "Jejak audit tidak dapat diubah atau dihapus."),
            // operators (V27)
            s("only BKPSDM manages operators", m -> "Hanya BKPSDM yang mengelola operator."),
            s("an operator name is 3-41 lower-case letters, digits, dots or underscores, starting with a letter \\(not pg_\\)",
                    m -> "Nama operator 3-41 huruf kecil, angka, titik atau garis bawah, diawali huruf (bukan pg_)."),
            s("an operator or database role named (.+) already exists", m -> "Operator atau login basis data bernama " + m.group(1) + " sudah ada."),
            s("no unit (.+)", m -> "Unit " + m.group(1) + " tidak ada."),
            s("no employee #(\\S+)", m -> "Pegawai tidak ditemukan."),
            s("a password is given as its SCRAM-SHA-256 verifier, never as text",
                    m -> "Kata sandi dikirim sebagai verifier SCRAM-SHA-256, tidak pernah sebagai teks."),
            s("no operator named (.+)", m -> "Tidak ada operator bernama " + m.group(1) + "."),
            s("BKPSDM manages OPD admins only; (.+) is changed by the schema's owner \\(presensi operator\\)",
                    m -> "BKPSDM hanya mengelola admin OPD; " + m.group(1) + " diubah oleh pemilik basis data (presensi operator)."),
            s("operator (.+) has no login on this server; presensi operator relink (.+) makes one",
                    m -> "Operator " + m.group(1) + " tidak punya login di server ini; presensi operator relink " + m.group(2) + " membuatnya."),
            // the operator store's own checks, made before it calls the database (the same rules, said first)
            s("a database role named (\\S+) already exists on this server and is not an operator of this database; choose another name",
                    m -> "Login basis data bernama " + m.group(1) + " sudah ada dan bukan operator; pilih nama lain."),
            s("operator (\\S+) already exists \\((.+)\\); .*", m -> "Operator " + m.group(1) + " sudah ada (" + m.group(2) + ")."),
            s("operator (\\S+) has no login on this server \\(.*", m -> "Operator " + m.group(1)
                    + " tidak punya login di server ini (misalnya setelah pemulihan cadangan); pemilik basis data membuatnya lagi dengan "
                    + "presensi operator relink " + m.group(1) + "."),
            s("no employee with NIP or NIK (.+)", m -> "Tidak ada pegawai dengan NIP atau NIK " + m.group(1) + "."));

    private DeskRefusals() {
    }

    private static Sentence s(String english, Function<Matcher, String> indonesian) {
        return new Sentence(Pattern.compile(english), indonesian);
    }

    /** The Indonesian of a refusal the database raised, its values kept; empty for a sentence not known here. */
    static Optional<String> indonesian(String message) {
        String english = message.replaceFirst("^ERROR: ", "").strip();
        // PostgreSQL adds where it happened on lines of their own (Where:, Detail:): the sentence is the first line
        int end = english.indexOf('\n');
        String sentence = end < 0 ? english : english.substring(0, end).strip();
        for (Sentence s : SENTENCES) {
            Matcher m = s.english().matcher(sentence);
            if (m.matches()) {
                return Optional.of(s.indonesian().apply(m));
            }
        }
        return Optional.empty();
    }

    /**
     * What to say for a refusal by its SQLSTATE when its sentence is PostgreSQL's own (a broken key or check): the
     * class of the problem, in Indonesian; the English names of tables and constraints would say nothing to a clerk.
     */
    static String byState(String state) {
        return switch (state) {
            case "23505" -> "Ditolak basis data: data yang sama sudah ada.";
            case "23503" -> "Ditolak basis data: data ini masih dipakai, atau merujuk data yang tidak ada.";
            case "23502" -> "Ditolak basis data: ada isian wajib yang kosong.";
            case "23P01" -> "Ditolak basis data: bertumpang tindih dengan data yang sudah ada.";
            default -> state.startsWith("22") ? "Ditolak basis data: ada nilai yang tidak sah." : "Ditolak basis data: data tidak memenuhi aturan.";
        };
    }

    private static String status(String english) {
        return STATUS.getOrDefault(english, english);
    }

    /** "2026-09-07 to 2026-09-14" or "none", as V20 says the window. */
    private static String days(String window) {
        return window.equals("none") ? "tidak ada" : window.replace(" to ", " s.d. ");
    }
}
