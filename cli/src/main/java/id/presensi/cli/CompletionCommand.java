package id.presensi.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true, description = {
        "Print a shell completion script for bash (zsh: run 'autoload -U +X bashcompinit && bashcompinit' first).",
        "Install it with: presensi completion > /etc/bash_completion.d/presensi, or: source <(presensi completion)"})
class CompletionCommand implements Callable<Integer> {
    /** The script, made once per JVM: the resident process (Resident) answers later requests without making it again. */
    private static volatile String script;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (script == null) {
            script = AutoComplete.bash(spec.root().name(), Presensi.commandLine());
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
