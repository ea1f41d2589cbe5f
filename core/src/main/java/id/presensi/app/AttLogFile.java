package id.presensi.app;

import id.presensi.imports.ImportKind;
import id.presensi.imports.Reject;
import id.presensi.machine.AttLog;
import id.presensi.store.AttLogImport;
import id.presensi.store.ImportResult;
import org.jdbi.v3.core.Jdbi;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A fingerprint machine's USB download ({@code attlog.dat}): every line parsed first (a malformed line is rejected
 * alone with its line number), then the punches filed by {@link AttLogImport} through {@link ImportPipeline#runWhole}.
 */
public final class AttLogFile {

    private final Jdbi jdbi;

    public AttLogFile(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public ImportResult importFile(Path file, String serial, boolean dryRun) throws IOException {
        List<AttLogImport.Line> lines = new ArrayList<>();
        List<Reject> unreadable = new ArrayList<>();
        int read = read(file, lines, unreadable);
        if (read == 0) {
            throw new IllegalArgumentException(file + ": no punches in the file; nothing was imported");
        }
        return new ImportPipeline(jdbi).runWhole(ImportKind.PUNCH, file, dryRun, AttLogImport.HEADER, Optional.empty(), h -> {
            AttLogImport.Filed filed = AttLogImport.file(h, serial, lines);
            List<Reject> rejects = new ArrayList<>(unreadable);
            rejects.addAll(filed.rejects());
            rejects.sort(Comparator.comparingInt(Reject::rowNumber));
            return new ImportPipeline.Stored(read, filed.inserted(), 0, filed.matched() - filed.inserted(), rejects);
        });
    }

    /** Parses every line; returns how many non-blank lines there were. A file that is not text is refused whole. */
    private static int read(Path file, List<AttLogImport.Line> lines, List<Reject> rejects) throws IOException {
        int read = 0;
        // ISO-8859-1 maps every byte to a character: the lines are ASCII, and anything else is reported, not a decoding error
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            int number = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                number++;
                if (text.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException(file + ": line " + number + " holds binary data; this is not a machine's attlog download");
                }
                if (text.isBlank()) {
                    continue;
                }
                read++;
                AttLog.Line parsed = AttLog.parse(text, AttLog.Layout.USB);
                if (parsed instanceof AttLog.Read r) {
                    lines.add(new AttLogImport.Line(number, text, r.punch()));
                } else if (parsed instanceof AttLog.Refused r) {
                    rejects.add(new Reject(number, r.field(), r.reason(), AttLogImport.fields(text)));
                }
            }
        }
        return read;
    }
}
