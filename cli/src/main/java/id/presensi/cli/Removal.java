package id.presensi.cli;

import picocli.CommandLine.Model.CommandSpec;

/** How every remove command answers: done, or nothing to remove (exit 1, so scripts notice a typo). */
final class Removal {
    private Removal() {
    }

    static int report(CommandSpec spec, boolean removed, String what) {
        if (removed) {
            spec.commandLine().getOut().println("Removed " + what + ".");
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println(spec.qualifiedName() + ": error: there is no " + what);
        return ExitCodes.FAILED;
    }
}
