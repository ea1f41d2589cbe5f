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
        return confirmed(spec, db, confirmation, impact, jdbi -> Optional.empty(), remove, what);
    }

    /**
     * As above, for what may be impossible to remove: after the preview, a {@code blocker}'s reason refuses in words
     * (exit 1, even with --yes) rather than asking and then failing on the database's reference.
     */
    static int confirmed(CommandSpec spec, ChangeOptions db, Confirmation confirmation, Function<Jdbi, Optional<String>> impact,
                         Function<Jdbi, Optional<String>> blocker, ChangeOptions.Change<Boolean> remove, String what) {
        record Preview(Optional<String> impact, Optional<String> blocked) {
        }
        Preview preview = db.read(d -> new Preview(impact.apply(d.jdbi()), blocker.apply(d.jdbi())));
        if (preview.blocked().isPresent()) {
            preview.impact().ifPresent(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println(spec.qualifiedName() + ": error: not removed: " + preview.blocked().get());
            return ExitCodes.FAILED;
        }
        if (!confirmation.approve(spec, preview.impact())) {
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
