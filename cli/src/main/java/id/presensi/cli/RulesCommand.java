package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.recap.DeductionTable;
import id.presensi.store.RecapStore;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Allowance (TPP) deduction rates by Perbup: a percentage per TL/PSW band and per TK day, capped per month.",
        subcommands = {RulesCommand.Import.class, RulesCommand.Show.class})
class RulesCommand {

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
            "Import a deduction table valid from a date: a CSV with KODE (TL1..TL4, PSW1..PSW4, TK) and PERSEN.",
            "Codes left out cost nothing. A table with the same start date is replaced; earlier tables still apply to earlier months."})
    static class Import implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD") LocalDate from;
        @Option(names = "--name", required = true, description = "e.g. \"Perbup Paser 12/2025\"") String name;
        @Option(names = "--cap", defaultValue = "100", description = "Monthly cap in percent (default 100).") BigDecimal cap;

        @Override
        public Integer call() throws Exception {
            Map<String, BigDecimal> rates = new LinkedHashMap<>();
            try (Reader in = Files.newBufferedReader(file)) {
                int row = 1;
                for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreHeaderCase(true).setTrim(true)
                        .get().parse(in)) {
                    row++;
                    String code = r.get("KODE").toUpperCase(Locale.ROOT);
                    if (!DeductionTable.CODES.contains(code)) {
                        throw new IllegalArgumentException(file + " row " + row + ", KODE: must be one of " + DeductionTable.CODES + ", got '" + code + "'");
                    }
                    BigDecimal percent;
                    try {
                        percent = new BigDecimal(r.get("PERSEN").replace(',', '.'));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + " row " + row + ", PERSEN: '" + r.get("PERSEN") + "' is not a number");
                    }
                    if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                        throw new IllegalArgumentException(file + " row " + row + ", PERSEN: must be 0 to 100, got " + percent);
                    }
                    if (rates.put(code, percent) != null) {
                        throw new IllegalArgumentException(file + " row " + row + ", KODE: " + code + " appears twice");
                    }
                }
            } catch (IllegalStateException | IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                    throw e;
                }
                throw new IllegalArgumentException(file + ": needs the columns KODE and PERSEN (" + e.getMessage() + ")");
            }
            if (cap.signum() <= 0 || cap.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException("--cap must be more than 0 and at most 100");
            }
            DeductionTable table = new DeductionTable(name.strip(), from, rates, cap);
            db.change(spec, (jdbi, h, audit) -> {
                new RecapStore(jdbi).saveTable(h, audit, table);
                return null;
            });
            spec.commandLine().getOut().printf("Deduction table \"%s\" valid from %s: %d rates, cap %s%%%n", table.name(), table.validFrom(),
                    rates.size(), cap.stripTrailingZeros().toPlainString());
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the deduction table in force on a date (default: today).")
    static class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--date", paramLabel = "YYYY-MM-DD") LocalDate date;

        @Override
        public Integer call() {
            try (Database database = db.open()) {
                LocalDate on = date == null ? LocalDate.now() : date;
                DeductionTable table = new RecapStore(database.jdbi()).deductionTable(on);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("\"%s\", valid from %s, cap %s%% a month%n", table.name(), table.validFrom(), table.monthlyCap().stripTrailingZeros().toPlainString());
                table.rates().forEach((code, percent) -> out.printf("  %-5s %6s%%%s%n", code, percent.stripTrailingZeros().toPlainString(),
                        code.equals("TK") ? " per day" : ""));
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}
