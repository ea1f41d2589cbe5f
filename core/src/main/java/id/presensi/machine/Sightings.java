package id.presensi.machine;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serial numbers that called without being registered, remembered so an operator can add a real new machine,
 * bounded against anyone who sends serials by the thousand: only short plain serials are considered, the least
 * recently seen is forgotten first, and one source address holds only a few places (an office has a machine or
 * two; a flood from one address cannot push a real machine out). Answers whether a sighting is worth writing.
 */
public final class Sightings {
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final int capacity;
    private final int perAddress;
    private final Duration writeEvery;
    private final Map<String, String> addressOf = new HashMap<>();
    private final Map<String, Integer> perAddressCount = new HashMap<>();
    private final LinkedHashMap<String, Instant> written;

    public Sightings(int capacity, int perAddress, Duration writeEvery) {
        this.capacity = capacity;
        this.perAddress = perAddress;
        this.writeEvery = writeEvery;
        this.written = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                if (size() <= Sightings.this.capacity) {
                    return false;
                }
                forget(eldest.getKey());
                return true;
            }
        };
    }

    /** A serial machines could have: letters, digits, dash and underscore, at most 32 (ZKTeco's are 13 to 16). */
    public static boolean isPlausibleSerial(String serial) {
        return SERIAL.matcher(serial).matches();
    }

    /** Whether this call should be written down now (new, or last written long enough ago). */
    public synchronized boolean seen(String serial, String address, Instant now) {
        if (!isPlausibleSerial(serial)) {
            return false;
        }
        Instant last = written.get(serial);
        if (last == null) {
            if (perAddressCount.getOrDefault(address, 0) >= perAddress) {
                return false;
            }
            addressOf.put(serial, address);
            perAddressCount.merge(address, 1, Integer::sum);
            written.put(serial, now);
            return true;
        }
        if (last.plus(writeEvery).isBefore(now)) {
            written.put(serial, now);
            return true;
        }
        return false;
    }

    public synchronized int size() {
        return written.size();
    }

    private void forget(String serial) {
        String address = addressOf.remove(serial);
        if (address != null) {
            perAddressCount.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }
}
