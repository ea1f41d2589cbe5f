package id.presensi.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.imports.Reject;
import id.presensi.imports.RejectsFile;
import id.presensi.store.ImportResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints an import's outcome the same way for every kind of import and picks the exit code. */
final class ImportReport {
    private static final int REJECTS_ON_SCREEN = 20;

    private ImportReport() {
    }

    static int print(ImportResult result, ImportOptions options, PrintWriter out, String what) throws IOException {
        var s = result.summary();
        if (options.rejectsFile != null) {
            RejectsFile.write(options.rejectsFile, result.header(), result.rejects(), options.delimiter.value());
        }
        if (options.json) {
            Map<String, Long> summary = new LinkedHashMap<>();
            summary.put("read", s.read());
            summary.put("inserted", s.inserted());
            summary.put("updated", s.updated());
            summary.put("unchanged", s.unchanged());
            summary.put("rejected", s.rejected());
            Map<String, Object> json = new LinkedHashMap<>(summary);
            // the reasons too: a script reading the summary must not have to parse the rejects file to say why
            json.put("rejects", result.rejects().stream().map(r -> Map.of("row", r.rowNumber(), "field", r.field(), "reason", r.reason())).toList());
            result.readAs().ifPresent(r -> json.put("readAs", r));
            out.println(new ObjectMapper().writeValueAsString(json));
        } else {
            out.printf("%s%s from %s%n", what, options.dryRun ? " (dry run: nothing was changed)" : "", options.file);
            out.printf("  read %,d  inserted %,d  updated %,d  unchanged %,d  rejected %,d%n",
                    s.read(), s.inserted(), s.updated(), s.unchanged(), s.rejected());
            result.readAs().ifPresent(r -> out.printf("  dibaca sebagai %s (read as %s; if names look wrong, give --encoding)%n", r, r));
            if (!result.wouldChange().isEmpty()) {
                out.println("  would change (first " + result.wouldChange().size() + "):");
                result.wouldChange().forEach(c -> out.println("    " + c));
            }
            result.rejects().stream().limit(REJECTS_ON_SCREEN).forEach(r -> out.println("  " + describe(options, r)));
            if (result.rejects().size() > REJECTS_ON_SCREEN) {
                out.printf("  ... and %,d more%s%n", result.rejects().size() - REJECTS_ON_SCREEN,
                        options.rejectsFile == null ? " (write them all with --rejects FILE)" : "");
            }
            if (options.rejectsFile != null && s.rejected() > 0) {
                out.println("  rejected rows written to " + options.rejectsFile + ": fix them there and import that file");
            }
        }
        out.flush();
        return s.rejected() > 0 ? ExitCodes.REJECTED : ExitCodes.OK;
    }

    private static String describe(ImportOptions options, Reject r) {
        return options.file.getFileName() + " row " + r.rowNumber() + ", " + r.field() + ": " + r.reason();
    }
}
