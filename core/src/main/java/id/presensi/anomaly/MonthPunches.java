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
    /**
     * Where each id is among the staff, by id from the smallest, when ids are dense enough (at most four slots a person,
     * as a sequence's ids are): a row's lookup is one load, not a binary search of a dozen steps (a tenth of the
     * month's read in a profile). Else null, and the search.
     */
    private final int[] staffById;
    private final Staff[] staff;
    private final LocalOffset[] offsets;
    private final Map<Long, List<Integer>> centres = new HashMap<>();
    private final Texts places = new Texts();
    /**
     * Accuracies and addresses, numbered by the reader's keys for them (one key a value) and named once the month is read
     * ({@link #name}): the database prints a few hundred distinct values, not every row's.
     */
    private final Texts accuracies = new Texts();
    private final Texts addresses = new Texts();
    private float[] accuracyValues;
    private List<String> accuracyTexts;
    private List<String> addressTexts;

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
        long span = staffIds.length == 0 ? -1 : staffIds[staffIds.length - 1] - staffIds[0]; // negative: none, or past a long
        this.staffById = span >= 0 && span < 4L * staffIds.length + 1024 ? denseIndex(staffIds) : null;
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
     * accuracy and address by keys of the reader's (null when missing): the same key for the same value, another for
     * another, named once the month is read ({@link #name}).
     */
    public void addCheckIn(long employeeId, int workDay, long atMicros, boolean arriving, int lat, int lon, String accuracyKey,
                           String addressKey) {
        int s = staffIndex(employeeId);
        if (s < 0) {
            return;
        }
        add(s, workDay, atMicros, (arriving ? 1 : 0), lat, lon, accuracyKey == null ? ABSENT : accuracies.id(accuracyKey),
                addressKey == null ? ABSENT : addresses.id(addressKey));
    }

    /** An accepted fingerprint punch, placed at the first location of its machine's unit, named by the machine. */
    public void addMachinePunch(long employeeId, int workDay, long atMicros, String machineName, int lat, int lon) {
        int s = staffIndex(employeeId);
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

    private static int[] denseIndex(long[] sortedIds) {
        int[] index = new int[(int) (sortedIds[sortedIds.length - 1] - sortedIds[0] + 1)];
        Arrays.fill(index, -1);
        for (int s = 0; s < sortedIds.length; s++) {
            index[(int) (sortedIds[s] - sortedIds[0])] = s;
        }
        return index;
    }

    /** The employee's place among the staff, or negative for one not in scope. */
    private int staffIndex(long employeeId) {
        if (staffById == null) {
            return Arrays.binarySearch(staffIds, employeeId);
        }
        long slot = employeeId - staffIds[0];
        return slot >= 0 && slot < staffById.length ? staffById[(int) slot] : -1;
    }

    /** The accuracies' keys, in the order {@link #name} takes their values and texts. */
    public List<String> accuracyKeys() {
        return List.copyOf(accuracies.texts);
    }

    /** The addresses' keys, in the order {@link #name} takes their texts. */
    public List<String> addressKeys() {
        return List.copyOf(addresses.texts);
    }

    /**
     * Gives each accuracy its value and its text as PostgreSQL prints the real, and each address its text as it prints
     * the inet, in the order of their keys; before the detectors run.
     */
    public void name(float[] accuracyValues, List<String> accuracyTexts, List<String> addressTexts) {
        if (accuracyValues.length != accuracies.size() || accuracyTexts.size() != accuracies.size() || addressTexts.size() != addresses.size()) {
            throw new IllegalArgumentException("a value or text for each key: " + accuracies.size() + " accuracies and "
                                               + addresses.size() + " addresses");
        }
        this.accuracyValues = accuracyValues.clone();
        this.accuracyTexts = List.copyOf(accuracyTexts);
        this.addressTexts = List.copyOf(addressTexts);
    }

    public int size() {
        return staffOf.size();
    }

    /** Ends the reading: each column becomes one array (idempotent; the detectors call it before they read). */
    void complete() {
        if (accuracyTexts == null) {
            throw new IllegalStateException("the month's accuracies and addresses are not named yet");
        }
        for (IntColumn column : new IntColumn[] {staffOf, day, atHigh, atLow, latitude, longitude, accuracy, address, local, kind}) {
            column.complete();
        }
    }

    /*
     * The columns as the sorts take their keys ({@link RowOrder}): an int per row number, read only.
     */

    int[] staffColumn() {
        return staffOf.values;
    }

    int[] dayColumn() {
        return day.values;
    }

    int[] atHighColumn() {
        return atHigh.values;
    }

    int[] atLowColumn() {
        return atLow.values;
    }

    int[] latitudeColumn() {
        return latitude.values;
    }

    int[] longitudeColumn() {
        return longitude.values;
    }

    /** The address's text number, or -1 where none was given. */
    int[] addressColumn() {
        return address.values;
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
        return staffOf.values[row];
    }

    int day(int row) {
        return day.values[row];
    }

    long at(int row) {
        return (long) atHigh.values[row] << 32 | (atLow.values[row] ^ Integer.MIN_VALUE) & 0xFFFFFFFFL;
    }

    boolean arriving(int row) {
        return (kind.values[row] & 1) != 0;
    }

    boolean fromMachine(int row) {
        return (kind.values[row] & 2) != 0;
    }

    /** The machine's name for a fingerprint punch, "aplikasi" for a check-in. */
    String place(int row) {
        return places.text(kind.values[row] >>> 2);
    }

    int latitude(int row) {
        return latitude.values[row];
    }

    int longitude(int row) {
        return longitude.values[row];
    }

    /** The accuracy's text number, or {@link #NONE}. */
    int accuracy(int row) {
        int a = accuracy.values[row];
        return a == ABSENT ? NONE : a;
    }

    float accuracyValue(int accuracyId) {
        return accuracyValues[accuracyId];
    }

    String accuracyText(int accuracyId) {
        return accuracyTexts.get(accuracyId);
    }

    /** The address's text number, or {@link #NONE}. */
    int address(int row) {
        int a = address.values[row];
        return a == ABSENT ? NONE : a;
    }

    /** The address as {@code host()} prints it: without a mask. */
    String host(int addressId) {
        String text = addressTexts.get(addressId);
        int slash = text.indexOf('/');
        return slash < 0 ? text : text.substring(0, slash);
    }

    /** Seconds since local midnight in the employee's zone, as {@code to_char(at AT TIME ZONE zone, 'HH24.MI.SS')} shows them. */
    int local(int row) {
        return local.values[row];
    }

    /** The names of the work locations centred exactly on the row's position, one per location (none: empty). */
    List<Integer> centresAt(int row) {
        int lon = longitude.values[row];
        if (lon == NONE) {
            return List.of();
        }
        return centres.getOrDefault(position(latitude.values[row], lon), List.of());
    }

    String placeName(int placeId) {
        return places.text(placeId);
    }

    static long position(int lat, int lon) {
        return (long) lat << 32 | lon & 0xFFFFFFFFL;
    }

    /** Texts (or the reader's keys) numbered in order of first appearance. */
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

    /**
     * A column of ints: grown in blocks while the month is read, so that growing never copies the month, then made one
     * array ({@link #complete}), which the detectors read by row number and the sorts as a key: read through its blocks,
     * a row cost two dependent loads and the sorts a call each.
     */
    private static final class IntColumn {
        private static final int SHIFT = 15;
        private static final int BLOCK = 1 << SHIFT;
        private int[][] blocks = new int[16][];
        private int[] values;
        private int size;

        void add(int value) {
            if (blocks == null) {
                throw new IllegalStateException("the month was read: no more punches");
            }
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

        /** Copies the blocks into one array, letting each go as it is copied (the month is never held twice). */
        void complete() {
            if (blocks == null) {
                return;
            }
            values = new int[size];
            for (int b = 0, at = 0; at < size; b++, at += BLOCK) {
                System.arraycopy(blocks[b], 0, values, at, Math.min(BLOCK, size - at));
                blocks[b] = null;
            }
            blocks = null;
        }

        int size() {
            return size;
        }
    }
}
