package id.presensi.cli;

import id.presensi.cli.demo.BenchCommand;
import id.presensi.cli.demo.DemoCommand;
import id.presensi.imports.Values;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The operators' toolkit of the Presensi attendance system. */
@Command(name = "presensi", mixinStandardHelpOptions = true, version = "presensi 0.1.0",
        description = "Presensi: online attendance (e-presensi) for a regency's civil servants (PNS, PPPK, PTT).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed; nothing was changed", "2:usage error", "3:done, some rows rejected"})
public class Presensi {

    /** The commands, in the order help lists them; added to the command line as {@link #commandLine(String...)} says. */
    private static final List<Class<?>> COMMANDS = List.of(UnitCommand.class, StaffCommand.class, LocationCommand.class,
            PolicyCommand.class, CalendarCommand.class, ShiftCommand.class, RosterCommand.class, LeaveCommand.class, ApelCommand.class, CutiCommand.class, LemburCommand.class, DeviceCommand.class,
            ServeCommand.class, CheckInCommand.class, ReconcileCommand.class, AttendanceCommand.class, PunchCommand.class,
            MachineCommand.class, RequestCommand.class, MonthCommand.class, ReportCommand.class, SignalCommand.class, RulesCommand.class,
            OperatorCommand.class, AuditCommand.class, BenchCommand.class, ConfigCommand.class, DbCommand.class, DemoCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine(args).execute(args));
    }

    /** The whole command line, every command in it. */
    public static CommandLine commandLine() {
        return build(COMMANDS, false);
    }

    /**
     * The command line that runs {@code args}, with Presensi's error handling, as main runs it and as tests run it
     * in-process. Building a command's model reads all its annotations, and the whole tree costs more than most
     * commands' work: when the first argument names a command, only that command's tree is built. Without one (help,
     * version, a misspelt name) the commands are listed from their annotations alone, name and description, which
     * is all the list and picocli's suggestions read. {@code help} gets the whole tree ({@code completion} builds it
     * itself, once per JVM).
     */
    public static CommandLine commandLine(String... args) {
        String first = args.length == 0 ? "" : args[0];
        List<Class<?>> named = COMMANDS.stream().filter(c -> names(c).contains(first)).toList();
        if (named.isEmpty()) {
            return build(COMMANDS, true);
        }
        boolean wholeTree = named.contains(CommandLine.HelpCommand.class);
        return build(wholeTree ? COMMANDS : named, false);
    }

    private static List<String> names(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(annotation.aliases()));
        names.add(annotation.name());
        return names;
    }

    /** What commands load before their work, for the launcher's class-data archive: every model, help, completion. */
    static void loadEveryCommand() {
        CommandLine all = commandLine();
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        all.usage(nowhere);
        all.getSubcommands().values().forEach(c -> c.usage(nowhere));
        AutoComplete.bash("presensi", all);
    }

    private static CommandLine build(List<Class<?>> commands, boolean namesOnly) {
        CommandLine cli = new CommandLine(new Presensi());
        for (Class<?> command : commands) { // before the settings below, which apply to the commands present
            if (namesOnly) {
                Command annotation = command.getAnnotation(Command.class);
                CommandLine.Model.CommandSpec listed = CommandLine.Model.CommandSpec.create().name(annotation.name());
                listed.usageMessage().header(annotation.header()).description(annotation.description()).hidden(annotation.hidden());
                cli.addSubcommand(annotation.name(), new CommandLine(listed), annotation.aliases());
            } else {
                cli.addSubcommand(command);
            }
        }
        cli.setExecutionExceptionHandler(new ErrorHandler())
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
