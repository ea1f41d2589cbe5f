package id.presensi.anomaly;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The punches the month's signals read (the days and the context before them: accepted app check-ins with a position,
 * and fingerprint punches placed at their machine's unit), held as compact columns of ints, about 40 bytes a punch
 * (16,000 staff over a month and its 30 days of context, 1.4 million punches, take about 60 MB). SAME_HAND and
 * REPEATED_POSITION relate staff to each other across the whole range, so the month is read once into memory and
 * every kind works from it; the detectors order row numbers ({@link RowOrder}), never the rows.
 */
public final class MonthPunches {
    /** A longitude (or an accuracy, or an address) that was not given. */
    public static final int NONE = Integer.MIN_VALUE;
    private static final int ABSENT = -1;
    private static final long MICROS = 1_000_000L;

    /** One of the staff in scope: the key messages name them by (NIP, else NIK) and the zone of their local times. */
    public record Staff(long id, String key, ZoneId zone) {
    }

    /** A work location's centre, as typed in: ON_CENTRE is a check-in exactly there. */
    public record Centre(String name, int latitude, int longitude) {
    }

    private final LocalDate since;
    private final long[] staffIds;
    private final Staff[] staff;
    private final LocalOffset[] offsets;
    private final Map<Long, List<Integer>> centres = new HashMap<>();
    private final Texts places = new Texts();
    private final Texts accuracies = new Texts();
    private final Texts addresses = new Texts();
    private float[] accuracyValues = new float[16];

    private final IntColumn staffOf = new IntColumn();
    private final IntColumn day = new IntColumn();
    private final IntColumn atHigh = new IntColumn();
    private final IntColumn atLow = new IntColumn();
    private final IntColumn latitude = new IntColumn();
    private final IntColumn longitude = new IntColumn();
    private final IntColumn accuracy = new IntColumn();
    private final IntColumn address = new IntColumn();
    private final IntColumn local = new IntColumn();
    /** Bit 0: an arrival (IN); bit 1: a fingerprint punch; the rest: the place's text number (a machine's name). */
    private final IntColumn kind = new IntColumn();

    /** An empty month from {@code since} (day 0) for these staff and work locations. */
    public MonthPunches(LocalDate since, List<Staff> staffInScope, List<Centre> locations) {
        this.since = since;
        this.staff = staffInScope.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toArray(Staff[]::new);
        this.staffIds = Arrays.stream(staff).mapToLong(Staff::id).toArray();
        this.offsets = new LocalOffset[staff.length];
        Map<ZoneId, LocalOffset> byZone = new HashMap<>();
        for (int i = 0; i < staff.length; i++) {
            offsets[i] = byZone.computeIfAbsent(staff[i].zone(), z -> new LocalOffset(z, since));
        }
        places.id("aplikasi"); // text 0: the place of every app check-in in a travel message
        for (Centre c : locations) {
            centres.computeIfAbsent(position(c.latitude(), c.longitude()), k -> new ArrayList<>()).add(places.id(c.name()));
        }
    }

    /**
     * An accepted app check-in: its employee (one of the staff, else ignored), day (from {@code since}), instant in
     * microseconds, direction, position in millionths of a degree (longitude {@link #NONE} when missing), and the
     * accuracy and address as PostgreSQL prints them (null when missing).
     */
    public void addCheckIn(long employeeId, int workDay, long atMicros, boolean arriving, int lat, int lon, String accuracyText,
                           String addressText) {
        int s = Arrays.binarySearch(staffIds, employeeId);
        if (s < 0) {
            return;
        }
        add(s, workDay, atMicros, (arriving ? 1 : 0), lat, lon, accuracyText == null ? ABSENT : accuracyId(accuracyText),
                addressText == null ? ABSENT : addresses.id(addressText));
    }

    /** An accepted fingerprint punch, placed at the first location of its machine's unit, named by the machine. */
    public void addMachinePunch(long employeeId, int workDay, long atMicros, String machineName, int lat, int lon) {
        int s = Arrays.binarySearch(staffIds, employeeId);
        if (s < 0) {
            return;
        }
        add(s, workDay, atMicros, 2 | places.id(machineName) << 2, lat, lon, ABSENT, ABSENT);
    }

    private void add(int s, int workDay, long atMicros, int flags, int lat, int lon, int accuracyId, int addressId) {
        staffOf.add(s);
        day.add(workDay);
        atHigh.add(RowOrder.high(atMicros));
        atLow.add(RowOrder.low(atMicros));
        latitude.add(lat);
        longitude.add(lon);
        accuracy.add(accuracyId);
        address.add(addressId);
        local.add(offsets[s].secondOfDay(atMicros));
        kind.add(flags);
    }

    /** The accuracy's text number; its value is parsed once, when the text is new. */
    private int accuracyId(String text) {
        int known = accuracies.size();
        int id = accuracies.id(text);
        if (id == known) {
            if (id == accuracyValues.length) {
                accuracyValues = Arrays.copyOf(accuracyValues, id * 2);
            }
            accuracyValues[id] = Float.parseFloat(text);
        }
        return id;
    }

