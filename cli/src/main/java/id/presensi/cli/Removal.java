package id.presensi.cli;

import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Optional;
import java.util.function.Function;

/** How every remove command answers: done, or nothing to remove (exit 1, so scripts notice a typo). */
final class Removal {
    private Removal() {
    }

    /**
     * The whole of a remove command: say what would be affected and ask (or take --yes), then remove in one
     * audited transaction and report. Nothing is asked, and nothing changes, when there is nothing to remove.
     */
    static int confirmed(CommandSpec spec, ChangeOptions db, Confirmation confirmation, Function<Jdbi, Optional<String>> impact,
                         ChangeOptions.Change<Boolean> remove, String what) {
        if (!confirmation.approve(spec, db.read(d -> impact.apply(d.jdbi())))) {
            return confirmation.declined();
        }
        return report(spec, db.change(spec, remove), what);
    }

    private static int report(CommandSpec spec, boolean removed, String what) {
        if (removed) {
            spec.commandLine().getOut().println("Removed " + what + ".");
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println(spec.qualifiedName() + ": error: there is no " + what);
        return ExitCodes.FAILED;
    }
}
