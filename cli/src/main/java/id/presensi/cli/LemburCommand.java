package id.presensi.cli;

import id.presensi.app.OvertimeOrders;
import id.presensi.app.OvertimeRecap;
import id.presensi.app.OvertimeTariffs;
import id.presensi.imports.Reject;
import id.presensi.overtime.Golongan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "lembur", mixinStandardHelpOptions = true,
        description = "Overtime (lembur): orders (surat perintah lembur, SPL), the regency's tariffs, the month's hours and amounts.",
        subcommands = {LemburCommand.Order.class, LemburCommand.Import.class, LemburCommand.Tarif.class, LemburCommand.Rekap.class})
class LemburCommand {

    @Command(name = "order", mixinStandardHelpOptions = true,
            description = "Record an SPL: overtime of named staff of a unit on a date, for a number of hours (replaces an earlier order of that date).")
    static class Order implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Option(names = "--unit", required = true, paramLabel = "CODE", description = "The unit ordering (its sub-units' staff may be named).") String unit;
        @Option(names = "--employees", required = true, split = ",", paramLabel = "NIP[:GOL]",
                description = "The staff named, each optionally with their golongan (199001012015031001:III).") List<String> employees;
        @Option(names = "--golongan", paramLabel = "GOL", description = "Golongan (I, II, III, IV) of those named without one.") String golongan;
        @Option(names = "--date", required = true, paramLabel = "DATE") LocalDate date;
        @Option(names = "--hours", required = true, paramLabel = "HOURS", description = "Hours ordered, e.g. 3 or 2.5.") BigDecimal hours;
        @Option(names = "--ref", required = true, paramLabel = "NOMOR", description = "The SPL's number.") String reference;

