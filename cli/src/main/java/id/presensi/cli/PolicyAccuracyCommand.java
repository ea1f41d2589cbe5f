package id.presensi.cli;

import id.presensi.app.RegencySettings;
import id.presensi.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "accuracy", mixinStandardHelpOptions = true,
        description = "Show, or set, the worst GPS accuracy (in metres) still accepted at check-in (default 100).")
class PolicyAccuracyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChangeOptions db;
    @Parameters(arity = "0..1", paramLabel = "METRES") Integer metres;

    @Override
    public Integer call() {
        try (Database database = db.open()) {
            RegencySettings settings = new RegencySettings(database.jdbi());
            if (metres != null) {
                database.jdbi().useTransaction(h -> settings.setMaxAccuracy(h, db.audit(spec), metres));
            }
            spec.commandLine().getOut().printf("GPS accuracy must be %d m or better.%n", settings.maxAccuracyM());
            return ExitCodes.OK;
        }
    }
}
