package id.presensi.app;

import id.presensi.imports.FileLayout;
import id.presensi.imports.ImportKind;
import id.presensi.imports.ImportSource;
import id.presensi.imports.RowFields;
import id.presensi.machine.MachinePunch;
import id.presensi.store.Audit;
import id.presensi.store.ImportResult;
import id.presensi.store.MachinePinStore;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Enrolls from a file with NIP or NIK, PIN and an optional SERIAL, each row through {@link MachinePinStore#enroll}.
 */
public final class MachinePinFile {
    public static final FileLayout LAYOUT = new FileLayout(ImportKind.MACHINE_PIN, List.of("NIP", "NIK", "PIN", "SERIAL"), Set.of("PIN"));

    private final Jdbi jdbi;

    public MachinePinFile(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public ImportResult importFile(ImportSource source, Audit audit) throws IOException {
        MachinePinStore pins = new MachinePinStore(jdbi);
        return new ImportPipeline(jdbi).run(LAYOUT, source, MachinePinFile::parse, (h, enrolment) -> pins.enroll(h, audit, enrolment));
    }

    static MachinePinStore.Enrolment parse(RowFields f) {
        String key = f.text("NIP").isEmpty() ? f.text("NIK") : f.text("NIP");
        String pin = f.required("PIN", MachinePinFile::pin);
        String serial = f.text("SERIAL").strip();
        if (key.isEmpty()) {
            f.required("NIP", s -> s);
        }
        f.check();
        return new MachinePinStore.Enrolment(key, pin, serial);
    }

    private static String pin(String text) {
        String pin = text.strip();
        if (!MachinePunch.isPin(pin)) {
            throw new IllegalArgumentException("'" + pin + "' is not a machine PIN (1 to 24 letters or digits, as the machine shows it)");
        }
        return pin;
    }
}
