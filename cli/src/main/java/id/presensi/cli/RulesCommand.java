package id.presensi.cli;

import id.presensi.recap.DeductionRuleFile;
import id.presensi.recap.DeductionRules;
import id.presensi.recap.DeductionTable;
import id.presensi.recap.Percent;
import id.presensi.sheet.FileKind;
import id.presensi.store.RecapStore;
import id.presensi.text.StaffText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
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
        description = {"Allowance (TPP) deduction rules by Perbup: a rule file (YAML, docs/rules/) with TL/PSW bands by minutes,",
                "missing check-in/out, TK per day, daily and monthly caps, count and make-up rules and PP 94/2021 sanctions;",
                "or a CSV table with a percentage per TL/PSW code and per TK day, capped per month."},
        subcommands = {RulesCommand.Import.class, RulesCommand.Show.class})
class RulesCommand {

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
            "Import deduction rules valid from a date: a rule file FILE.yaml (its name and start date are in it; see",
            "docs/rules/), or a CSV with KODE (TL1..TL4, PSW1..PSW4, TK) and PERSEN with --from and --name; codes left",
            "out cost nothing. Rules with the same start date are replaced; earlier ones still apply to earlier months."})
    static class Import implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "A CSV table's start date.") LocalDate from;
        @Option(names = "--name", description = "A CSV table's name, e.g. \"Perbup Paser 12/2025\"") String name;
        @Option(names = "--cap", defaultValue = "100", description = "A CSV table's monthly cap in percent (default 100).") BigDecimal cap;

        @Override
        public Integer call() throws Exception {
            String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (fileName.endsWith(".yaml") || fileName.endsWith(".yml")) {
                return importRuleFile();
            }
            if (from == null || name == null) {
                throw new IllegalArgumentException("a CSV table needs --from YYYY-MM-DD and --name (a rule file, FILE.yaml, carries both)");
            }
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

        private int importRuleFile() throws IOException {
            if (from != null || name != null) {
                throw new IllegalArgumentException("a rule file carries its own name and start date (nama, berlaku_mulai); leave out --from and --name");
            }
            FileKind kind = FileKind.of(file);
            if (kind.kind() != FileKind.Kind.TEXT) {
                throw new IllegalArgumentException(file + ": not a rule file: " + kind.description());
            }
            byte[] bytes = Files.readAllBytes(file);
            String document = new String(bytes, kind.bomLength(), bytes.length - kind.bomLength(), kind.charset().orElseThrow());
            DeductionRules rules = DeductionRuleFile.parse(document, file.toString());
            db.change(spec, (jdbi, h, audit) -> {
                new RecapStore(jdbi).saveRuleFile(h, audit, rules, document);
                return null;
            });
            spec.commandLine().getOut().printf("Deduction rules \"%s\" valid from %s imported from %s (presensi rules show --date %s)%n",
                    rules.name(), rules.validFrom(), file, rules.validFrom());
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the deduction rules in force on a date (default: today).")
    static class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--date", paramLabel = "YYYY-MM-DD") LocalDate date;

        @Override
        public Integer call() {
            LocalDate on = date == null ? LocalDate.now() : date;
            DeductionRules rules = db.read(database -> new RecapStore(database.jdbi()).deductionRules(on));
            PrintWriter out = spec.commandLine().getOut();
            out.println(StaffText.RULES_VALID_FROM.format(rules.name(), rules.validFrom()));
            rules.source().ifPresent(s -> out.println("  sumber: " + s));
            rates(out, "terlambat (TL)", rules.late(), "TL");
            rates(out, "pulang cepat (PSW)", rules.early(), "PSW");
            out.printf("  tidak presensi masuk:  %s%n", rules.missingIn().map(Percent::text).orElse(StaffText.RULES_AS_LAST_BAND.format("TL4")));
            out.printf("  tidak presensi pulang: %s%n", rules.missingOut().map(Percent::text).orElse(StaffText.RULES_AS_LAST_BAND.format("PSW4")));
            out.printf("  tanpa keterangan (TK): %s%n", StaffText.RULES_PER_DAY.format(Percent.text(rules.absentPerDay())));
            rules.dailyCap().ifPresent(c -> out.printf("  batas harian:          %s%n", StaffText.RULES_DAILY_CAP.format(Percent.text(c))));
            out.printf("  batas bulanan:         %s%n", Percent.text(rules.monthlyCap()));
            if (rules.freeLates() > 0) {
                out.printf("  terlambat bebas:       %s%n", StaffText.RULES_FREE_LATES.format(rules.freeLates()));
            }
            rules.makeUp().ifPresent(m -> out.println("  ganti waktu:           " + StaffText.RULES_MAKE_UP.format()
                    + m.upToMin().map(StaffText.RULES_MAKE_UP_LIMIT::format).orElse("")));
            out.printf("  cuti bersama:          %s%n", rules.cutiBersamaIsAnnualLeave() ? StaffText.RULES_CUTI_BERSAMA_TAKEN.format()
                    : StaffText.RULES_CUTI_BERSAMA_NOT_TAKEN.format());
            rules.sanctions().ifPresent(s -> {
                out.printf("  sanksi PP 94/2021:     %s%n", StaffText.RULES_SANCTIONS.format(Percent.text(s.allowanceCutPercent())));
                if (s.stopAfterTenConsecutive()) {
                    out.println("                         " + StaffText.RULES_STOP_AFTER_TEN.format());
                }
            });
            out.flush();
            return ExitCodes.OK;
        }

        private static void rates(PrintWriter out, String title, DeductionRules.Rates rates, String prefix) {
            out.println("  " + title + ":");
            if (rates instanceof DeductionRules.Rates.ByCode byCode) {
                byCode.rates().entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && (prefix.equals("PSW") || !e.getKey().startsWith("PSW")))
                        .forEach(e -> out.printf("    %-5s %8s%n", e.getKey(), Percent.text(e.getValue())));
            } else if (rates instanceof DeductionRules.Rates.ByMinutes byMinutes) {
                byMinutes.bands().forEach(b -> out.printf("    %-16s %8s%n", b.describe(), Percent.text(b.percent())));
            }
        }
    }
}
