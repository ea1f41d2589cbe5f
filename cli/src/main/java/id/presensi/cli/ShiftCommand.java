package id.presensi.cli;

import id.presensi.app.RulesImports;
import id.presensi.app.Shifts;
import id.presensi.db.Database;
import id.presensi.imports.Values;
import id.presensi.rules.ShiftType;
import id.presensi.store.ImportResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "shift", mixinStandardHelpOptions = true,
        description = "Shift types (P pagi, S siang, M malam, ...) for a unit or regency-wide. An end before the start ends the next day.",
        subcommands = {ShiftCommand.Add.class, ShiftCommand.Import.class, ShiftCommand.List.class, ShiftCommand.Remove.class})
class ShiftCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or change a shift type.")
    static class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "CODE", description = "e.g. P, S, M") String code;
        @Option(names = "--unit", paramLabel = "CODE", description = "Unit (default: regency-wide).") String unit;
        @Option(names = "--name", required = true, description = "e.g. \"Malam\"") String name;
        @Option(names = "--start", required = true, description = "e.g. 21:00") String start;
        @Option(names = "--end", required = true, description = "e.g. 07:00 (the next day)") String end;
        @Option(names = "--opens-before", defaultValue = "60", paramLabel = "MIN", description = "Check-in opens this many minutes before the start (default 60).") int opensBefore;
        @Option(names = "--grace", defaultValue = "0", paramLabel = "MIN", description = "Late (TL) after start plus this (default 0).") int grace;
        @Option(names = "--early-grace", defaultValue = "0", paramLabel = "MIN",
                description = "Leaving early (PSW) before end minus this (default 0; --grace is for arriving late only).") int earlyGrace;
        @Option(names = "--checkout-window", defaultValue = "120", paramLabel = "MIN", description = "Check-out accepted until this many minutes after the end (default 120).") int checkoutWindow;

        @Override
        public Integer call() {
            ShiftType shift = new ShiftType(ShiftType.code(code), name.strip(), Optional.ofNullable(unit).map(String::toUpperCase),
                    Values.time(start), Values.time(end), opensBefore, grace, earlyGrace, checkoutWindow);
            var change = db.change(spec, (jdbi, h, audit) -> new Shifts(jdbi).put(h, audit, shift));
            spec.commandLine().getOut().printf("Shift %s (%s-%s%s) of %s: %s%n", shift.code(), shift.start(), shift.end(),
                    shift.crossesMidnight() ? ", ends the next day" : "", shift.unitCode().orElse("the regency"),
                    change.name().toLowerCase());
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = {"Import shift types from CSV/XLSX:",
            "KODE_UNIT (blank: regency-wide), KODE_SHIFT, NAMA_SHIFT, JAM_MULAI, JAM_SELESAI, BUKA_SEBELUM_MENIT (60), "
                    + "TOLERANSI_TERLAMBAT (0), TOLERANSI_PULANG_CEPAT (0), TUTUP_SETELAH_MENIT (120)."})
    static class Import extends FileImportCommand {
        @Override
        String what() {
            return "Shifts";
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            return rules.shifts(options.source());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List shift types (a unit's and the regency-wide ones).")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;
        @Option(names = "--unit", paramLabel = "CODE") String unit;

        private static final Table<ShiftType> TABLE = Table.of(ShiftType.class)
                .column("KODE_UNIT", 10, s -> s.unitCode().orElse("*")).exported("KODE_UNIT", ShiftType::unitCode)
                .column("KODE", 6, ShiftType::code).exported("KODE_SHIFT", ShiftType::code)
                .column("NAMA", 16, ShiftType::name).exported("NAMA_SHIFT", ShiftType::name)
                .column("MULAI", 5, ShiftType::start).exported("JAM_MULAI", ShiftType::start)
                .column("SELESAI", 8, s -> s.end() + (s.crossesMidnight() ? "+1" : "")).exported("JAM_SELESAI", ShiftType::end)
                .number("BUKA-", 6, ShiftType::checkinOpensBeforeMin).exported("BUKA_SEBELUM_MENIT", ShiftType::checkinOpensBeforeMin)
                .number("TOL.TL", 7, ShiftType::lateGraceMin).exported("TOLERANSI_TERLAMBAT", ShiftType::lateGraceMin)
                .number("TOL.PSW", 7, ShiftType::earlyGraceMin).exported("TOLERANSI_PULANG_CEPAT", ShiftType::earlyGraceMin)
                .number("TUTUP+", 7, ShiftType::checkoutWindowMin).exported("TUTUP_SETELAH_MENIT", ShiftType::checkoutWindowMin)
                .footer(rows -> rows.size() + " shift types");

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new Shifts(d.jdbi()).list(Optional.ofNullable(unit).map(String::toUpperCase))), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a shift type (refused while rosters use it).")
    static class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "CODE") String code;
        @Option(names = "--unit", paramLabel = "CODE", description = "Unit (default: regency-wide).") String unit;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            Optional<String> scope = Optional.ofNullable(unit).map(String::toUpperCase);
            return Removal.confirmed(spec, db, confirmation, jdbi -> new Shifts(jdbi).removalImpact(scope, code.toUpperCase()),
                    jdbi -> new Shifts(jdbi).removalBlocker(scope, code.toUpperCase()),
                    (jdbi, h, audit) -> new Shifts(jdbi).remove(h, audit, scope, code.toUpperCase()),
                    "shift " + code.toUpperCase() + " of " + scope.orElse("the regency"));
        }
    }
}
