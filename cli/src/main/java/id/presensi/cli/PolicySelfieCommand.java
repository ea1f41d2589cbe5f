package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.store.Audit;
import id.presensi.store.SelfieStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "selfie", mixinStandardHelpOptions = true, description = {
        "Show or set which units ask for a selfie (swafoto) at check-in, and how long the photos are kept.",
        "  policy selfie --unit RSUD on     the RSUD and its sub-units (those without a setting of their own)",
        "  policy selfie --unit RSUD-IGD off  not asked there; 'inherit' removes a unit's own setting",
        "  policy selfie --retention-days 90  the nightly reconcile deletes older photos (default 90), audited",
        "Where a selfie is asked for, a check-in without one is refused (SELFIE_REQUIRED). No face recognition."})
class PolicySelfieCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChangeOptions db;
    @Option(names = "--unit", paramLabel = "CODE") String unit;
    @Parameters(arity = "0..1", paramLabel = "on|off|inherit") String setting;
    @Option(names = "--retention-days", paramLabel = "DAYS") Integer retentionDays;

    @Override
    public Integer call() {
        if ((unit == null) != (setting == null)) {
            throw new ParameterException(spec.commandLine(), "--unit and on|off|inherit go together, e.g. policy selfie --unit RSUD on");
        }
        Optional<Boolean> required = setting == null ? Optional.empty() : switch (setting.toLowerCase(Locale.ROOT)) {
            case "on" -> Optional.of(true);
            case "off" -> Optional.of(false);
            case "inherit" -> Optional.empty();
            default -> throw new ParameterException(spec.commandLine(), "the setting is on, off or inherit, got '" + setting + "'");
        };
        try (Database database = db.open()) {
            SelfieStore store = new SelfieStore(database.jdbi());
            if (unit != null || retentionDays != null) {
                Audit audit = db.audit(spec);
                database.jdbi().useTransaction(h -> {
                    if (unit != null) {
                        store.setPolicy(h, audit, unit, required);
                    }
                    if (retentionDays != null) {
                        store.setRetentionDays(h, audit, retentionDays);
                    }
                });
            }
            PrintWriter out = spec.commandLine().getOut();
            var policies = store.policies();
            out.println(policies.isEmpty() ? "No unit asks for a selfie at check-in."
                    : "Units with a setting of their own (a sub-unit follows the nearest setting above it):");
            policies.forEach((code, on) -> out.printf("  %-12s %s%n", code, on ? "swafoto wajib" : "tanpa swafoto"));
            out.printf("Photos are kept %d days, then deleted by the nightly reconcile.%n", store.retentionDays());
        }
        return ExitCodes.OK;
    }
}
