package id.presensi.cli;

import picocli.CommandLine.Command;

@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Attendance policy: office-hour schedules (jadwal kerja), work-from-home radius, GPS accuracy, "
                + "and 'why can't I check in?' (explain).",
        subcommands = {PolicyScheduleCommand.class, PolicyWfhCommand.class, PolicyWfaCommand.class, PolicyAnomalyCommand.class, PolicySelfieCommand.class, PolicyReminderCommand.class,
                PolicyAccuracyCommand.class,
                ExplainCommand.class})
class PolicyCommand {
}
