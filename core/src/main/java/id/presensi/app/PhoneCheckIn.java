package id.presensi.app;

import id.presensi.checkin.CheckInDecision;
import id.presensi.checkin.CheckInRequest;
import id.presensi.checkin.CheckInRule;
import id.presensi.rules.ResolvedDays;
import id.presensi.store.CheckInStore;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A phone's check-in as it is stored: the rule's decision on the request, with who sent it, when the server received
 * it and from where. Pure: the HTTP handler parses, calls this, and hands the row to its group commit.
 */
public final class PhoneCheckIn {
    private PhoneCheckIn() {
    }

    /** The attempt of an employee's device, decided by their rules at the server's time {@code receivedAt}. */
    public static CheckInStore.Row decide(ResolvedDays rules, CheckInRequest request, long employeeId, long deviceId, Instant receivedAt,
                                          Duration offlineTolerance, Optional<String> clientAddress) {
        CheckInDecision decision = CheckInRule.decide(rules, request, receivedAt, offlineTolerance);
        return new CheckInStore.Row(request.requestId(), employeeId, deviceId, Optional.of(request.type()), decision.at(), receivedAt,
                request.clientTime(), decision.workDate(), request.position().latitude(), request.position().longitude(),
                request.accuracyM(), decision.distanceM(), decision.locationName(), decision.accepted(), decision.message(),
                decision.reason(), decision.offlineSynced(), decision.workFromHome(), decision.workFromAnywhere(), clientAddress);
    }
}
