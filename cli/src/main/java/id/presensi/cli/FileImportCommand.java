package id.presensi.cli;

import id.presensi.app.RulesImports;
import id.presensi.db.Database;
import id.presensi.store.ImportResult;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;

/** What every "import FILE" command does around its own importer: connect, import, report, pick the exit code. */
abstract class FileImportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChangeOptions db;
    @Mixin ImportOptions options;

    /** What is imported, for the summary line, e.g. "Locations". */
    abstract String what();

    abstract ImportResult importFile(Database database, RulesImports rules) throws IOException;

    /** What a command says after its import (on stderr, so --json stays parseable); nothing by default. */
    void afterImport(Database database) {
    }

    @Override
    public Integer call() throws Exception {
        try (Database database = db.open()) {
            ImportResult result = importFile(database, new RulesImports(database.jdbi(), db.audit(spec)));
            int exit = ImportReport.print(result, options, spec.commandLine().getOut(), what());
            if (!options.dryRun) {
                afterImport(database);
            }
            return exit;
        }
    }
}
