package id.presensi.cli;

import id.presensi.app.RegencySettings;
import id.presensi.imports.Change;
import id.presensi.store.PolicyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "The regency's own settings, used by every report: its name (kabupaten/kota) and the city above signatures.",
        subcommands = {ConfigCommand.Set.class, ConfigCommand.Show.class})
class ConfigCommand {

    @Command(name = "set", mixinStandardHelpOptions = true, description = {"Set a regency setting:",
            "  regency  the name in report titles, e.g. \"Kabupaten Paser\"",
            "  city     the place above signatures, e.g. \"Tana Paser\" (default: the name without Kabupaten/Kota)"})
    static class Set implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(index = "0", paramLabel = "regency|city") String key;
        @Parameters(index = "1", paramLabel = "VALUE") String value;

        @Override
        public Integer call() {
            Change change = db.change(spec, (jdbi, h, audit) -> new RegencySettings(jdbi).setRegency(h, audit, key, value));
            spec.commandLine().getOut().println(change == Change.UNCHANGED ? key + " is already " + value.strip() : key + " set to " + value.strip());
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the regency settings.")
    static class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;

        @Override
        public Integer call() {
            PolicyStore.Regency regency = db.read(d -> new RegencySettings(d.jdbi()).regency());
            PrintWriter out = spec.commandLine().getOut();
            out.println("regency  " + regency.name().orElse("(not set: presensi config set regency \"Kabupaten ...\")"));
            out.println("city     " + regency.signatureCity().orElse("(not set: " + regency.city() + " is used)"));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
