package id.presensi.attendance;

import id.presensi.checkin.PunchType;

import java.time.LocalDateTime;
import java.util.Optional;

/**
 * An accepted check-in counted for a work date, in the unit's local time. A fingerprint machine may not say
 * whether it was in or out ({@code type} empty): then its place in the windows decides. {@code workFromAnywhere}:
 * accepted away from every work location on a WFA day.
 */
public record Punch(LocalDateTime at, Optional<PunchType> type, boolean offlineSynced, boolean workFromHome, boolean workFromAnywhere,
                    Source source) {

    /** Where a punch came from: the phone, a fingerprint machine, or an approved correction request (KOREKSI). */
    public enum Source { APP, FINGERPRINT, KOREKSI }

}