        @Override
        public Integer call() {
            Optional<Golongan> common = Optional.ofNullable(golongan).map(g -> Golongan.parse(g)
                    .orElseThrow(() -> new IllegalArgumentException("--golongan: I, II, III or IV, not " + g)));
            List<OvertimeOrders.Named> named = employees.stream().map(e -> {
                String[] parts = e.split(":", 2);
                Golongan g = parts.length == 2 ? Golongan.parse(parts[1])
                        .orElseThrow(() -> new IllegalArgumentException("--employees " + e + ": golongan I, II, III or IV after the colon"))
                        : common.orElseThrow(() -> new IllegalArgumentException("--employees " + e + ": no golongan; write NIP:III or give --golongan"));
                return new OvertimeOrders.Named(parts[0], g);
            }).toList();
            var ordered = db.change(spec, (jdbi, h, audit) -> new OvertimeOrders(jdbi).order(h, audit, unit, named, date, hours, reference));
            PrintWriter out = spec.commandLine().getOut();
            ordered.forEach(o -> out.printf("%s %s: lembur %s jam on %s, SPL %s (%s)%n", o.employeeKey(), o.name(), hours.toPlainString(), date,
                    reference.strip(), o.added() ? "ordered" : "replaced the earlier order"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import the SPL list from CSV/XLSX: NIP, KODE_UNIT, TANGGAL, JAM, NOMOR_SPL, GOLONGAN. Good rows are ordered; refused rows are listed.")
    static class Import implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "FILE") Path file;

        @Override
        public Integer call() {
            var imported = db.change(spec, (jdbi, h, audit) -> FileWork.io(() -> new OvertimeOrders(jdbi).importSpl(h, audit, file)));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Lembur orders from %s: ordered %d, rejected %d%n", file, imported.ordered(), imported.rejects().size());
            return rejects(out, file, imported.rejects());
        }
    }

    @Command(name = "tarif", mixinStandardHelpOptions = true, description = "The regency's overtime unit prices per golongan.",
            subcommands = {Tarif.TarifImport.class, Tarif.TarifList.class})
    static class Tarif {
        @Command(name = "import", mixinStandardHelpOptions = true,
                description = "Import tariffs from CSV/XLSX: BERLAKU_MULAI, GOLONGAN, UANG_LEMBUR_PER_JAM, UANG_MAKAN_LEMBUR, SUMBER "
                        + "[, MAKAN_SETELAH_MENIT]; all rows or none. Example: docs/lembur/tarif-lembur-contoh.csv.")
        static class TarifImport implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin ChangeOptions db;
            @Parameters(paramLabel = "FILE") Path file;

            @Override
            public Integer call() {
                var imported = db.change(spec, (jdbi, h, audit) -> FileWork.io(() -> new OvertimeTariffs(jdbi).importFile(h, audit, file)));
                PrintWriter out = spec.commandLine().getOut();
                if (!imported.rejects().isEmpty()) {
                    out.printf("Lembur tariffs from %s: nothing was imported, %d row(s) refused%n", file, imported.rejects().size());
                    return rejects(out, file, imported.rejects());
                }
                imported.saved().forEach(t -> out.printf("  golongan %-3s from %s: Rp%,d per jam, uang makan Rp%,d (from %d min)  [%s]%n",
                        t.golongan(), t.validFrom(), t.hourlyRupiah(), t.mealRupiah(), t.mealAfterMin(), t.source()));
                out.printf("Lembur tariffs from %s: %d imported%n", file, imported.saved().size());
                return ExitCodes.OK;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The tariffs in force on a date (today by default).")
        static class TarifList implements Callable<Integer> {
            @Spec CommandSpec spec;
            @Mixin DatabaseOptions db;
            @Mixin Output output;
            @Option(names = "--date", paramLabel = "DATE") LocalDate date;

            private static final Table<id.presensi.overtime.OvertimeTariff> TABLE = Table.of(id.presensi.overtime.OvertimeTariff.class)
                    .column("GOLONGAN", 8, id.presensi.overtime.OvertimeTariff::golongan)
                    .column("BERLAKU_MULAI", 13, id.presensi.overtime.OvertimeTariff::validFrom)
                    .column("UANG_LEMBUR_PER_JAM", 19, id.presensi.overtime.OvertimeTariff::hourlyRupiah)
                    .column("UANG_MAKAN_LEMBUR", 17, id.presensi.overtime.OvertimeTariff::mealRupiah)
                    .column("SUMBER", 0, id.presensi.overtime.OvertimeTariff::source);

            @Override
            public Integer call() {
                LocalDate on = date != null ? date : LocalDate.now();
                output.print(spec.commandLine().getOut(), db.read(d -> List.copyOf(new id.presensi.store.OvertimeStore(d.jdbi()).tariffs(on).values())), TABLE);
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "rekap", mixinStandardHelpOptions = true,
            description = "A month's JAM LEMBUR and amount per employee, counted from the punches after the day's end within the orders and the rule file's caps.")
    static class Rekap implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--month", required = true, paramLabel = "YYYY-MM") YearMonth month;
        @Option(names = "--unit", paramLabel = "CODE") String unit;

        private static final Table<OvertimeRecap.Line> TABLE = Table.of(OvertimeRecap.Line.class)
                .column("NIP/NIK", 18, OvertimeRecap.Line::key).exported("NIP_NIK", OvertimeRecap.Line::key)
                .column("NAMA", 24, OvertimeRecap.Line::name).column("KODE_UNIT", 10, OvertimeRecap.Line::unitCode)
                .column("GOL", 4, OvertimeRecap.Line::golongan).column("HARI_SPL", 8, OvertimeRecap.Line::orderedDays)
                .column("WAKTU", 6, OvertimeRecap.Line::hours).column("JAM_LEMBUR", 10, OvertimeRecap.Line::paidHours)
                .column("JUMLAH_RP", 0, l -> l.tariff().isPresent() ? String.format("%,d", l.amountRupiah()) : "tarif belum ada")
                .footer(rows -> Count.of(rows.size(), "employee with overtime", "employees with overtime"));

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new OvertimeRecap(d.jdbi()).month(month, Optional.ofNullable(unit))), TABLE);
            return ExitCodes.OK;
        }
    }

    /** Lists refused rows as "file row N, FIELD: reason" and gives the exit code. */
    static int rejects(PrintWriter out, Path file, List<Reject> rejects) {
        rejects.forEach(r -> out.printf("  %s row %d, %s: %s%n", file.getFileName(), r.rowNumber(), r.field(), r.reason()));
        out.flush();
        return rejects.isEmpty() ? ExitCodes.OK : ExitCodes.REJECTED;
    }
}
