package id.presensi.cli;

import id.presensi.store.AnomalyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "anomaly", mixinStandardHelpOptions = true, resourceBundle = "id.presensi.cli.AnomalyHelp")
class PolicyAnomalyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChangeOptions db;
    @Parameters(arity = "0..*", paramLabel = "NAME=VALUE") java.util.Map<String, Integer> changes = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() {
        var thresholds = changes.isEmpty() ? db.read(d -> d.jdbi().withHandle(AnomalyStore::thresholds))
                : db.change(spec, (jdbi, h, audit) -> AnomalyStore.setThresholds(h, audit, changes));
        thresholds.byName().forEach((name, value) -> spec.commandLine().getOut().printf("%-28s %d%n", name, value));
        return ExitCodes.OK;
    }
}
