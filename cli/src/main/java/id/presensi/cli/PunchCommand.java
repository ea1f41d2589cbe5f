package id.presensi.cli;

import id.presensi.app.AttLogFile;
import id.presensi.app.PunchFile;
import id.presensi.app.RulesImports;
import id.presensi.db.Database;
import id.presensi.machine.AttLog;
import id.presensi.store.ImportResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Optional;

@Command(name = "punch", mixinStandardHelpOptions = true, description = "Punches from fingerprint machines kept beside the app.",
        subcommands = PunchCommand.Import.class)
class PunchCommand {

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
            "Import punches from fingerprint machines, in either form:",
            "  the machine's USB download (Menu > USB Manager > Download > Attendance Data: <SERIAL>_attlog.dat or 1_attlog.dat),",
            "    read with --machine SERIAL or the serial in the file's name; PINs must be enrolled ('presensi machine pin import');",
            "  a CSV/XLSX export: NIP or NIK, WAKTU (local time, e.g. 2026-09-14 07:12:33), JENIS (IN/OUT, MASUK/PULANG, or blank),",
            "    MESIN.",
            "The work rules decide in and out and the work date. Importing the same punches again stores nothing twice."})
    static class Import extends FileImportCommand {
        @Option(names = "--machine", paramLabel = "SERIAL",
                description = "The serial number of the machine a USB download (attlog.dat) comes from.")
        String machine;

        @Override
        String what() {
            return "Punches";
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            String name = options.file.getFileName().toString();
            Optional<String> serial = Optional.ofNullable(machine).map(MachineCommand::serial).or(() -> AttLog.serialFromFileName(name));
            if (serial.isPresent()) {
                return new AttLogFile(database.jdbi()).importFile(options.file, serial.get(), options.dryRun);
            }
            if (AttLog.isDownloadName(name)) {
                throw new IllegalArgumentException(name + " is a machine's USB download named by its device number, not its serial; "
                        + "say which machine it is with --machine SERIAL ('presensi machine list' shows them)");
            }
            return new PunchFile(database.jdbi()).importFile(options.source());
        }
    }
}
