package id.presensi.sheet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a file really is, from its bytes rather than its name: an XLSX workbook (a zip holding
 * [Content_Types].xml), text in some encoding, or something an operator exported by mistake (a PDF, an old
 * .xls, another zip, binary data). Text is decided as Excel and payroll systems write it: a byte order mark
 * decides (UTF-8, UTF-16LE, UTF-16BE); without one, text that is valid UTF-8 is UTF-8, and anything else is
 * Windows-1252, what Excel on Windows saves as "CSV".
 */
public record FileKind(Kind kind, Optional<Charset> charset, int bomLength, String description) {

    public enum Kind { TEXT, XLSX, NOT_A_TABLE }

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Looks at the whole file (a streaming pass; a million rows take a fraction of a second). */
    public static FileKind of(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8192);
        }
        if (startsWith(head, 'P', 'K', 3, 4)) {
            return zip(file);
        }
        if (startsWith(head, '%', 'P', 'D', 'F')) {
            return notATable("a PDF document; export the data from its source system as XLSX or CSV instead");
        }
        if (startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)) {
            return notATable("an old Excel .xls workbook; open it in Excel and save it as .xlsx or .csv");
        }
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            return text(StandardCharsets.UTF_8, 3, "UTF-8");
        }
        if (startsWith(head, 0xFF, 0xFE)) {
            return text(StandardCharsets.UTF_16LE, 2, "UTF-16LE (Excel's Unicode text)");
        }
        if (startsWith(head, 0xFE, 0xFF)) {
            return text(StandardCharsets.UTF_16BE, 2, "UTF-16BE");
        }
        Optional<Charset> utf16 = utf16WithoutBom(head);
        if (utf16.isPresent()) {
            return text(utf16.get(), 0, utf16.get().name());
        }
        Scan scan = scan(file);
        if (scan.nul || scan.controls > 8) {
            return notATable("binary data, not text (no spreadsheet or CSV export looks like this)");
        }
        return scan.validUtf8 ? text(StandardCharsets.UTF_8, 0, "UTF-8") : text(WINDOWS_1252, 0, "Windows-1252");
    }

    /** As {@link #of}, with the operator's {@code --encoding} deciding for text. */
    public static FileKind of(Path file, Optional<Charset> encoding) throws IOException {
        FileKind found = of(file);
        if (encoding.isEmpty() || found.kind != Kind.TEXT) {
            return found;
        }
        Charset chosen = encoding.get();
        boolean sameBom = found.charset.filter(chosen::equals).isPresent();
        return text(chosen, sameBom ? found.bomLength : 0, chosen.name() + " (--encoding)");
    }

    private static FileKind text(Charset charset, int bom, String description) {
        return new FileKind(Kind.TEXT, Optional.of(charset), bom, description);
    }

    private static FileKind notATable(String what) {
        return new FileKind(Kind.NOT_A_TABLE, Optional.empty(), 0, what);
    }

    private static FileKind zip(Path file) throws IOException {
        try (var zip = new java.util.zip.ZipFile(file.toFile())) {
            if (zip.getEntry("[Content_Types].xml") != null && zip.getEntry("xl/workbook.xml") != null) {
                return new FileKind(Kind.XLSX, Optional.empty(), 0, "an XLSX workbook");
            }
            if (zip.getEntry("[Content_Types].xml") != null) {
                return notATable("an Office document that is not a workbook (Word or PowerPoint?); export the table as XLSX or CSV");
            }
        } catch (java.util.zip.ZipException e) {
            return notATable("a damaged zip archive");
        }
        return notATable("a zip archive; unpack it and import the XLSX or CSV file inside");
    }

    /** Text in UTF-16 without a mark: every other byte of the first characters is zero. */
    private static Optional<Charset> utf16WithoutBom(byte[] head) {
        int n = Math.min(head.length, 200) & ~1;
        if (n < 8) {
            return Optional.empty();
        }
        int evenZero = 0;
        int oddZero = 0;
        for (int i = 0; i < n; i += 2) {
            evenZero += head[i] == 0 ? 1 : 0;
            oddZero += head[i + 1] == 0 ? 1 : 0;
        }
        int pairs = n / 2;
        if (oddZero > pairs * 0.9 && evenZero == 0) {
            return Optional.of(StandardCharsets.UTF_16LE);
        }
        if (evenZero > pairs * 0.9 && oddZero == 0) {
            return Optional.of(StandardCharsets.UTF_16BE);
        }
        return Optional.empty();
    }

    private record Scan(boolean validUtf8, boolean nul, int controls) {
    }

    /** One pass over the bytes: whether they are valid UTF-8, and whether any look like binary data. */
    private static Scan scan(Path file) throws IOException {
        boolean valid = true;
        boolean nul = false;
        int controls = 0;
        int pending = 0; // continuation bytes still expected
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    int b = buffer[i] & 0xFF;
                    if (b == 0) {
                        nul = true;
                    } else if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x0C) {
                        controls++;
                    }
                    if (!valid) {
                        continue;
                    }
                    if (pending > 0) {
                        if ((b & 0xC0) == 0x80) {
                            pending--;
                        } else {
                            valid = false;
                        }
                    } else if (b >= 0x80) {
                        if (b >= 0xC2 && b <= 0xDF) {
                            pending = 1;
                        } else if (b >= 0xE0 && b <= 0xEF) {
                            pending = 2;
                        } else if (b >= 0xF0 && b <= 0xF4) {
                            pending = 3;
                        } else {
                            valid = false;
                        }
                    }
                }
                if (nul) {
                    break;
                }
            }
        }
        return new Scan(valid && pending == 0, nul, controls);
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