    public int size() {
        return staffOf.size();
    }

    LocalDate date(int workDay) {
        return since.plusDays(workDay);
    }

    int staffCount() {
        return staff.length;
    }

    Staff staff(int s) {
        return staff[s];
    }

    int staffOf(int row) {
        return staffOf.get(row);
    }

    int day(int row) {
        return day.get(row);
    }

    int atHigh(int row) {
        return atHigh.get(row);
    }

    int atLow(int row) {
        return atLow.get(row);
    }

    long at(int row) {
        return (long) atHigh.get(row) << 32 | (atLow.get(row) ^ Integer.MIN_VALUE) & 0xFFFFFFFFL;
    }

    boolean arriving(int row) {
        return (kind.get(row) & 1) != 0;
    }

    boolean fromMachine(int row) {
        return (kind.get(row) & 2) != 0;
    }

    /** The machine's name for a fingerprint punch, "aplikasi" for a check-in. */
    String place(int row) {
        return places.text(kind.get(row) >>> 2);
    }

    int latitude(int row) {
        return latitude.get(row);
    }

    int longitude(int row) {
        return longitude.get(row);
    }

    /** The accuracy's text number, or {@link #NONE}. */
    int accuracy(int row) {
        int a = accuracy.get(row);
        return a == ABSENT ? NONE : a;
    }

    float accuracyValue(int accuracyId) {
        return accuracyValues[accuracyId];
    }

    String accuracyText(int accuracyId) {
        return accuracies.text(accuracyId);
    }

    /** The address's text number, or {@link #NONE}. */
    int address(int row) {
        int a = address.get(row);
        return a == ABSENT ? NONE : a;
    }

    /** The address as {@code host()} prints it: without a mask. */
    String host(int addressId) {
        String text = addresses.text(addressId);
        int slash = text.indexOf('/');
        return slash < 0 ? text : text.substring(0, slash);
    }

    /** Seconds since local midnight in the employee's zone, as {@code to_char(at AT TIME ZONE zone, 'HH24.MI.SS')} shows them. */
    int local(int row) {
        return local.get(row);
    }

    /** The names of the work locations centred exactly on the row's position, one per location (none: empty). */
    List<Integer> centresAt(int row) {
        int lon = longitude.get(row);
        if (lon == NONE) {
            return List.of();
        }
        return centres.getOrDefault(position(latitude.get(row), lon), List.of());
    }

    String placeName(int placeId) {
        return places.text(placeId);
    }

    static long position(int lat, int lon) {
        return (long) lat << 32 | lon & 0xFFFFFFFFL;
    }

    /** Texts numbered in order of first appearance. */
    private static final class Texts {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> texts = new ArrayList<>();

        int id(String text) {
            Integer id = ids.get(text);
            if (id == null) {
                id = texts.size();
                ids.put(text, id);
                texts.add(text);
            }
            return id;
        }

        String text(int id) {
            return texts.get(id);
        }

        int size() {
            return texts.size();
        }
    }

    /** A zone's offset, looked up once when it cannot change within the month (the zones of Indonesia have not since 1964). */
    private static final class LocalOffset {
        private final ZoneRules rules;
        /** The epoch second after which the offset is fixed (none: never), compared as a number, not as an Instant. */
        private final long fixedAfter;
        private final long fixedSeconds;

        LocalOffset(ZoneId zone, LocalDate since) {
            rules = zone.getRules();
            Instant start = since.minusDays(2).atStartOfDay(zone).toInstant();
            fixedAfter = rules.nextTransition(start) == null ? start.getEpochSecond() : Long.MAX_VALUE;
            fixedSeconds = rules.getOffset(start).getTotalSeconds();
        }

        int secondOfDay(long atMicros) {
            long second = Math.floorDiv(atMicros, MICROS);
            long offset = second > fixedAfter ? fixedSeconds : rules.getOffset(Instant.ofEpochSecond(second)).getTotalSeconds();
            return (int) Math.floorMod(second + offset, 86_400L);
        }
    }

    /** A growing column of ints in blocks, so that growing never copies the month. */
    private static final class IntColumn {
        private static final int SHIFT = 15;
        private static final int BLOCK = 1 << SHIFT;
        private int[][] blocks = new int[16][];
        private int size;

        void add(int value) {
            int b = size >>> SHIFT;
            if (b == blocks.length) {
                blocks = Arrays.copyOf(blocks, b * 2);
            }
            if (blocks[b] == null) {
                blocks[b] = new int[BLOCK];
            }
            blocks[b][size & (BLOCK - 1)] = value;
            size++;
        }

        int get(int i) {
            return blocks[i >>> SHIFT][i & (BLOCK - 1)];
        }

        int size() {
            return size;
        }
    }
}
