package id.presensi.cli;

import id.presensi.cli.demo.BenchCommand;
import id.presensi.cli.demo.DemoCommand;
import id.presensi.imports.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

import java.time.LocalDate;

/** The operators' toolkit of the Presensi attendance system. */
@Command(name = "presensi", mixinStandardHelpOptions = true, version = "presensi 0.1.0",
        description = "Presensi: online attendance (e-presensi) for a regency's civil servants (PNS, PPPK, PTT).",
        subcommands = {UnitCommand.class, StaffCommand.class, LocationCommand.class, PolicyCommand.class, CalendarCommand.class,
                ShiftCommand.class, RosterCommand.class, LeaveCommand.class, DeviceCommand.class, ServeCommand.class, CheckInCommand.class, ReconcileCommand.class, AttendanceCommand.class,
                PunchCommand.class, MachineCommand.class, RequestCommand.class, MonthCommand.class, ReportCommand.class, SignalCommand.class, RulesCommand.class, OperatorCommand.class, AuditCommand.class, BenchCommand.class,
                ConfigCommand.class, DbCommand.class, DemoCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed; nothing was changed", "2:usage error", "3:done, some rows rejected"})
public class Presensi {

    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine().execute(args));
    }

    /** The command line with Presensi's error handling, as main runs it and as tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Presensi())
                .setExecutionExceptionHandler(new ErrorHandler())
                .registerConverter(LocalDate.class, Presensi::date)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true);
        wholeSentences(cli);
        return cli;
    }

    /**
     * A list of commands shows each one's first sentence, whole: picocli's own shows the first line of the
     * description, which stops mid-sentence where a description is written over several lines.
     */
    private static void wholeSentences(CommandLine cli) {
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Presensi::commandList);
        cli.getSubcommands().values().forEach(Presensi::wholeSentences);
    }

    private static String commandList(CommandLine.Help help) {
        if (help.subcommands().isEmpty()) {
            return "";
        }
        int names = help.subcommands().values().stream().mapToInt(h -> h.commandNamesText(", ").plainString().length()).max().orElse(0) + 4;
        int width = help.commandSpec().usageMessage().width();
        CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(help.colorScheme(),
                new CommandLine.Help.Column(names, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(Math.max(20, width - names), 1, CommandLine.Help.Column.Overflow.WRAP));
        help.subcommands().values().forEach(sub -> table.addRowValues(sub.commandNamesText(", "),
                help.colorScheme().text(firstSentence(sub.commandSpec().usageMessage()))));
        return table.toString();
    }

    private static String firstSentence(CommandLine.Model.UsageMessageSpec usage) {
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        String text = String.join(" ", lines).strip();
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    /** Dates on the command line are read as in files: 2026-08-17 or 17/08/2026. */
    private static LocalDate date(String text) {
        try {
            return Values.date(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
