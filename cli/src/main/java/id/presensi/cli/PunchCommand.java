package id.presensi.cli;

import id.presensi.db.Database;
import id.presensi.store.ImportResult;
import id.presensi.store.PunchImport;
import id.presensi.store.RulesImports;
import picocli.CommandLine.Command;

import java.io.IOException;

@Command(name = "punch", mixinStandardHelpOptions = true, description = "Punches from fingerprint machines kept beside the app.",
        subcommands = PunchCommand.Import.class)
class PunchCommand {

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
            "Import a fingerprint-machine export (CSV/XLSX): NIP or NIK, WAKTU (local time, e.g. 2026-09-14 07:12:33),",
            "JENIS (IN/OUT, MASUK/PULANG, or blank), MESIN. Importing the same export again stores nothing twice."})
    static class Import extends FileImportCommand {
        @Override
        String what() {
            return "Punches";
        }

        @Override
        ImportResult importFile(Database database, RulesImports rules) throws IOException {
            return new PunchImport(database.jdbi()).importFile(options.source());
        }
    }
}
