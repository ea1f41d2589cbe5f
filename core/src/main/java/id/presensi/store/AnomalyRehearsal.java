package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.anomaly.AnomalyThresholds;
import id.presensi.anomaly.MonthPunches;
import id.presensi.anomaly.MonthSignals;
import id.presensi.anomaly.TextOrder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The signal step's own code run on a made-up month in memory, for the launcher's training run (the AOT cache of
 * JDK 25 keeps the method profiles it records, so a month's reconcile compiles these methods early instead of
 * interpreting and profiling them over its first hundred thousand punches): the month's rows as the database sends
 * them ({@link AnomalyStore}'s binary COPY), read into columns, and every detector run over them. No database.
 */
public final class AnomalyRehearsal {
    private static final int STAFF = 480;
    private static final int OFFICES = 20;
    private static final int DAYS = 60;
    private static final LocalDate SINCE = LocalDate.of(2026, 8, 2);
    private static final ZoneId ZONE = ZoneId.of("Asia/Makassar");
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final byte[] HEADER = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

    private AnomalyRehearsal() {
    }

    /**
     * Reads and searches the made-up month {@code times} times; returns what one run finds of each kind (the moves the
     * database would judge count as MACHINE_APP when they mix a machine and the app, else as IMPOSSIBLE_TRAVEL).
     */
    public static Map<AnomalyKind, Integer> run(int times) {
        byte[] rows = month();
        Map<AnomalyKind, Integer> found = new EnumMap<>(AnomalyKind.class);
        for (int i = 0; i < times; i++) {
            found.clear();
            MonthPunches month = read(rows);
            MonthSignals.find(month, 30, DAYS - 1, AnomalyThresholds.DEFAULTS, TextOrder.CODE_POINTS,
                    signal -> found.merge(signal.kind(), 1, Integer::sum),
                    moves -> moves.forEach(move -> found.merge(move.source().equals(move.previousSource())
                            ? AnomalyKind.IMPOSSIBLE_TRAVEL : AnomalyKind.MACHINE_APP, 1, Integer::sum)));
        }
        return found;
    }

    private static MonthPunches read(byte[] rows) {
        List<MonthPunches.Staff> staff = new ArrayList<>();
        for (int s = 0; s < STAFF; s++) {
            staff.add(new MonthPunches.Staff(id(s), String.valueOf(199_001_012_015_000_000L + s), ZONE));
        }
        List<MonthPunches.Centre> centres = new ArrayList<>();
        for (int o = 0; o < OFFICES; o++) {
            centres.add(new MonthPunches.Centre("Kantor " + o, latitude(o), 116_200_000));
        }
        MonthPunches month = new MonthPunches(SINCE, staff, centres);
        Map<String, AnomalyStore.MachinePlace> machines = Map.of("M1", new AnomalyStore.MachinePlace("M1", "Mesin Dinas", -900_000, 116_200_000));
        InternedTexts texts = InternedTexts.utf8();
        InternedTexts keys = InternedTexts.bytes();
        try (BinaryCopyRows copy = new BinaryCopyRows(new ByteArrayInputStream(rows))) {
            while (copy.next()) {
                AnomalyStore.addPunch(month, copy, texts, keys, machines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // named as Java prints them, not the database: there is none here, and nothing found is kept
        float[] accuracies = PrintedValues.reals(month.accuracyKeys());
        List<String> printed = new ArrayList<>(accuracies.length);
        for (float accuracy : accuracies) {
            printed.add(Float.toString(accuracy));
        }
        month.name(accuracies, printed, month.addressKeys().stream().map(PrintedValues::inet).toList());
        return month;
    }

    /**
     * Two check-ins a working day of each person, near their office or (a quarter of them) on its centre with one
     * accuracy; pairs a few seconds apart from one address, a fingerprint punch far from the phone, a jump too fast.
     */
    private static byte[] month() {
        var bytes = new ByteArrayOutputStream(4 << 20);
        var out = new DataOutputStream(bytes);
        try {
            out.write(HEADER);
            out.writeInt(0);
            out.writeInt(0);
            for (int day = 0; day < DAYS; day++) {
                if (day % 7 >= 5) {
                    continue;
                }
                long midnight = SINCE.plusDays(day).atStartOfDay(ZONE).toEpochSecond();
                for (int s = 0; s < STAFF; s++) {
                    int office = s % OFFICES;
                    boolean centred = s % 4 == 0;
                    boolean pairedWithOneBefore = s % 40 == 21; // the same office as s - 20, 3 s after them
                    int owner = pairedWithOneBefore ? s - 20 : s;
                    for (int leg = 0; leg < 2; leg++) {
                        long at = midnight + (leg == 0 ? 7 : 16) * 3600L + spread(owner, day, leg) + (pairedWithOneBefore ? 3 : 0);
                        int lat = latitude(office) + (centred ? 0 : spread(s, day, 10 + leg) % 800 - 400);
                        int lon = 116_200_000 + (centred ? 0 : spread(s, day, 20 + leg) % 800 - 400);
                        Float accuracy = centred ? 15 : 4 + spread(s, day, 30 + leg) % 26 + spread(s, day, 40) % 10 / 10f;
                        byte[] address = s % 50 == 11 ? null : new byte[] {10, 1, (byte) office, 1};
                        row(out, id(s), day, at, leg == 0, lat, lon, accuracy, address, null);
                        if (leg == 0 && s % 50 == 9 && day % 5 == 1) { // 55 km in ten minutes
                            row(out, id(s), day, at + 600, false, lat + 500_000, lon, accuracy, address, null);
                        }
                    }
                    if (s % 50 == 7 && day % 3 == 0) { // a fingerprint at the machine 110 km away, within the hour
                        row(out, id(s), day, midnight + 7 * 3600L + 1800, true, 0, 0, null, null, "M1");
                    }
                }
            }
            out.writeShort(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** One row of {@link AnomalyStore}'s month query in COPY's binary form (a machine's punch has no position of its own). */
    private static void row(DataOutputStream out, long employee, int day, long epochSecond, boolean arriving, int lat, int lon,
                            Float accuracy, byte[] address, String machine) throws IOException {
        out.writeShort(10);
        out.writeInt(8);
        out.writeLong(employee);
        out.writeInt(4);
        out.writeInt(day);
        out.writeInt(8);
        out.writeLong((epochSecond - POSTGRES_EPOCH_SECONDS) * 1_000_000L);
        out.writeInt(1);
        out.writeBoolean(arriving);
        if (machine == null) {
            numeric(out, lat);
            numeric(out, lon);
        } else {
            out.writeInt(-1);
            out.writeInt(-1);
        }
        if (accuracy == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(4);
            out.writeFloat(accuracy);
        }
        if (address == null) {
            out.writeInt(-1);
        } else { // an IPv4 host: family, bits, not a cidr, its four bytes
            out.writeInt(8);
            out.write(new byte[] {2, 32, 0, 4});
            out.write(address);
        }
        out.writeInt(1);
        out.writeBoolean(machine != null);
        text(out, machine);
    }

    /** Millionths of a degree as a numeric(9, 6): base-10,000 digits, the first of weight 0 (the units). */
    private static void numeric(DataOutputStream out, int millionths) throws IOException {
        long value = Math.abs((long) millionths) * 100; // eight decimals: two whole base-10,000 digits after the point
        out.writeInt(2 * 4 + 3 * 2);
        out.writeShort(3);
        out.writeShort(0);
        out.writeShort(millionths < 0 ? 0x4000 : 0);
        out.writeShort(6);
        out.writeShort((int) (value / 100_000_000));
        out.writeShort((int) (value / 10_000 % 10_000));
        out.writeShort((int) (value % 10_000));
    }

    private static void text(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static long id(int s) {
        return 1_000 + s;
    }

    private static int latitude(int office) {
        return -1_900_000 + office * 10_000;
    }

    /** A fixed pseudo-random spread of up to an hour in seconds, the same for the same arguments. */
    private static int spread(int s, int day, int salt) {
        int h = s * 0x9E3779B1 ^ day * 0x85EBCA6B ^ salt * 0xC2B2AE35;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 13;
        return Math.floorMod(h, 3600);
    }
}
